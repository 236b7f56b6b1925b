"""Keeping each case's deadline outcomes with its state, on every change (called where the case
is saved, in the same transaction), and telling the audit trail when one is met or missed."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine import clock
from engine.deadline_outcomes import CANCELLED, DONE, FIRED, OPEN, DeadlineState, deadline_state, deadline_timers
from engine.documents import format_instant
from engine.runtime import CaseRun

from ..actors import Actor
from ..audit.service import record
from .models import DeadlineOutcome, DeadlineStatus

__all__ = ["record_deadline_outcomes", "late_words"]

def late_words(seconds: int | None) -> str:
    """'2 days 3 hours', '5 hours', 'under an hour'."""
    if seconds is None:
        return ""
    days, rest = divmod(max(int(seconds), 0), 86400)
    hours = rest // 3600
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts) or "under an hour"


_KNOWN_ROWS = select(DeadlineOutcome.id).where(DeadlineOutcome.id.in_(bindparam("ids", expanding=True)))


def record_deadline_outcomes(session: Session, case, run: CaseRun, actor: Actor, unresolved: dict[str, str]) -> None:
    """Add the deadlines the change set, and settle those it met or missed (``unresolved``: the
    case's pending and overdue deadlines by id, with their status, as the save read them with
    the rest of the rows it rewrites). Does not commit."""
    now = clock.now()
    connection = session.connection()
    unresolved = dict(unresolved)
    waiting = {s.timer_task_id: s for s in deadline_timers(run.workflow, [t.task_id for t in run.waiting_timers()])}
    new = waiting.keys() - unresolved.keys()
    if new:  # a deadline seen for the first time, unless a reset brought an old one back
        new -= set(connection.execute(_KNOWN_ROWS, {"ids": list(new)}).scalars())
    for timer_id in new:
        state = waiting[timer_id]
        session.add(DeadlineOutcome(id=timer_id, tenant_id=case.tenant_id, case_id=case.id, process_key=state.process_key,
                                    timer_element_id=state.timer_element_id, name=state.name,
                                    step_element_id=state.step_element_id, step_name=state.step_name,
                                    due_at=state.due_at, rule=state.rule, status=DeadlineStatus.PENDING))
        unresolved[timer_id] = DeadlineStatus.PENDING
    ended = run.status != "running"
    for timer_id, status in unresolved.items():
        state = deadline_state(run.workflow, timer_id)
        # Most changes leave every deadline as it was: only a row that changes is read whole.
        if state is not None and _settles(status, state, ended):
            _settle(session, case, session.get(DeadlineOutcome, timer_id), state, now, ended, actor)


def _settles(status: str, state: DeadlineState, ended: bool) -> bool:
    return (state.timer == FIRED and status == DeadlineStatus.PENDING) or state.step != OPEN or ended


def _settle(session: Session, case, row: DeadlineOutcome, state: DeadlineState, now: _dt.datetime, ended: bool,
            actor: Actor) -> None:
    if state.timer == FIRED and row.status == DeadlineStatus.PENDING:
        row.status = DeadlineStatus.OVERDUE
    if state.step == OPEN and not ended:
        return
    # Done after the due time but before the scheduler fired the timer is late all the same.
    missed = row.status == DeadlineStatus.OVERDUE or now > row.due_at
    if missed and (state.step != CANCELLED or row.status == DeadlineStatus.OVERDUE):
        row.status, row.resolved_at = DeadlineStatus.MISSED, now
        row.late_seconds = int((now - row.due_at).total_seconds())
        row.resolution = "done" if state.step == DONE else ("case ended" if ended else "no longer applies")
        record(session, actor=actor, action="deadline_missed", tenant_id=case.tenant_id, case_id=case.id,
               element_id=row.timer_element_id,
               detail=f"{row.name}: due {format_instant(row.due_at)}, missed by {late_words(row.late_seconds)} ({row.resolution})")
    elif state.step == DONE:
        row.status, row.resolved_at, row.resolution, row.late_seconds = DeadlineStatus.MET, now, "done", 0
        record(session, actor=actor, action="deadline_met", tenant_id=case.tenant_id, case_id=case.id,
               element_id=row.timer_element_id, detail=f"{row.name}: met, due {format_instant(row.due_at)}")
    else:
        row.status, row.resolved_at = DeadlineStatus.WITHDRAWN, now
        row.resolution = "case ended" if ended else "withdrawn"
