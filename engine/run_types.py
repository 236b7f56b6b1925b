"""What a running case shows the service layer: the values :class:`engine.runtime.CaseRun`
hands out (ready tasks, waiting timers and messages, messages to route) and the bundle of
specs and forms it runs on."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent

from .actions import CaseAction
from .parts import ROOT

__all__ = ["Bundle", "ReadyTask", "WaitingTimer", "WaitingMessage", "OutgoingMessage", "flatten_correlations"]


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

    @cached_property
    def messages_caught(self) -> frozenset[str]:
        """The messages some step of these specs catches (an event-based gateway's included)."""
        names = set()
        for spec in [self.spec, *self.subprocess_specs.values()]:
            for task_spec in spec.task_specs.values():
                if isinstance(task_spec, CatchingEvent):
                    definition = task_spec.event_definition
                    for d in getattr(definition, "event_definitions", None) or [definition]:
                        if isinstance(d, MessageEventDefinition):
                            names.add(d.name)
        return frozenset(names)


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
    # What the step is for, when it is called from somewhere ("Notify the provider"): two open
    # tasks of one case never read the same.
    purpose: str | None = None
    # The top-level activity (stage) it is part of.
    stage: str | None = None


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


def flatten_correlations(correlations: Mapping[str, Mapping[str, Any]] | None) -> dict:
    flat: dict = {}
    for props in (correlations or {}).values():
        if isinstance(props, Mapping):
            flat.update(props)
    return flat
