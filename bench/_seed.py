"""Seeding a county's volume for bench/scale.py: providers, cases, open tasks, timers and audit
events as rows (what lists and pages read), and real cases with due timers cloned from one
case run by the engine (what the scheduler fires)."""

from __future__ import annotations

import datetime as _dt
import random
import re
import uuid

from sqlalchemy import func, insert, select, text

from api.audit.models import AuditEvent
from api.cases.models import Case, CaseMessageWait, CasePart, CaseStatus, CaseTask, CaseTimer
from api.definitions.service import latest_for_tenant
from api.providers.models import Provider
from engine.roles import Role

__all__ = ["seed_volume", "snapshot_case", "clone_case"]

BATCH = 5000
UTC = _dt.timezone.utc
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _insert(session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start:start + BATCH])
    session.commit()


def _follow_ids(session, table: str) -> None:
    """Rows inserted with their ids: move PostgreSQL's id sequence past them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        session.commit()


def _ids(session, model, tenant_id: int) -> list[int]:
    return list(session.scalars(select(model.id).where(model.tenant_id == tenant_id).order_by(model.id)))


def _providers(session, tenant_id: int, count: int) -> list[int]:
    _insert(session, Provider, [{"tenant_id": tenant_id, "name": f"House {n:05d}", "kind": "care_home_residential",
                                 "regulator": "CQC", "regulator_id": f"9-{n:09d}", "beds": 30, "address": "",
                                 "status": "active", "created_at": _dt.datetime(2024, 1, 1, tzinfo=UTC)} for n in range(count)])
    return _ids(session, Provider, tenant_id)


def _cases(session, tenant, providers: list[int], running: int, finished: int, rng) -> list[dict]:
    definitions = [d for d in latest_for_tenant(session, tenant=tenant)]
    first = session.scalar(select(func.coalesce(func.max(Case.id), 0))) + 1
    rows = []
    for n in range(running + finished):
        definition = definitions[n % len(definitions)]
        started = _dt.datetime(2024, 1, 1, tzinfo=UTC) + _dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        done = n >= running
        rows.append({"id": first + n, "tenant_id": tenant.id, "provider_id": rng.choice(providers),
                     "definition_id": definition.id, "process_key": definition.key, "bundle": {definition.key: definition.id},
                     "status": CaseStatus.COMPLETED if done else CaseStatus.RUNNING, "started_at": started,
                     "ended_at": started + _dt.timedelta(days=30) if done else None, "version": 1, "error": None})
    _insert(session, Case, rows)
    _follow_ids(session, "case_record")
    return rows[:running]


def _open_work(session, tenant_id: int, running: list[dict], tasks: int, timers: int, rng) -> None:
    roles = [r.value for r in Role]
    now = _dt.datetime(2026, 11, 23, 9, tzinfo=UTC)
    _insert(session, CaseTask, [
        {"id": str(uuid.UUID(int=rng.getrandbits(128))), "case_id": case["id"], "tenant_id": tenant_id, "element_id": f"step_{n % 9}",
         "name": f"Step {n % 9}", "process_key": case["process_key"], "role": roles[n % len(roles)], "form": None,
         "ui_form": None, "instructions": "", "due_rule": None, "assignee_id": None, "draft": None, "part": "root",
         "due_at": None if n % 4 == 0 else now + _dt.timedelta(hours=rng.randrange(-2000, 2000)),
         "created_at": case["started_at"]} for n, case in ((n, running[n % len(running)]) for n in range(tasks))])
    _insert(session, CaseTimer, [
        {"id": str(uuid.UUID(int=rng.getrandbits(128))), "case_id": running[n % len(running)]["id"], "tenant_id": tenant_id,
         "element_id": "review_due", "name": "Review due", "rule": None, "attached_to": None, "interrupting": False,
         "part": "root", "due_at": _dt.datetime(2031, 1, 1, tzinfo=UTC) + _dt.timedelta(minutes=n)} for n in range(timers)])


def _audit(session, tenant_id: int, cases: list[dict], events: int) -> None:
    _insert(session, AuditEvent, [
        {"tenant_id": tenant_id, "case_id": cases[n % len(cases)]["id"], "actor_id": None, "actor": "seed",
         "at": cases[n % len(cases)]["started_at"], "action": "task_completed", "element_id": "step", "task_id": None,
         "detail": "Step", "before": None, "after": None} for n in range(events)])


def seed_volume(session, tenant, scale: float) -> None:
    """30,000 providers, 50,000 running and 20,000 finished cases, 100,600 open tasks, 50,400
    timers (none due) and 210,000 audit events, times ``scale``."""
    rng = random.Random(17)
    providers = _providers(session, tenant.id, int(30_000 * scale))
    running = _cases(session, tenant, providers, int(50_000 * scale), int(20_000 * scale), rng)
    _open_work(session, tenant.id, running, int(100_600 * scale), int(50_400 * scale), rng)
    _audit(session, tenant.id, running, int(210_000 * scale))


def _rows(session, model, case_id: int) -> list[dict]:
    columns = [c.name for c in model.__table__.columns if c.name != "id" or model is not CasePart]
    return [dict(zip(columns, row)) for row in session.execute(
        select(*(model.__table__.c[c] for c in columns)).where(model.__table__.c.case_id == case_id))]


def snapshot_case(session, case_id: int) -> tuple[dict, dict]:
    """A case's row, parts and projections as they are now, to clone later."""
    template = dict(zip([c.name for c in Case.__table__.columns],
                        session.execute(select(Case.__table__).where(Case.id == case_id)).one()))
    return template, {model: _rows(session, model, case_id) for model in (CasePart, CaseTask, CaseTimer, CaseMessageWait)}


def clone_case(session, snapshot: tuple[dict, dict], copies: int) -> None:
    """``copies`` new cases exactly like the snapshot (its parts and projections), each with
    task ids of its own."""
    template, tables = snapshot
    first = session.scalar(select(func.max(Case.id))) + 1
    batches: dict = {model: [] for model in tables}
    for n in range(copies):
        new_id = first + n
        mapping: dict[str, str] = {}
        fresh = lambda match: mapping.setdefault(match.group(0), str(uuid.uuid4()))  # noqa: E731
        batches.setdefault(Case, []).append({**template, "id": new_id})
        for model, rows in tables.items():
            for row in rows:
                copy = {k: (_UUID.sub(fresh, v) if isinstance(v, str) else v) for k, v in row.items()}
                batches[model].append({**copy, "case_id": new_id})
    _insert(session, Case, batches.pop(Case))
    _follow_ids(session, "case_record")
    for model, rows in batches.items():
        if rows:
            _insert(session, model, rows)
