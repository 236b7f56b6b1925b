"""Issue 16, item 7: officers claiming one task at once: exactly one is told it is theirs,
the rest get 409, and the one told is the one stored. Needs PostgreSQL to race for real."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from api.actors import Actor
from api.cases.models import CaseTask
from api.users.service import add_user, issue_token
from tests.support.world import open_tasks, start

OFFICERS = 8


def test_eight_officers_claiming_one_task_at_once_one_is_told_so(app, world, session):
    if app.extensions["concerns"]["engine"].dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL (TEST_DATABASE_URL)")
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    tokens = []
    for n in range(OFFICERS):
        email = f"claimant{n}@alpha.test"
        add_user(session, email=email, tenant_slug="alpha", roles=["contract_officer"], actor=Actor.system("t"))
        tokens.append(issue_token(session, email=email, actor=Actor.system("t")))
    barrier = threading.Barrier(OFFICERS)
    answers: list = [None] * OFFICERS

    def claim(n):
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/tasks/{task.id}/claim", headers={"Authorization": f"Bearer {tokens[n]}"})
        answers[n] = (response.status_code, response.get_json().get("assignee_id"))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(OFFICERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    codes = sorted(code for code, _ in answers)
    assert codes == [200] + [409] * (OFFICERS - 1), answers
    winner = next(assignee for code, assignee in answers if code == 200)
    with app.extensions["concerns"]["sessions"]() as fresh:
        assert fresh.scalar(select(CaseTask.assignee_id).where(CaseTask.id == task.id)) == winner


def test_claiming_twice_is_still_yours_and_someone_elses_claim_is_409(http, world, session):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    assert http.post(f"/api/v1/tasks/{task.id}/claim").status_code == 200
    assert http.post(f"/api/v1/tasks/{task.id}/claim").status_code == 200
    add_user(session, email="other.officer@alpha.test", tenant_slug="alpha", roles=["contract_officer"], actor=Actor.system("t"))
    other = issue_token(session, email="other.officer@alpha.test", actor=Actor.system("t"))
    response = http.client.post(f"/api/v1/tasks/{task.id}/claim", headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 409
