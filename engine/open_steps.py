"""An open step shows the data objects it reads as they stand now, not as they stood when it opened.

SpiffWorkflow copies a data object into a task's data (a data input association) once, when the
task becomes ready, and runs its pre-script then. A decision step that waits for days keeps that
copy: a QPIP outcome decision opened before a section 8 action's outcome arrived would go on
showing, and suggesting on, the list without it.

A user task that says so in its properties,
``<spiffworkflow:property name="rereadDataObjects" value="true"/>``, reads its data objects again
whenever one of them has changed while it is open, and runs its pre-script again on them: what it
shows and suggests is computed from the latest values. Its pre-script must therefore compute from
its inputs (``summary = f(outcomes)``), never add to what it computed before. What a person has
typed is a draft kept apart from the task's data, so a re-read never loses it.
"""

from __future__ import annotations

import time

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.data_spec import DataObject
from SpiffWorkflow.util.task import TaskState

__all__ = ["REREAD_PROPERTY", "install_open_steps", "reread_data_objects"]

REREAD_PROPERTY = "rereadDataObjects"
_ABSENT = object()


def _rereads(spec) -> bool:
    props = ((getattr(spec, "extensions", None) or {}).get("properties") or {})
    return str(props.get(REREAD_PROPERTY, "")).strip().lower() == "true"


def _current(task, data_object: DataObject):
    """The data object's value where it is defined (as ``DataObject.get`` finds it), or absent."""
    workflow = task.workflow
    while workflow is not None and data_object.bpmn_id not in workflow.spec.data_objects:
        workflow = workflow.parent_workflow
    return _ABSENT if workflow is None else workflow.data_objects.get(data_object.bpmn_id, _ABSENT)


def _has_rereading_steps(workflow) -> bool:
    """Whether any spec the case runs has a step that re-reads (kept on each spec object, so
    a case whose procedures have none pays no walk of its task tree)."""
    found = False
    for spec in [workflow.spec, *workflow.subprocess_specs.values()]:
        known = spec.__dict__.get("_has_rereading_steps")
        if known is None:
            known = any(_rereads(task_spec) for task_spec in spec.task_specs.values())
            spec.__dict__["_has_rereading_steps"] = known
        found = found or known
    return found


def reread_data_objects(workflow) -> int:
    """Bring every open step that re-reads its data objects up to date; return how many changed."""
    if not _has_rereading_steps(workflow):
        return 0
    count = 0
    for task in workflow.get_tasks(state=TaskState.READY):
        spec = task.task_spec
        if not spec.manual or not _rereads(spec):
            continue
        objects = [o for o in spec.data_input_associations if isinstance(o, DataObject)]
        if not any(_current(task, o) is not _ABSENT and _current(task, o) != task.data.get(o.bpmn_id, _ABSENT)
                   for o in objects):
            continue
        for data_object in objects:
            data_object.get(task)
        prescript = getattr(spec, "prescript", None)
        if prescript:
            spec.execute_script(task, prescript)
        # The task's data changed: its stored part and projection must be written again.
        task.last_state_change = time.time()
        count += 1
    return count


_installed = False


def install_open_steps() -> None:
    """Re-read open steps' data objects after every engine pass (idempotent)."""
    global _installed
    if _installed:
        return
    original = BpmnWorkflow.do_engine_steps

    def do_engine_steps(self, will_complete_task=None, did_complete_task=None):
        original(self, will_complete_task, did_complete_task)
        reread_data_objects(self)

    BpmnWorkflow.do_engine_steps = do_engine_steps
    _installed = True
