"""The Western Bay (Wales) councils' settings (processes/wales, seed 004).

The risk grid's thresholds and the progress measure are tables the region's scoring reads and
checks (``engine/scoring/wales.py``): their check is that code's own, so the rule lives once.
"""

from __future__ import annotations

from typing import Any

from engine.scoring.common import _thresholds
from engine.scoring.wales import EscalatingConcernsThresholds, escalating_concerns_progress

from .registry import Checked, Setting, WholeNumber, declare

__all__: list[str] = []

_PROGRESS_PARTS = ("little_progress_share", "sustained_reviews")


def _check_grid(value: Any) -> Any:
    return _thresholds(EscalatingConcernsThresholds, value, "escalating_concerns")


def _check_progress(value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table of settings ([tenant.thresholds.ec_progress]), got {type(value).__name__}")
    unknown = sorted(set(value) - set(_PROGRESS_PARTS))
    if unknown:
        raise ValueError(f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(_PROGRESS_PARTS)}")
    return escalating_concerns_progress([], "2000-01-01", (), value)


declare(
    Setting(
        key="escalating_concerns",
        folder="wales",
        label="Risk Rating Matrix thresholds (Appendix 2): amber_from_score, red_from_score, red_from_impact, "
              "red_rows_for_red, amber_rows_for_red, count_rows_without_further_action",
        kind=Checked("a table of the Risk Rating Matrix thresholds", _check_grid),
        default={},
        source="Appendix 2's grid was lost in conversion: the defaults are the project's reading of it, shown to the "
               "meeting as the basis of the suggestion.",
    ),
    Setting(
        key="ec_higher_risk_months",
        folder="wales",
        label="Appendix 1: the period of 'twice or more in the last 24 months'",
        kind=WholeNumber(minimum=1, maximum=120, unit="months"),
        default=24,
        source="Appendix 1.",
    ),
    Setting(
        key="ec_higher_risk_previous_cases",
        folder="wales",
        label="Appendix 1: how many Escalating Concerns (red) cases make a higher risk provider",
        kind=WholeNumber(minimum=1, maximum=20, unit="cases"),
        default=2,
        source="Appendix 1: 'twice or more'.",
    ),
    Setting(
        key="ec_progress",
        folder="wales",
        label="Progress against the CAP / DAP and prevention plan (4.9): little_progress_share, sustained_reviews",
        kind=Checked("a table with little_progress_share, sustained_reviews", _check_progress),
        default={},
        source="4.9: progress must be 'sufficient and sustained'; the seed sets no measure.",
    ),
    Setting(
        key="hosg_reminder_working_days",
        folder="wales",
        label="Appendix 7: reminders before each action-by date",
        kind=WholeNumber(minimum=0, maximum=20, unit="working days"),
        default=2,
        source="Appendix 7 gives action-by dates; reminders are the council's arrangement.",
    ),
)
