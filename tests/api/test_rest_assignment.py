"""Assigning a task to a named colleague and naming a case's owner through the REST API, as the
web pages do: the same rules, the same audit, the same alert."""

from __future__ import annotations

from sqlalchemy import select

from api.actors import Actor
from api.alerts.models import Alert
from api.audit.models import AuditEvent
from api.users.service import add_user
from engine.roles import Role
from tests.support.world import open_tasks, start

CO = Role.CONTRACT_OFFICER


def _colleague(session, email="sam.jones@alpha.test", roles=(CO.value,), tenant="alpha"):
    return add_user(session, email=email, tenant_slug=tenant, roles=list(roles), name="Sam Jones", actor=Actor.system("tests"))


def _task(world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    return case, task


def test_a_task_is_given_to_a_colleague_who_holds_its_role_and_they_are_alerted(http, world, session):
    colleague = _colleague(session)
    case, task = _task(world)
    listed = http.get(f"/api/v1/tasks/{task.id}/assignees")
    assert listed.status_code == 200 and "sam.jones@alpha.test" in [c["email"] for c in listed.json]
    assert "head_of_service@alpha.test" not in [c["email"] for c in listed.json]
    given = http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": colleague.id})
    assert given.status_code == 200 and given.json["assignee_id"] == colleague.id
    [alert] = session.scalars(select(Alert))
    assert alert.email == "sam.jones@alpha.test"
    audit = session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "task_assigned")).one()
    assert audit.actor == "contract_officer@alpha.test" and audit.after == {"assignee_id": colleague.id}
    back = http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": None})
    assert back.status_code == 200 and back.json["assignee_id"] is None


def test_a_task_cannot_go_to_someone_without_its_role_or_from_another_council(http, world, session):
    stranger = _colleague(session, email="sam.jones@beta.test", tenant="beta")
    _case, task = _task(world)
    head = world.actor("alpha", Role.HEAD_OF_SERVICE).user
    wrong_role = http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": head.id})
    assert wrong_role.status_code == 422
    assert wrong_role.json["errors"][0]["field"] == "/assignee_id" and "contract officer role" in wrong_role.json["detail"]
    elsewhere = http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": stranger.id})
    assert elsewhere.status_code == 422 and "active user of this council" in elsewhere.json["detail"]
    assert http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": "12"}).status_code == 422
    assert http.put(f"/api/v1/tasks/{task.id}/assignee", {}).status_code == 422
    assert session.scalars(select(Alert)).all() == []


def test_a_viewer_can_neither_list_colleagues_nor_assign(http, world, session):
    colleague = _colleague(session)
    case, task = _task(world)
    assert http.get(f"/api/v1/tasks/{task.id}/assignees", role=Role.VIEWER).status_code == 403
    assert http.put(f"/api/v1/tasks/{task.id}/assignee", {"assignee_id": colleague.id}, role=Role.VIEWER).status_code == 403
    assert http.get(f"/api/v1/cases/{case.id}/owners", role=Role.VIEWER).status_code == 403


def test_a_case_owner_is_named_and_shown_on_the_case(http, world):
    case = start(world, "simple_review")
    head = world.actor("alpha", Role.HEAD_OF_SERVICE).user
    owners = http.get(f"/api/v1/cases/{case.id}/owners").json
    assert head.email in [o["email"] for o in owners] and "viewer@alpha.test" not in [o["email"] for o in owners]
    named = http.put(f"/api/v1/cases/{case.id}/owner", {"owner_id": head.id})
    assert named.status_code == 200 and named.json["owner_id"] == head.id
    assert http.get(f"/api/v1/cases/{case.id}").json["owner_id"] == head.id
    viewer = world.actor("alpha", Role.VIEWER).user
    refused = http.put(f"/api/v1/cases/{case.id}/owner", {"owner_id": viewer.id})
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "/owner_id"
    assert http.put(f"/api/v1/cases/{case.id}/owner", {"owner_id": 2**31}).status_code == 422

