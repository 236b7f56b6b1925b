"""Berkshire Provider Concerns procedure (seed 003): the suggestions its steps make to the chair.

The seed scores nothing; it leaves timescales and judgements to local arrangements ("The steps
outlined in this procedure will be determined locally", 5.8). What the procedure suggests, for a
person to accept or vary with a reason, is worked out here:

* the current level of risk: the latest entry of the risk management plan, else the level the
  concerns started at (step 1 "Map out risk and risk management plan", kept up to date at steps
  2-4);
* the weeks until the next review, by level of risk (step 4: "Timescales for further
  safeguarding meetings are dependent upon progress of the Service Improvement Plan and the
  level of risk"; the weeks themselves are the council's setting ``update_meeting_weeks``);
* the next step after a review of the Service Improvement Plan (steps 4 and 5);
* whether improvements are attained and sustained after quality assurance (step 5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .common import RISK_LEVELS, _describe

__all__ = [
    "BERKSHIRE_NEXT_STEPS",
    "berkshire_risk_level",
    "berkshire_review_interval_weeks",
    "berkshire_suggest_next_step",
    "berkshire_suggest_sustained",
]

#: The next steps a Service Improvement Plan review may lead to (the chair decides).
BERKSHIRE_NEXT_STEPS: dict[str, str] = {
    "quality_assurance": "Move to quality assurance (step 5)",
    "update_meeting": "Hold an update meeting (step 4)",
    "continue_monitoring": "Continue monitoring through meetings with the provider (step 4)",
}

#: The shared action plan review's outcomes, and "not_reviewed" when the review no longer applied
#: (berkshire_update_meetings.bpmn: the next step is then suggested on the level of risk alone).
_PROGRESS = ("good_progress", "some_progress", "little_progress", "not_reviewed")
_ADULTS_AND_CARERS = ("improved", "no_change", "worse")
_AGENCIES = ("improved", "not_improved", "no_view")
_QA_RESULTS = ("sustained", "not_sustained")


def _risk_level(value: Any, name: str) -> str:
    if value not in RISK_LEVELS:
        raise ValueError(f"{name} must be one of {', '.join(RISK_LEVELS)}, got {_describe(value)}")
    return value


def _one_of(value: Any, allowed: Sequence[str], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {_describe(value)}")
    return value


def _rows(value: Any, name: str) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValueError(f"{name} must be a list of rows, got {_describe(value)}")
    for index, row in enumerate(value, 1):
        if not isinstance(row, Mapping):
            raise ValueError(f"{name}: row {index} must be a group of answers, got {_describe(row)}")
    return list(value)


def berkshire_risk_level(risk_management_plan: Any, initial_risk_level: Any) -> str:
    """The current level of risk: the latest risk management plan entry's, else the initial level."""
    entries = _rows(risk_management_plan, "The risk management plan")
    if entries:
        return _risk_level(entries[-1].get("risk_level"), "The latest risk management plan entry's risk_level")
    return _risk_level(initial_risk_level, "The initial level of risk")


def berkshire_review_interval_weeks(risk_level: Any, weeks_by_level: Any) -> int:
    """Weeks until the next review at this level of risk, from the council's ``update_meeting_weeks``."""
    level = _risk_level(risk_level, "The level of risk")
    if not isinstance(weeks_by_level, Mapping):
        raise ValueError(f"The weeks between reviews must be given for each level of risk, got {_describe(weeks_by_level)}")
    weeks = weeks_by_level.get(level)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"The weeks between reviews at {level} risk must be a whole number of at least 1, "
                         f"got {_describe(weeks)}: set update_meeting_weeks.{level} in the council's settings")
    return weeks


def berkshire_suggest_next_step(service_improvement_plan: Any, progress_outcome: Any, risk_level: Any) -> str:
    """The suggested next step after a Service Improvement Plan review (a key of ``BERKSHIRE_NEXT_STEPS``).

    Every action completed and good progress: quality assurance (step 5 tests the improvements).
    Otherwise, at high or extreme risk: an update meeting. Otherwise: continue monitoring.
    """
    items = _rows(service_improvement_plan, "The Service Improvement Plan")
    progress = _one_of(progress_outcome, _PROGRESS, "The progress outcome")
    level = _risk_level(risk_level, "The level of risk")
    all_done = bool(items) and all(item.get("status") == "completed" for item in items)
    if all_done and progress == "good_progress":
        return "quality_assurance"
    if level in ("high", "extreme"):
        return "update_meeting"
    return "continue_monitoring"


def berkshire_suggest_sustained(qa_results: Any, service_difference: Any, agencies_view: Any) -> dict[str, bool]:
    """Whether improvements are suggested as attained and sustained after quality assurance (step 5).

    Returns ``{"all_results_sustained", "sustained"}``: every quality assurance activity found the
    improvement sustained (none carried out: not sustained), adults and carers say the service has
    improved, and no agency says it has not improved.
    """
    results = _rows(qa_results, "The quality assurance results")
    for index, row in enumerate(results, 1):
        _one_of(row.get("result"), _QA_RESULTS, f"The quality assurance result of row {index}")
    difference = _one_of(service_difference, _ADULTS_AND_CARERS, "What adults and carers say")
    agencies = _one_of(agencies_view, _AGENCIES, "What the agencies say")
    all_sustained = bool(results) and all(row["result"] == "sustained" for row in results)
    return {"all_results_sustained": all_sustained,
            "sustained": all_sustained and difference == "improved" and agencies != "not_improved"}
