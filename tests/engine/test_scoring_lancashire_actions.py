"""engine.scoring.lancashire_actions: section 8 actions, Appendix 1 QPIP outcomes (seed 002), Radar interventions (seed 000)."""

from __future__ import annotations

from typing import Any

import pytest

from engine import scoring
from engine.scoring import (
    radar_interventions,
    section_8_actions,
    suggest_performance_action,
    suggest_qpip_outcome,
    suggest_radar_outcome,
)
from tests.engine.scoring_support import round_trips_as_json


# =============================================================================================
# Lancashire section 8 table and decision; Appendix 1 outcomes (seed 002)
# =============================================================================================

SEED_SECTION_8 = {
    "low": ("Performing", [
        "Monitor the situation via routine monitoring arrangements and review within specific timescale.",
        "Increase the frequency of monitoring activity and Contract Review Meetings",
        "Review the risk rating of the Contract",
        "Provide advice and information to the Service to facilitate improvements.",
    ]),
    "moderate": ("Level 1 QPIP", [
        "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
        "timescales for implementation. See Section 9 below for further information on Improvement/Action Plans.",
        "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service for "
        "an individual(s)",
    ]),
    "high": ("Level 2 QPIP (Under-performing)", [
        "Request the removal of specific staff members from direct contact with service users \u2013 as per Contract. "
        "Could be used in cases of suspected abuse, or misconduct.",
        "If the Service is a Care Home, consider changing the fee band or quality incentive to reflect changes in "
        "circumstances, for example, loss of IIP Accreditation",
        "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
        "(Policy/Procedure for Suspension)",
        "Arrange alternative services for existing service users. See Section 10",
        "Cease commissioning new placements to facilitate a planned termination of the contract with the service "
        "provider. See Section 10 below for further information.",
    ]),
    "extreme": ("Serious Concerns", [
        "Validation visit", "Issuing a warning letter to the Service Provider",
        "Issue Default Notice to the Service Provider", "Renegotiation of Contract", "Termination of Contract",
        "Decommissioning",
    ]),
}
SECTION_8_CELLS = [(level, screening, action) for level, (screening, actions) in SEED_SECTION_8.items()
                   for action in actions]


@pytest.mark.parametrize("level, screening, action", SECTION_8_CELLS,
                         ids=[f"{lvl}_{i}" for i, (lvl, _s, _a) in enumerate(SECTION_8_CELLS)])
def test_section_8_table_cell(level: str, screening: str, action: str) -> None:
    rows = section_8_actions(level)
    assert {"risk_level": level, "screening": screening, "action": action} in [
        {k: r[k] for k in ("risk_level", "screening", "action")} for r in rows]


def test_section_8_table_has_seventeen_rows_in_seed_order() -> None:
    assert [r[3] for r in scoring.SECTION_8_ACTIONS] == [a for _l, _s, a in SECTION_8_CELLS]
    assert round_trips_as_json(section_8_actions("high"))


@pytest.mark.parametrize("level, action", [("low", "routine_monitoring"), ("moderate", "level_1_qpip"),
                                           ("high", "level_2_qpip"), ("extreme", "level_2_qpip")])
def test_section_8_suggests_an_action_for_every_risk_level(level: str, action: str) -> None:
    result = suggest_performance_action(level)
    assert result["action"] == action
    assert result["section_8_actions"] == section_8_actions(level)
    assert round_trips_as_json(result)


@pytest.mark.parametrize("level, recalled, action", [
    ("low", True, "routine_monitoring"), ("moderate", True, "level_2_qpip"), ("moderate", False, "level_1_qpip"),
    ("high", True, "level_2_qpip"), ("extreme", True, "level_2_qpip"),
])
def test_appendix_1_a_provider_called_in_again_within_12_months_goes_to_level_2(level: str, recalled: bool, action: str) -> None:
    result = suggest_performance_action(level, called_in_again_within_12_months=recalled)
    assert result["action"] == action
    assert any("12 months" in r for r in result["reasons"]) == (recalled and level == "moderate")


@pytest.mark.parametrize("recommendation, recalled, action", [
    ("suspension", False, "suspension"), ("level_1_qpip", False, "level_1_qpip"), ("level_2_qpip", False, "level_2_qpip"),
    ("level_1_qpip", True, "level_2_qpip"), ("suspension", True, "suspension"),
])
def test_radar_recommendation_is_the_suggestion(recommendation: str, recalled: bool, action: str) -> None:
    result = suggest_performance_action("low", radar_recommendation=recommendation,
                                        called_in_again_within_12_months=recalled)
    assert result["action"] == action
    assert result["reasons"][0].startswith("Radar recommended")


def test_a_council_may_map_risk_levels_to_its_own_actions() -> None:
    assert suggest_performance_action("moderate", action_by_risk_level={"moderate": "enhanced_monitoring"})["action"] == \
        "enhanced_monitoring"
    with pytest.raises(ValueError, match=r"action_by_risk_level\['low'\] must be one of"):
        suggest_performance_action("low", action_by_risk_level={"low": "ignore"})


def test_suggest_performance_action_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="needs a risk_level or a radar_recommendation"):
        suggest_performance_action()
    with pytest.raises(ValueError, match="radar_recommendation must be one of"):
        suggest_performance_action(radar_recommendation="level_3")
    with pytest.raises(ValueError, match="risk level must be one of"):
        suggest_performance_action("severe")
    with pytest.raises(ValueError, match="must be true or false"):
        suggest_performance_action("low", called_in_again_within_12_months=1)  # type: ignore[arg-type]


QPIP_CELLS = [
    (1, "good_progress", "no_further_action"), (1, "some_progress", "monitor_at_level_0"),
    (1, "little_progress", "escalate_to_level_2"),
    (2, "good_progress", "de_escalate_and_end"), (2, "some_progress", "continue_monitoring"),
    (2, "little_progress", "escalate_to_level_3"),
]


@pytest.mark.parametrize("level, progress, outcome", QPIP_CELLS)
def test_appendix_1_outcome_suggested_from_progress(level: int, progress: str, outcome: str) -> None:
    assert suggest_qpip_outcome(level, progress) == outcome
    keys = [k for k, _ in (scoring.LEVEL_1_OUTCOMES if level == 1 else scoring.LEVEL_2_OUTCOMES)]
    assert outcome in keys


def test_appendix_1_outcomes_are_the_seeds() -> None:
    assert [k for k, _ in scoring.LEVEL_1_OUTCOMES] == ["no_further_action", "monitor_at_level_0", "escalate_to_level_2"]
    assert [k for k, _ in scoring.LEVEL_2_OUTCOMES] == ["de_escalate_and_end", "continue_monitoring",
                                                        "provider_decides_to_close", "escalate_to_level_3"]
    assert "Chair requires further monitoring at level 0" in dict(scoring.LEVEL_1_OUTCOMES)["monitor_at_level_0"]
    assert "provider decides to close" in dict(scoring.LEVEL_2_OUTCOMES)["provider_decides_to_close"]


@pytest.mark.parametrize("level, progress", [(3, "good_progress"), (0, "good_progress"), (True, "good_progress"),
                                             (1, "no_progress")])
def test_suggest_qpip_outcome_refuses_bad_input(level: Any, progress: str) -> None:
    with pytest.raises(ValueError):
        suggest_qpip_outcome(level, progress)


# =============================================================================================
# Lancashire Radar menu of interventions (seed 000)
# =============================================================================================

SEED_RADAR_MENU = {
    "no_low": ["routine_monitoring"],
    "low_moderate": ["review_risk_rating", "advice_and_information", "nhs_or_ipc_support", "early_provider_meeting",
                     "request_action_plan"],
    "moderate": ["targeted_monitoring"],
    "high_extreme": ["enhanced_monitoring", "reassess_service_users", "operational_task_group",
                     "remove_staff_from_contact", "suspend_new_placements", "seek_legal_advice", "validation_visit"],
    "extreme": ["breach_or_default_notice", "renegotiation", "termination", "decommissioning"],
}


@pytest.mark.parametrize("level, keys", SEED_RADAR_MENU.items())
def test_radar_menu_of_interventions_per_level(level: str, keys: list[str]) -> None:
    assert [i["key"] for i in radar_interventions(level)] == keys


@pytest.mark.parametrize("key, text", [
    ("routine_monitoring", "Monitor the situation via routine monitoring arrangements and review within specific "
                           "timescales \u2013 this may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. "
                           "undertaking contract reviews, quality or compliance visit."),
    ("nhs_or_ipc_support", "Request additional support/intervention from NHS Services, LCC infection prevention visit/audit."),
    ("operational_task_group", "Establish an operational task group to sample check, gather information or undertake a "
                               "targeted intervention with the provider."),
    ("seek_legal_advice", "Seek legal advice if the provider is not engaging to make improvements and there is potential "
                          "for breach/default notice."),
    ("breach_or_default_notice", "Request a contract breach/default notice to be issued to the provider if there are "
                                 "significant concerns with safety and quality or services are in breach of their contract"),
])
def test_radar_menu_wording_is_the_seeds(key: str, text: str) -> None:
    assert dict((k, t) for k, _lvl, t in scoring.RADAR_INTERVENTIONS)[key] == text


@pytest.mark.parametrize("level, outcome", [("no_low", "remove"), ("low_moderate", "remove"), ("moderate", "remain"),
                                            ("high_extreme", "remain"), ("extreme", "remain")])
def test_radar_low_to_moderate_risk_suggests_removal(level: str, outcome: str) -> None:
    assert suggest_radar_outcome(level) == outcome


def test_radar_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="Radar risk level must be one of"):
        radar_interventions("high")
    with pytest.raises(ValueError, match="Radar risk level must be one of"):
        suggest_radar_outcome("low")
