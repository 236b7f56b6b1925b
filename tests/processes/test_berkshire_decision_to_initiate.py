"""Berkshire Provider Concerns, Step 1 (berkshire_decision_to_initiate):
the nine actions, who chairs, late welfare checks.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from tests.processes.berkshire_steps import (
    READING,
    UTC,
    timers,
    fire,
    chase,
    chaser_role,
    decide,
    step_1,
    INVITEES,
)
from tests.support.world import complete, open_elements, open_tasks


def test_a_different_chair_from_the_local_arrangements_needs_a_reason(councils):
    world = councils
    case = decide(world)
    base = {"chair_arrangement": "different", "chair_role": "icb_safeguarding_lead", "chair_name": "Dr Lee",
            "lead_organisation": "Berkshire West ICB", "chair_agreed_on": "2027-03-01"}
    with pytest.raises(Invalid):
        complete(world, case, "agree_chair_and_lead_organisation", base)
    complete(world, case, "agree_chair_and_lead_organisation",
             {**base, "chair_variation_reason": "Nursing home: the health lead agreed to chair"})
    chair = case_data(world.session, case)["chair"]
    assert chair["role"] == "icb_safeguarding_lead" and chair["differs_from_local_arrangements"] is True
    assert chair["reason"] == "Nursing home: the health lead agreed to chair"


def test_the_local_arrangements_say_who_chairs(councils):
    world = councils
    world.tenants[READING].thresholds = {"chair_role": "head_of_commissioning", "lead_organisation": "Reading BC"}
    world.session.commit()
    case = decide(world)
    data = case_data(world.session, case)
    assert (data["recommended_chair_role"], data["recommended_lead_organisation"]) == ("head_of_commissioning",
                                                                                      "Reading BC")
    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "agree_chair_and_lead_organisation"]
    assert "chair **Local authority Head of Commissioning**, lead organisation **Reading BC**" in task.instructions
    complete(world, case, "agree_chair_and_lead_organisation", {
        "chair_arrangement": "as_recommended", "chair_name": "Pat Green", "lead_organisation": "Reading BC",
        "chair_agreed_on": "2027-03-01"})
    assert case_data(world.session, case)["chair"]["role"] == "head_of_commissioning"


def test_late_welfare_checks_are_chased_by_the_head_of_service_until_done_and_step_1_carries_on(councils, sessions):
    world = councils
    case = decide(world)
    overdue = timers(world, case)["welfare_checks_overdue"]
    assert overdue.due_at == _dt.datetime(2027, 3, 2, 17, tzinfo=UTC)  # 1 working day (local arrangement)
    assert overdue.interrupting is False and overdue.attached_to == "check_welfare"
    fire(world, sessions, "2027-03-02", 16)
    assert "chase_step" not in open_elements(world, case)
    fire(world, sessions, "2027-03-02", 18)
    assert {"chase_step", "check_welfare"} <= set(open_elements(world, case))
    assert chaser_role(world, case) == "head_of_service"
    chase(world, case)
    fire(world, sessions, "2027-03-03", 18)  # not done a working day later: chased again
    assert {"chase_step", "check_welfare"} <= set(open_elements(world, case))
    complete(world, case, "check_welfare", {"welfare_checked_on": "2027-03-03", "people_checked": 28,
                                            "welfare_check_methods": ["telephone"], "welfare_outcome": "concerns_found",
                                            "welfare_immediate_actions": "GP visit arranged for one resident"})
    # Done: the chase ends with the step, and the rest of step 1 goes on with the case record whole.
    assert "chase_step" not in open_elements(world, case)
    step_1(world, case, risk_level="high", welfare_done=True)
    assert open_elements(world, case) == ["prepare_meeting"]
    data = case_data(world.session, case)
    assert [e["risk_level"] for e in data["risk_management_plan"]] == ["high"]
    assert data["commissioning_intentions"][0]["step"] == "Step 1: Decision to initiate"
    assert data["welfare_outcome"] == "concerns_found"


def test_the_provider_meeting_waits_for_police_advice_and_its_set_up_shows_it(councils):
    world = councils
    case = decide(world)
    complete(world, case, "agree_chair_and_lead_organisation", {
        "chair_arrangement": "as_recommended", "chair_name": "Sam Okafor",
        "lead_organisation": "Reading Borough Council", "chair_agreed_on": "2027-03-01"})
    complete(world, case, "appoint_coordinator", {"coordinator_name": "Jo Wright", "coordinator_role": "Quality officer",
                                                  "coordinator_organisation": "Reading Borough Council",
                                                  "coordinator_appointed_on": "2027-03-01"})
    complete(world, case, "convene_provider_concerns_meeting", {"initial_meeting_date": "2027-03-05",
                                                                "initial_meeting_invitees": INVITEES})
    # No Police advice yet: the provider cannot be told anything.
    assert "set_up_provider_meeting" not in open_elements(world, case)
    complete(world, case, "consult_police", {"police_consulted_on": "2027-03-01", "police_contact": "DC Patel, ref 44/27",
                                             "criminal_matters": "yes",
                                             "police_advice": "Do not mention the night manager's conduct"})
    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "set_up_provider_meeting"]
    assert "**Police advice** (consulted on 2027-03-01, DC Patel, ref 44/27): there is a criminal investigation" in task.instructions
    assert "> Do not mention the night manager's conduct" in task.instructions


def to_convening(world):
    """Step 1 up to convening the Initial Provider Concerns meeting (decision of Monday 1 March 2027)."""
    case = decide(world)
    complete(world, case, "agree_chair_and_lead_organisation", {
        "chair_arrangement": "as_recommended", "chair_name": "Sam Okafor",
        "lead_organisation": "Reading Borough Council", "chair_agreed_on": "2027-03-01"})
    complete(world, case, "appoint_coordinator", {"coordinator_name": "Jo Wright", "coordinator_role": "Quality officer",
                                                  "coordinator_organisation": "Reading Borough Council",
                                                  "coordinator_appointed_on": "2027-03-01"})
    return case


def test_an_initial_meeting_planned_after_the_local_timescale_is_saved_with_a_warning_kept_on_the_case(councils):
    from api.audit.models import AuditEvent
    from api.cases.service import completion_warnings

    world = councils
    case = to_convening(world)
    assert case_data(world.session, case)["initial_meeting_due_by"] == "2027-03-08"  # 5 working days (local arrangement)
    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "convene_provider_concerns_meeting"]
    complete(world, case, "convene_provider_concerns_meeting", {
        "initial_meeting_date": "2027-03-10", "initial_meeting_invitees": INVITEES,
        "initial_meeting_late_reason": "The Police could not attend earlier"})
    [event] = world.session.query(AuditEvent).filter_by(case_id=case.id, action="date_after_deadline").all()
    assert event.task_id == task.id and event.after["field"] == "/initial_meeting_date"
    assert [w["message"] for w in completion_warnings(world.session, tenant=world.tenants[READING], task_id=task.id)] == [
        "The Initial Provider Concerns meeting is planned for 10 March 2027, after its deadline of 8 March 2027 (the local "
        "timescale in working days after the decision to initiate). You can still save it; record why in ‘Why the meeting "
        "is after the local timescale’."]
    from api.chronology.service import chronology

    entries = chronology(world.session, tenant=world.tenants[READING], roles={"chair"}, case_id=case.id)["entries"]
    [late] = [e for e in entries if e["title"] == "Planned after its deadline"]
    assert late["kind"] == "deadline" and late["details"][0].startswith("The Initial Provider Concerns meeting is planned for 10 March")
    # The reason joins the case with the Police's advice (the branches meet before the provider meeting).
    complete(world, case, "consult_police", {"police_consulted_on": "2027-03-01", "police_contact": "DC Patel",
                                             "criminal_matters": "no"})
    assert case_data(world.session, case)["initial_meeting_late_reason"] == "The Police could not attend earlier"


def test_an_initial_meeting_within_the_local_timescale_has_no_warning(councils):
    from api.audit.models import AuditEvent

    world = councils
    case = to_convening(world)
    complete(world, case, "convene_provider_concerns_meeting", {"initial_meeting_date": "2027-03-08",
                                                                "initial_meeting_invitees": INVITEES})
    assert world.session.query(AuditEvent).filter_by(case_id=case.id, action="date_after_deadline").count() == 0
