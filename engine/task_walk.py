"""The tasks ready to run, found by one plain walk of the task tree.

``workflow.get_tasks(state=TaskState.READY)`` walks with SpiffWorkflow's general iterator,
which rebuilds its list of tasks still to visit at every step and checks every filter it has on
every task: on each change the runtime walks for ready tasks several times, and those walks cost
more than completing the task. This walk visits the same tasks in the same order (depth first;
a sub-process's tasks before the children of the task running it; no descent below predicted
tasks, nor into a sub-process whose task has finished). It has no depth limit: pruning keeps
live trees shallow (engine/pruning.py), and SpiffWorkflow's limit of 1,000 only ever hid tasks.
"""

from __future__ import annotations

from SpiffWorkflow.util.task import TaskState

__all__ = ["ready_tasks"]


def ready_tasks(workflow) -> list:
    """The READY tasks of ``workflow`` and of the sub-processes below it, in SpiffWorkflow's order."""
    subprocesses = workflow.top_workflow.subprocesses
    found, stack = [], [workflow.task_tree]
    while stack:
        task = stack.pop()
        if task.state == TaskState.READY:
            found.append(task)
        subprocess = subprocesses.get(task.id)
        if subprocess is None:
            if task._children and task.state >= TaskState.FUTURE:
                stack.extend(reversed(task.children))
            continue
        below = task.children
        if task.state < TaskState.FINISHED_MASK:
            below = [subprocess.task_tree, *below]
        stack.extend(reversed(below))
    return found
