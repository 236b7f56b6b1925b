"""Lancashire Radar operating procedure: the menu of interventions by risk level and the outcomes a
Radar meeting can decide (seed 000)."""

from __future__ import annotations

from .common import _describe

__all__ = [
    "RADAR_RISK_LEVELS",
    "RADAR_INTERVENTIONS",
    "RADAR_OUTCOMES",
    "radar_interventions",
    "suggest_radar_outcome",
]

# ---------------------------------------------------------------------------------------------
# Lancashire Radar operating procedure – menu of interventions (seed 000)
# ---------------------------------------------------------------------------------------------

#: Radar's risk assessment levels, lowest first (seed 000 section 3 table), (key, seed label).
RADAR_RISK_LEVELS: tuple[tuple[str, str], ...] = (
    ("no_low", "No/Low"),
    ("low_moderate", "Low to Moderate"),
    ("moderate", "Moderate"),
    ("high_extreme", "High to Extreme"),
    ("extreme", "Extreme"),
)
_RADAR_LEVEL_KEYS = tuple(k for k, _ in RADAR_RISK_LEVELS)

#: "The following are a menu of interventions": (key, Radar risk level, possible corrective /
#: remedial action), seed order and wording. INTERPRETATION: the converted cell "Review the risk
#: rating of the Service Provide advice and information to the Service ..." is two interventions
#: run together ("Review the risk rating of the Service" / "Provide advice and information ...")
#: and is split here.
RADAR_INTERVENTIONS: tuple[tuple[str, str, str], ...] = (
    ("routine_monitoring", "no_low",
     "Monitor the situation via routine monitoring arrangements and review within specific timescales \u2013 this "
     "may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. undertaking contract reviews, quality "
     "or compliance visit."),
    ("review_risk_rating", "low_moderate", "Review the risk rating of the Service"),
    ("advice_and_information", "low_moderate",
     "Provide advice and information to the Service to facilitate improvements."),
    ("nhs_or_ipc_support", "low_moderate",
     "Request additional support/intervention from NHS Services, LCC infection prevention visit/audit."),
    ("early_provider_meeting", "low_moderate",
     "Arrange a meeting with the provider to give an opportunity, at an early stage in the process, for the "
     "provider to respond."),
    ("request_action_plan", "low_moderate",
     "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
     "timescales for implementation."),
    ("targeted_monitoring", "moderate",
     "Monitor the situation via targeted monitoring arrangements and review within specific timescales \u2013 this "
     "may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. Undertaking contract reviews, quality "
     "or compliance visit."),
    ("enhanced_monitoring", "high_extreme",
     "Enhanced monitoring \u2013 Review/step up the frequency of monitoring activity and Contract Review Meetings"),
    ("reassess_service_users", "high_extreme",
     "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service "
     "for an individual(s)"),
    ("operational_task_group", "high_extreme",
     "Establish an operational task group to sample check, gather information or undertake a targeted "
     "intervention with the provider."),
    ("remove_staff_from_contact", "high_extreme",
     "Request the removal of specific staff members from direct contact with service users. Could be used in "
     "cases of suspected abuse, or misconduct."),
    ("suspend_new_placements", "high_extreme",
     "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
     "(Policy/Procedure for Suspension)"),
    ("seek_legal_advice", "high_extreme",
     "Seek legal advice if the provider is not engaging to make improvements and there is potential for "
     "breach/default notice."),
    ("validation_visit", "high_extreme", "Validation visit"),
    ("breach_or_default_notice", "extreme",
     "Request a contract breach/default notice to be issued to the provider if there are significant concerns "
     "with safety and quality or services are in breach of their contract"),
    ("renegotiation", "extreme", "Renegotiation of Contract"),
    ("termination", "extreme", "Termination of Contract"),
    ("decommissioning", "extreme", "Decommissioning"),
)

#: What a Radar meeting can decide about a provider: (key, wording from the operating procedure).
RADAR_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("remain", "Remain on the Radar agenda for updating at the next meeting"),
    ("remove",
     "Remove from the Radar agenda: the initial risk has been mitigated and the Radar quorate have agreed no further "
     "action is required at this time, or satisfactory assurance has been gained"),
    ("recommend_suspension", "Recommend a suspension of the provider (the relevant officer follows their "
     "organisation's policy/procedure and feeds back the outcome to the Group)"),
    ("recommend_level_1_qpip", "Recommend a Level 1 QPIP (the relevant officer follows their organisation's "
     "policy/procedure and feeds back the outcome to the Group)"),
    ("recommend_level_2_qpip", "Recommend a Level 2 QPIP (the relevant officer follows their organisation's "
     "policy/procedure and feeds back the outcome to the Group)"),
)


def radar_interventions(level: str) -> list[dict[str, str]]:
    """The Radar menu of interventions for one risk level (seed 000), ``[{"key", "level",
    "intervention"}]``. The menu "is not exhaustive, and it is not a requirement to progress through
    each level"."""
    if level not in _RADAR_LEVEL_KEYS:
        raise ValueError(f"Radar risk level must be one of {', '.join(_RADAR_LEVEL_KEYS)}, got {_describe(level)}")
    return [{"key": k, "level": lvl, "intervention": text} for k, lvl, text in RADAR_INTERVENTIONS if lvl == level]


def suggest_radar_outcome(level: str) -> str:
    """Suggest a Radar meeting outcome from its risk level (seed 000 section 3): "Where it is agreed
    that there is low – moderate risk, the provider can be removed from Radar", so ``no_low`` and
    ``low_moderate`` suggest ``remove``; every other level suggests ``remain``. Recommending a
    suspension or a QPIP is always the members' judgement, never a suggestion."""
    if level not in _RADAR_LEVEL_KEYS:
        raise ValueError(f"Radar risk level must be one of {', '.join(_RADAR_LEVEL_KEYS)}, got {_describe(level)}")
    return "remove" if level in ("no_low", "low_moderate") else "remain"
