"""Running a case's automatic steps without running a step something else has just cancelled.

SpiffWorkflow 3.2's ``BpmnWorkflow._do_engine_steps`` lists a (sub-)process's READY tasks once
and then runs each of them in turn, without looking again at their state. When one of them is a
terminate end event (or anything else that cancels), the tasks it cancels are still on the list
and are run anyway: a cancelled task is completed, and its completion carries on from where the
cancellation stopped it.

That bites a sub-process ended by a terminate end event while a non-interrupting boundary timer
has just started a call activity beside it (a section 8 action done after its date, completed
before the scheduler fired its chase): the terminate cancels the chase, the chase's start event
runs regardless, the cancelled chase "completes", and its data replaces the data the sub-process
finished with. A multi-instance sub-process then finds no output item in that instance ("Expected
an output item") and the case goes to error.

Here the engine steps are the same, except that a task no longer READY when its turn comes is
left alone.

Second, ``do_engine_steps`` refreshes timers only after its last pass, so a timer that fell due
before the scheduler's next round, refreshed by a change elsewhere in the case (another step
completed), was left READY and unrun: no longer waiting, so no scheduler would ever fire it, and
its chase or escalation never started. Here the passes go on until no timer fires on the refresh.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

from .task_walk import ready_tasks

__all__ = ["install_engine_steps"]


def _run_ready_tasks(workflow, will_complete_task=None, did_complete_task=None) -> int:
    """Run the workflow's READY automatic tasks, each only if it is still READY; return how many ran."""
    count = 0
    for task in ready_tasks(workflow):
        # An earlier task on this list (a terminate end, a cancel) may have cancelled this one.
        if task.task_spec.manual or task.state != TaskState.READY:
            continue
        if will_complete_task is not None:
            will_complete_task(task)
        task.run()
        count += 1
        if did_complete_task is not None:
            did_complete_task(task)
    return count


def _do_engine_steps(self, will_complete_task=None, did_complete_task=None) -> bool:
    """Replacement for ``BpmnWorkflow._do_engine_steps`` (3.2): the same passes, deepest
    sub-processes first, with :func:`_run_ready_tasks` for each."""
    active_subprocesses = self.get_active_subprocesses()
    for subprocess in sorted(active_subprocesses, key=lambda v: v.depth, reverse=True):
        count = None
        while count is None or count > 0:
            count = _run_ready_tasks(subprocess, will_complete_task, did_complete_task)
        if subprocess.parent_task_id is not None:
            task = self.get_task_from_id(subprocess.parent_task_id)
            task.task_spec._update(task)
    count = _run_ready_tasks(self, will_complete_task, did_complete_task)
    return count > 0 or len(self.get_active_subprocesses()) > len(active_subprocesses)


#: Rounds of "run, then fire what fell due" in one engine run: a cycle timer behind by many
#: periods fires once a round. More than this and the case goes to error, named.
MAX_TIMER_ROUNDS = 1000


def _do_all_engine_steps(self, will_complete_task=None, did_complete_task=None) -> None:
    """Replacement for ``BpmnWorkflow.do_engine_steps``: run to a wait, refresh the timers,
    and again while a refresh fired one (see the module's docstring)."""
    for _ in range(MAX_TIMER_ROUNDS):
        while self._do_engine_steps(will_complete_task, did_complete_task):
            pass
        timers = [(task, len(task.children)) for task in list(self.event_manager.tasks.values())
                  if isinstance(task.task_spec.event_definition, (TimerEventDefinition, MultipleEventDefinition))]
        self.refresh_timers()
        # A timer that fired is READY (a cycle timer stays WAITING with one more path).
        if not any(task.state != TaskState.WAITING or len(task.children) != paths for task, paths in timers):
            return
    raise RuntimeError(f"timers kept falling due after {MAX_TIMER_ROUNDS} rounds in one run: check the cycle timers' periods")


_installed = False


def install_engine_steps() -> None:
    """Make every workflow skip tasks cancelled while its engine steps run (idempotent)."""
    global _installed
    if not _installed:
        BpmnWorkflow._do_engine_steps = _do_engine_steps
        BpmnWorkflow.do_engine_steps = _do_all_engine_steps
        _installed = True
