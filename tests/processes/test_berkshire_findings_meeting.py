"""Berkshire Provider Concerns, Step 3 (berkshire_findings_meeting):
the provider's answer, the stakeholder meeting, late findings and meetings.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.cases.service import case_data
from api.errors import Invalid
from tests.processes.berkshire_steps import (
    set_review_date,
    UTC,
    timers,
    chase,
    chaser_role,
    fire,
    status,
    hold_meeting,
    PROPOSALS,
    decide,
    step_1,
    step_2,
    findings_meeting,
    meet_provider,
    closure,
)
from tests.support.world import complete, open_elements


def test_a_provider_that_cannot_improve_leads_to_the_stakeholder_meeting(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    meet_provider(world, case, "cannot_improve")
    assert open_elements(world, case) == ["prepare_meeting"]
    prepared = hold_meeting(world, case, "2027-03-24", "Commissioning to continue with a new plan")
    assert prepared["meeting_title"] == "Stakeholder meeting: risks and impact on adults"
    with pytest.raises(Invalid):  # continuing with the provider needs a plan
        complete(world, case, "determine_commissioning", {"stakeholder_risks_to_adults": "Night cover is unsafe",
                                                          "stakeholder_decision": "work_with_provider",
                                                          "stakeholder_reason": "Agency staff available"})
    complete(world, case, "determine_commissioning", {
        "stakeholder_risks_to_adults": "Night cover is unsafe", "stakeholder_decision": "work_with_provider",
        "stakeholder_reason": "Agency night staff available", "stakeholder_plan": PROPOSALS[1:]})
    data = case_data(world.session, case)
    assert data["step_3_outcome"] == "improvement_plan"
    assert data["provider_meeting_record"]["position"] == "cannot_improve"
    assert [i["action"] for i in data["service_improvement_plan"]] == ["Recruit two night carers"]
    assert data["meetings"][-1]["kind"] == "stakeholder_meeting"
    set_review_date(world, case)
    assert "review_due" in timers(world, case)


def test_when_the_service_cannot_continue_the_process_moves_to_closure(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    meet_provider(world, case, "service_failure")
    hold_meeting(world, case, "2027-03-24")
    complete(world, case, "determine_commissioning", {
        "stakeholder_risks_to_adults": "The provider is closing", "stakeholder_decision": "alternative_provision",
        "stakeholder_reason": "Service failure"})
    assert open_elements(world, case) == ["decide_to_close"]
    closure(world, case)
    assert status(world, case) == CaseStatus.COMPLETED
    assert case_data(world.session, case)["service_improvement_plan"] == []


def test_findings_not_ready_for_the_meeting_are_chased_by_the_chair_to_an_agreed_date(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    assert timers(world, case)["enquiry_findings_overdue"].due_at == _dt.datetime(2027, 3, 19, 17, tzinfo=UTC)
    fire(world, sessions, "2027-03-19", 18)
    assert set(open_elements(world, case)) == {"chase_step", "report_enquiry_findings"}
    assert chaser_role(world, case) == "chair"
    chase(world, case, "new_date_agreed", chase_new_date="2027-03-26")
    assert open_elements(world, case) == ["report_enquiry_findings"]
    fire(world, sessions, "2027-03-26", 18)  # the agreed date passes: chased again
    assert set(open_elements(world, case)) == {"chase_step", "report_enquiry_findings"}
    findings_meeting(world, case)
    assert open_elements(world, case) == ["meet_provider"]  # the findings are in: the chase ended with the step
    meet_provider(world, case)
    data = case_data(world.session, case)
    assert len(data["risk_management_plan"]) == 3 and len(data["meetings"]) == 2
    assert len(data["service_improvement_plan"]) == 2


def test_a_late_meeting_with_the_provider_is_chased_counting_english_bank_holidays(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    overdue = timers(world, case)["provider_meeting_overdue"]
    # 5 working days after Friday 19 March 2027, skipping Good Friday and Easter Monday: 17:00 BST on 30 March.
    assert overdue.due_at == _dt.datetime(2027, 3, 30, 16, tzinfo=UTC)
    assert "bank holidays" in overdue.rule
    fire(world, sessions, "2027-03-30", 17)
    assert set(open_elements(world, case)) == {"chase_step", "meet_provider"}
    assert chaser_role(world, case) == "head_of_service"
    meet_provider(world, case)
    assert "chase_step" not in open_elements(world, case)
    data = case_data(world.session, case)
    assert len(data["service_improvement_plan"]) == 2 and len(data["meetings"]) == 2
    assert "review_due" in timers(world, case)


def test_a_provider_meeting_that_no_longer_applies_goes_to_a_meeting_of_all_stakeholders(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    fire(world, sessions, "2027-03-30", 17)
    chase(world, case, "no_longer_applies", chase_withdrawn_reason="The provider refuses to meet")
    assert open_elements(world, case) == ["prepare_meeting"]
    assert case_data(world.session, case)["meeting_title"] == "Stakeholder meeting: risks and impact on adults"
