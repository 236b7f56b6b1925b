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

import dataclasses
import datetime as _dt
import functools
from dataclasses import dataclass, field
from typing import Any, Mapping

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition as _BaseMessage
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from . import clock
from .definitions import FORM_SCHEMA_PROPERTY, FORM_UI_PROPERTY
from .merge import install_join_merge
from .errors import CaseFailure, FieldError, MessageNotCaught, TaskDataInvalid, TaskNotReady, TaskRefused
from .forms import bind_schema, validate_against
from .actions import CaseAction, interrupt_for, triggered_task
from .deadlines import deadline_of, next_chase_of, timer_due
from .roles import role_of_task
from .visibility import RESTRICTED_ENTRIES, entered_under_restriction
from .script_engine import RestrictedScriptEngine
from .helpers import CaseFacts, build_context
from .case_state import PartSet
from .history import History, was_reached
from .parts import ROOT, StoredPart, join_parts, part_of

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

RUNNING, COMPLETED, ERROR, TERMINATED = "running", "completed", "error", "terminated"
_templates = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@dataclass(frozen=True)
class Bundle:
    """Everything a case runs on: its process spec, the specs it calls or embeds, and the
    forms of each spec (by spec name, then form file name)."""

    key: str
    spec: Any
    subprocess_specs: Mapping[str, Any]
    forms: Mapping[str, Mapping[str, dict]]
    actions: Mapping[str, CaseAction] = field(default_factory=dict)

    def form(self, spec_name: str, filename: str | None) -> dict | None:
        if not filename:
            return None
        return self.forms.get(spec_name, {}).get(filename)


@dataclass(frozen=True)
class ReadyTask:
    id: str
    element_id: str
    name: str
    process_key: str
    lane: str | None
    role: str | None
    form: str | None
    ui_form: str | None
    instructions: str
    due_at: _dt.datetime | None
    due_rule: str | None
    data: dict
    # The stored part of the case (the top-level process or a sub-process) the task lives in.
    part: str = ROOT
    # Where the deadline sits (the task itself or an enclosing call activity) and, once it is
    # missed, when whatever chases it next acts (None: nothing chases it any more).
    governed_by: str | None = None
    governed_in: str | None = None
    deadline_name: str | None = None
    next_chase_at: _dt.datetime | None = None


@dataclass(frozen=True)
class WaitingTimer:
    task_id: str
    element_id: str
    name: str
    due_at: _dt.datetime
    rule: str | None
    attached_to: str | None
    interrupting: bool
    part: str = ROOT


@dataclass(frozen=True)
class WaitingMessage:
    task_id: str
    element_id: str
    name: str
    correlations: dict
    part: str = ROOT


@dataclass(frozen=True)
class OutgoingMessage:
    name: str
    payload: Any
    correlations: dict = field(default_factory=dict)


def _flatten(correlations: Mapping[str, Mapping[str, Any]] | None) -> dict:
    flat: dict = {}
    for props in (correlations or {}).values():
        if isinstance(props, Mapping):
            flat.update(props)
    return flat


class CaseRun:
    """One case's workflow, loaded in memory."""

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
        changed = self.parts.changes(self.workflow)
        self._changed()
        return changed

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
            self.failure = _failure_from(exc)
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
            self.failure = _failure_from(exc)
            return self.failure
        return self.run()

    # ------------------------------------------------------------------ tasks

    def data(self) -> dict:
        """The case's latest data: its most recently completed task's, updated by every step now
        waiting for a person (whose pre-scripts may have added to it)."""
        last = self.workflow.last_task
        data = dict(last.data) if last is not None else {}
        # Oldest first, so a task opened long ago (an escalation on a timer path) cannot hide newer values.
        for task in sorted(self._user_tasks(), key=lambda t: t.last_state_change):
            if last is None or task.last_state_change >= last.last_state_change:
                data.update(task.data)
            else:
                data.update({k: v for k, v in task.data.items() if k not in data})
        return data

    def _user_tasks(self):
        # Walking the task tree is the costliest read; it only changes when the engine runs.
        if self._ready_cache is None:
            self._ready_cache = [t for t in self.workflow.get_tasks(state=TaskState.READY) if t.task_spec.manual]
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
        )

    def find_task(self, task_id: str):
        for task in self._user_tasks():
            if str(task.id) == task_id:
                return task
        return None

    def validate_submission(self, task_id: str, data: Mapping[str, Any]) -> None:
        """Raise TaskNotReady or TaskDataInvalid; change nothing."""
        task = self.find_task(task_id)
        if task is None:
            raise TaskNotReady(f"task {task_id} is not waiting to be completed; it may have been completed already")
        description = self._describe(task)
        schema = bind_schema(self.bundle.form(task.workflow.spec.name, description.form), task.data)
        if schema is None:
            if data:
                raise TaskDataInvalid([FieldError((), "this step has no form, so it takes no data")])
            return
        validate_against(schema, data)

    def complete(self, task_id: str, data: Mapping[str, Any]) -> CaseFailure | None:
        """Validate and complete a ready user task, then run to the next wait state.

        A completion is all or nothing: when a script run by it refuses the data (raises
        ``ValueError``), :class:`TaskRefused` is raised and this ``CaseRun`` must be thrown
        away, so the stored case keeps the task ready. Any other failure is the case's error.
        """
        self.validate_submission(task_id, data)
        task = self.find_task(task_id)
        task.data.update(data)
        self._keep_restricted(task, data)
        self._changed()
        try:
            task.run()
            self.workflow.do_engine_steps()
        except Exception as exc:
            refusal = refusal_from(exc)
            if refusal is not None:
                raise refusal from None
            self.failure = _failure_from(exc)
        self._changed()
        return self.failure

    def _keep_restricted(self, task, data: Mapping[str, Any]) -> None:
        # Free text entered while a restriction held stays restricted once it is lifted.
        description = self._describe(task)
        schema = self.bundle.form(task.workflow.spec.name, description.form) if description.form else None
        entered = entered_under_restriction(schema, data, task.data)
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
        schema, _ = self.action_form(name)
        if schema is not None:
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

    # ------------------------------------------------------------------ timers

    def waiting_timers(self) -> list[WaitingTimer]:
        timers = []
        for task in self._waiting_events():
            spec = task.task_spec
            definition = next((d for d in _definitions(spec) if isinstance(d, TimerEventDefinition)), None)
            if definition is None:
                continue
            due = timer_due(task)
            if due is None:
                continue
            host = None
            if isinstance(task.parent.task_spec, BoundaryEventSplit):
                host = next((c.task_spec.bpmn_id for c in task.parent.children if not hasattr(c.task_spec, "event_definition")), None)
            timers.append(
                WaitingTimer(
                    task_id=str(task.id),
                    element_id=spec.bpmn_id or spec.name,
                    name=spec.bpmn_name or definition.name or spec.bpmn_id,
                    due_at=due,
                    rule=task.internal_data.get("deadline_rule"),
                    attached_to=host,
                    interrupting=getattr(spec, "cancel_activity", True),
                    part=part_of(task.workflow),
                )
            )
        return timers

    def _waiting_events(self):
        """Catching events now waiting (timers, messages): SpiffWorkflow's event manager tracks
        them for the whole case, sub-processes included, so no walk of the task tree is needed."""
        return [t for t in self.workflow.event_manager.tasks.values() if t.state == TaskState.WAITING]

    def fire_due_timers(self) -> list[WaitingTimer]:
        """Fire every timer due by the engine clock; return one entry per firing (a cycle timer
        behind by several periods fires once for each, each with its own due time)."""
        before = {t.task_id: t for t in self.waiting_timers() if t.due_at <= clock.now()}
        if not before:
            return []
        tasks = {str(t.id): t for t in self._waiting_events() if str(t.id) in before}
        # A cycle timer adds one path (a child task) each time it fires, and stays waiting until its last.
        cycles = {task_id: (len(task.children), _cycle_period(task)) for task_id, task in tasks.items() if _cycle_period(task)}
        self._changed()
        try:
            self.workflow.refresh_timers()
        except Exception as exc:
            self.failure = _failure_from(exc)
            return []
        self.run()
        still = {t.task_id: t.due_at for t in self.waiting_timers()}
        fired: list[WaitingTimer] = []
        for task_id, timer in before.items():
            if task_id in cycles:
                paths, period = cycles[task_id]
                # Each firing adds a child for each of the timer's outgoing paths.
                count = (len(tasks[task_id].children) - paths) // max(1, len(tasks[task_id].task_spec.outputs))
                fired.extend(dataclasses.replace(timer, due_at=timer.due_at + k * period) for k in range(count))
            elif still.get(task_id) != timer.due_at:
                fired.append(timer)
        return fired

    # ------------------------------------------------------------------ messages

    def waiting_messages(self) -> list[WaitingMessage]:
        found = []
        for task in self._waiting_events():
            for definition in _definitions(task.task_spec):
                if isinstance(definition, _BaseMessage):
                    found.append(
                        WaitingMessage(
                            task_id=str(task.id),
                            element_id=task.task_spec.bpmn_id or task.task_spec.name,
                            name=definition.name,
                            correlations=_flatten(task.workflow.correlations),
                            part=part_of(task.workflow),
                        )
                    )
        return found

    def deliver(self, name: str, payload: Any, correlations: Mapping[str, Any] | None = None) -> CaseFailure | None:
        """Deliver a message from another case or system; raise MessageNotCaught if nobody waits for it."""
        given = dict(correlations or {})
        # Spiff matches correlation keys as whole dicts: fill each key this case knows from what was given.
        # A sub-process (embedded or called) keeps its own correlations: a receive task inside one
        # is matched on them, not on the top level's.
        keyed = {key: {prop: given.get(prop) for prop in props} for key, props in self._correlation_keys().items()}
        event = BpmnEvent(MessageEventDefinition(name), payload=payload, correlations=keyed)
        self._changed()
        try:
            self.workflow.send_event(event)
        except WorkflowException as exc:
            raise MessageNotCaught(f"the case is not waiting for the message '{name}'") from exc
        except Exception as exc:
            self.failure = _failure_from(exc)
            return self.failure
        return self.run()

    def _correlation_keys(self) -> dict:
        keys: dict = {}
        for workflow in [self.workflow, *self.workflow.subprocesses.values()]:
            for key, props in (workflow.correlations or {}).items():
                keys.setdefault(key, set()).update(props)
        return keys

    def _collect_outgoing(self) -> None:
        for event in self.workflow.get_events():
            definition = event.event_definition
            if isinstance(definition, _BaseMessage):
                self.outbox.append(OutgoingMessage(definition.name, event.payload, _flatten(event.correlations)))

    def outgoing_messages(self) -> list[OutgoingMessage]:
        """Messages thrown that nothing in this case caught, each handed out once, for the service to route."""
        self._collect_outgoing()
        messages, self.outbox = self.outbox, []
        return messages


def _cycle_period(task) -> _dt.timedelta | None:
    """The period of a waiting cycle timer (SpiffWorkflow keeps {"cycles", "next", "duration"})."""
    value = task.internal_data.get("event_value")
    if isinstance(value, dict) and isinstance(value.get("duration"), (int, float)):
        return _dt.timedelta(seconds=value["duration"])
    return None


def _definitions(spec) -> list:
    """The events a waiting task catches: its own, or each of an event-based gateway's (a multiple event)."""
    definition = getattr(spec, "event_definition", None)
    return list(getattr(definition, "event_definitions", None) or ([definition] if definition is not None else []))


def _script_engine(facts: CaseFacts | None) -> RestrictedScriptEngine:
    engine = RestrictedScriptEngine()
    engine.environment.context = build_context(facts or CaseFacts(), explain=engine.explanations.append)
    return engine


@functools.lru_cache(maxsize=1024)
def _compiled(template: str):
    """Instructions are the same few texts on every change: compile each once."""
    return _templates.from_string(template)


def _render(template: str | None, data: Mapping[str, Any]) -> str:
    if not template:
        return ""
    try:
        return _compiled(template).render(**data)
    except TemplateError:
        # Instructions mention data that is not there yet: show the text as written rather than fail the task.
        return template


def _within(task, subprocess_task) -> bool:
    """Whether a task belongs to the sub-workflow an (event) sub-process task started."""
    workflow = task.workflow
    while workflow is not None and getattr(workflow, "parent_task_id", None) is not None:
        if workflow.parent_task_id == subprocess_task.id:
            return True
        workflow = workflow.parent_workflow
    return False


def refusal_from(exc: BaseException) -> TaskRefused | None:
    """The refusal behind an engine failure, if a script refused the data with ValueError."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        script_error = getattr(current, "script_error", None)
        if script_error is not None and isinstance(script_error.__cause__, ValueError):
            task = getattr(current, "task", None)
            element = (task.task_spec.bpmn_id or task.task_spec.name) if task is not None else None
            return TaskRefused(str(script_error.__cause__), element_id=element)
        current = current.__cause__ or current.__context__
    return None


def _failure_from(exc: Exception) -> CaseFailure:
    task = getattr(exc, "task", None)
    script_error = getattr(exc, "script_error", None)
    message = script_error.message if script_error is not None else (str(exc).split("\n")[0] or type(exc).__name__)
    line = getattr(exc, "line_number", None) or (script_error.line if script_error else None)
    source_line = getattr(exc, "error_line", None) or (script_error.source_line if script_error else None)
    return CaseFailure(
        message=message,
        element_id=(task.task_spec.bpmn_id or task.task_spec.name) if task is not None else None,
        task_id=str(task.id) if task is not None else None,
        line=line if isinstance(line, int) and line > 0 else None,
        source_line=source_line or None,
    )
