"""Firing due timers: everything due, safe with several schedulers at once.

A round fires every case with a timer due by the engine clock, then returns. Each pick is one
statement: the running case of the earliest due timer whose case row nobody else has locked
(``FOR UPDATE OF case_record SKIP LOCKED``, read in ``due_at`` order through the timer's index),
locked as it is read. A case another scheduler holds is passed over, never waited on or fired
twice, and two schedulers never pick the same case. A timer another scheduler fired meanwhile
is gone from the projection, or no longer due by the engine (then nothing fires). Firing a
timer removes it from the projection in the same transaction, so each timer fires exactly once.

Cases are fired in batches, one transaction per batch (:data:`CASES_PER_TRANSACTION`): each
case's change and its audit events still commit together, and at a county's volume the commits,
sessions and look-ups a transaction costs are paid once a batch rather than once a case. If a
case in the batch collides with someone's change, the batch is rolled back; that case waits
for the next round and the others are picked again at once. SQLite has one writer at a time,
so there the locks are moot. Every statement reads by key, and says so to PostgreSQL's planner
(:func:`_by_index`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..actors import Actor
from ..db import utcnow
from ..errors import Conflict
from .models import Case, CaseStatus, CaseTimer
from .service import fire_case_timers

__all__ = ["CASES_PER_TRANSACTION", "SchedulerRound", "run_due_timers"]

_ACTOR = Actor.system("timer scheduler")

#: Cases fired in one transaction. A batch holds its cases' rows until it commits (a fifth of
#: a second or so), and a collision makes the whole batch be done again: small enough for both.
CASES_PER_TRANSACTION = 20


@dataclass
class SchedulerRound:
    cases: int = 0
    timers: int = 0
    conflicts: int = 0


@dataclass
class _Batch:
    cases: int = 0
    timers: int = 0


class _Collision(Exception):
    """A case of the batch collided with someone's change; the batch is rolled back."""

    def __init__(self, case_id: int):
        self.case_id = case_id


def _by_index(session: Session) -> None:
    """Every statement of a firing reads by key (due time, case, part): on PostgreSQL, tell the
    planner an index is right rather than trust statistics a bulk load may have left stale
    (then it sorted every due timer for each pick, and scanned whole tables for one case)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))


def _pick(session: Session, passed: set[int]) -> Case | None:
    """Lock and return the case of the earliest due timer that no one else holds and this round
    has not passed, or None. (Filtering on the case's status here would let the planner start
    from the cases rather than walk the timers' index in due order.)"""
    query = (select(Case).join(CaseTimer, CaseTimer.case_id == Case.id)
             .where(CaseTimer.due_at <= utcnow())
             .order_by(CaseTimer.due_at).limit(1)
             .with_for_update(skip_locked=True, of=Case)
             .execution_options(populate_existing=True))
    if passed:
        query = query.where(Case.id.not_in(passed))
    return session.scalars(query).first()


def _is_collision(exc: Exception) -> bool:
    if isinstance(exc, OperationalError):
        # PostgreSQL may break a lock cycle with a person's completion this way.
        return getattr(getattr(exc, "orig", None), "sqlstate", None) == "40P01"
    return isinstance(exc, (Conflict, StaleDataError))


def _fire_batch(session: Session, passed: set[int], room: int) -> _Batch:
    """Fire up to ``room`` cases in this transaction (not committed). A case fired has no timer
    due left; one due by the projection but not by the engine (e.g. the clock moved back) is
    added to ``passed``, so it is not picked again this round."""
    batch = _Batch()
    _by_index(session)
    while batch.cases < room:
        case = _pick(session, passed)
        if case is None:
            break
        if case.status != CaseStatus.RUNNING:
            passed.add(case.id)  # ended meanwhile: its timers no longer run
            continue
        try:
            fired = fire_case_timers(session, case=case, actor=_ACTOR)
            session.flush()  # a collision shows here, on its own case
        except Exception as exc:
            if _is_collision(exc):
                raise _Collision(case.id) from exc
            raise
        if fired == 0:
            passed.add(case.id)
        batch.cases += 1
        batch.timers += fired
    return batch


def run_due_timers(session_factory: sessionmaker, *, max_cases: int | None = None) -> SchedulerRound:
    """Fire every timer due by the engine clock (at most ``max_cases`` cases); return what happened."""
    result = SchedulerRound()
    passed: set[int] = set()
    while max_cases is None or result.cases + result.conflicts < max_cases:
        room = CASES_PER_TRANSACTION if max_cases is None else min(CASES_PER_TRANSACTION,
                                                                   max_cases - result.cases - result.conflicts)
        with session_factory() as session:
            try:
                batch = _fire_batch(session, passed, room)
                if batch.cases == 0:
                    return result
                session.commit()
            except _Collision as collision:
                # Its timers wait for the next round; the rest of the batch is picked again now.
                session.rollback()
                passed.add(collision.case_id)
                result.conflicts += 1
                continue
            except Exception:
                session.rollback()
                raise
        result.cases += batch.cases
        result.timers += batch.timers
    return result
