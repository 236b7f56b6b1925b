"""Deadlines chased until met, and the actions a case can take at any stage, through the
persisted service path with the fixture diagrams (which call the shipped shared chase)."""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cases.models import CaseStatus, CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data, load_run, take_case_action
from api.errors import Forbidden, Invalid
from engine import clock
from engine.roles import Role
from tests.support.world import complete, open_elements, open_tasks, start

DECISION_DAY = "2026-11-24"  # a Tuesday: the notice is due at 17:00 on Thursday 26 November
DUE = _dt.datetime(2026, 11, 26, 17, tzinfo=_dt.timezone.utc)


def at(when: str, sessions=None) -> None:
    clock.set_clock(when)
    if sessions is not None:
        run_due_timers(sessions)


def chase(world, case, outcome: str, **extra):
    complete(world, case, "chase_step", {"chase_action": "Phoned the officer", "chase_outcome": outcome, **extra},
             role=Role.HEAD_OF_SERVICE)


def notice_case(world):
    at(f"{DECISION_DAY}T09:00:00+00:00")
    case = start(world, "chased_notice")
    complete(world, case, "record_decision", {"decision_date": DECISION_DAY})
    return case


def chase_tasks(world, case) -> int:
    return sum(1 for e in world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id))
               if e.action == "task_completed" and e.element_id == "chase_step")


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_a_missed_deadline_is_chased_three_times_then_met(world, sessions):
    case = notice_case(world)
    [notice] = open_tasks(world.session, case)
    assert notice.element_id == "notify_provider" and notice.due_at == DUE

    at("2026-11-26T17:01:00+00:00", sessions)  # missed: chased for the first time
    assert open_elements(world, case) == ["chase_step", "notify_provider"]
    chaser = next(t for t in open_tasks(world.session, case) if t.element_id == "chase_step")
    assert chaser.role == "head_of_service"
    assert next(t for t in open_tasks(world.session, case) if t.element_id == "notify_provider").due_at == DUE
    chase(world, case, "chased")

    at("2026-11-30T17:01:00+00:00", sessions)  # two working days later (Friday, Monday): chased again
    assert "chase_step" in open_elements(world, case)
    chase(world, case, "new_date_agreed", chase_new_date="2026-12-04")
    [agreed] = [t for t in world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))]
    assert agreed.element_id == "agreed_date_reached" and "the date agreed, 4 Dec 2026" in agreed.rule

    at("2026-12-04T17:01:00+00:00", sessions)  # the agreed date passes: chased a third time
    assert open_elements(world, case) == ["chase_step", "notify_provider"]
    chase(world, case, "chased")
    assert chase_tasks(world, case) == 3

    complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": "2026-12-07"})
    assert open_elements(world, case) == ["confirm_closure"]
    assert world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id)).all() == []


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_a_chase_nobody_acts_on_is_reminded_and_stays_open(world, sessions):
    case = notice_case(world)
    at("2026-11-26T17:01:00+00:00", sessions)
    at("2026-12-01T17:01:00+00:00", sessions)  # the chase itself was due on 30 November
    assert [t.element_id for t in open_tasks(world.session, case)].count("chase_step") == 1
    reminders = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                               AuditEvent.element_id == "chase_not_acted_on")).all()
    assert [e.action for e in reminders] == ["timer_fired"]
    run = load_run(world.session, case)
    notice = next(t for t in run.ready_tasks() if t.element_id == "notify_provider")
    assert notice.due_at == DUE and notice.next_chase_at > clock.now()


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_the_chaser_records_that_a_step_no_longer_applies_and_the_case_moves_on(world, sessions):
    case = notice_case(world)
    at("2026-11-26T17:01:00+00:00", sessions)
    chase(world, case, "no_longer_applies", chase_withdrawn_reason="The provider has closed the home")
    assert open_elements(world, case) == ["confirm_closure"]
    assert case_data(world.session, case)["chase_withdrawn_reason"] == "The provider has closed the home"


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_only_the_role_the_calling_step_names_may_chase(world, sessions):
    case = notice_case(world)
    at("2026-11-26T17:01:00+00:00", sessions)
    with pytest.raises(Forbidden):
        complete(world, case, "chase_step", {"chase_action": "x", "chase_outcome": "chased"}, role=Role.CONTRACT_OFFICER)


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_the_chase_form_says_when_a_new_date_is_needed(world, sessions):
    case = notice_case(world)
    at("2026-11-26T17:01:00+00:00", sessions)
    with pytest.raises(Invalid) as refused:
        chase(world, case, "new_date_agreed")
    assert any(e["field"] == "/chase_new_date" for e in refused.value.errors)
    assert "chase_step" in open_elements(world, case)


# --------------------------------------------------------------------------- case-level actions

def close_early(world, case, reason="provider_closed", role=Role.HEAD_OF_SERVICE):
    return take_case_action(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", role),
                            case_id=case.id, name="close_case_early",
                            data={"closure_reason": reason, "closure_details": "Deregistered by the CQC"})


@pytest.mark.parametrize("steps_done", [0, 1, 2])
def test_a_case_is_closed_early_at_any_stage_ending_its_open_tasks(world, steps_done):
    case = start(world, "case_actions")
    for number in ("one", "two", "three")[:steps_done]:
        complete(world, case, f"step_{number}", {"note": "done"})
    close_early(world, case)
    assert case.status == CaseStatus.COMPLETED
    assert open_tasks(world.session, case) == []
    taken = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                           AuditEvent.action == "case_action_taken")).one()
    assert taken.actor == "head_of_service@alpha.test" and taken.detail == "Close the case early"
    assert taken.after["closure_reason"] == "provider_closed"


def test_closing_early_is_for_the_role_of_its_lane(world):
    case = start(world, "case_actions")
    with pytest.raises(Forbidden):
        close_early(world, case, role=Role.CONTRACT_OFFICER)
    assert case.status == CaseStatus.RUNNING


def test_new_information_is_recorded_at_any_stage_and_the_case_runs_on(world):
    case = start(world, "case_actions")
    complete(world, case, "step_one", {"note": "done"})
    for day in ("2026-11-24", "2026-11-25"):
        take_case_action(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER),
                         case_id=case.id, name="record_new_information",
                         data={"information_received_on": day, "information_summary": "A relative called"})
    assert open_elements(world, case) == ["step_two"]
    assert case_data(world.session, case)["information_received_on"] == "2026-11-25"
    actions = [a.name for a in load_run(world.session, case).available_actions()]
    assert actions == ["close_case_early", "record_new_information"]


def test_an_action_taken_in_one_case_is_not_open_in_the_next_and_each_case_ends_with_its_main_flow(world):
    earlier = start(world, "case_actions")
    take_case_action(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER),
                     case_id=earlier.id, name="record_new_information",
                     data={"information_received_on": "2026-11-24", "information_summary": "A relative called"})
    later = start(world, "case_actions")
    assert load_run(world.session, later).progress()["waiting"] == []  # no action open, waiting for its message
    for case in (earlier, later):
        for number in ("one", "two", "three"):
            complete(world, case, f"step_{number}", {"note": "done"})
        assert case.status == CaseStatus.COMPLETED, f"case {case.id} waits for an action nobody started"


def test_an_action_with_invalid_answers_changes_nothing(world):
    case = start(world, "case_actions")
    with pytest.raises(Invalid):
        take_case_action(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.HEAD_OF_SERVICE),
                         case_id=case.id, name="close_case_early", data={"closure_reason": "bored"})
    assert case.status == CaseStatus.RUNNING and open_elements(world, case) == ["step_one"]


# --------------------------------------------------------------------------- through the REST API

@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_an_overdue_step_stays_overdue_on_the_case_the_task_and_the_overdue_list(http, world, sessions):
    case = http.post("/api/v1/cases", {"process_key": "chased_notice", "provider_id": world.providers["alpha"]}).json
    http.post(f"/api/v1/tasks/{case['tasks'][0]['id']}/complete", {"data": {"decision_date": DECISION_DAY}})
    at("2026-11-30T09:00:00+00:00", sessions)
    detail = http.get(f"/api/v1/cases/{case['id']}").json
    [overdue] = [d for d in detail["deadlines"] if d["status"] == "overdue"]
    assert overdue["name"] == "Provider notice overdue (2 working days)" and overdue["step"] == "Notify the provider"
    assert overdue["overdue_days"] == 3 and "2 working days after 24 Nov 2026" in overdue["rule"]
    # The scheduler noticed the miss this morning: the chaser is reminded in two working days.
    assert overdue["next_chase_at"] == "2026-12-02T17:00:00+00:00"
    notice = next(t for t in detail["tasks"] if t["element_id"] == "notify_provider")
    assert notice["overdue"] and notice["days_late"] == 3
    task = http.get(f"/api/v1/tasks/{notice['id']}").json
    assert task["deadline_name"] == "Provider notice overdue (2 working days)" and task["next_chase_at"]
    listed = http.get("/api/v1/tasks?overdue=true").json["items"]
    assert notice["id"] in [t["id"] for t in listed]


def test_case_actions_are_listed_with_their_form_and_taken_by_their_role(http, world):
    case = http.post("/api/v1/cases", {"process_key": "case_actions", "provider_id": world.providers["alpha"]}).json
    assert [(a["name"], a["role"], a["ends_case"]) for a in case["actions"]] == [
        ("close_case_early", "head_of_service", True), ("record_new_information", "contract_officer", False)]
    form = http.get(f"/api/v1/cases/{case['id']}/actions/close_case_early").json
    assert form["schema"]["required"] == ["closure_reason", "closure_details"]
    path = f"/api/v1/cases/{case['id']}/actions/close_case_early"
    body = {"data": {"closure_reason": "concerns_resolved", "closure_details": "Inspection rated good"}}
    assert http.post(path, body).status_code == 403
    assert http.post(path, {"data": {"closure_reason": "bored"}}, role=Role.HEAD_OF_SERVICE).status_code == 422
    closed = http.post(path, body, role=Role.HEAD_OF_SERVICE)
    assert closed.status_code == 200 and closed.json["status"] == "completed" and closed.json["actions"] == []
    assert http.post(path, body, role=Role.HEAD_OF_SERVICE).status_code == 409
    assert http.get(f"/api/v1/cases/{case['id']}/actions/nonsense").status_code == 404


def test_a_script_that_refuses_answers_gives_422_and_the_task_stays_ready(http, world):
    case = http.post("/api/v1/cases", {"process_key": "refusing_step", "provider_id": world.providers["alpha"]}).json
    task_id = case["tasks"][0]["id"]
    refused = http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"note": "no"}})
    assert refused.status_code == 422
    assert "The note may not say no" in refused.json["detail"]
    after = http.get(f"/api/v1/cases/{case['id']}").json
    assert after["status"] == "running" and [t["id"] for t in after["tasks"]] == [task_id]
    assert http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"note": "yes"}}).json["status"] == "completed"
