"""A case walks its diagram through the service layer: start, tasks, scripts, gateways, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cases.models import CaseStatus, CaseTask
from api.cases.service import case_data, complete_task, start_case
from api.errors import Forbidden, Invalid
from engine.roles import Role

CO, HOS = Role.CONTRACT_OFFICER, Role.HEAD_OF_SERVICE


def _tasks(session, case):
    return list(session.scalars(select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.element_id)))


def _start(world, process_key, tenant="alpha", data=None):
    return start_case(world.session, tenant=world.tenants[tenant], actor=world.actor(tenant, CO), process_key=process_key,
                      provider_id=world.providers[tenant], data=data or {})


def test_starting_a_case_opens_the_first_task_for_its_lane_role_with_its_form(world):
    case = _start(world, "simple_review")
    [task] = _tasks(world.session, case)
    assert case.status == CaseStatus.RUNNING
    assert (task.element_id, task.role, task.form) == ("review", "contract_officer", "review.schema.json")
    assert "Rosewood House (alpha)" in task.instructions
    assert case_data(world.session, case)["review_started"] is True  # the task's pre-script ran


def test_invalid_submission_lists_every_field_and_changes_nothing(world):
    case = _start(world, "simple_review")
    [task] = _tasks(world.session, case)
    state_before = dict(case.state)
    events_before = world.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    with pytest.raises(Invalid) as caught:
        complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", CO), task_id=task.id,
                      data={"score_a": 9, "surprise": "x"})
    fields = {e["field"] for e in caught.value.errors}
    assert {"/score_a", "/score_b"} <= fields
    assert any("surprise" in e["message"] for e in caught.value.errors)
    world.session.refresh(case)
    assert case.state == state_before
    assert world.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == events_before


def test_a_high_total_escalates_to_head_of_service_and_only_they_may_decide(world):
    case = _start(world, "simple_review")
    [review] = _tasks(world.session, case)
    complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", CO), task_id=review.id,
                  data={"score_a": 3, "score_b": 4})
    [escalate] = _tasks(world.session, case)
    assert (escalate.element_id, escalate.role) == ("escalate", "head_of_service")
    assert case_data(world.session, case)["total"] == 7
    with pytest.raises(Forbidden):
        complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", CO), task_id=escalate.id,
                      data={"decision": "agree", "reason": "x"})
    complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", HOS), task_id=escalate.id,
                  data={"decision": "agree", "reason": "Scores are high"})
    assert case.status == CaseStatus.COMPLETED
    assert case.ended_at is not None
    assert case_data(world.session, case)["escalation_recorded"] is True  # post-script


def test_a_low_total_closes_the_case_by_the_default_flow(world):
    case = _start(world, "simple_review")
    [review] = _tasks(world.session, case)
    complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", CO), task_id=review.id,
                  data={"score_a": 1, "score_b": 2})
    assert case.status == CaseStatus.COMPLETED
    assert _tasks(world.session, case) == []


def test_every_change_is_in_the_audit_trail_with_who_and_what_changed(world):
    case = _start(world, "simple_review")
    [review] = _tasks(world.session, case)
    complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", CO), task_id=review.id,
                  data={"score_a": 1, "score_b": 2, "notes": "Visited"})
    events = list(world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["case_started", "task_completed", "case_completed"]
    completed = events[1]
    assert completed.actor == "contract_officer@alpha.test"
    assert completed.element_id == "review"
    assert completed.after["notes"] == "Visited" and completed.after["total"] == 3
    assert "notes" not in (completed.before or {})


def test_the_audit_trail_cannot_be_changed_or_deleted(world, sessions):
    import sqlalchemy.exc

    _start(world, "simple_review")
    with sessions() as other:
        event = other.scalars(select(AuditEvent)).first()
        event.detail = "rewritten"
        with pytest.raises(sqlalchemy.exc.DatabaseError):
            other.commit()
        other.rollback()
        other.delete(other.scalars(select(AuditEvent)).first())
        with pytest.raises(sqlalchemy.exc.DatabaseError):
            other.commit()
