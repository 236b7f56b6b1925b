"""Case state stored by parts: long loops never stall, a completion writes only the parts it
changed, finished parts are written once, and each part is locked on its own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.cases.models import CasePart, CaseStatus, CaseTask
from api.cases.service import case_data, load_run
from engine.parts import ROOT
from engine.roles import Role
from tests.support.world import complete, open_tasks, start

RESIDENTS = [{"name": name, "self_funder": False} for name in ("Ann", "Bob", "Cai")]


def _parts(session, case) -> dict[str, tuple[int, bool, str]]:
    session.expire_all()
    rows = session.execute(select(CasePart.key, CasePart.version, CasePart.finished, CasePart.state)
                           .where(CasePart.case_id == case.id))
    return {key: (version, finished, text) for key, version, finished, text in rows}


def _moves(world, residents=RESIDENTS):
    case = start(world, "resident_moves")
    complete(world, case, "list_residents", {"residents": residents})
    return case


def _task_of(world, case, element_id, resident):
    for task in open_tasks(world.session, case):
        if task.element_id == element_id and resident in task.instructions + task.name:
            return task
    return next(t for t in open_tasks(world.session, case) if t.element_id == element_id
                and load_run(world.session, case).find_task(t.id).data["resident"]["name"] == resident)


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_a_loop_of_500_rounds_runs_to_its_end_with_a_small_live_state(world):
    case = start(world, "monthly_loop")
    for round_number in range(1, 501):
        complete(world, case, "hold_meeting", {"minutes": f"Round {round_number}", "another_meeting": round_number < 500})
        if round_number in (1, 499):
            live = load_run(world.session, case).workflow
            assert len(live.tasks) < 30, f"round {round_number}: {len(live.tasks)} live tasks"
            assert open_tasks(world.session, case)[0].element_id == "hold_meeting"
    world.session.refresh(case)
    assert case.status == CaseStatus.COMPLETED
    held = case_data(world.session, case)["meetings_held"]
    assert [m["round"] for m in held] == list(range(1, 501)) and held[-1]["minutes"] == "Round 500"
    progress = load_run(world.session, case).progress()
    assert {"plan_meetings", "hold_meeting", "record_meeting", "meetings_finished"} <= set(progress["completed"])


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_each_resident_is_a_part_and_a_completion_writes_only_the_part_it_changed(world):
    case = _moves(world)
    before = _parts(world.session, case)
    assert len(before) == 1 + len(RESIDENTS) and all(not finished for _v, finished, _t in before.values())
    ann = _task_of(world, case, "move_resident", "Ann")
    assert ann.part != ROOT
    complete(world, case, "move_resident", {"new_home": "Oak Lodge", "moved_on": "2026-11-23"},
             index=open_tasks(world.session, case).index(ann) - _first(world, case, "move_resident"))
    after = _parts(world.session, case)
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed == {ann.part}
    assert after[ann.part][0] == before[ann.part][0] + 1


def _first(world, case, element_id):
    return next(i for i, t in enumerate(open_tasks(world.session, case)) if t.element_id == element_id)


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_a_finished_part_is_written_once_and_never_again(world):
    case = _moves(world)
    ann = _task_of(world, case, "move_resident", "Ann")
    _complete_row(world, case, ann, {"new_home": "Oak Lodge", "moved_on": "2026-11-23"})
    _complete_row(world, case, _task_of(world, case, "confirm_move", "Ann"), {})
    finished = {key: value for key, value in _parts(world.session, case).items() if value[1]}
    assert list(finished) == [ann.part]
    for resident in ("Bob", "Cai"):
        _complete_row(world, case, _task_of(world, case, "move_resident", resident), {"new_home": "Elm Court", "moved_on": "2026-11-24"})
        _complete_row(world, case, _task_of(world, case, "confirm_move", resident), {})
    after = _parts(world.session, case)
    assert after[ann.part] == finished[ann.part]
    world.session.refresh(case)
    assert case.status == CaseStatus.COMPLETED
    assert all(finished for key, (_v, finished, _t) in after.items() if key != ROOT)


def _complete_row(world, case, row, data):
    from api.cases.service import complete_task

    tenant = world.tenants["alpha"]
    return complete_task(world.session, tenant=tenant, actor=world.actor("alpha", Role(row.role)), task_id=row.id, data=data)


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_a_case_state_reads_as_one_dict_with_every_part(world):
    case = _moves(world)
    state = case.state
    assert "spec" not in state and len(state["subprocesses"]) == len(RESIDENTS)
    row = world.session.scalar(select(CaseTask).where(CaseTask.case_id == case.id, CaseTask.element_id == "move_resident"))
    assert row.part in state["subprocesses"]
