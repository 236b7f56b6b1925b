"""What staff need around a step: what it is for, and which form each step of a bundle uses.

A shared step ("Send the notification") is called from several places of one procedure; two of
its tasks can be open at once. Its *purpose* is the name of the nearest enclosing call activity
or sub-process with another name ("Notify the provider"), so no two open tasks read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .definitions import FORM_SCHEMA_PROPERTY, FORM_UI_PROPERTY

__all__ = ["StepForm", "purpose_of", "stage_of", "step_forms"]


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def purpose_of(task) -> str | None:
    """The name of the nearest activity around ``task`` whose name differs from the task's own
    (a chase wrapper is named like its step, so it is passed over); None at the top level."""
    own = task.task_spec.bpmn_name or task.task_spec.bpmn_id
    workflow = task.workflow
    while getattr(workflow, "parent_task_id", None) is not None:
        try:
            caller = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        except Exception:  # the part above is not loaded: say nothing rather than guess
            return None
        name = caller.task_spec.bpmn_name
        if name and not _same(name, own):
            return name.strip()
        workflow = caller.workflow
    return None


def stage_of(task) -> str:
    """The stage a task is in: the name of the top-level activity holding it (itself, if it is
    at the top level)."""
    current = task
    while getattr(current.workflow, "parent_task_id", None) is not None:
        try:
            current = current.workflow.top_workflow.get_task_from_id(current.workflow.parent_task_id)
        except Exception:
            break
    return (current.task_spec.bpmn_name or current.task_spec.bpmn_id or "").strip()


@dataclass(frozen=True)
class StepForm:
    spec_name: str
    name: str
    schema: dict | None
    ui_schema: dict | None


def step_forms(bundle: Any) -> dict[str, StepForm]:
    """Every user task of a bundle with a form, by element id (the first spec defining it wins)."""
    found: dict[str, StepForm] = {}
    specs = [(bundle.key, bundle.spec), *bundle.subprocess_specs.items()]
    for spec_name, spec in specs:
        for task_spec in getattr(spec, "task_specs", {}).values():
            props = (getattr(task_spec, "extensions", None) or {}).get("properties") or {}
            form = props.get(FORM_SCHEMA_PROPERTY)
            element = getattr(task_spec, "bpmn_id", None)
            if not form or not element or element in found:
                continue
            found[element] = StepForm(spec_name, task_spec.bpmn_name or element, bundle.form(spec_name, form),
                                      bundle.form(spec_name, props.get(FORM_UI_PROPERTY)))
    return found
