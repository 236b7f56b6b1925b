"""Deadlines in a running case: when a step is due, whether it is overdue, and what chases it.

A step's deadline is the earliest timer on its border, or on the border of the nearest
activity that encloses it (a call activity or sub-process). Once that timer has fired the
deadline stays: the step is overdue until it is done, and every surface keeps saying so.

What chases an overdue step is whatever its deadline's timer set going: the steps after a
fired boundary timer (in the standard pattern, a call activity into
``processes/shared/chase_overdue_step.bpmn``). While any of them waits on a timer, the step is
chased, and the earliest such timer says when it will be chased next. An overdue step with
nothing left waiting is not chased by anything: the explorer reports it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

__all__ = ["timer_due", "deadline_of", "next_chase_of", "enclosing_activities", "is_timer"]


def is_timer(task) -> bool:
    return isinstance(getattr(task.task_spec, "event_definition", None), TimerEventDefinition)


def _parse(value: Any) -> _dt.datetime | None:
    if isinstance(value, dict):  # cycle timers keep {"cycles": n, "next": iso, "duration": s}
        value = value.get("next")
    if not isinstance(value, str):
        return None
    try:
        return TimerEventDefinition.get_datetime(value)
    except ValueError:
        return None


def timer_due(task) -> _dt.datetime | None:
    """When a timer task falls (or fell) due, from the value SpiffWorkflow computed for it."""
    return _parse(task.internal_data.get("event_value"))


def enclosing_activities(task) -> Iterator:
    """The task itself, then each activity that encloses it, innermost first: the call
    activity or sub-process whose sub-workflow holds it, and so on up to the case."""
    current = task
    while current is not None:
        yield current
        workflow = current.workflow
        parent_id = getattr(workflow, "parent_task_id", None)
        current = workflow.top_workflow.get_task_from_id(parent_id) if parent_id else None


def _boundary_timers(task) -> list:
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return []
    return [sibling for sibling in parent.children if sibling is not task and is_timer(sibling)]


def deadline_of(task) -> tuple[_dt.datetime | None, str | None, Any, str | None]:
    """``(due_at, rule, governing_activity, deadline_name)`` for a waiting step, or Nones.

    The governing activity is the task or enclosing activity whose border carries the timer;
    its timers may have fired already (the deadline was missed and stays). The deadline's
    name is the timer's ("Provider not notified within two working days").
    """
    for activity in enclosing_activities(task):
        best = None
        for timer in _boundary_timers(activity):
            if timer.state == TaskState.CANCELLED:
                continue
            due = timer_due(timer)
            if due is not None and (best is None or due < best[0]):
                best = (due, timer.internal_data.get("deadline_rule"), timer.task_spec.bpmn_name)
        if best is not None:
            return best[0], best[1], activity, best[2]
    return None, None, None, None


def _subtree(task) -> Iterator:
    """A task's descendants, following call activities and sub-processes into their sub-workflows."""
    stack = list(task.children)
    top = task.workflow.top_workflow
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)
        sub = top.subprocesses.get(current.id)
        if sub is not None:
            stack.append(sub.task_tree)


def next_chase_of(activity, now: _dt.datetime) -> _dt.datetime | None:
    """When the chase of an overdue activity next acts: the earliest timer still waiting among
    the steps its fired deadline timers set going, or the activity's own timers yet to fire."""
    candidates = []
    for timer in _boundary_timers(activity):
        if timer.state == TaskState.WAITING:
            due = timer_due(timer)
            if due is not None:
                candidates.append(due)
        elif timer.state == TaskState.COMPLETED:
            for step in _subtree(timer):
                if step.state == TaskState.WAITING and is_timer(step):
                    due = timer_due(step)
                    if due is not None:
                        candidates.append(due)
    later = [due for due in candidates if due >= now] or candidates
    return min(later) if later else None
