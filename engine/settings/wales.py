"""The Western Bay (Wales) councils' settings in ``processes/tenants.toml`` (seed 004).

Declared here, region by region, so a general settings check can register them: each entry of
``WALES_SETTINGS`` names a key of ``[tenant.thresholds]``, what it holds and its default, and
``check_wales_settings`` returns every problem with a Welsh council's thresholds, each saying
where and how to put it right (an empty list when all is well).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.scoring.common import _thresholds
from engine.scoring.wales import EscalatingConcernsThresholds, escalating_concerns_progress

__all__ = ["WALES_SETTINGS", "check_wales_settings"]

#: key -> (what it is, its default). Tables are checked by the scoring code that reads them.
WALES_SETTINGS: dict[str, tuple[str, Any]] = {
    "escalating_concerns": (
        "Risk Rating Matrix thresholds (Appendix 2): amber_from_score, red_from_score, red_from_impact, "
        "red_rows_for_red, amber_rows_for_red, count_rows_without_further_action",
        {},
    ),
    "ec_higher_risk_months": ("Appendix 1: the period, in months, of 'twice or more in the last 24 months'", 24),
    "ec_higher_risk_previous_cases": ("Appendix 1: how many Escalating Concerns (red) cases make a higher risk "
                                      "provider", 2),
    "ec_progress": ("Progress against the CAP / DAP and prevention plan (4.9): little_progress_share, "
                    "sustained_reviews", {}),
    "hosg_reminder_working_days": ("Appendix 7: reminders before each action-by date, in working days", 2),
}

_WHOLE_NUMBERS = {"ec_higher_risk_months": (1, 120), "ec_higher_risk_previous_cases": (1, 20),
                  "hosg_reminder_working_days": (0, 20)}


def _check_table(key: str, value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f"{key} must be a table of settings ([tenant.thresholds.{key}]), got {type(value).__name__}"
    try:
        if key == "escalating_concerns":
            _thresholds(EscalatingConcernsThresholds, value, key)
        else:
            unknown = sorted(set(value) - {"little_progress_share", "sustained_reviews"})
            if unknown:
                return f"{key}: unknown setting(s) {', '.join(unknown)}; the settings are little_progress_share, sustained_reviews"
            escalating_concerns_progress([], "2000-01-01", (), value)
    except ValueError as exc:
        return f"{key}: {exc}"
    return None


def check_wales_settings(thresholds: Mapping[str, Any]) -> list[str]:
    """Every problem with a Welsh council's ``[tenant.thresholds]`` (keys not declared here are
    left to the other regions' and the shared procedures' checks)."""
    problems = []
    for key, value in thresholds.items():
        if key in ("escalating_concerns", "ec_progress"):
            problem = _check_table(key, value)
            if problem:
                problems.append(problem)
        elif key in _WHOLE_NUMBERS:
            low, high = _WHOLE_NUMBERS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(f"{key} must be a whole number from {low} to {high}, got {value!r}; "
                                f"{WALES_SETTINGS[key][0]}")
    return problems
