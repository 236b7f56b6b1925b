"""Keeping the projections of a case (ready tasks, waiting timers, waiting messages) in step
with its state, in as few statements as possible: they are written on every change.

Each row names the case part its task lives in; a change that loaded only some parts rewrites
only their rows, so changes to different parts of a case never touch the same rows."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from engine.runtime import CaseRun
from engine.serialization import to_json_data

from .models import Case, CaseMessageWait, CaseStatus, CaseTask, CaseTimer

__all__ = ["sync_projections"]


_TASK_FIELDS = ("part", "element_id", "name", "purpose", "process_key", "role", "form", "ui_form", "instructions", "due_at", "due_rule")


def _existing(session: Session, case_id: int, parts: set[str] | None) -> dict[str, dict[str, dict]]:
    """The case's rows (of ``parts`` only, if given) with what may change in them, by id."""
    def rows_of(model, *columns):
        query = select(model.id, *columns).where(model.case_id == case_id)
        return session.execute(query if parts is None else query.where(model.part.in_(parts)))

    return {
        "task": {row[0]: dict(zip(_TASK_FIELDS, row[1:])) for row in rows_of(CaseTask, *(getattr(CaseTask, f) for f in _TASK_FIELDS))},
        "timer": {row_id: {} for (row_id,) in rows_of(CaseTimer)},
        "wait": {row_id: {"correlations": correlations} for row_id, correlations in rows_of(CaseMessageWait, CaseMessageWait.correlations)},
    }


def _replace(session: Session, model, existing: dict[str, dict], rows: dict[str, dict], update_kept: bool) -> None:
    gone = existing.keys() - rows.keys()
    if gone:
        session.execute(delete(model).where(model.id.in_(gone)))
    new = [row for row_id, row in rows.items() if row_id not in existing]
    if new:
        session.execute(insert(model), new)
    if update_kept:
        for row_id in existing.keys() & rows.keys():
            values = {k: v for k, v in rows[row_id].items() if k not in ("id", "case_id", "tenant_id")}
            # Most changes leave most rows as they were: write only those that differ.
            if any(existing[row_id].get(k, values[k]) != values[k] for k in values):
                session.execute(update(model).where(model.id == row_id).values(**values))


def sync_projections(session: Session, case: Case, run: CaseRun) -> None:
    running = case.status == CaseStatus.RUNNING
    # A run holding the whole case owns every row of it; a partial one only its parts' rows.
    existing = _existing(session, case.id, run.parts.keys() if run.partial and running else None)
    base = {"case_id": case.id, "tenant_id": case.tenant_id}
    tasks = {
        t.id: {**base, "id": t.id, "part": t.part, "element_id": t.element_id, "name": t.name, "purpose": t.purpose,
               "process_key": t.process_key, "role": t.role,
               "form": t.form, "ui_form": t.ui_form, "instructions": t.instructions, "due_at": t.due_at, "due_rule": t.due_rule}
        for t in (run.ready_tasks() if running else [])
    }
    timers = {
        t.task_id: {**base, "id": t.task_id, "part": t.part, "element_id": t.element_id, "name": t.name, "due_at": t.due_at, "rule": t.rule,
                    "attached_to": t.attached_to, "interrupting": t.interrupting}
        for t in (run.waiting_timers() if running else [])
    }
    waits = {
        w.task_id: {**base, "id": w.task_id, "part": w.part, "name": w.name, "element_id": w.element_id, "correlations": to_json_data(w.correlations)}
        for w in (run.waiting_messages() if running else [])
    }
    # A task that stays ready keeps its assignee and draft; its description may change (a due date appears).
    _replace(session, CaseTask, existing["task"], tasks, update_kept=True)
    # A timer's due time is fixed once set, but a message wait's expected correlation can be learnt later.
    _replace(session, CaseTimer, existing["timer"], timers, update_kept=False)
    _replace(session, CaseMessageWait, existing["wait"], waits, update_kept=True)
