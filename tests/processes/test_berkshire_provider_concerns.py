"""Berkshire Provider Concerns: the six steps, run for Reading (folders reading, berkshire, shared).

Seed: Berkshire Safeguarding Adults Policies and Procedures 5.8, Organisational Procedures (six step
chart). The steps are "determined locally": the local arrangements (merged findings meeting,
timescales, who chairs) come from the council's thresholds.

This module drives the top level (berkshire_provider_concerns); the scenario helpers it shares with
the step modules are in berkshire_steps.py.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.cases.service import case_data
from api.errors import Invalid, NotFound
from tests.processes.berkshire_steps import (
    UTC,
    at,
    closure,
    decide,
    findings_meeting,
    fire,
    hold_meeting,
    meet_provider,
    quality_assurance,
    report_findings,
    review_plan,
    risk,
    set_review_date,
    status,
    step_1,
    step_2,
    timers,
    urgent_request,
)
from tests.support.world import complete, open_elements


# =========================================================================== scenarios

def test_not_initiating_needs_a_reason_and_ends_the_case_without_any_step(councils):
    with pytest.raises(Invalid):
        decide(councils, initiate="no")
    case = decide(councils, initiate="no", not_initiated_reason="Dealt with through contract monitoring")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert timers(councils, case) == {}


def test_all_six_steps_with_two_update_meetings(councils, sessions):
    world = councils
    case = decide(world)
    data = case_data(world.session, case)
    assert data["local_arrangements"]["findings_meeting_merged_into_initial_meeting"] is False
    assert data["risk_management_plan"] == [] and data["meetings"] == []

    step_1(world, case)
    data = case_data(world.session, case)
    assert data["chair"]["role"] == "safeguarding_manager" and data["chair"]["differs_from_local_arrangements"] is False
    assert [e["step"] for e in data["risk_management_plan"]] == ["Step 1: Decision to initiate"]
    assert data["commissioning_intentions"][0]["actions"] == ["additional_monitoring"]

    step_2(world, case)
    data = case_data(world.session, case)
    assert data["communication_strategy"]["press_release"] == {"item": "Press release", "needed": False, "how": ""}
    assert data["communication_strategy"]["self_funders"]["needed"] is True
    findings_meeting(world, case)
    meet_provider(world, case)
    data = case_data(world.session, case)
    assert [i["item_id"] for i in data["service_improvement_plan"]] == ["SIP-1", "SIP-2"]
    assert data["step_3_outcome"] == "improvement_plan"

    # Step 4. Moderate risk: the first review is suggested 6 weeks on (local arrangement) and the Co-ordinator
    # kept it (meet_provider set it): 17:00 BST on 3 May 2027.
    assert open_elements(world, case) == []
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 5, 3, 16, tzinfo=UTC)
    fire(world, sessions, "2027-05-03", 15)
    assert open_elements(world, case) == []
    fire(world, sessions, "2027-05-03", 17)

    # Review 1: the first action is overdue; serious delays by the provider, so an update meeting is always held.
    assert review_plan(world, case, ["behind", "not_started"], "little_progress", "2027-05-03") == "little_progress"
    assert open_elements(world, case) == ["prepare_meeting"]
    assert hold_meeting(world, case, "2027-05-05")["meeting_title"] == "Update meeting"
    complete(world, case, "update_risk_plan_update_meeting", risk("high"))

    # High risk now: the next review comes 4 weeks on.
    set_review_date(world, case)
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 5, 31, 16, tzinfo=UTC)
    fire(world, sessions, "2027-05-31")
    review_plan(world, case, ["completed", "on_track"], "some_progress", "2027-05-31")
    assert case_data(world.session, case)["recommended_next_step"] == "update_meeting"
    complete(world, case, "decide_next_step", {"next_step_arrangement": "as_recommended"})
    hold_meeting(world, case, "2027-06-02")
    complete(world, case, "update_risk_plan_update_meeting", risk("moderate"))

    set_review_date(world, case)
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 7, 12, 16, tzinfo=UTC)
    fire(world, sessions, "2027-07-12")
    review_plan(world, case, ["completed", "completed"], "good_progress", "2027-07-12")
    assert case_data(world.session, case)["recommended_next_step"] == "quality_assurance"
    complete(world, case, "decide_next_step", {"next_step_arrangement": "as_recommended"})

    quality_assurance(world, case, sustained=True)
    closure(world, case)

    assert status(world, case) == CaseStatus.COMPLETED
    data = case_data(world.session, case)
    # A monitoring meeting with the provider at every review, the plan shared each time.
    assert [m["kind"] for m in data["meetings"]] == [
        "initial_provider_concerns_meeting", "findings_meeting", "provider_monitoring_meeting", "update_meeting",
        "provider_monitoring_meeting", "update_meeting", "provider_monitoring_meeting"]
    assert all(m["sip_shared_with_provider"] for m in data["meetings"] if m["kind"] == "provider_monitoring_meeting")
    assert len(data["meetings_held"]) == 4
    assert [r["progress"] for r in data["sip_reviews"]] == ["little_progress", "some_progress", "good_progress"]
    assert [e["step"] for e in data["risk_management_plan"]] == [
        "Step 1: Decision to initiate", "Step 2: Initial Provider Concerns meeting", "Step 3: Findings meeting",
        "Step 4: Update meeting", "Step 4: Update meeting", "Step 5: Quality assurance", "Step 6: Closure"]
    assert [e["risk_level"] for e in data["risk_management_plan"]] == [
        "moderate", "moderate", "moderate", "high", "moderate", "low", "low"]
    assert data["quality_assurance_record"]["decided_sustained"] is True


def test_urgent_action_is_authorised_in_the_middle_of_step_3_without_holding_it_up(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    report_findings(world, case)
    assert open_elements(world, case) == ["prepare_meeting"]
    urgent_request(world, case, requested_by="Pharmacist", reason="A resident missed insulin twice",
                   proposed_action="District nurse visits daily")
    assert sorted(open_elements(world, case)) == ["authorise_urgent_action", "prepare_meeting"]
    at("2027-03-15")
    with pytest.raises(Invalid):  # an authorisation says what is authorised and who does it
        complete(world, case, "authorise_urgent_action", {"urgent_decision": "authorised", "urgent_risk_level": "high",
                                                          "urgent_decided_on": "2027-03-15"})
    complete(world, case, "authorise_urgent_action", {
        "urgent_decision": "authorised", "urgent_action_authorised": "District nurse visits twice daily",
        "urgent_action_by": "Community nursing", "urgent_risk_level": "high", "urgent_decided_on": "2027-03-15"})
    # Step 3 carries on where it was, and urgent action can be asked for again.
    assert open_elements(world, case) == ["prepare_meeting"]
    urgent_request(world, case, requested_by="Co-ordinator", reason="Anxiety among residents",
                   proposed_action="Meeting with families")
    # The chair sees the urgent actions already authorised (the case's data object).
    authorised = case_data(world.session, case)["urgent_actions"]
    assert [(a["requested_by"], a["decision"], a["action"]) for a in authorised] == [
        ("Pharmacist", "authorised", "District nurse visits twice daily")]
    at("2027-03-16")
    complete(world, case, "authorise_urgent_action", {
        "urgent_decision": "not_needed", "urgent_decision_reason": "The communication strategy covers this",
        "urgent_risk_level": "moderate", "urgent_decided_on": "2027-03-16"})
    findings_meeting(world, case, reported=True)
    assert open_elements(world, case) == ["meet_provider"]
    assert len(case_data(world.session, case)["risk_management_plan"]) == 3


def test_urgent_action_can_be_asked_for_at_step_1_and_the_line_closes_with_the_case(councils, sessions):
    world = councils
    case = decide(world)
    urgent_request(world, case, requested_by="Welfare check team", reason="No night staff on duty",
                   proposed_action="Agency staff tonight")
    assert "authorise_urgent_action" in open_elements(world, case)
    complete(world, case, "authorise_urgent_action", {
        "urgent_decision": "authorised", "urgent_action_authorised": "Agency staff tonight at the council's cost",
        "urgent_action_by": "Commissioning", "urgent_risk_level": "extreme", "urgent_decided_on": "2027-03-01"})
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    meet_provider(world, case, "service_failure")
    hold_meeting(world, case, "2027-03-24")
    complete(world, case, "determine_commissioning", {
        "stakeholder_risks_to_adults": "Closing", "stakeholder_decision": "alternative_provision",
        "stakeholder_reason": "Service failure"})
    closure(world, case)
    assert status(world, case) == CaseStatus.COMPLETED
    urgent = case_data(world.session, case)["sab_summary_report"]["urgent_actions"]
    assert [(a["requested_by"], a["action"], a["risk_level"]) for a in urgent] == [
        ("Welfare check team", "Agency staff tonight at the council's cost", "extreme")]
    with pytest.raises(NotFound):  # closed: nothing waits for urgent action any more
        urgent_request(world, case, requested_by="x", reason="y", proposed_action="z")
