"""Reading and writing a case's stored parts (``case_part`` rows; see :mod:`engine.parts`).

A change reads the parts it needs: the part holding the task it completes (or the timers it
fires) and the parts above it, up to the top-level process. It writes only the parts whose
serialization changed, each with its own optimistic lock (``WHERE version = loaded``), so two
changes to different parts of one case both commit, and two changes to the same part cannot.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.case_state import PartSet
from engine.parts import ROOT, StoredPart

from ..db import utcnow
from ..errors import Conflict
from .models import CasePart, CaseTimer

__all__ = ["PartCollision", "load_parts", "write_parts", "parts_above", "lock_on_next_load", "change_on_parts",
           "parts_with_due_timers", "again_on_conflict", "COMPLETION_ATTEMPTS"]

COMPLETION_ATTEMPTS = 3

# session.info key: parts that collided in an earlier attempt, locked when next loaded.
_LOCK = "concerns_locked_parts"


class PartCollision(StaleDataError):
    """Someone else changed a part of this case since it was loaded."""

    def __init__(self, case_id: int, key: str):
        super().__init__(f"case {case_id}: part {key} was changed by someone else")
        self.case_id, self.key = case_id, key


def lock_on_next_load(session: Session, collision: PartCollision | None) -> None:
    """Have the next load of the part that collided lock its row (``FOR UPDATE``) until the
    transaction ends, so the change made again cannot collide there a second time; None clears."""
    if collision is None:
        session.info.pop(_LOCK, None)
    else:
        session.info.setdefault(_LOCK, set()).add((collision.case_id, collision.key))


def _part_tree(session: Session, case_id: int) -> dict[str, str | None]:
    """Each live part's parent part (no state read)."""
    rows = session.execute(select(CasePart.key, CasePart.parent)
                           .where(CasePart.case_id == case_id, CasePart.finished.is_(False)))
    return dict(rows.all())


def parts_above(tree: dict[str, str | None], keys: Iterable[str]) -> set[str]:
    """The given parts and every part above them, up to the root."""
    needed = {ROOT}
    for key in keys:
        while key is not None and key in tree and key not in needed:
            needed.add(key)
            key = tree[key]
    return needed


def load_parts(session: Session, case_id: int, around: Iterable[str] | None = None) -> PartSet:
    """The case's live parts: all of them, or (``around``) only those parts and the parts above."""
    query = select(CasePart.key, CasePart.parent, CasePart.spec, CasePart.state, CasePart.version).where(
        CasePart.case_id == case_id, CasePart.finished.is_(False))
    locked = [key for case, key in session.info.get(_LOCK, ()) if case == case_id]
    if locked:
        session.execute(select(CasePart.id).where(CasePart.case_id == case_id, CasePart.key.in_(locked))
                        .with_for_update()).all()
    unloaded: set[str] = set()
    if around is not None:
        tree = _part_tree(session, case_id)
        needed = parts_above(tree, around)
        unloaded = set(tree) - needed
        query = query.where(CasePart.key.in_(needed))
    loaded = {key: StoredPart(key, parent, spec, False, text, version)
              for key, parent, spec, text, version in session.execute(query)}
    return PartSet(loaded, unloaded)


def write_parts(session: Session, case_id: int, parts: PartSet, changed: list[StoredPart]) -> None:
    """Insert new parts and update changed ones, each only if no one else changed it since it
    was loaded (else StaleDataError, which the services turn into Conflict)."""
    new = [part for part in changed if part.version is None]
    if new:
        session.execute(insert(CasePart), [
            {"case_id": case_id, "key": p.key, "parent": p.parent, "spec": p.spec, "finished": p.finished,
             "state": p.text, "version": 1} for p in new])
        for part in new:
            parts.saved(part.key, 1)
    for part in changed:
        if part.version is None:
            continue
        result = session.execute(
            update(CasePart)
            .where(CasePart.case_id == case_id, CasePart.key == part.key, CasePart.version == part.version)
            .values(state=part.text, finished=part.finished, parent=part.parent, version=part.version + 1)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise PartCollision(case_id, part.key)
        parts.saved(part.key, part.version + 1)


def parts_with_due_timers(session: Session, case_id: int) -> list[str]:
    """Parts of the case with a timer due now: a change loads them too, so the timers fire as
    they would on the whole case."""
    return list(session.scalars(select(CaseTimer.part).where(CaseTimer.case_id == case_id, CaseTimer.due_at <= utcnow())
                                .distinct()))


def change_on_parts(load: Callable, around: Iterable[str], change: Callable) -> tuple[Any, Any]:
    """Make ``change(run)`` on a run of the parts ``around`` (and those above) only, from
    ``load(around=...)``; if it reached a part not loaded (an event thrown, a sub-process
    cancelled), make it again on a run of the whole case (``load()``)."""
    run = load(around=list(around))
    outcome = change(run)
    if run.partial and run.reached_unloaded():
        run = load()
        outcome = change(run)
    return run, outcome


def again_on_conflict(function):
    """Make a completion again when it collided with another change to the same case.

    Parts lock on their own, so completions on different parts (two residents' moves) collide
    only where both change a part above them (both moves end at once and the closure moves
    on). Then the loser is made again on the new state, as Camunda's job executor retries an
    optimistic-locking failure, holding the part that collided locked this time, so waiting
    completions take their turns there instead of colliding again; a completion of a task
    someone else has just completed finds the task gone on its second attempt, which is a
    Conflict. (The service's transaction wrapper puts the collision on the Conflict.)
    """

    @functools.wraps(function)
    def wrapper(session: Session, **kwargs):
        try:
            for attempt in range(1, COMPLETION_ATTEMPTS + 1):
                try:
                    return function(session, **kwargs)
                except Conflict as exc:
                    collision = getattr(exc, "collision", None)
                    if collision is None or attempt == COMPLETION_ATTEMPTS:
                        raise
                    lock_on_next_load(session, collision)
            raise AssertionError("unreachable")
        finally:
            lock_on_next_load(session, None)

    return wrapper
