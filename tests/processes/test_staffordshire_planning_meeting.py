"""The planning meeting for levels 3 and 4 (seed 001, paragraphs 9.5 and 9.8-9.11)."""

from __future__ import annotations

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_staffordshire_support import (
    LSE_FACTS_FEW, LSE_FACTS_MANY, at, complete, data, hold_meeting, open_elements, open_tasks,
    planning_meeting, start, status)


def _planning(councils, tenant="staffordshire"):
    at(2026, 11, 2)
    return start(councils, "level_3_4_planning_meeting", tenant=tenant, role=Role.QUALITY_IMPROVEMENT)


def test_one_factor_suggests_the_quality_improvement_process_and_the_group_decides_level_3(councils):
    case = _planning(councils)
    suggested = planning_meeting(councils, case, LSE_FACTS_FEW, "level_3")
    assert suggested == "level_3"
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["lse_factor_summary"]["count"] == 1
    assert current["lse_factor_summary"]["present"] == ["s42_referrals"]
    assert current["next_framework_step"] == "level_3"
    # 9.11: the provider is told the decision and what the next steps will be
    [notice] = current["notifications"]
    assert notice["party"] == "provider"
    assert notice["subject"] == ("Decision of the planning meeting: Level 3 \u2013 Quality Improvement Process. "
                                 "Next steps: A first meeting within two weeks; an action plan to agree.")


def test_several_factors_considered_together_suggest_a_large_scale_enquiry_and_the_group_decides_level_4(councils):
    case = _planning(councils)
    suggested = planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    assert suggested == "level_4"
    current = data(councils, case)
    assert current["lse_factor_summary"]["count"] == 4
    assert current["next_framework_step"] == "level_4"
    assert current["notifications"][0]["subject"].startswith("Decision of the planning meeting: Level 4 - Large Scale Enquiry")


def test_the_group_may_choose_level_3_against_the_suggestion_with_a_reason(councils):
    case = _planning(councils)
    complete(councils, case, "record_lse_factors", {"planning_reasons": ["significant_risks"], **LSE_FACTS_MANY,
                                                    "concerns_predominantly_safeguarding": "not_judged"})
    hold_meeting(councils, case)
    assert open_tasks(councils.session, case)[0].role == "chair"
    decision = {"current_risk_to_users": "high", "recommended_level": "level_4", "decided_level": "level_3",
                "level_decision_rationale": "Risks are quality rather than safeguarding.",
                "provider_next_steps": "Quality Improvement Process; first meeting next week."}
    with pytest.raises(Invalid):
        complete(councils, case, "decide_level", decision)
    complete(councils, case, "decide_level", {**decision, "level_decision_reason": "The provider is engaging."})
    current = data(councils, case)
    assert current["planning_decisions"][-1] == {
        "date": "2026-11-02", "factors_present": 4, "suggested_level": "level_4", "decided_level": "level_3",
        "reason": "The provider is engaging.", "meeting_format": "in_person"}
    assert open_elements(councils, case) == ["send_notification"]


def test_concerns_not_predominantly_of_a_safeguarding_nature_suggest_level_3(councils):
    case = _planning(councils)
    suggested = planning_meeting(councils, case, LSE_FACTS_MANY, "level_3", safeguarding="no")
    assert suggested == "level_3"


def test_agencies_may_decide_collectively_by_other_means(councils):
    case = _planning(councils)
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_3", meeting_format="collective_decision")
    assert data(councils, case)["planning_decisions"][-1]["meeting_format"] == "collective_decision"


def test_deciding_that_level_3_or_4_is_not_warranted_returns_to_level_2_without_a_notice(councils):
    case = _planning(councils)
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_2", reason="Concerns are being addressed at level 2.")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["next_framework_step"] == "level_2"
    assert "notifications" not in current


def test_a_council_can_ask_for_more_factors_before_an_lse_is_suggested(councils):
    councils.tenants["staffordshire"].thresholds = {"lse_min_factors": 5}
    councils.session.commit()
    case = _planning(councils)
    suggested = planning_meeting(councils, case, LSE_FACTS_MANY, "level_3")
    assert suggested == "level_3"
    assert data(councils, case)["lse_factor_summary"]["thresholds"] == {"min_factors_for_lse": 5}


def test_stoke_on_trent_holds_the_same_planning_meeting(councils):
    case = _planning(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    suggested = planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    assert suggested == "level_4"
    assert data(councils, case)["notifications"][0]["party"] == "provider"
