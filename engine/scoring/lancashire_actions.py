"""Lancashire section 8 (determining the action) and Appendix 1 outcomes (seed 002); the Radar menu of
interventions (seed 000) is in lancashire_radar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .common import _describe, _mapping
from .lancashire_radar import (  # the Radar menu (seed 000) has its own module; still importable from here
    RADAR_INTERVENTIONS,
    RADAR_OUTCOMES,
    RADAR_RISK_LEVELS,
    radar_interventions,
    suggest_radar_outcome,
)
from .lancashire_risk import _level

__all__ = [
    "SECTION_8_ACTIONS",
    "PERFORMANCE_ACTIONS",
    "PERFORMANCE_ACTION_BY_RISK_LEVEL",
    "RADAR_RECOMMENDATIONS",
    "section_8_actions",
    "suggest_performance_action",
    "CHART_1_OPTIONS",
    "LEVEL_1_OUTCOMES",
    "LEVEL_2_OUTCOMES",
    "QPIP_OUTCOME_BY_PROGRESS",
    "suggest_qpip_outcome",
    "RADAR_RISK_LEVELS",
    "RADAR_INTERVENTIONS",
    "RADAR_OUTCOMES",
    "radar_interventions",
    "suggest_radar_outcome",
]

# ---------------------------------------------------------------------------------------------
# Lancashire section 8 – Determining action to be taken; Appendix 1 escalation outcomes
# ---------------------------------------------------------------------------------------------

#: Section 8 "The following table shows actions that may be appropriate at differing levels of
#: risk": (key, Joint Risk Assessment Judgment, Screening, possible corrective / remedial action),
#: in seed order, seed wording.
#:
#: INTERPRETATION: the converted table lost its merged cells. The screening labels and the
#: judgment labels are printed at the vertical middle of the rows they span, which gives:
#: Performing / Low (rows 1-4), Level 1 QPIP / Moderate (rows 5-6), Level 2 QPIP, Under-performing /
#: High (rows 7-11: "High" is printed beside row 9, the middle of 7-11) and Serious Concerns /
#: Extreme (rows 12-17).
SECTION_8_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("routine_monitoring", "low", "Performing",
     "Monitor the situation via routine monitoring arrangements and review within specific timescale."),
    ("increase_monitoring", "low", "Performing",
     "Increase the frequency of monitoring activity and Contract Review Meetings"),
    ("review_risk_rating", "low", "Performing", "Review the risk rating of the Contract"),
    ("advice_and_information", "low", "Performing",
     "Provide advice and information to the Service to facilitate improvements."),
    ("request_action_plan", "moderate", "Level 1 QPIP",
     "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
     "timescales for implementation. See Section 9 below for further information on Improvement/Action Plans."),
    ("reassess_service_users", "moderate", "Level 1 QPIP",
     "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service for "
     "an individual(s)"),
    ("remove_staff_from_contact", "high", "Level 2 QPIP (Under-performing)",
     "Request the removal of specific staff members from direct contact with service users \u2013 as per Contract. "
     "Could be used in cases of suspected abuse, or misconduct."),
    ("change_fee_band", "high", "Level 2 QPIP (Under-performing)",
     "If the Service is a Care Home, consider changing the fee band or quality incentive to reflect changes in "
     "circumstances, for example, loss of IIP Accreditation"),
    ("suspend_new_placements", "high", "Level 2 QPIP (Under-performing)",
     "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
     "(Policy/Procedure for Suspension)"),
    ("arrange_alternative_services", "high", "Level 2 QPIP (Under-performing)",
     "Arrange alternative services for existing service users. See Section 10"),
    ("cease_new_placements", "high", "Level 2 QPIP (Under-performing)",
     "Cease commissioning new placements to facilitate a planned termination of the contract with the service "
     "provider. See Section 10 below for further information."),
    ("validation_visit", "extreme", "Serious Concerns", "Validation visit"),
    ("warning_letter", "extreme", "Serious Concerns", "Issuing a warning letter to the Service Provider"),
    ("default_notice", "extreme", "Serious Concerns", "Issue Default Notice to the Service Provider"),
    ("renegotiation", "extreme", "Serious Concerns", "Renegotiation of Contract"),
    ("termination", "extreme", "Serious Concerns", "Termination of Contract"),
    ("decommissioning", "extreme", "Serious Concerns", "Decommissioning"),
)

#: Section 8 "Decision making" options, Appendix 6 charts 2-4 and Appendix 1 levels: the action a
#: Contract Officer decides on after the risk assessment (or after a Radar recommendation), as
#: (key, seed wording). ``termination`` leads to Level 3 (section 10).
PERFORMANCE_ACTIONS: tuple[tuple[str, str], ...] = (
    ("routine_monitoring",
     "Monitor the situation via routine monitoring arrangements and review within specific timescale"),
    ("enhanced_monitoring",
     "Enhanced monitoring: increase the frequency of monitoring activity and Contract Review Meetings"),
    ("review_risk_rating", "Review the risk rating of the Contract"),
    ("advice_and_information", "Provide advice and information to the service to facilitate improvements"),
    ("professionals_meeting", "Arrange a Professionals meeting with involved agencies"),
    ("level_1_qpip", "Arrange a Level 1 Quality and Performance Improvement Planning (Level 1 QPIP) meeting"),
    ("level_2_qpip", "Arrange a Level 2 Quality and Performance Improvement Planning (Level 2 QPIP) meeting"),
    ("suspension", "Suspension of commissioning new placements (Policy/Procedure for Suspension)"),
    ("termination", "Termination of Contract: Level 3 Decommissioning of Service (section 10)"),
)
_PERFORMANCE_ACTION_LABELS = dict(PERFORMANCE_ACTIONS)

#: The action suggested for each Appendix 4 risk level, read from the section 8 table's screening
#: column (Performing -> monitoring, Level 1 QPIP, Level 2 QPIP). INTERPRETATION: "Serious
#: Concerns" (Extreme) is suggested as a Level 2 QPIP, which Appendix 1 says "might also be called
#: because investigation of safeguarding issues uncovers very serious concerns"; termination is the
#: Head of Service's decision at Level 3, never a suggestion. Default; a council may pass its own
#: mapping as ``action_by_risk_level``.
PERFORMANCE_ACTION_BY_RISK_LEVEL: dict[str, str] = {
    "low": "routine_monitoring",
    "moderate": "level_1_qpip",
    "high": "level_2_qpip",
    "extreme": "level_2_qpip",
}

#: What Radar may recommend to the relevant officer of LCC/ICB/CSU (Radar section 3: "if a
#: suspension of the provider is required", "If a level 1 or level 2 QPIP is recommended").
RADAR_RECOMMENDATIONS: tuple[tuple[str, str], ...] = (
    ("suspension", "Suspension of the provider (suspension of commissioning new placements)"),
    ("level_1_qpip", "Level 1 QPIP"),
    ("level_2_qpip", "Level 2 QPIP"),
)
_RADAR_RECOMMENDATION_TO_ACTION = {"suspension": "suspension", "level_1_qpip": "level_1_qpip",
                                   "level_2_qpip": "level_2_qpip"}


#: Appendix 6, chart 1: an isolated issue is not taken to chart 2; its options are "Standard
#: Monitoring and review within specific timescales", "Enhanced Monitoring", "Review the risk rating of
#: the Contract" and "Provide advice and information to the Service Provider to facilitate
#: improvements". Serious concerns and underperforming go to chart 2 (termination, suspension,
#: enhanced monitoring) and the escalation plan of Appendix 1.
CHART_1_OPTIONS: tuple[str, ...] = ("routine_monitoring", "enhanced_monitoring", "review_risk_rating",
                                    "advice_and_information")
_CHART_1_CATEGORIES = ("serious_concerns", "underperforming", "isolated_issue")


def section_8_actions(risk_level: str) -> list[dict[str, str]]:
    """The section 8 table rows for one Appendix 4 risk level (seed 002), as
    ``[{"key", "risk_level", "screening", "action"}]`` in seed order."""
    level = _level(risk_level)
    return [
        {"key": key, "risk_level": lvl, "screening": screening, "action": text}
        for key, lvl, screening, text in SECTION_8_ACTIONS
        if lvl == level
    ]


def suggest_performance_action(
    risk_level: str | None = None,
    radar_recommendation: str | None = None,
    called_in_again_within_12_months: bool = False,
    action_by_risk_level: Mapping[str, str] | None = None,
    concern_category: str | None = None,
) -> dict[str, Any]:
    """Suggest the section 8 action (seed 002) from the overall risk level and/or Radar's
    recommendation.

    * ``risk_level`` – the Appendix 4 Step 4 overall level (``low`` .. ``extreme``), or None when
      the case comes straight from a Radar recommendation;
    * ``radar_recommendation`` – ``suspension``, ``level_1_qpip``, ``level_2_qpip`` or None; it is
      taken as the suggestion ("the relevant officer ... will follow their respective
      organisation's policy/procedure");
    * ``called_in_again_within_12_months`` – Appendix 1: a provider "called in again because of
      further concerns identified within 12 months" goes to Level 2, so a Level 1 suggestion
      becomes Level 2;
    * ``action_by_risk_level`` – a council's own mapping of risk level to action (default
      ``PERFORMANCE_ACTION_BY_RISK_LEVEL``);
    * ``concern_category`` – the initial assessment's Appendix 6 chart 1 finding
      (``serious_concerns``, ``underperforming``, ``isolated_issue``) or None: an isolated issue
      keeps to the chart 1 options (``CHART_1_OPTIONS``).

    Returns ``{"action", "label", "reasons", "section_8_actions", "chart", "allowed_actions",
    "blocked_actions"}``.
    """
    if not isinstance(called_in_again_within_12_months, bool):
        raise ValueError(
            f"called_in_again_within_12_months must be true or false, got {_describe(called_in_again_within_12_months)}"
        )
    action, reasons, rows = _first_suggestion(risk_level, radar_recommendation, action_by_risk_level)
    action = _level_2_when_called_in_again(action, called_in_again_within_12_months, reasons)
    chart, allowed = _chart_1_route(concern_category)
    action = _keep_to_chart(chart, allowed, action, reasons)
    return {
        "action": action,
        "label": _PERFORMANCE_ACTION_LABELS[action],
        "reasons": reasons,
        "section_8_actions": rows,
        "chart": chart,
        "allowed_actions": allowed,
        # The decision form refuses these (its rules read them by position: at most five).
        "blocked_actions": [a for a in _PERFORMANCE_ACTION_LABELS if a not in allowed],
    }


def _first_suggestion(
    risk_level: str | None, radar_recommendation: str | None, action_by_risk_level: Mapping[str, str] | None
) -> tuple[str, list[str], list[dict[str, str]]]:
    """The action Radar recommended, else the one for the risk level, with the reason and the
    section 8 rows of the risk level (none without one)."""
    if radar_recommendation is not None:
        action, reason = _radar_action(radar_recommendation)
        rows = section_8_actions(risk_level) if risk_level is not None else []
    elif risk_level is not None:
        action, reason, rows = _risk_level_action(risk_level, action_by_risk_level)
    else:
        raise ValueError("suggest_performance_action needs a risk_level or a radar_recommendation")
    return action, [reason], rows


def _radar_action(radar_recommendation: str) -> tuple[str, str]:
    """Radar's recommendation taken as the suggestion, and the reason."""
    if radar_recommendation not in _RADAR_RECOMMENDATION_TO_ACTION:
        raise ValueError(
            f"radar_recommendation must be one of {', '.join(_RADAR_RECOMMENDATION_TO_ACTION)} or None, "
            f"got {_describe(radar_recommendation)}"
        )
    action = _RADAR_RECOMMENDATION_TO_ACTION[radar_recommendation]
    return action, f"Radar recommended: {dict(RADAR_RECOMMENDATIONS)[radar_recommendation]}."


def _risk_level_action(
    risk_level: str, action_by_risk_level: Mapping[str, str] | None
) -> tuple[str, str, list[dict[str, str]]]:
    """The action for the risk level (the council's mapping over the default), the reason, and the
    level's section 8 rows."""
    level = _level(risk_level)
    mapping = dict(PERFORMANCE_ACTION_BY_RISK_LEVEL)
    if action_by_risk_level is not None:
        mapping.update(_mapping(action_by_risk_level, "action_by_risk_level"))
    action = mapping[level]
    if action not in _PERFORMANCE_ACTION_LABELS:
        raise ValueError(
            f"action_by_risk_level[{level!r}] must be one of {', '.join(_PERFORMANCE_ACTION_LABELS)}, "
            f"got {_describe(action)}"
        )
    rows = section_8_actions(level)
    return action, f"Overall risk level {level}: section 8 screening '{rows[0]['screening']}'.", rows


def _level_2_when_called_in_again(action: str, called_in_again_within_12_months: bool, reasons: list[str]) -> str:
    """Appendix 1: a provider called in again within 12 months goes to Level 2 rather than Level 1;
    the reason is added to ``reasons``."""
    if action == "level_1_qpip" and called_in_again_within_12_months:
        reasons.append(
            "The provider has been called in again within 12 months (Appendix 1): Level 2 instead of Level 1."
        )
        return "level_2_qpip"
    return action


def _keep_to_chart(chart: int | None, allowed: list[str], action: str, reasons: list[str]) -> str:
    """The action, or routine monitoring when chart 1 (an isolated issue) does not offer it; the
    reason for the chart's route, if any, is added to ``reasons``."""
    if chart == 1 and action not in allowed:
        reasons.append("Appendix 6, chart 1: an isolated issue is managed by standard monitoring and review, "
                       "enhanced monitoring, a review of the contract's risk rating, or advice and information.")
        return "routine_monitoring"
    if chart == 2:
        reasons.append("Appendix 6, chart 1: serious concerns or underperforming go to chart 2 (termination, "
                       "suspension or enhanced monitoring) and the escalation plan.")
    return action


def _chart_1_route(concern_category: str | None) -> tuple[int | None, list[str]]:
    """The chart a chart 1 category leads to, and the actions open on it."""
    if concern_category is None:
        return None, list(_PERFORMANCE_ACTION_LABELS)
    if concern_category not in _CHART_1_CATEGORIES:
        raise ValueError(f"concern_category must be one of {', '.join(_CHART_1_CATEGORIES)} or None, "
                         f"got {_describe(concern_category)}")
    if concern_category == "isolated_issue":
        return 1, list(CHART_1_OPTIONS)
    return 2, list(_PERFORMANCE_ACTION_LABELS)


#: Appendix 1 "Outcome of Level 1 ... Quality and Performance Improvement Plan": (key, seed wording).
LEVEL_1_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("no_further_action",
     "Further meetings and feedback show good progress on all urgent actions and start on developmental actions: "
     "no further action required under procedure"),
    ("monitor_at_level_0", "Chair requires further monitoring at level 0"),
    ("escalate_to_level_2",
     "Meetings show little progress on urgent actions, or provider called in again because of further concerns "
     "identified within 12 months: Level 2"),
)

#: Appendix 1 "Outcome of Level 2 Quality and Performance Improvement Plan": (key, seed wording).
LEVEL_2_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("de_escalate_and_end",
     "Action Plan produced, fast progress made on all urgent actions: de-escalate concerns and end process"),
    ("continue_monitoring",
     "Action Plan produced, fast progress made on all urgent actions: de-escalate concerns and continue monitoring "
     "over agreed period"),
    ("provider_decides_to_close",
     "Action Plan and further meetings show little progress on urgent actions, or provider back again because "
     "sustainable improvement not maintained and limited chance of improvement: provider decides to close"),
    ("escalate_to_level_3",
     "Action Plan and further meetings show little progress on urgent actions, or provider back again because "
     "sustainable improvement not maintained and limited chance of improvement: escalate to Level 3"),
)

#: The outcome suggested from the action plan review's progress (good / some / little progress).
#: INTERPRETATION: "some progress" is not an Appendix 1 outcome; it is read as "keep watching"
#: (Level 1: monitoring at level 0; Level 2: continue monitoring over an agreed period). Little
#: progress at Level 2 suggests Level 3; the provider's own decision to close is never suggested.
QPIP_OUTCOME_BY_PROGRESS: dict[int, dict[str, str]] = {
    1: {"good_progress": "no_further_action", "some_progress": "monitor_at_level_0",
        "little_progress": "escalate_to_level_2"},
    2: {"good_progress": "de_escalate_and_end", "some_progress": "continue_monitoring",
        "little_progress": "escalate_to_level_3"},
}


def suggest_qpip_outcome(level: int, progress_outcome: str) -> str:
    """Suggest the Appendix 1 outcome of a Level 1 or Level 2 QPIP from the progress found at the
    action plan review (``good_progress``, ``some_progress``, ``little_progress``) (seed 002)."""
    if isinstance(level, bool) or level not in QPIP_OUTCOME_BY_PROGRESS:
        raise ValueError(f"QPIP level must be 1 or 2, got {_describe(level)}")
    by_progress = QPIP_OUTCOME_BY_PROGRESS[level]
    if progress_outcome not in by_progress:
        raise ValueError(
            f"progress outcome must be one of {', '.join(by_progress)}, got {_describe(progress_outcome)}"
        )
    return by_progress[progress_outcome]
