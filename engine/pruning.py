"""Keeping finished history out of a case's live state.

SpiffWorkflow keeps every task a workflow ever ran in its task tree: a loop adds its tasks
below the last round's, so a case that loops grows deeper on every round. That costs every
change (the tree is walked, restored and serialized whole) and, at depth 1,000, stalls the
case silently: SpiffWorkflow's task iterator stops at ``max_depth=1000``, so the engine finds
no ready task, timer or message any more. The history is not needed to run the case: the audit
trail records every completion, and the diagram's highlighting needs only which elements ran.

Two things leave the live state before a case is saved (as Camunda keeps runtime and history
apart):

* :func:`detach_finished` takes finished sub-workflows out of the workflow (the caller writes
  each one last time as a finished part);
* :func:`prune_history` re-roots each tree at the deepest task above everything still open
  that can stand as a root, dropping the finished tasks above and beside it, and notes the
  elements they ran in the case's :class:`~engine.history.History`.

A task can stand as a root when nothing SpiffWorkflow or this engine does looks above it:
joins look at their parents (which branch arrived), a boundary event's main task and timers are
read through their split (deadlines too), and multi-instance and loop children through the
task that runs them. Everything still open, and the workflow's last completed task (whose data
is the case's latest), stays below the root.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.control import EventSplit
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.util.task import TaskState

from .history import History
from .parts import find_task, part_of

__all__ = ["detach_finished", "prune_history", "prune_tree", "live_root"]


def detach_finished(workflow) -> dict:
    """Remove finished sub-workflows from ``workflow``; return ``(sub-workflow, parent part key
    or None when the task that ran it is gone)`` by part key.

    A sub-workflow is finished when it has completed (or was cancelled) and the task that ran it
    is finished too, or gone from the tree; while that task is still open, SpiffWorkflow reads
    the sub-workflow to carry its data back, so it stays.
    """
    top = workflow.top_workflow
    finished = {}
    for task_id, sub in list(top.subprocesses.items()):
        if not sub.completed:
            continue
        parent = find_task(top, task_id)
        if parent is None or parent.has_state(TaskState.FINISHED_MASK):
            finished[part_of(sub)] = (sub, part_of(parent.workflow) if parent is not None else None)
    for sub, _parent in finished.values():
        top.subprocesses.pop(sub.parent_task_id, None)
    return finished


def prune_history(workflow, histories: dict[str, History]) -> None:
    """Prune the top-level tree and each loaded sub-workflow's, noting in each part's history
    (``histories``, by part key) what its dropped tasks had run."""
    for each in (workflow, *workflow.subprocesses.values()):
        prune_tree(each, histories.setdefault(part_of(each), History()))


def live_root(workflow, keep_last: bool = True):
    """The task :func:`prune_tree` re-roots at: the deepest that can stand as a root above
    everything open (and, with ``keep_last``, the last completed task); None if nothing is."""
    anchors = [t for t in workflow.tasks.values() if t.has_state(TaskState.NOT_FINISHED_MASK)]
    if keep_last and workflow.last_task is not None and workflow.last_task.id in workflow.tasks:
        anchors.append(workflow.last_task)
    if not anchors:
        return None
    return _deepest_safe_root(_common_ancestor(anchors))


def prune_tree(workflow, history: History) -> list:
    """Re-root one workflow's tree; return the tasks dropped from it."""
    root = live_root(workflow)
    if root is None or root is workflow.task_tree:
        return []
    # By identity: a task id is a UUID, whose hash and equality are Python code, paid per task.
    kept = set(map(id, _subtree(root)))
    dropped = [task for task in workflow.tasks.values() if id(task) not in kept]
    history.record(dropped)
    for task in dropped:
        del workflow.tasks[task.id]
    root._parent = None
    workflow.task_tree = root
    return dropped


def _common_ancestor(tasks: list):
    """The deepest task that is an ancestor-or-self of every task given.

    Each walk up stops at the first task an earlier walk passed, so the whole costs one visit
    per task (the open tasks of a long chain are nested, and walking each to the first task's
    path would cost the square of their number on every change)."""
    path = []
    node = tasks[0]
    while node is not None:
        path.append(node)
        node = node.parent
    # For each task visited: the position on ``path`` where its way up meets it.
    meets = {id(node): position for position, node in enumerate(path)}
    lowest = 0
    for task in tasks[1:]:
        walked, node = [], task
        while id(node) not in meets:
            walked.append(node)
            node = node.parent
        position = meets[id(node)]
        for each in walked:
            meets[id(each)] = position
        lowest = max(lowest, position)
    return path[lowest]


def _deepest_safe_root(task):
    while task is not None and not _can_be_root(task):
        task = task.parent
    return task


def _can_be_root(task) -> bool:
    if isinstance(task.task_spec, Join):
        return False
    parent = task.parent
    if parent is None:
        return True
    return not isinstance(parent.task_spec, (EventSplit, LoopTask))


def _subtree(root):
    stack = [root]
    while stack:
        task = stack.pop()
        yield task
        stack.extend(task.children)
