"""Running one case in memory: start, complete tasks, fire timers, exchange messages.

:class:`CaseRun` wraps a SpiffWorkflow ``BpmnWorkflow``. It never touches a database: the
service layer loads a case's state into a ``CaseRun``, makes one change, and saves
:meth:`CaseRun.state` with the projections (:meth:`ready_tasks`, :meth:`waiting_timers`,
:meth:`waiting_messages`) in one transaction.

Failures inside the engine (a script error, a bad timer expression) never escape as crashes:
the run stops, :attr:`CaseRun.failure` says what, where and on which line, and the state can be
saved and retried later.
"""

from __future__ import annotations

from typing import Any, Mapping

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from . import clock
from .computed import keep_computed, refuse_reserved_names
from .instructions import render_instructions
from .actions import CaseAction, interrupt_for, triggered_task
from .case_state import PartSet
from .deadlines import deadline_of, next_chase_of
from .engine_steps import install_engine_steps
from .definitions import FORM_SCHEMA_PROPERTY, FORM_UI_PROPERTY
from .errors import CaseFailure, FieldError, TaskDataInvalid, TaskNotReady
from .form_dates import dates_after_deadline
from .forms import bind_schema, validate_against
from .helpers import CaseFacts, build_context
from .history import History, was_reached
from .merge import install_join_merge
from .open_steps import install_open_steps
from .parts import ROOT, StoredPart, join_parts, part_of
from .roles import role_of_task
from .task_walk import ready_tasks
from .run_events import CaseEvents
from .run_failures import failure_from, refusal_from
from .run_types import Bundle, OutgoingMessage, ReadyTask, WaitingMessage, WaitingTimer
from .script_engine import RestrictedScriptEngine
from .task_context import purpose_of, stage_of
from .visibility import RESTRICTED_ENTRIES, entered_under_restriction

__all__ = [
    "Bundle",
    "CaseRun",
    "ReadyTask",
    "WaitingTimer",
    "WaitingMessage",
    "OutgoingMessage",
    "RUNNING",
    "COMPLETED",
    "ERROR",
    "TERMINATED",
]

clock.install_spiff_clock()
install_join_merge()
install_engine_steps()
install_open_steps()

RUNNING, COMPLETED, ERROR, TERMINATED = "running", "completed", "error", "terminated"


class CaseRun(CaseEvents):
    """One case's workflow, loaded in memory."""

    # The last completion's planned dates after their deadline (engine/form_dates.py): accepted, for the service to record.
    date_warnings: tuple = ()

    def __init__(self, workflow: BpmnWorkflow, bundle: Bundle, failure: CaseFailure | None = None, terminated: bool = False,
                 parts: PartSet | None = None):
        self.workflow = workflow
        # Which stored parts are in memory, as loaded: saving writes only what changed.
        self.parts = parts if parts is not None else PartSet({})
        self.bundle = bundle
        self.failure = failure
        self.terminated = terminated
        self._ready_cache: list | None = None
        # Messages thrown and not caught inside the case, waiting for the service to route them.
        # They leave the workflow state as soon as they are thrown, so saving never keeps them.
        self.outbox: list[OutgoingMessage] = []

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def start(cls, bundle: Bundle, data: Mapping[str, Any], facts: CaseFacts | None = None) -> "CaseRun":
        workflow = BpmnWorkflow(bundle.spec, dict(bundle.subprocess_specs), script_engine=_script_engine(facts))
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        run = cls(workflow, bundle)
        run.run()
        return run

    @classmethod
    def load(cls, state: PartSet | dict, bundle: Bundle, facts: CaseFacts | None = None, failure: CaseFailure | None = None,
             terminated: bool = False) -> "CaseRun":
        """``state``: the case's stored parts (all, or only those a change needs), or one
        state dict as :meth:`state` returns it."""
        parts = state if isinstance(state, PartSet) else PartSet.from_state(state)
        workflow = parts.restore(bundle.spec, dict(bundle.subprocess_specs), _script_engine(facts))
        return cls(workflow, bundle, failure, terminated, parts)

    def state(self) -> dict:
        """The loaded state as one dict (every loaded part joined), as it stands."""
        self._collect_outgoing()
        return join_parts(self.parts.current(self.workflow, prune=False).values())

    def changed_parts(self) -> list[StoredPart]:
        """The parts to save after a change: new or changed ones, and sub-processes that have
        finished (for the last time). Finished history leaves the live state first."""
        self._collect_outgoing()
        # What leaves the live state is finished, so the tasks waiting for a person stay as found.
        return self.parts.changes(self.workflow)

    @property
    def partial(self) -> bool:
        """Whether only some of the case's live parts are in memory."""
        return self.parts.partial

    def reached_unloaded(self) -> bool:
        """Whether the last change may have reached a part not in memory (then redo it on the whole case)."""
        return self.parts.reached_unloaded(self.workflow)

    @property
    def status(self) -> str:
        if self.terminated:
            return TERMINATED
        if self.failure is not None:
            return ERROR
        # is_completed(): no task left unfinished. An interrupting event sub-process ends the case
        # without reaching its End task, so the "completed" flag alone would miss it.
        return COMPLETED if self.workflow.is_completed() else RUNNING

    def run(self) -> CaseFailure | None:
        """Run engine steps to the next wait state; on failure record it and stop."""
        self._changed()
        try:
            self.workflow.do_engine_steps()
        except Exception as exc:  # any failure inside the engine becomes the case's error state
            self.failure = failure_from(exc)
        self._changed()
        return self.failure

    def terminate(self) -> None:
        self._changed()
        self.workflow.cancel()
        self.terminated = True

    def retry(self, data: Mapping[str, Any] | None = None) -> CaseFailure | None:
        """Run again from the failed step, optionally with corrected data merged into it."""
        failed = self.workflow.get_tasks(state=TaskState.ERROR)
        self.failure = None
        self._changed()
        try:
            for task in failed:
                if data:
                    task.data.update(data)
                task._set_state(TaskState.READY)
                if task.task_spec.manual:
                    task.run()
        except Exception as exc:
            self.failure = failure_from(exc)
            return self.failure
        return self.run()

    # ------------------------------------------------------------------ tasks

    def data(self) -> dict:
        """The case's latest data: its most recently completed task's, updated by every step now
        waiting for a person (whose pre-scripts may have added to it) or for a timer or message.

        The waiting events count because the top level's last task says nothing of a called stage
        still under way: a stage waiting on a timer (the date of the next JIMP) holds the data its
        last step recorded in the timer's task, not in any task of the top level."""
        last = self.workflow.last_task
        data = dict(last.data) if last is not None else {}
        # Oldest first, so a task opened long ago (an escalation on a timer path) cannot hide newer values.
        for task in sorted([*self._user_tasks(), *self._waiting_events()], key=lambda t: t.last_state_change):
            if last is None or task.last_state_change >= last.last_state_change:
                data.update(task.data)
            else:
                data.update({k: v for k, v in task.data.items() if k not in data})
        return data

    def _user_tasks(self):
        # Walking the task tree is the costliest read; it only changes when the engine runs.
        if self._ready_cache is None:
            self._ready_cache = [t for t in ready_tasks(self.workflow) if t.task_spec.manual]
        return self._ready_cache

    def _changed(self) -> None:
        self._ready_cache = None

    def ready_tasks(self) -> list[ReadyTask]:
        return [self._describe(task) for task in self._user_tasks()]

    def _describe(self, task) -> ReadyTask:
        spec = task.task_spec
        extensions = getattr(spec, "extensions", {}) or {}
        props = extensions.get("properties", {}) or {}
        due_at, due_rule, governing, deadline_name = deadline_of(task)
        role = role_of_task(spec.lane, task.data)
        return ReadyTask(
            id=str(task.id),
            element_id=spec.bpmn_id or spec.name,
            name=spec.bpmn_name or spec.bpmn_id or spec.name,
            process_key=task.workflow.spec.name,
            lane=spec.lane,
            role=str(role) if role else None,
            form=props.get(FORM_SCHEMA_PROPERTY),
            ui_form=props.get(FORM_UI_PROPERTY),
            instructions=_render(extensions.get("instructionsForEndUser"), task.data),
            due_at=due_at,
            due_rule=due_rule,
            data=dict(task.data),
            part=part_of(task.workflow),
            governed_by=(governing.task_spec.bpmn_id if governing is not None else None),
            governed_in=(governing.workflow.spec.name if governing is not None else None),
            deadline_name=deadline_name,
            next_chase_at=(next_chase_of(governing, clock.now()) if governing is not None else None),
            purpose=purpose_of(task),
            stage=stage_of(task),
        )

    def find_task(self, task_id: str):
        for task in self._user_tasks():
            if str(task.id) == task_id:
                return task
        return None

    def _ready_task(self, task_id: str):
        task = self.find_task(task_id)
        if task is None:
            raise TaskNotReady(f"task {task_id} is not waiting to be completed; it may have been completed already")
        return task

    def _checked(self, task, data: Mapping[str, Any]) -> tuple[dict, Mapping | None, Mapping | None]:
        """Raise TaskDataInvalid, or give the data to store (the submission with the server's own
        values in its read-only fields: engine/computed.py), the task's form schema bound to its
        data, and unbound."""
        props = (getattr(task.task_spec, "extensions", None) or {}).get("properties") or {}
        process = task.workflow.spec.name
        form = self.bundle.form(process, props.get(FORM_SCHEMA_PROPERTY))
        schema = bind_schema(form, task.data)
        if schema is None:
            if data:
                raise TaskDataInvalid([FieldError((), "this step has no form, so it takes no data")])
            return {}, None, None
        refuse_reserved_names(data)
        data = keep_computed(schema, self.bundle.form(process, props.get(FORM_UI_PROPERTY)), data, task.data)
        validate_against(schema, data)
        return data, schema, form

    def complete(self, task_id: str, data: Mapping[str, Any]) -> CaseFailure | None:
        """Validate and complete a ready user task, then run to the next wait state.

        A completion is all or nothing: when a script run by it refuses the data (raises
        ``ValueError``), :class:`TaskRefused` is raised and this ``CaseRun`` must be thrown
        away, so the stored case keeps the task ready. Any other failure is the case's error.
        """
        task = self._ready_task(task_id)
        data, schema, form = self._checked(task, data)
        self.date_warnings = tuple(dates_after_deadline(schema, data))
        task.data.update(data)
        self._keep_restricted(task, form, data)
        self._changed()
        try:
            task.run()
            self.workflow.do_engine_steps()
        except Exception as exc:
            refusal = refusal_from(exc)
            if refusal is not None:
                raise refusal from None
            self.failure = failure_from(exc)
        self._changed()
        return self.failure

    @staticmethod
    def _keep_restricted(task, form: Mapping | None, data: Mapping[str, Any]) -> None:
        # Free text entered while a restriction held stays restricted once it is lifted.
        entered = entered_under_restriction(form, data, task.data)
        if entered:
            task.data[RESTRICTED_ENTRIES] = sorted(set(task.data.get(RESTRICTED_ENTRIES) or ()) | entered)

    # ------------------------------------------------------------------ case-level actions

    def available_actions(self) -> list[CaseAction]:
        """The case-level actions the case can take now (none once it has ended)."""
        if self.status != RUNNING:
            return []
        return sorted(self.bundle.actions.values(), key=lambda a: a.title)

    def action_form(self, name: str) -> tuple[dict | None, dict | None]:
        """The JSON Schema (bound to the case's data) and UI schema of an action's form."""
        action = self._action(name)
        sub_spec = self.bundle.subprocess_specs.get(action.subprocess_id)
        task_spec = sub_spec.task_specs.get(action.task_id) if sub_spec is not None and action.task_id else None
        props = ((getattr(task_spec, "extensions", None) or {}).get("properties") or {}) if task_spec else {}
        forms = self.bundle.forms.get(self.bundle.key, {})
        schema = forms.get(props.get(FORM_SCHEMA_PROPERTY)) if props.get(FORM_SCHEMA_PROPERTY) else None
        ui = forms.get(props.get(FORM_UI_PROPERTY)) if props.get(FORM_UI_PROPERTY) else None
        return bind_schema(schema, self.data()), ui

    def take_action(self, name: str, data: Mapping[str, Any]) -> CaseFailure | None:
        """Start the action's event sub-process and complete its first task with ``data``.

        Invalid data raises TaskDataInvalid before anything changes; a script's refusal
        raises TaskRefused (throw this run away, as for :meth:`complete`).
        """
        action = self._action(name)
        if action not in self.available_actions():
            raise TaskNotReady(f"the case is {self.status}: '{action.title}' cannot be taken now")
        schema, ui = self.action_form(name)
        if schema is not None:
            refuse_reserved_names(data)
            data = keep_computed(schema, ui, data, self.data())
            validate_against(schema, data)
        self._changed()
        self.workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload={}))
        started = triggered_task(self.workflow, action)
        if action.interrupting and started is not None:
            interrupt_for(self.workflow, started)
        self.run()
        if self.failure is not None or action.task_id is None:
            return self.failure
        task = next((t for t in self._user_tasks() if t.task_spec.bpmn_id == action.task_id
                     and started is not None and _within(t, started)), None)
        if task is None:
            return self.failure
        return self.complete(str(task.id), data)

    def _action(self, name: str) -> CaseAction:
        action = self.bundle.actions.get(name)
        if action is None:
            raise TaskNotReady(f"this procedure has no case action '{name}'")
        return action

    def save_draft(self, task_id: str, data: Mapping[str, Any]) -> None:
        task = self.find_task(task_id)
        if task is None:
            raise TaskNotReady(f"task {task_id} is not waiting to be completed")
        task.internal_data["draft"] = dict(data)

    def progress(self) -> dict[str, list[str]]:
        """Element ids of the case's own diagram: completed, current (waiting for a person or a
        sub-process) and waiting (timers and messages), for highlighting the diagram."""
        # Finished history has left the live tree; the elements it ran are kept by name.
        completed, current, waiting = self.parts.histories.get(ROOT, History()).completed_in(self.workflow.spec.name), set(), set()
        for task in self.workflow.task_tree:
            if task.workflow is not self.workflow:
                continue
            element = task.task_spec.bpmn_id
            if not element:
                continue
            if task.state == TaskState.COMPLETED:
                completed.add(element)
            elif task.state in (TaskState.READY, TaskState.STARTED):
                current.add(element)
            elif task.state == TaskState.WAITING:
                (waiting if getattr(task.task_spec, "event_definition", None) is not None else current).add(element)
        return {"completed": sorted(completed - current - waiting), "current": sorted(current), "waiting": sorted(waiting)}

    def reached_elements(self) -> dict[str, set[str]]:
        """Element ids each process of the case has reached (run, waiting, or set going before
        being cancelled), its finished history included, by process spec name."""
        reached = {spec: set(ids) for spec, ids in self.parts.history().reached.items()}
        for task in self.workflow.get_tasks(state=TaskState.FINISHED_MASK | TaskState.READY | TaskState.WAITING):
            if task.task_spec.bpmn_id and was_reached(task):
                reached.setdefault(task.workflow.spec.name, set()).add(task.task_spec.bpmn_id)
        return reached

def _script_engine(facts: CaseFacts | None) -> RestrictedScriptEngine:
    engine = RestrictedScriptEngine()
    engine.environment.build_context_with(lambda: build_context(facts or CaseFacts(), explain=engine.explanations.append))
    return engine


def _render(template: str | None, data: Mapping[str, Any]) -> str:
    # Missing data, a failing or runaway template: the text as written, never a failed step.
    return render_instructions(template, data)


def _within(task, subprocess_task) -> bool:
    """Whether a task belongs to the sub-workflow an (event) sub-process task started."""
    workflow = task.workflow
    while workflow is not None and getattr(workflow, "parent_task_id", None) is not None:
        if workflow.parent_task_id == subprocess_task.id:
            return True
        workflow = workflow.parent_workflow
    return False
