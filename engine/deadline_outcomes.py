"""What became of each deadline a case set: a boundary timer on a step (a repeating reminder is
not a deadline), read from the workflow's own task tree.

The timer waits while the step is open; if the step is done first, the timer is cancelled (the
deadline was met); if the timer fires first, the deadline was missed, and the step may still be
done later (how late is measured then), withdrawn ("no longer applies"), or ended with the case.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition
from SpiffWorkflow.util.task import TaskState

from .deadlines import is_timer, timer_due

__all__ = ["DeadlineState", "deadline_timers", "deadline_state", "WAITING", "FIRED", "CANCELLED", "OPEN", "DONE"]

WAITING, FIRED, CANCELLED = "waiting", "fired", "cancelled"
OPEN, DONE = "open", "done"


@dataclass(frozen=True)
class DeadlineState:
    timer_task_id: str
    timer_element_id: str
    name: str
    process_key: str
    step_element_id: str
    step_name: str
    due_at: _dt.datetime | None
    rule: str | None
    timer: str   # waiting, fired or cancelled
    step: str    # open, done or cancelled


def _is_deadline(task) -> bool:
    return (is_timer(task) and task.parent is not None and isinstance(task.parent.task_spec, BoundaryEventSplit)
            and not isinstance(task.task_spec.event_definition, CycleTimerEventDefinition))


def _state(task) -> str:
    if task.state == TaskState.COMPLETED:
        return DONE
    if task.state == TaskState.CANCELLED:
        return CANCELLED
    return OPEN


def _describe(timer) -> DeadlineState | None:
    step = next((c for c in timer.parent.children if getattr(c.task_spec, "event_definition", None) is None), None)
    if step is None:
        return None
    timer_state = {TaskState.COMPLETED: FIRED, TaskState.CANCELLED: CANCELLED}.get(timer.state, WAITING)
    return DeadlineState(
        timer_task_id=str(timer.id), timer_element_id=timer.task_spec.bpmn_id, name=timer.task_spec.bpmn_name or timer.task_spec.bpmn_id,
        process_key=timer.workflow.spec.name, step_element_id=step.task_spec.bpmn_id,
        step_name=step.task_spec.bpmn_name or step.task_spec.bpmn_id, due_at=timer_due(timer),
        rule=timer.internal_data.get("deadline_rule"), timer=timer_state, step=_state(step))


def deadline_timers(workflow, waiting_task_ids) -> list[DeadlineState]:
    """The deadlines among the given waiting timer tasks (ids as strings)."""
    found = []
    for task_id in waiting_task_ids:
        task = workflow.get_task_from_id(uuid.UUID(task_id))
        if task is not None and _is_deadline(task):
            state = _describe(task)
            if state is not None and state.due_at is not None:
                found.append(state)
    return found


def deadline_state(workflow, timer_task_id: str) -> DeadlineState | None:
    """The deadline's state now, or None if the case no longer holds that timer."""
    try:
        task = workflow.get_task_from_id(uuid.UUID(timer_task_id))
    except Exception:  # a subprocess removed (a reset) no longer holds it
        return None
    return _describe(task) if task is not None and _is_deadline(task) else None
