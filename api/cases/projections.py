"""Keeping the projections of a case (ready tasks, waiting timers, waiting messages) in step
with its state, in as few statements as possible: they are written on every change.

Each row names the case part its task lives in; a change that loaded only some parts rewrites
only their rows, so changes to different parts of a case never touch the same rows."""

from __future__ import annotations

from sqlalchemy import bindparam, cast, delete, insert, literal_column, null, or_, select, union_all, update
from sqlalchemy.orm import Session

from engine.runtime import RUNNING, CaseRun
from engine.serialization import to_json_data

from ..compliance.models import UNRESOLVED, DeadlineOutcome
from ..db import JsonType, utcnow
from ..prepared import Prepared
from .models import Case, CaseMessageWait, CaseStatus, CaseTask, CaseTimer

__all__ = ["sync_projections", "case_rows"]


_TASK_FIELDS = ("part", "element_id", "name", "purpose", "process_key", "role", "form", "ui_form", "instructions", "due_at", "due_rule")
_WAIT_FIELDS = ("correlations",)
_DEADLINE_FIELDS = ("status",)
# The columns of the one read of every row a change may rewrite (each kind fills its own).
_READ_COLUMNS = _TASK_FIELDS + _WAIT_FIELDS + _DEADLINE_FIELDS


class _Rows:
    """One kind of row a change may rewrite, read with what may change in it as a branch of
    one read of them all (every change runs it; one statement costs more than SQLite takes to
    run several)."""

    def __init__(self, kind: str, model, compared: tuple[str, ...], *conditions, per_part: bool = True):
        self.kind, self.model, self.compared = kind, model, compared
        self.conditions, self.per_part = conditions, per_part

    def branch(self, first: bool, in_parts: bool):
        """A column the table lacks is NULL, typed in the first branch (which types the read)."""
        def column(name):
            if name in self.compared:
                return getattr(self.model, name)
            # PostgreSQL types a union by its branches in turn: an untyped NULL would make it text.
            return cast(null(), JsonType) if first and name in _WAIT_FIELDS else null()

        query = select(literal_column(f"'{self.kind}'"), self.model.id, *map(column, _READ_COLUMNS)) \
            .where(self.model.case_id == bindparam("case_id"), *self.conditions)
        if in_parts and self.per_part:
            query = query.where(self.model.part.in_(bindparam("parts", expanding=True)))
        return query


class _Projection(_Rows):
    """A projection table: its rows follow the case state. ``inserted``: the columns a new row
    is given (the others start empty: a task's assignee and draft)."""

    def __init__(self, kind: str, model, compared: tuple[str, ...], inserted: tuple[str, ...]):
        super().__init__(kind, model, compared)
        self.delete = delete(model).where(model.id.in_(bindparam("ids", expanding=True)))
        # Most changes end one task: a list parameter costs more than the statement takes to run.
        self.delete_one = Prepared(delete(model).where(model.id == bindparam("row_id")))
        self.insert = Prepared(insert(model).values({name: bindparam(name) for name in ("id", "case_id", "tenant_id", *inserted)}))

    def replace(self, session: Session, existing: dict[str, dict], rows: dict[str, dict]) -> None:
        connection = session.connection()
        gone = existing.keys() - rows.keys()
        if gone:
            if len(gone) == 1:
                self.delete_one.run(connection, {"row_id": next(iter(gone))})
            else:
                connection.execute(self.delete, {"ids": list(gone)})
            # A row deleted here must not linger in the session as if it were still there.
            for row_id in gone:
                stale = session.identity_map.get(Session.identity_key(self.model, row_id))
                if stale is not None:
                    session.expunge(stale)
        new = [row for row_id, row in rows.items() if row_id not in existing]
        if new:
            self.insert.run(connection, new)
        for row_id in existing.keys() & rows.keys():
            values = {k: rows[row_id][k] for k in self.compared}
            # Most changes leave most rows as they were: write only those that differ (through
            # the session, so a row it holds shows the change).
            if existing[row_id] != values:
                session.execute(update(self.model).where(self.model.id == row_id).values(**values))


# A task that stays ready keeps its assignee and draft; its description may change (a due date appears).
_TASKS = _Projection("task", CaseTask, _TASK_FIELDS, (*_TASK_FIELDS, "created_at"))
# A timer's due time is fixed once set.
_TIMERS = _Projection("timer", CaseTimer, (), ("part", "element_id", "name", "due_at", "rule", "attached_to", "interrupting"))
# A message wait's expected correlation can be learnt later.
_WAITS = _Projection("wait", CaseMessageWait, _WAIT_FIELDS, ("part", "name", "element_id", "correlations"))
# The case's deadlines still to settle (api/compliance/tracking.py), whichever part set them.
# (Equalities, not IN: a list parameter would keep the read from being compiled once.)
_DEADLINES = _Rows("deadline", DeadlineOutcome, _DEADLINE_FIELDS, or_(*(DeadlineOutcome.status == s for s in UNRESOLVED)),
                   per_part=False)
_KINDS = {rows.kind: rows for rows in (_TASKS, _TIMERS, _WAITS, _DEADLINES)}

_READ = Prepared(union_all(*(rows.branch(first=i == 0, in_parts=False) for i, rows in enumerate(_KINDS.values()))))
_READ_IN_PARTS = union_all(*(rows.branch(first=i == 0, in_parts=True) for i, rows in enumerate(_KINDS.values())))


def case_rows(session: Session, case: Case, run: CaseRun) -> dict[str, dict[str, dict]]:
    """The rows the change may rewrite, with what may change in them, by kind and id: the
    projection rows of the parts the run holds (all, for a whole case), and the case's
    unresolved deadlines."""
    # A run holding the whole case, or ending it, owns every row of it; a partial one only its parts' rows.
    parts = set(run.parts.keys()) if run.partial and run.status == RUNNING else None
    if parts is None:
        found = _READ.rows(session.connection(), {"case_id": case.id})
    else:
        found = session.connection().execute(_READ_IN_PARTS, {"case_id": case.id, "parts": list(parts)})
    rows: dict[str, dict[str, dict]] = {kind: {} for kind in _KINDS}
    for kind, row_id, *values in found:
        compared = _KINDS[kind].compared
        rows[kind][row_id] = {name: value for name, value in zip(_READ_COLUMNS, values) if name in compared}
    return rows


def sync_projections(session: Session, case: Case, run: CaseRun, existing: dict[str, dict[str, dict]] | None = None) -> None:
    """Rewrite the projection rows of the parts the run holds; ``existing``: :func:`case_rows`
    as read before the change was saved (read now if not given)."""
    running = case.status == CaseStatus.RUNNING
    base = {"case_id": case.id, "tenant_id": case.tenant_id}
    now = utcnow()
    tasks = {
        t.id: {**base, "id": t.id, "created_at": now, "part": t.part, "element_id": t.element_id, "name": t.name, "purpose": t.purpose,
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
    if existing is None:
        existing = case_rows(session, case, run)
    for projection, rows in ((_TASKS, tasks), (_TIMERS, timers), (_WAITS, waits)):
        projection.replace(session, existing[projection.kind], rows)
