"""Reading and writing a case's stored parts (``case_part`` rows; see :mod:`engine.parts`).

A change reads the parts it needs: the part holding the task it completes (or the timers it
fires) and the parts above it, up to the top-level process. It writes only the parts whose
serialization changed, each with its own optimistic lock (``WHERE version = loaded``), so two
changes to different parts of one case both commit, and two changes to the same part cannot.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.case_state import PartSet
from engine.parts import ROOT, StoredPart

from ..db import utcnow
from ..errors import Conflict
from ..prepared import Prepared
from .models import CasePart, CaseTimer

__all__ = ["PartCollision", "load_parts", "write_parts", "parts_above", "lock_on_next_load", "change_on_parts",
           "again_on_conflict", "COMPLETION_ATTEMPTS"]

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


# Every change runs these, so they are built once and compiled once (api/prepared.py): building
# or binding a statement cost several times what SQLite takes to run it (issue 17). They run on
# the session's connection, as Core.
_LIVE = (CasePart.case_id == bindparam("case_id")) & CasePart.finished.is_(False)
_DUE_IN_PART = (select(CaseTimer.id).where(CaseTimer.case_id == CasePart.case_id, CaseTimer.part == CasePart.key,
                                           CaseTimer.due_at <= bindparam("now")).exists())
# The tree of live parts, with the state of those a change is expected to need (the root and
# the part it touches): most changes need no other, so they are read in one statement.
_TREE = Prepared(select(CasePart.key, CasePart.parent, CasePart.spec, CasePart.version, _DUE_IN_PART,
                        case((CasePart.key == ROOT, CasePart.state), (CasePart.key == bindparam("expected"), CasePart.state))
                        ).where(_LIVE))
_STATES_QUERY = select(CasePart.key, CasePart.parent, CasePart.spec, CasePart.state, CasePart.version).where(_LIVE)
_STATES = Prepared(_STATES_QUERY)
_STATES_OF = _STATES_QUERY.where(CasePart.key.in_(bindparam("keys", expanding=True)))
_UPDATE = Prepared(update(CasePart)
                   .where(CasePart.case_id == bindparam("of_case"), CasePart.key == bindparam("part_key"),
                          CasePart.version == bindparam("loaded_version"))
                   .values(state=bindparam("new_state"), finished=bindparam("now_finished"),
                           parent=bindparam("new_parent"), version=bindparam("new_version")))


def parts_above(tree: dict[str, str | None], keys: Iterable[str]) -> set[str]:
    """The given parts and every part above them, up to the root."""
    needed = {ROOT}
    for key in keys:
        while key is not None and key in tree and key not in needed:
            needed.add(key)
            key = tree[key]
    return needed


def load_parts(session: Session, case_id: int, around: Iterable[str] | None = None) -> PartSet:
    """The case's live parts: all of them, or (``around``: the parts a change touches) only
    those, the parts with a timer due now (so the timers fire as they would on the whole case)
    and the parts above them all."""
    locked = [key for case, key in session.info.get(_LOCK, ()) if case == case_id]
    if locked:
        session.execute(select(CasePart.id).where(CasePart.case_id == case_id, CasePart.key.in_(locked))
                        .with_for_update()).all()
    connection = session.connection()
    if around is None:
        rows = _STATES.rows(connection, {"case_id": case_id})
        return PartSet({key: StoredPart(key, parent, spec, False, text, version)
                        for key, parent, spec, text, version in rows}, set())
    around = list(around)
    rows = _TREE.rows(connection, {"case_id": case_id, "now": utcnow(), "expected": around[0] if around else ROOT})
    tree = {key: parent for key, parent, *_rest in rows}
    needed = parts_above(tree, [*around, *(key for key, _parent, _spec, _version, due, _text in rows if due)])
    loaded = {key: StoredPart(key, parent, spec, False, text, version)
              for key, parent, spec, version, _due, text in rows if key in needed and text is not None}
    missing = needed - loaded.keys()
    if missing:  # a part deeper down, a second part touched, or one with a timer due
        for key, parent, spec, text, version in connection.execute(_STATES_OF, {"case_id": case_id, "keys": list(missing)}):
            loaded[key] = StoredPart(key, parent, spec, False, text, version)
    return PartSet(loaded, set(tree) - needed)


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
        changed = _UPDATE.run(session.connection(), {
            "of_case": case_id, "part_key": part.key, "loaded_version": part.version, "new_state": part.text,
            "now_finished": part.finished, "new_parent": part.parent, "new_version": part.version + 1})
        if changed != 1:
            raise PartCollision(case_id, part.key)
        parts.saved(part.key, part.version + 1)


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
