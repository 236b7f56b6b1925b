"""A case's workflow state stored by parts: the top-level process and each sub-process apart.

SpiffWorkflow serializes a whole workflow at once: every task ever run, in the top-level
process and in every call activity, embedded sub-process, multi-instance child and event
sub-process. A case that ran long (a loop of monthly meetings, a closure with forty residents)
then costs its whole history on every change, and one row per case lets only one person change
a case at a time. Here, as SpiffArena does since it found its O(n²) serialization, each
workflow is one *part*, serialized alone by SpiffWorkflow's own converters (without specs,
which are stored once per definition version):

* the ``root`` part is the top-level process (its tasks, data, correlations, pending events);
* every sub-process is a part named by the id of the task that runs it, and knows the part
  that holds that task (its parent part);
* a part whose sub-process has finished is written one last time and never read again.

A change loads the parts it needs (:func:`restore_workflow` takes any set of parts closed under
"parent part"), and saves only the parts whose serialization changed (:func:`changed_parts`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer.default.workflow import WorkflowConverter

from .history import History
from .serialization import STATE_FORMAT, registry, serializer, workflow_converter

__all__ = ["ROOT", "PART_FORMAT", "StoredPart", "find_task", "part_of", "parent_part_of", "workflow_parts", "restore_workflow",
           "split_state", "join_parts", "part_holding", "history_of"]

ROOT = "root"
# Bumped when a part's stored shape changes.
PART_FORMAT = 1
HISTORY = "history"
PARENT_PART = "parent_part"


@dataclass(frozen=True)
class StoredPart:
    """One part as stored: ``text`` is its JSON; ``parent`` the part holding its parent task;
    ``version`` the store's lock version when it was loaded (None: not stored yet)."""

    key: str
    parent: str | None
    spec: str | None
    finished: bool
    text: str
    version: int | None = None

    def same_as(self, other: "StoredPart | None") -> bool:
        return other is not None and (self.text, self.finished, self.parent) == (other.text, other.finished, other.parent)

    def load(self) -> dict:
        return json.loads(self.text)


def part_of(workflow) -> str:
    """The part a (sub-)workflow is stored in."""
    return ROOT if workflow.parent_task_id is None else str(workflow.parent_task_id)


def find_task(workflow, task_id: UUID):
    """The task with this id in the top workflow or any loaded sub-workflow, or None."""
    top = workflow.top_workflow
    for candidate in (top, *top.subprocesses.values()):
        task = candidate.tasks.get(task_id)
        if task is not None:
            return task
    return None


def parent_part_of(workflow) -> str | None:
    parent = workflow.parent_workflow
    return None if parent is None else part_of(parent)


def _dumps(value: dict) -> str:
    return json.dumps(value, separators=(",", ":"))


def _with_history(state: dict, history: History | None) -> dict:
    state[HISTORY] = (history or History()).as_json()
    return state


def _root_dict(workflow: BpmnWorkflow, history: History | None) -> dict:
    # The base converter's to_dict: the workflow's own tasks and attributes, without the specs
    # (stored once per definition version) and without its sub-processes (parts of their own).
    state = WorkflowConverter.to_dict(workflow_converter, workflow)
    state["bpmn_events"] = registry.convert(workflow.bpmn_events)
    state[serializer.VERSION_KEY] = serializer.VERSION
    state["part_format"] = PART_FORMAT
    return _with_history(state, history)


def workflow_parts(workflow: BpmnWorkflow, histories: Mapping[str, History] | None = None,
                   finished: Mapping[str, tuple] | None = None, skip: set[str] = frozenset()) -> dict[str, StoredPart]:
    """Every loaded part of ``workflow`` as it would be stored now (each with its own history,
    ``histories`` by part key), plus the ``finished`` sub-workflows (detached from it: part key
    -> (sub-workflow, parent part key)) as finished parts. Parts named in ``skip`` are left out."""
    histories = histories or {}
    parts = {}
    if ROOT not in skip:
        parts[ROOT] = StoredPart(ROOT, None, None, False, _dumps(_root_dict(workflow, histories.get(ROOT))))
    for sub in workflow.subprocesses.values():
        key = part_of(sub)
        if key in skip:
            continue
        state = _with_history(registry.convert(sub), histories.get(key))
        parts[key] = StoredPart(key, parent_part_of(sub), sub.spec.name, False, _dumps(state))
    for key, (sub, parent) in (finished or {}).items():
        parts[key] = StoredPart(key, parent, sub.spec.name, True, _dumps(_with_history(registry.convert(sub), histories.get(key))))
    return parts


def restore_workflow(parts: Mapping[str, dict], spec, subprocess_specs: dict, script_engine) -> BpmnWorkflow:
    """Rebuild a workflow from loaded parts (the root and any sub-workflows whose parent parts
    are loaded too) and already-restored specs. Parts not given are simply not in memory."""
    root = dict(parts[ROOT])
    if root.get(serializer.VERSION_KEY) != serializer.VERSION:
        raise ValueError(f"case state written by serializer {root.get(serializer.VERSION_KEY)}, "
                         f"this is {serializer.VERSION}: run concerns db upgrade")
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
    workflow.tasks = workflow_converter.mapping_from_dict(root["tasks"], UUID, workflow=workflow)
    workflow.task_tree = workflow.tasks.get(UUID(root["root"]))
    workflow_converter.set_default_attributes(workflow, root)
    subs = {key: dict(value) for key, value in parts.items() if key != ROOT}
    workflow_converter.subprocesses_from_dict(subs, workflow)
    workflow.bpmn_events = registry.restore(root.get("bpmn_events", []))
    return workflow


def history_of(part: Mapping) -> History:
    """What the finished tasks that left a part's live state had run: its own, and that of
    the finished sub-processes below it."""
    return History(part.get(HISTORY))


# --------------------------------------------------------------------------- one-blob states

def part_holding(task_ids: Mapping[str, set[str]], task_id: str) -> str | None:
    """The key of the part whose tasks include ``task_id`` (``task_ids``: part key -> its task ids)."""
    for key, ids in task_ids.items():
        if task_id in ids:
            return key
    return None


def split_state(state: Mapping) -> dict[str, StoredPart]:
    """A one-blob case state (as stored before parts) as parts, by JSON alone (no specs needed):
    used by the migration to the parts layout."""
    state = dict(state)
    state.pop("state_format", None)
    subprocesses = dict(state.pop("subprocesses", {}) or {})
    state.pop("typename", None)  # the root part is restored by restore_workflow, not by type name
    root = {**state, "part_format": PART_FORMAT, HISTORY: History(state.get(HISTORY)).as_json()}
    root.setdefault(serializer.VERSION_KEY, serializer.VERSION)
    holders = {ROOT: set(root.get("tasks", {}))}
    holders.update({key: set(sub.get("tasks", {})) for key, sub in subprocesses.items()})
    parts = {ROOT: StoredPart(ROOT, None, None, False, _dumps(root))}
    for key, sub in subprocesses.items():
        sub = dict(sub)
        parent = sub.pop(PARENT_PART, None) or part_holding({k: v for k, v in holders.items() if k != key}, key)
        parent_tasks = (root if parent == ROOT else subprocesses.get(parent, {})).get("tasks", {}) if parent else {}
        parent_task = parent_tasks.get(key)
        # As engine.pruning.detach_finished: finished once done and its running task is finished or gone.
        finished = bool(sub.get("completed")) and (parent_task is None or _is_finished(parent_task.get("state")))
        parts[key] = StoredPart(key, parent, sub.get("spec"), finished, _dumps(sub))
    return parts


def _is_finished(state) -> bool:
    from SpiffWorkflow.util.task import TaskState

    return isinstance(state, int) and bool(state & TaskState.FINISHED_MASK)


def join_parts(parts: Iterable[StoredPart]) -> dict:
    """Parts joined back into one state of the shape stored before parts (and by
    :func:`engine.serialization.workflow_to_state`): the root's attributes with every
    sub-process, finished ones included, under ``subprocesses``. The elements finished history
    ran stay under ``history``, which SpiffWorkflow's loader ignores, so joining and splitting
    again loses nothing."""
    parts = list(parts)
    loaded = {part.key: part.load() for part in parts}
    # A finished sub-process whose running task has left the live tree keeps its parent by name.
    for part in parts:
        if part.key != ROOT:
            loaded[part.key][PARENT_PART] = part.parent
    root = dict(loaded.pop(ROOT))
    root.pop("part_format", None)
    root.setdefault("typename", "BpmnWorkflow")
    root["subprocesses"] = loaded
    root["state_format"] = STATE_FORMAT
    return root
