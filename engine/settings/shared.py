"""Settings of the shared steps every council calls (processes/shared)."""

from __future__ import annotations

from .registry import Fraction, Setting, declare

__all__: list[str] = []

declare(
    Setting(
        key="action_plan_little_progress_share",
        folder="shared",
        label="Share of the actions due by a review and not completed with evidence at which the review suggests little progress",
        kind=Fraction(),
        default=0.5,
        source="Action plan review (shared): the seeds ask whether progress is good or little without a measure; "
               "the share only suggests, the reviewer decides.",
    ),
)
