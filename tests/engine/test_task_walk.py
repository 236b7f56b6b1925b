"""The runtime finds ready tasks with its own walk of the task tree (engine/task_walk.py): it
must find what SpiffWorkflow's iterator finds, in the same order, through parallel branches,
a sub-process, a boundary timer and the chase it calls, at every step of the case."""

from __future__ import annotations

import datetime as _dt

from SpiffWorkflow.util.task import TaskState

from engine import clock
from engine.task_walk import ready_tasks
from tests.engine.test_engine_steps import complete, started_case

UTC = _dt.timezone.utc


def assert_walk_finds_what_spiffworkflow_finds(run) -> None:
    workflows = (run.workflow, *run.workflow.subprocesses.values())
    for workflow in workflows:
        assert ready_tasks(workflow) == list(workflow.get_tasks(state=TaskState.READY))


def test_the_walk_finds_the_ready_tasks_of_every_branch_sub_process_and_chase_in_order():
    clock.set_clock(_dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    run = started_case()
    assert_walk_finds_what_spiffworkflow_finds(run)
    assert sorted(t.task_spec.bpmn_id for t in ready_tasks(run.workflow)) == ["carry_out_step", "receive_plan"]
    complete(run, "receive_plan")
    assert_walk_finds_what_spiffworkflow_finds(run)
    clock.set_clock(_dt.datetime(2026, 3, 9, 9, tzinfo=UTC))
    run.fire_due_timers()  # the chase starts: a call activity inside the sub-process
    assert_walk_finds_what_spiffworkflow_finds(run)
    assert sorted(t.task_spec.bpmn_id for t in ready_tasks(run.workflow)) == ["carry_out_step", "chase_owner"]
    complete(run, "carry_out_step")  # the terminate end cancels the chase
    assert_walk_finds_what_spiffworkflow_finds(run)
    assert [t.task_spec.bpmn_id for t in ready_tasks(run.workflow)] == ["confirm_closure"]
    complete(run, "confirm_closure")
    assert_walk_finds_what_spiffworkflow_finds(run)
    assert ready_tasks(run.workflow) == []
