"""A step done after its date: its chase timer fires as it is completed, and the terminate end
that follows cancels the chase. Nothing the terminate cancelled may run afterwards (SpiffWorkflow
3.2 ran it from a stale list of ready tasks, and the cancelled chase replaced the step's data)."""

from __future__ import annotations

import datetime as _dt

from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from engine import clock
from engine.runtime import RUNNING, Bundle, CaseRun
from tests.support.bpmn_builder import Diagram, literal

UTC = _dt.timezone.utc


def step_with_chase() -> Diagram:
    """As a Lancashire section 8 action: the step, then one more automatic step (telling the
    review), then a terminate end; a non-interrupting timer on the step calls a chase."""
    co, hos = "contract_officer", "head_of_service"
    d = Diagram("late_step", "Late step", lanes=[co, hos])
    d.start("begin", "Begin", co)
    d.parallel("meanwhile", "Meanwhile", co)
    d.user_task("receive_plan", "Receive the plan", co)
    d.parallel("both_done", "Both done", co)
    sub = d.subprocess("step_until_done", "The step, chased when late", co)
    sub.start("step_begins", "Step begins")
    sub.user_task("carry_out_step", "Carry out the step", post_script='step_outcome = "done late"')
    sub.script_task("note_step_done", "Note that the step is done", script="step_noted = True")
    sub.end("step_done", "Done", terminate=True)
    sub.boundary_timer("step_overdue", "Step due", "carry_out_step", date=literal("2026-03-06T00:00:00+00:00"),
                       interrupting=False)
    sub.call_activity("chase_step", "Chase the step", called_element="chase_late_step")
    sub.end("step_withdrawn", "No longer applies", terminate=True)
    sub.chain("step_begins", "carry_out_step", "note_step_done", "step_done")
    sub.chain("step_overdue", "chase_step", "step_withdrawn")
    d.user_task("confirm_closure", "Confirm the case can close", hos)
    d.end("closed", "Closed", hos)
    d.chain("begin", "meanwhile", "step_until_done", "both_done", "confirm_closure", "closed")
    d.chain("meanwhile", "receive_plan", "both_done")
    return d


def chase() -> Diagram:
    hos = "head_of_service"
    d = Diagram("chase_late_step", "Chase a late step", lanes=[hos])
    d.start("deadline_missed", "Deadline missed", hos)
    d.user_task("chase_owner", "Chase the step's owner", hos)
    d.end("chased", "Chased", hos)
    d.chain("deadline_missed", "chase_owner", "chased")
    return d


def started_case() -> CaseRun:
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(step_with_chase().to_xml())
    parser.add_bpmn_str(chase().to_xml())
    bundle = Bundle("late_step", parser.get_spec("late_step"), parser.get_subprocess_specs("late_step"), {})
    return CaseRun.start(bundle, {})


def open_steps(run: CaseRun) -> list[str]:
    return [t.element_id for t in run.ready_tasks()]


def complete(run: CaseRun, element_id: str) -> None:
    [task] = [t for t in run.ready_tasks() if t.element_id == element_id]
    assert run.complete(task.id, {}) is None


def test_a_step_done_after_its_date_keeps_its_outcome_and_leaves_no_chase_open():
    clock.set_clock(_dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    run = started_case()
    complete(run, "receive_plan")
    clock.set_clock(_dt.datetime(2026, 4, 14, 9, tzinfo=UTC))  # past the date; no timer run has fired it
    complete(run, "carry_out_step")
    assert (run.status, open_steps(run)) == (RUNNING, ["confirm_closure"])
    assert (run.data()["step_outcome"], run.data()["step_noted"]) == ("done late", True)
    assert run.waiting_timers() == []


def test_a_step_chased_before_it_is_done_ends_its_chase_when_done():
    clock.set_clock(_dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    run = started_case()
    complete(run, "receive_plan")
    clock.set_clock(_dt.datetime(2026, 3, 9, 9, tzinfo=UTC))
    assert [t.element_id for t in run.fire_due_timers()] == ["step_overdue"]
    assert sorted(open_steps(run)) == ["carry_out_step", "chase_owner"]
    complete(run, "carry_out_step")
    assert open_steps(run) == ["confirm_closure"]
    assert run.data()["step_outcome"] == "done late"


def test_a_timer_due_when_another_step_is_completed_fires_in_that_change():
    # SpiffWorkflow refreshes timers only after its last pass: a timer that fell due before the
    # scheduler's next round was made ready and left unrun by a change elsewhere in the case, no
    # longer waiting, so no scheduler would ever fire it and the chase never started.
    clock.set_clock(_dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    run = started_case()
    clock.set_clock(_dt.datetime(2026, 3, 9, 9, tzinfo=UTC))  # past the step's date; the scheduler has not run
    complete(run, "receive_plan")
    assert sorted(open_steps(run)) == ["carry_out_step", "chase_owner"]
    assert run.waiting_timers() == []
