"""A running case's timers and messages: what it waits for, firing what is due, and the
messages it receives and throws. Part of :class:`engine.runtime.CaseRun` (a mixin: it uses the
run's ``workflow``, ``run``, ``failure`` and ``outbox``)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any, Mapping

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition as _BaseMessage
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from . import clock
from .deadlines import timer_due
from .errors import CaseFailure, MessageNotCaught
from .parts import part_of
from .run_failures import failure_from
from .run_types import OutgoingMessage, WaitingMessage, WaitingTimer, flatten_correlations

__all__ = ["CaseEvents"]


class CaseEvents:
    """Timers and messages of a :class:`engine.runtime.CaseRun`."""

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
            self.failure = failure_from(exc)
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
                            correlations=flatten_correlations(task.workflow.correlations),
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
            self.failure = failure_from(exc)
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
                self.outbox.append(OutgoingMessage(definition.name, event.payload, flatten_correlations(event.correlations)))

    def catches_message(self, name: str) -> bool:
        """Whether any step of the case's procedures (its own or one it calls) catches the
        message ``name``: a message it threw too early can then be held for it (issue 20)."""
        return name in self.bundle.messages_caught

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
