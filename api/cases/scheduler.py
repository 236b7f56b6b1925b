"""Firing due timers: safe with several schedulers at once.

Each round picks one running case with a due timer and locks its row with
``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has one writer at a time anyway), so two
schedulers never work on the same case together. Firing a timer removes it from the
projection in the same transaction, so each timer fires exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
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


def _next_due_case(session, skipped: set[int]) -> Case | None:
    query = (
        select(Case)
        .join(CaseTimer, CaseTimer.case_id == Case.id)
        .where(CaseTimer.due_at <= utcnow(), Case.status == CaseStatus.RUNNING, Case.id.not_in(skipped or {0}))
        .order_by(CaseTimer.due_at, Case.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Case)
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).first()


def run_due_timers(session_factory: sessionmaker, *, max_cases: int = 1000) -> SchedulerRound:
    """Fire every timer due by the engine clock; return what happened."""
    result = SchedulerRound()
    skipped: set[int] = set()
    while result.cases + result.conflicts < max_cases:
        with session_factory() as session:
            case = _next_due_case(session, skipped)
            if case is None:
                return result
            try:
                fired = fire_case_timers(session, case=case, actor=_ACTOR)
                session.commit()
            except (Conflict, StaleDataError):
                session.rollback()
                result.conflicts += 1
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
