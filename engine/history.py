"""What finished tasks that left a case's live state had run, kept by element id.

Finished history leaves the live state (:mod:`engine.pruning`); the audit trail keeps what
people did, and this keeps which elements of each process ran, for what still needs it: the
diagram's highlighting (:meth:`CaseRun.progress`) and the explorer's coverage. It is bounded by
the number of elements in the procedure, however long the case runs.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from SpiffWorkflow.util.task import TaskState

__all__ = ["History", "was_reached"]


def was_reached(task) -> bool:
    """A task ran, or waits, or was cancelled after setting something going (a cycle timer
    that fired stays waiting, then is cancelled with its step)."""
    if task.state != TaskState.CANCELLED:
        return True
    return any(child is not None and child.state == TaskState.COMPLETED
               for child in (task.workflow.tasks.get(child_id) for child_id in task._children))


class History:
    """Element ids by process spec name: those completed, and those reached (see :func:`was_reached`)."""

    def __init__(self, stored: Mapping | None = None):
        stored = stored or {}
        self.completed = {spec: set(ids) for spec, ids in (stored.get("completed") or {}).items()}
        self.reached = {spec: set(ids) for spec, ids in (stored.get("reached") or {}).items()}

    def record(self, tasks: Iterable) -> None:
        """Note finished tasks about to leave the live state (their children still in place)."""
        for task in tasks:
            element = task.task_spec.bpmn_id
            if not element or not task.has_state(TaskState.FINISHED_MASK):
                continue
            spec = task.workflow.spec.name
            if task.state == TaskState.COMPLETED:
                self.completed.setdefault(spec, set()).add(element)
            if was_reached(task):
                self.reached.setdefault(spec, set()).add(element)

    def merge(self, other: "History") -> None:
        for mine, theirs in ((self.completed, other.completed), (self.reached, other.reached)):
            for spec, ids in theirs.items():
                mine.setdefault(spec, set()).update(ids)

    @classmethod
    def union(cls, histories: Iterable["History"]) -> "History":
        joined = cls()
        for history in histories:
            joined.merge(history)
        return joined

    def completed_in(self, spec: str) -> set[str]:
        return set(self.completed.get(spec, ()))

    def as_json(self) -> dict:
        return {"completed": {spec: sorted(ids) for spec, ids in sorted(self.completed.items())},
                "reached": {spec: sorted(ids) for spec, ids in sorted(self.reached.items())}}
