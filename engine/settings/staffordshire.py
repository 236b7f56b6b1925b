"""Staffordshire and Stoke-on-Trent (processes/staffordshire): the values Section 9 leaves to judgement."""

from __future__ import annotations

from .registry import Setting, WholeNumber, declare

__all__: list[str] = []

declare(
    Setting(
        key="significant_period_weeks",
        folder="staffordshire",
        label="A 'significant period' at Level 3 or 4 without improvement, after which Level 5 is considered",
        kind=WholeNumber(minimum=1, maximum=156, unit="weeks"),
        default=26,
        source="Section 9, Level 5 guidance: 'improvements for a significant period of time are not being noted'; "
               "the seed sets no length.",
    ),
    Setting(
        key="lse_min_factors",
        folder="staffordshire",
        label="How many of the 9.5 factors, considered together, suggest a Large Scale Enquiry",
        kind=WholeNumber(minimum=1, maximum=5, unit="factors"),
        default=2,
        source="9.5: 'a number of factors that when considered together may identify that an LSE' is appropriate; "
               "the seed sets no number. A suggestion only: the planning meeting decides.",
    ),
    Setting(
        key="urgent_closure_contact_working_days",
        folder="staffordshire",
        label="Working days to contact the Social Care team and other commissioners once imminent failure is identified",
        kind=WholeNumber(minimum=1, maximum=10, unit="working days"),
        default=1,
        source="9.16: they 'must be contacted and urgent closure plans instigated'; the seed sets no timescale.",
    ),
)
