"""Saving and restoring workflows, with specs kept apart from case state.

SpiffWorkflow's serializer embeds the whole spec in every serialized workflow (about half of
it). Here a definition version stores its spec once (:func:`spec_to_dict`), and a case stores
only its state (:func:`workflow_to_state`); restoring joins the two with specs that are
deserialized once and cached by the caller.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from .event_subprocesses import ready_event_subprocesses

__all__ = ["STATE_FORMAT", "spec_to_dict", "spec_from_dict", "workflow_to_state", "workflow_from_state", "to_json_data",
           "from_json_data", "registry", "serializer", "workflow_converter"]

# Bumped when the stored shape changes; the serializer's own version travels inside the state.
STATE_FORMAT = 1

_registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
_registry.register(
    _dt.date, lambda v: {"value": v.isoformat()}, lambda v: _dt.date.fromisoformat(v["value"]), typename="date"
)
_registry.register(
    decimal.Decimal, lambda v: {"value": str(v)}, lambda v: decimal.Decimal(v["value"]), typename="Decimal"
)
_serializer = BpmnWorkflowSerializer(_registry)
_workflow_converter = _registry.convert_from_dict[_registry.typenames[BpmnWorkflow]].args[0].__self__
# Shared with engine.parts, which serializes each workflow of a case apart with the same converters.
registry, serializer, workflow_converter = _registry, _serializer, _workflow_converter


def spec_to_dict(spec) -> dict:
    """A process spec (or embedded sub-process spec) as JSON-ready data."""
    return _registry.convert(spec)


def spec_from_dict(data: dict):
    spec = _registry.restore(data)
    ready_event_subprocesses(spec)
    return spec


def to_json_data(value):
    """Task data as JSON-ready values (dates, Decimals and datetimes tagged)."""
    return _registry.convert(value)


def from_json_data(value):
    return _registry.restore(value)


def workflow_to_state(workflow: BpmnWorkflow) -> dict:
    """The workflow's state without its specs."""
    state = _serializer.to_dict(workflow)
    state.pop("spec", None)
    state.pop("subprocess_specs", None)
    state[_serializer.VERSION_KEY] = _serializer.VERSION
    state["state_format"] = STATE_FORMAT
    return state


def workflow_from_state(state: dict, spec, subprocess_specs: dict, script_engine) -> BpmnWorkflow:
    """Rebuild a workflow from :func:`workflow_to_state` output and already-restored specs.

    Mirrors SpiffWorkflow's own ``BpmnWorkflowConverter.from_dict`` (3.2), minus restoring the
    specs, which the caller caches per definition version.
    """
    state = dict(state)
    state.pop("state_format", None)
    _serializer.migrate(state)
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
    workflow.tasks = _workflow_converter.mapping_from_dict(state["tasks"], UUID, workflow=workflow)
    workflow.task_tree = workflow.tasks.get(UUID(state["root"]))
    _workflow_converter.set_default_attributes(workflow, state)
    _workflow_converter.subprocesses_from_dict(dict(state["subprocesses"]), workflow)
    workflow.bpmn_events = _registry.restore(state.get("bpmn_events", []))
    return workflow
