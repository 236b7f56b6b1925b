"""Keeping the projections of a case (ready tasks, waiting timers, waiting messages) in step
with its state, in as few statements as possible: they are written on every change.

Each row names the case part its task lives in; a change that loaded only some parts rewrites
only their rows, so changes to different parts of a case never touch the same rows."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine.runtime import CaseRun
from engine.serialization import to_json_data

from .models import Case, CaseMessageWait, CaseStatus, CaseTask, CaseTimer

__all__ = ["sync_projections"]


_TASK_FIELDS = ("part", "element_id", "name", "purpose", "process_key", "role", "form", "ui_form", "instructions", "due_at", "due_rule")


class _Projection:
    """One projection table's statements, built once (every change runs them; building a
    statement costs more than SQLite takes to run it)."""

    def __init__(self, model, compared: tuple[str, ...]):
        self.model, self.compared = model, compared
        rows = select(model.id, *(getattr(model, name) for name in compared)).where(model.case_id == bindparam("case_id"))
        self.rows = rows
        self.rows_in_parts = rows.where(model.part.in_(bindparam("parts", expanding=True)))
        self.delete = delete(model).where(model.id.in_(bindparam("ids", expanding=True)))
        self.insert = insert(model)

    def existing(self, connection, case_id: int, parts: set[str] | None) -> dict[str, dict]:
        """The case's rows (of ``parts`` only, if given) with what may change in them, by id."""
        if parts is None:
            found = connection.execute(self.rows, {"case_id": case_id})
        else:
            found = connection.execute(self.rows_in_parts, {"case_id": case_id, "parts": list(parts)})
        return {row[0]: dict(zip(self.compared, row[1:])) for row in found}

    def replace(self, session: Session, existing: dict[str, dict], rows: dict[str, dict]) -> None:
        connection = session.connection()
        gone = existing.keys() - rows.keys()
        if gone:
            connection.execute(self.delete, {"ids": list(gone)})
            # A row deleted here must not linger in the session as if it were still there.
            for row_id in gone:
                stale = session.identity_map.get(Session.identity_key(self.model, row_id))
                if stale is not None:
                    session.expunge(stale)
        new = [row for row_id, row in rows.items() if row_id not in existing]
        if new:
            connection.execute(self.insert, new)
        for row_id in existing.keys() & rows.keys():
            values = {k: rows[row_id][k] for k in self.compared}
            # Most changes leave most rows as they were: write only those that differ (through
            # the session, so a row it holds shows the change).
            if existing[row_id] != values:
                session.execute(update(self.model).where(self.model.id == row_id).values(**values))


# A task that stays ready keeps its assignee and draft; its description may change (a due date appears).
_TASKS = _Projection(CaseTask, _TASK_FIELDS)
# A timer's due time is fixed once set.
_TIMERS = _Projection(CaseTimer, ())
# A message wait's expected correlation can be learnt later.
_WAITS = _Projection(CaseMessageWait, ("correlations",))


def sync_projections(session: Session, case: Case, run: CaseRun) -> None:
    running = case.status == CaseStatus.RUNNING
    # A run holding the whole case owns every row of it; a partial one only its parts' rows.
    parts = set(run.parts.keys()) if run.partial and running else None
    connection = session.connection()
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
    for projection, rows in ((_TASKS, tasks), (_TIMERS, timers), (_WAITS, waits)):
        projection.replace(session, projection.existing(connection, case.id, parts), rows)
