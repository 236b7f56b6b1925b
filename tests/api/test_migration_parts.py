"""Migration 0004 moves real case states (fixture diagrams and a shipped procedure mid-way) to
parts and back, on SQLite and PostgreSQL: nothing is lost either way, and cases run on after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from api import create_app
from api.cases.models import Case, CasePart, CaseTask
from api.cases.service import case_data, load_run
from api.definitions import service as definitions_service
from api.definitions.service import load_bundle
from api.migrate import alembic_config, upgrade
from engine.definitions import ProcessLibrary
from engine.serialization import workflow_from_state
from SpiffWorkflow.util.task import TaskState
from tests.conftest import BACKENDS, BASE_PG_URL
from tests.support.world import build_world, complete, open_tasks, start

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def migrated(request, tmp_path):
    """A database built by the migrations alone, and an app on it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        from api.db import make_engine

        schema = f"test_migration_{abs(hash(str(tmp_path))) % 10**8}"
        admin = make_engine(BASE_PG_URL)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = BASE_PG_URL + ("&" if "?" in BASE_PG_URL else "?") + f"options=-csearch_path%3D{schema}"
    upgrade(url)
    definitions_service.clear_spec_cache()
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "CHECK_EXPLORE_PATHS": 0})
    yield url, app.extensions["concerns"]["sessions"]
    app.extensions["concerns"]["engine"].dispose()
    if request.param != "sqlite":
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def _snapshot(session) -> dict:
    session.expire_all()
    parts = {(p.case_id, p.key): (p.parent, p.spec, p.finished, json.loads(p.state)) for p in session.scalars(select(CasePart))}
    tasks = {t.id: (t.case_id, t.part) for t in session.scalars(select(CaseTask))}
    states = {case.id: case.state for case in session.scalars(select(Case))}
    return {"parts": parts, "tasks": tasks, "states": states}


def _round_trip(url, session, cases) -> None:
    before = _snapshot(session)
    session.rollback()  # no transaction left open while the schema changes
    command.downgrade(alembic_config(url), "0004_documents_and_deadlines")
    for case_id, state in before["states"].items():
        stored = session.execute(text("SELECT state FROM case_record WHERE id = :id"), {"id": case_id}).scalar_one()
        stored = stored if isinstance(stored, dict) else json.loads(stored)
        assert stored == json.loads(json.dumps(state)), f"case {case_id}"
        _loads_as_before_parts(session, case_id, stored, before)
    columns = session.execute(text("SELECT * FROM case_task")).keys()
    assert "part" not in columns
    session.rollback()  # no transaction left open while the schema changes
    upgrade(url)
    assert _snapshot(session) == before


def _loads_as_before_parts(session, case_id, state, before) -> None:
    """The joined state loads with the loader used before parts, with the same tasks ready."""
    bundle_ids, key = session.execute(text("SELECT bundle, process_key FROM case_record WHERE id = :id"), {"id": case_id}).one()
    bundle = load_bundle(session, bundle=bundle_ids if isinstance(bundle_ids, dict) else json.loads(bundle_ids), key=key)
    workflow = workflow_from_state(state, bundle.spec, dict(bundle.subprocess_specs), None)
    ready = {str(t.id) for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.manual}
    assert ready == {task_id for task_id, (case, _part) in before["tasks"].items() if case == case_id}


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_fixture_cases_move_to_parts_and_back(migrated):
    url, sessions = migrated
    with sessions() as session:
        world = build_world(session)
        review = start(world, "simple_review")
        moves = start(world, "resident_moves")
        complete(world, moves, "list_residents", {"residents": [{"name": n, "self_funder": False} for n in ("Ann", "Bob")]})
        complete(world, moves, "move_resident", {"new_home": "Oak Lodge", "moved_on": "2026-11-23"})
        complete(world, moves, "confirm_move", {})
        loop = start(world, "monthly_loop")
        for round_number in range(5):
            complete(world, loop, "hold_meeting", {"minutes": f"Round {round_number}", "another_meeting": True})
        timers = start(world, "timers")
        complete(world, timers, "record_decision", {"decision_date": "2026-11-23"})
        chased = start(world, "chased_notice")
        assert any(p.finished for p in session.scalars(select(CasePart).where(CasePart.case_id == moves.id)))
        _round_trip(url, session, [review, moves, loop, timers, chased])
        complete(world, moves, "move_resident", {"new_home": "Elm Court", "moved_on": "2026-11-24"})
        complete(world, loop, "hold_meeting", {"minutes": "Round 6", "another_meeting": False})
        assert len(case_data(session, session.get(Case, loop.id))["meetings_held"]) == 6
        assert "hold_meeting" in load_run(session, session.get(Case, loop.id)).progress()["completed"]
        assert [t.element_id for t in open_tasks(session, moves)] == ["confirm_move"]


def test_a_shipped_procedure_mid_way_moves_to_parts_and_back(migrated):
    from tests.processes.test_wales_escalating_concerns import stage_2b_notices, to_stage_2b

    url, sessions = migrated
    with sessions() as session:
        councils = build_world(session, ProcessLibrary(ROOT / "processes", ROOT / "forms"))
        case = to_stage_2b(councils, tenant="bridgend")
        waiting = sorted(t.element_id for t in open_tasks(session, case))
        _round_trip(url, session, [case])
        assert sorted(t.element_id for t in open_tasks(session, case)) == waiting
        stage_2b_notices(councils, session.get(Case, case.id), "2026-12-24")
        assert open_tasks(session, case)

