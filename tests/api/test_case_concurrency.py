"""Parts lock on their own: officers completing steps of different residents of one closure
at the same moment all succeed; two completing the same step get one 200 and one 409."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from api.cases.models import Case, CaseStatus, CaseTask
from api.cases.service import complete_task, load_run
from api.errors import Conflict
from api.tenants.models import Tenant
from engine.roles import Role
from tests.support.world import complete, start

RESIDENTS = [{"name": f"Resident {n}", "self_funder": False} for n in range(1, 5)]


def _at_once(calls) -> list:
    """Run each call in its own thread, all released together; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:  # the test looks at what each got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _open(session, case_id, element_id) -> list[CaseTask]:
    session.expire_all()
    return list(session.scalars(select(CaseTask).where(CaseTask.case_id == case_id, CaseTask.element_id == element_id)
                                .order_by(CaseTask.id)))


def _completion(sessions, tenant_id, actor, task_id, data):
    def call():
        with sessions() as session:
            tenant = session.get(Tenant, tenant_id)
            return complete_task(session, tenant=tenant, actor=actor, task_id=task_id, data=data).id
    return call


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_officers_completing_different_residents_moves_at_once_all_succeed(world, sessions, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent writers: PostgreSQL (SQLite has one writer at a time)")
    case = start(world, "resident_moves")
    complete(world, case, "list_residents", {"residents": RESIDENTS})
    tenant_id, officer = world.tenants["alpha"].id, world.actor("alpha", Role.CONTRACT_OFFICER)
    for element_id, data in (("move_resident", {"new_home": "Oak Lodge", "moved_on": "2026-11-23"}),
                             ("confirm_move", {})):
        rows = _open(world.session, case.id, element_id)
        assert len(rows) == len(RESIDENTS)
        results = _at_once([_completion(sessions, tenant_id, officer, row.id, data) for row in rows])
        assert results == [case.id] * len(RESIDENTS), results
    world.session.expire_all()
    assert world.session.get(Case, case.id).status == CaseStatus.COMPLETED


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_two_completions_of_one_task_at_once_give_one_200_and_one_409(app, world, http):
    case = start(world, "resident_moves")
    complete(world, case, "list_residents", {"residents": RESIDENTS[:2]})
    [row, _other] = _open(world.session, case.id, "move_resident")
    headers = http.headers("alpha", Role.CONTRACT_OFFICER)

    def post():
        response = app.test_client().post(f"/api/v1/tasks/{row.id}/complete", headers=headers,
                                          json={"data": {"new_home": "Elm Court", "moved_on": "2026-11-23"}})
        return response.status_code

    assert sorted(_at_once([post, post])) == [200, 409]
    world.session.expire_all()
    assert len(_open(world.session, case.id, "confirm_move")) == 1
    assert [t.element_id for t in load_run(world.session, world.session.get(Case, case.id)).ready_tasks()].count("confirm_move") == 1


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_the_same_task_completed_twice_in_a_row_is_a_conflict(world):
    case = start(world, "resident_moves")
    complete(world, case, "list_residents", {"residents": RESIDENTS[:1]})
    [row] = _open(world.session, case.id, "move_resident")
    data = {"new_home": "Elm Court", "moved_on": "2026-11-23"}
    complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER), task_id=row.id, data=data)
    with pytest.raises(Conflict):
        complete_task(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER), task_id=row.id, data=data)
