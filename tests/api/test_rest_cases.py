"""The REST API for cases and tasks: the contract councils integrate with."""

from __future__ import annotations

import threading

import pytest

from engine.roles import Role

CO, HOS, PARTNER = Role.CONTRACT_OFFICER, Role.HEAD_OF_SERVICE, Role.PARTNER


def _start(http, world, key="simple_review", tenant="alpha", data=None, role=CO):
    response = http.post("/api/v1/cases", {"process_key": key, "provider_id": world.providers[tenant], "data": data or {}},
                         tenant=tenant, role=role)
    assert response.status_code == 201, response.json
    return response.json


def test_starting_a_case_answers_201_with_its_first_task(http, world):
    case = _start(http, world)
    assert case["status"] == "running"
    assert case["provider"]["name"] == "Rosewood House (alpha)"
    [task] = case["tasks"]
    assert (task["element_id"], task["role"]) == ("review", "contract_officer")
    assert case["stage"] == "Review the concern"


def test_a_task_gives_its_form_ui_schema_instructions_and_role(http, world):
    task_id = _start(http, world)["tasks"][0]["id"]
    task = http.get(f"/api/v1/tasks/{task_id}").json
    assert task["schema"]["properties"]["score_a"]["maximum"] == 5
    assert task["ui_schema"]["ui:order"][0] == "score_a"
    assert "Rosewood House (alpha)" in task["instructions"]
    assert task["role"] == "contract_officer"


def test_completing_with_invalid_data_answers_422_with_field_paths(http, world):
    task_id = _start(http, world)["tasks"][0]["id"]
    response = http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 8}})
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json
    assert {e["field"] for e in body["errors"]} == {"/score_a", "/score_b"}
    assert body["title"] and body["status"] == 422 and body["detail"]


def test_completing_answers_the_case_summary_and_the_case_moves_on(http, world):
    task_id = _start(http, world)["tasks"][0]["id"]
    response = http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 4, "score_b": 4}})
    assert response.status_code == 200
    assert [t["element_id"] for t in response.json["tasks"]] == ["escalate"]
    assert response.json["data"]["total"] == 8


def test_the_wrong_role_is_refused_with_403(http, world):
    task_id = _start(http, world)["tasks"][0]["id"]
    response = http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}, role=HOS)
    assert response.status_code == 403


def test_a_completed_task_answers_409(http, world):
    task_id = _start(http, world)["tasks"][0]["id"]
    assert http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}).status_code == 200
    assert http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}).status_code == 409


def test_concurrent_completion_gives_one_200_and_one_409(app, world, session):
    from tests.support.http import api_users

    task_ids = []
    users = api_users(app.test_client(), world, session)
    case = users.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    task_ids.append(case["tasks"][0]["id"])
    barrier = threading.Barrier(2)
    codes = []

    def attempt():
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/tasks/{task_ids[0]}/complete", json={"data": {"score_a": 1, "score_b": 1}},
                               headers=users.headers("alpha", CO))
        codes.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]


def test_another_councils_case_task_and_provider_answer_404(http, world):
    case = _start(http, world)
    task_id = case["tasks"][0]["id"]
    assert http.get(f"/api/v1/cases/{case['id']}", tenant="beta").status_code == 404
    assert http.get(f"/api/v1/cases/{case['id']}/events", tenant="beta").status_code == 404
    assert http.get(f"/api/v1/tasks/{task_id}", tenant="beta").status_code == 404
    assert http.post(f"/api/v1/tasks/{task_id}/complete", {"data": {}}, tenant="beta").status_code == 404
    assert http.get(f"/api/v1/providers/{world.providers['alpha']}", tenant="beta").status_code == 404
    response = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}, tenant="beta")
    assert response.status_code == 404
    assert http.get("/api/v1/cases", tenant="beta").json["total"] == 0


def test_cases_list_filters_and_paginates(http, world):
    for _ in range(3):
        _start(http, world)
    _start(http, world, key="gateways")
    page = http.get("/api/v1/cases?process_key=simple_review&page_size=2").json
    assert page["total"] == 3 and len(page["items"]) == 2 and page["page"] == 1
    assert http.get("/api/v1/cases?status=completed").json["total"] == 0


def test_tasks_list_by_role_assignee_and_claiming(http, world):
    _start(http, world)
    tasks = http.get("/api/v1/tasks?role=contract_officer").json
    assert tasks["total"] == 1
    task_id = tasks["items"][0]["id"]
    assert http.post(f"/api/v1/tasks/{task_id}/claim").json["assignee_id"] is not None
    assert http.get("/api/v1/tasks?assignee=me").json["total"] == 1
    assert http.post(f"/api/v1/tasks/{task_id}/claim", role=Role.ADMIN).status_code == 403
    assert http.post(f"/api/v1/tasks/{task_id}/unclaim").json["assignee_id"] is None


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_overdue_tasks_show_how_many_days_late(http, world):
    import datetime as _dt

    from engine import clock

    case = _start(http, world, key="timers")
    http.post(f"/api/v1/tasks/{case['tasks'][0]['id']}/complete", {"data": {"decision_date": "2026-11-24"}})
    clock.set_clock(_dt.datetime(2026, 11, 30, 9, tzinfo=_dt.timezone.utc))
    overdue = http.get("/api/v1/tasks?overdue=true").json["items"]
    notify = next(t for t in overdue if t["element_id"] == "notify_provider")
    assert notify["days_late"] == 3 and "2 working days after 24 Nov 2026" in notify["due_rule"]


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_the_case_shows_waiting_timers_and_the_audit_trail(http, world):
    case = _start(http, world, key="timers")
    http.post(f"/api/v1/tasks/{case['tasks'][0]['id']}/complete", {"data": {"decision_date": "2026-11-24"}})
    detail = http.get(f"/api/v1/cases/{case['id']}").json
    assert {t["element_id"] for t in detail["timers"]} == {"provider_notice_overdue", "response_overdue", "cooling_off"}
    events = http.get(f"/api/v1/cases/{case['id']}/events").json["items"]
    assert [e["action"] for e in events][:2] == ["case_started", "task_completed"]
    assert events[1]["actor"] == "contract_officer@alpha.test"


def _invite_partner(http, world, case_id: int) -> None:
    """A partner sees only the cases they are invited to (test_case_invitations.py)."""
    invited = http.post(f"/api/v1/cases/{case_id}/invitations", {"user_id": world.actor("alpha", PARTNER).user.id})
    assert invited.status_code == 201, invited.json


def test_confidential_items_are_hidden_from_the_roles_the_form_names(http, world):
    case = _start(http, world)
    _invite_partner(http, world, case["id"])
    http.post(f"/api/v1/tasks/{case['tasks'][0]['id']}/complete", {"data": {
        "score_a": 1, "score_b": 1, "police_investigation_active": True, "adults_named": "A. Jones"}})
    as_partner = http.get(f"/api/v1/cases/{case['id']}", role=PARTNER).json
    as_officer = http.get(f"/api/v1/cases/{case['id']}").json
    assert "adults_named" not in as_partner["data"] and as_partner["hidden_fields"] == ["adults_named"]
    assert as_officer["data"]["adults_named"] == "A. Jones"
    events = http.get(f"/api/v1/cases/{case['id']}/events", role=PARTNER).json["items"]
    assert all("adults_named" not in (e["after"] or {}) for e in events)


def test_confidential_items_show_when_the_condition_no_longer_holds(http, world):
    case = _start(http, world)
    _invite_partner(http, world, case["id"])
    http.post(f"/api/v1/tasks/{case['tasks'][0]['id']}/complete", {"data": {
        "score_a": 1, "score_b": 1, "police_investigation_active": False, "adults_named": "A. Jones"}})
    assert http.get(f"/api/v1/cases/{case['id']}", role=PARTNER).json["data"]["adults_named"] == "A. Jones"


def test_a_message_reaches_the_waiting_case(http, world):
    radar = _start(http, world, key="radar_referral", role=Role.CHAIR)
    http.post(f"/api/v1/tasks/{radar['tasks'][0]['id']}/complete", {"data": {"outcome": "qpip"}}, role=Role.CHAIR)
    provider_id = world.providers["alpha"]
    response = http.post("/api/v1/messages", {"name": "qpip_outcome", "correlation": {"provider_id": provider_id},
                                              "payload": {"provider_id": provider_id, "result": "improved"}},
                         role=Role.CHAIR)  # a role the procedure names (tests/api/test_security_roles.py)
    assert response.status_code == 200, response.json
    assert radar["id"] in [c["id"] for c in response.json["cases"]]
    assert http.get(f"/api/v1/cases/{radar['id']}").json["status"] == "completed"


def test_a_message_nobody_waits_for_answers_404(http, world):
    response = http.post("/api/v1/messages", {"name": "nobody_listens", "correlation": {}, "payload": {}})
    assert response.status_code == 404


def test_terminating_needs_a_reason_and_the_right_role(http, world):
    case = _start(http, world)
    assert http.post(f"/api/v1/cases/{case['id']}/terminate", {"reason": "Provider closed"}).status_code == 403
    assert http.post(f"/api/v1/cases/{case['id']}/terminate", {"reason": ""}, role=HOS).status_code == 422
    response = http.post(f"/api/v1/cases/{case['id']}/terminate", {"reason": "Provider closed"}, role=HOS)
    assert response.status_code == 200 and response.json["status"] == "terminated"
    assert response.json["tasks"] == []
