"""Issue 16, item 1: a draft is its author's alone, on every surface."""

from __future__ import annotations

from engine.roles import Role
from tests.support.web import web_user

CO, PARTNER, VIEWER = Role.CONTRACT_OFFICER, Role.PARTNER, Role.VIEWER
SECRET = {"score_a": 2, "police_investigation_active": True, "adults_named": "A. Jones"}


def _task_with_draft(http, world) -> str:
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    task_id = case["tasks"][0]["id"]
    assert http.put(f"/api/v1/tasks/{task_id}/draft", {"data": SECRET}).status_code == 200
    # The partner reads the case as an invited partner (an uninvited one gets 404 for it).
    http.post(f"/api/v1/cases/{case['id']}/invitations", {"user_id": world.actor("alpha", PARTNER).user.id})
    return task_id


def test_a_saved_draft_is_shown_to_its_author_only(http, world):
    task_id = _task_with_draft(http, world)
    assert http.get(f"/api/v1/tasks/{task_id}").json["draft"] == SECRET
    for role in (PARTNER, VIEWER, Role.ADMIN, Role.HEAD_OF_SERVICE):
        answer = http.get(f"/api/v1/tasks/{task_id}", role=role)
        assert answer.status_code == 200 and answer.json["draft"] is None, role
        assert "A. Jones" not in answer.get_data(as_text=True)


def test_two_officers_drafting_one_step_keep_separate_drafts(http, world, session):
    from api.actors import Actor
    from api.users.service import add_user, issue_token

    task_id = _task_with_draft(http, world)
    add_user(session, email="second.officer@alpha.test", tenant_slug="alpha", roles=["contract_officer"], actor=Actor.system("t"))
    second = {"Authorization": "Bearer " + issue_token(session, email="second.officer@alpha.test", actor=Actor.system("t"))}
    assert http.client.get(f"/api/v1/tasks/{task_id}", headers=second).json["draft"] is None
    http.client.put(f"/api/v1/tasks/{task_id}/draft", json={"data": {"notes": "mine"}}, headers=second)
    assert http.client.get(f"/api/v1/tasks/{task_id}", headers=second).json["draft"] == {"notes": "mine"}
    assert http.get(f"/api/v1/tasks/{task_id}").json["draft"] == SECRET


def test_the_task_page_never_shows_another_persons_draft(app, http, world, session):
    task_id = _task_with_draft(http, world)
    partner = web_user(app, session, "alpha", PARTNER)
    page = partner.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "A. Jones" not in page
