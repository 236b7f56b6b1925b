"""A case's deadlines as staff read them: what is overdue (and by how long, and when it is
chased next), what falls due next, and what else the case is waiting for."""

from __future__ import annotations

import datetime as _dt

from engine.runtime import CaseRun

__all__ = ["case_deadlines", "case_actions", "OVERDUE", "DUE", "WAITING"]

OVERDUE, DUE, WAITING = "overdue", "due", "waiting"


def case_deadlines(run: CaseRun, now: _dt.datetime) -> list[dict]:
    """Every deadline of a running case, overdue first, then by due time.

    A step's deadline stays on it after it is missed, until the step is done or withdrawn; a
    waiting timer that governs no open step (a review date, a cooling-off period) is listed as
    waiting.
    """
    if run.status != "running":
        return []
    rows, governing = [], set()
    for task in run.ready_tasks():
        if task.due_at is None:
            continue
        governing.add(task.governed_by)
        overdue = task.due_at < now
        rows.append({
            "name": task.deadline_name or task.name, "step": task.name, "task_id": task.id,
            "element_id": task.governed_by or task.element_id, "due_at": task.due_at, "rule": task.due_rule,
            "status": OVERDUE if overdue else DUE,
            "overdue_days": (now - task.due_at).days if overdue else 0,
            "next_chase_at": task.next_chase_at if overdue else None,
        })
    for timer in run.waiting_timers():
        if timer.attached_to in governing or any(r["due_at"] == timer.due_at and r["element_id"] == timer.attached_to for r in rows):
            continue
        rows.append({"name": timer.name, "step": None, "task_id": None, "element_id": timer.element_id,
                     "due_at": timer.due_at, "rule": timer.rule, "status": WAITING, "overdue_days": 0,
                     "next_chase_at": None})
    # One row per deadline: a deadline governing several open steps (a call activity's) is shown once.
    unique = {(r["element_id"], r["due_at"]): r for r in rows}
    return sorted(unique.values(), key=lambda r: (r["status"] != OVERDUE, r["due_at"]))


def case_actions(run: CaseRun) -> list[dict]:
    """The case-level actions the case can take now, with the role each needs."""
    from engine.roles import role_of_task

    return [{"name": a.name, "title": a.title, "role": role_of_task(a.lane, None),
             "ends_case": a.interrupting} for a in run.available_actions()]
