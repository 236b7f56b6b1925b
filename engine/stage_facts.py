"""What the case's own stages running beside a step hold, for that step's scripts (issue 20).

A Western Bay JIMP decides whether to end Escalating Concerns while a suspension of placements
may be running in the same case (a call activity beside the JIMP cycle). The panel must see
that it is: ``running_stage("suspension_of_placements")`` gives the suspension's data as its
latest open step holds it (``suspension_status``, ``suspended_from``...), or None when no such
stage is running. Read-only: a copy.

A change made on part of a case (engine/case_state.py) may not have the stage in memory; asking
then marks the change to be made again on the whole case, so the answer is always whole.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

from SpiffWorkflow.util.task import TaskState

__all__ = ["running_stage", "running_task"]

_CURRENT_TASK: ContextVar[Any] = ContextVar("current_task", default=None)
_OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


@contextmanager
def running_task(task) -> Iterator[None]:
    """Name the task whose script or expression runs now (the script engine does)."""
    token = _CURRENT_TASK.set(task)
    try:
        yield
    finally:
        _CURRENT_TASK.reset(token)


def running_stage(process_key: str) -> dict | None:
    """The data of this case's running sub-process ``process_key`` (the latest started, if
    several), as its most recently changed open step holds it; None if none is running."""
    task = _CURRENT_TASK.get()
    if task is None:
        return None
    top = task.workflow.top_workflow
    parts = getattr(top, "case_parts", None)
    if parts is not None and parts.partial:
        parts.escaped = True  # the stage may be in a part not loaded: the change is made again on the whole case
    latest = None
    for sub in top.subprocesses.values():
        if sub.spec.name != str(process_key) or sub.is_completed():
            continue
        open_steps = [t for t in sub.tasks.values() if t.state & _OPEN and t.data]
        step = max(open_steps, key=lambda t: t.last_state_change, default=None)
        if step is not None and (latest is None or step.last_state_change > latest.last_state_change):
            latest = step
    return copy.deepcopy(dict(latest.data)) if latest is not None else None
