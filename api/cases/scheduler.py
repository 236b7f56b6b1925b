"""Firing due timers: everything due, safe with several schedulers at once.

A round fires every case with a timer due by the engine clock, then returns. Each pick takes
the earliest due timer row nobody has locked (``FOR UPDATE SKIP LOCKED`` on ``case_timer``
alone, read in ``due_at`` order through its index, so a pick costs the same whatever the
planner's statistics say), then locks its case row the same way: a case another scheduler
holds is left to it, never waited on or fired twice. Locking the timer row matters too: a
timer another scheduler fired (and deleted) meanwhile is skipped, rather than picked from a
stale read. Firing a timer removes it from the projection in the same transaction, so each
timer fires exactly once. SQLite has one writer at a time, so there the locks are moot.
The pick and the firing read only by key, and say so to PostgreSQL's planner (:func:`_by_index`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..actors import Actor
from ..db import utcnow
from ..errors import Conflict
from .models import Case, CaseStatus, CaseTimer
from .service import fire_case_timers

__all__ = ["SchedulerRound", "run_due_timers"]

_ACTOR = Actor.system("timer scheduler")


@dataclass
class SchedulerRound:
    cases: int = 0
    timers: int = 0
    conflicts: int = 0


def _by_index(session) -> None:
    """Every statement of a firing reads by key (due time, case, part): on PostgreSQL, tell the
    planner an index is right rather than trust statistics a bulk load may have left stale
    (then it sorted every due timer for each pick, and scanned whole tables for one case)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))


def _next_due_case(session, skipped: set[int]) -> Case | None:
    """Lock and return the case of the earliest due timer no one else holds, or None."""
    while True:
        _by_index(session)
        query = (select(CaseTimer.case_id).where(CaseTimer.due_at <= utcnow())
                 .order_by(CaseTimer.due_at).limit(1).with_for_update(skip_locked=True))
        if skipped:
            query = query.where(CaseTimer.case_id.not_in(skipped))
        case_id = session.scalar(query)
        if case_id is None:
            return None
        case = session.scalars(select(Case).where(Case.id == case_id).with_for_update(skip_locked=True, of=Case)
                               .execution_options(populate_existing=True)).first()
        if case is not None and case.status == CaseStatus.RUNNING:
            return case
        # Held by another scheduler (it fires this case's timers), or no longer running.
        skipped.add(case_id)
        session.rollback()


def _is_deadlock(exc: OperationalError) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "40P01"


def run_due_timers(session_factory: sessionmaker, *, max_cases: int | None = None) -> SchedulerRound:
    """Fire every timer due by the engine clock (at most ``max_cases`` cases); return what happened."""
    result = SchedulerRound()
    skipped: set[int] = set()
    while max_cases is None or result.cases + result.conflicts < max_cases:
        with session_factory() as session:
            case = _next_due_case(session, skipped)
            if case is None:
                return result
            try:
                fired = fire_case_timers(session, case=case, actor=_ACTOR)
                session.commit()
            except (Conflict, StaleDataError, OperationalError) as exc:
                if isinstance(exc, OperationalError) and not _is_deadlock(exc):
                    raise
                # Someone changed the case meanwhile (PostgreSQL may break a lock cycle with a
                # person's completion this way): its timers wait for the next round.
                session.rollback()
                result.conflicts += 1
                skipped.add(case.id)
                continue
            except Exception:
                session.rollback()
                raise
            if fired == 0:
                # Due by the projection but not by the engine (e.g. the clock moved back): do not spin on it.
                skipped.add(case.id)
            result.cases += 1
            result.timers += fired
    return result
