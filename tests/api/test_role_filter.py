"""An inbox shows the tasks of the reader's roles: a lane's own role, and lanes that name several
roles one of which is the reader's; the role texts in use are read from the index, not the tasks."""

from __future__ import annotations

import uuid

from api.cases.models import CaseTask
from api.cases.role_filter import role_texts_in_use
from api.cases.summaries import count_task_views, list_tasks
from tests.support.world import start

ROLES = ("contract_officer", "police_officer", "contract_officer police_officer", "chair", "icb_nurse_assessor police_officer")


def _tasks_in_lanes(world) -> None:
    case = start(world, "simple_review")  # its own review step is the contract officer's
    for role in ROLES:
        world.session.add(CaseTask(id=str(uuid.uuid4()), case_id=case.id, tenant_id=case.tenant_id, element_id="step",
                                   name=f"A step for {role}", process_key=case.process_key, role=role))
    world.session.commit()


def test_the_role_texts_in_use_are_each_distinct_text_of_the_councils_tasks(world):
    _tasks_in_lanes(world)
    assert role_texts_in_use(world.session, world.tenants["alpha"].id) == sorted(set(ROLES))
    assert role_texts_in_use(world.session, world.tenants["beta"].id) == []


def test_a_police_officer_sees_their_lanes_and_the_lanes_they_share_and_no_other(world):
    _tasks_in_lanes(world)
    tenant = world.tenants["alpha"]
    rows, total = list_tasks(world.session, tenant=tenant, user_id=0, roles={"police_officer"}, mine=True)
    assert sorted(r["role"] for r in rows) == sorted(
        ["police_officer", "contract_officer police_officer", "icb_nurse_assessor police_officer"])
    assert total == 3
    counts = count_task_views(world.session, tenant=tenant, user_id=0, roles={"police_officer"},
                              views={"team": {"mine": True}}, up_to=1000)
    assert counts == {"team": 3}


def test_a_reader_with_no_role_that_any_task_names_sees_none(world):
    _tasks_in_lanes(world)
    rows, total = list_tasks(world.session, tenant=world.tenants["alpha"], user_id=0, roles={"viewer"}, mine=True)
    assert (rows, total) == ([], 0)
