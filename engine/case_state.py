"""What a :class:`~engine.runtime.CaseRun` loaded of its case's parts, and what it must save.

A change may load only some parts of a case (the part holding the task completed and the parts
above it): :class:`PartSet` remembers what was loaded, as text, so that saving writes only the
parts whose serialization changed, the new ones, and each sub-workflow that finished (once,
marked finished). It also tells when a change on a partly loaded case may have reached a part
that is not in memory, so the caller can redo the change on the whole case:

* an event was thrown (a message, signal, escalation or error may be caught anywhere in the
  case; a terminate end event only ends its own workflow, whose tasks are watched below);
* the task running an unloaded sub-workflow changed state (cancelled by a terminate end event,
  an interrupting boundary event, or an interrupting case action).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.simple import TerminateEventDefinition

from .history import History
from .parts import ROOT, StoredPart, find_task, part_of, history_of, restore_workflow, split_state, workflow_parts
from .pruning import detach_finished, prune_history

__all__ = ["PartSet"]


def _mark(workflow) -> tuple | None:
    """What changes whenever anything in a workflow does: every change runs a task (a new
    state and time), and adding or dropping tasks changes their number. A part whose mark is
    as loaded is not serialized again to find it unchanged."""
    if workflow is None:
        return None
    latest = max((task.last_state_change for task in workflow.tasks.values()), default=0)
    return len(workflow.tasks), latest, workflow.completed, len(getattr(workflow, "bpmn_events", ()))


def _workflow_of(workflow, key: str):
    return workflow if key == ROOT else workflow.subprocesses.get(UUID(key))


class PartSet:
    """The parts a run loaded (``loaded``: key -> stored part) and the live parts it did not."""

    def __init__(self, loaded: Mapping[str, StoredPart], unloaded: Iterable[str] = ()):
        self.loaded = dict(loaded)
        self.unloaded = set(unloaded) - set(self.loaded)
        # Each part keeps what its own finished history ran; a finished sub-process's goes up
        # to the part above it, which is written anyway as the task running it completes.
        # Parsed once: restoring takes these (a part's JSON is the costliest thing to read).
        self._parsed = {key: (part, part.load()) for key, part in self.loaded.items()}
        self.histories = {key: history_of(state) for key, (_part, state) in self._parsed.items()}
        self.escaped = False
        # Set by rewrite_all: every loaded part is written (and its lock moved) on the next save.
        self._rewrite = False
        self._watched: dict[UUID, int] = {}
        self._marks: dict[str, tuple | None] = {}

    @classmethod
    def from_state(cls, state: Mapping) -> "PartSet":
        """A one-blob state (as stored before parts, or by ``CaseRun.state``), all loaded."""
        return cls(split_state(state))

    @property
    def partial(self) -> bool:
        return bool(self.unloaded)

    def history(self) -> History:
        """Everything the loaded parts' finished history ran."""
        return History.union(self.histories.values())

    def rewrite_all(self) -> None:
        """Write every loaded part on the next save, changed or not: a change to the whole case
        (moving it to another version) must collide with any other change to any part."""
        self._rewrite = True
        self._marks = {}

    def restore(self, spec, subprocess_specs: dict, script_engine):
        loaded = {key: self._parsed_state(key, part) for key, part in self.loaded.items() if not part.finished}
        workflow = restore_workflow(loaded, spec, subprocess_specs, script_engine)
        workflow.case_parts = self  # engine/stage_facts.py asks whether a stage may be unloaded
        self._marks = {part_of(each): _mark(each) for each in (workflow, *workflow.subprocesses.values())}
        if self.partial:
            self._watch(workflow)
        return workflow

    def _parsed_state(self, key: str, part: StoredPart) -> dict:
        # Each parsed state is used once (restoring hands its dicts to the workflow), and only
        # for the very part it was parsed from.
        parsed_from, state = self._parsed.pop(key, (None, None))
        return state if parsed_from is part else part.load()

    def _watch(self, workflow) -> None:
        """Note the state of every task running an unloaded part, and flag thrown events."""
        for key in self.unloaded:
            task = find_task(workflow, UUID(key))
            if task is not None:
                self._watched[task.id] = task.state
        catch = workflow.catch

        def catch_and_flag(event):
            if not isinstance(event.event_definition, TerminateEventDefinition):
                self.escaped = True
            return catch(event)

        workflow.catch = catch_and_flag

    def reached_unloaded(self, workflow) -> bool:
        """Whether the change made to ``workflow`` may have reached a part not in memory."""
        if self.escaped:
            return True
        for task_id, state in self._watched.items():
            task = find_task(workflow, task_id)
            if task is None or task.state != state:
                return True
        return False

    def current(self, workflow, prune: bool) -> dict[str, StoredPart]:
        """Every loaded part as it stands now; with ``prune``, finished sub-workflows detached
        and finished history dropped first (changing ``workflow``)."""
        finished, merged = {}, set()
        if prune:
            finished = {key: (sub, parent if parent is not None else self._known_parent(key))
                        for key, (sub, parent) in detach_finished(workflow).items()}
            for key in sorted(finished, key=lambda k: -self._depth(k, finished)):
                sub, parent = finished[key]
                merged.add(parent or ROOT)
                above = self.histories.setdefault(parent or ROOT, History())
                above.merge(self.histories.get(key, History()))
                above.record(sub.tasks.values())
            prune_history(workflow, self.histories)
        untouched = {key for key, mark in self._marks.items() if key in self.loaded and not self.loaded[key].finished
                     and key not in merged and _mark(_workflow_of(workflow, key)) == mark}
        parts = workflow_parts(workflow, self.histories, finished, skip=untouched)
        parts.update({key: self.loaded[key] for key in untouched})
        return parts

    def _depth(self, key: str, finished: Mapping[str, tuple]) -> int:
        """How far below the root a part is, so finished histories go up deepest first."""
        depth = 0
        while key not in (None, ROOT) and depth < 1000:
            key = finished[key][1] if key in finished else self._known_parent(key)
            depth += 1
        return depth

    def _known_parent(self, key: str) -> str | None:
        known = self.loaded.get(key)
        return known.parent if known is not None else None

    def changes(self, workflow) -> list[StoredPart]:
        """The parts to write: new, changed or just finished, each carrying the version it was
        loaded at (None for a new part). Afterwards they count as loaded (see :meth:`saved`)."""
        now = self.current(workflow, prune=True)
        changed = []
        for key, part in now.items():
            before = self.loaded.get(key)
            if self._rewrite or not part.same_as(before):
                changed.append(replace(part, version=before.version if before is not None else None))
        self.loaded.update({part.key: part for part in changed})
        self._rewrite = False
        return changed

    def saved(self, key: str, version: int) -> None:
        """The store now holds ``key`` at ``version``."""
        self.loaded[key] = replace(self.loaded[key], version=version)

    def keys(self) -> set[str]:
        """Keys of the parts in memory (or finished during this run)."""
        return set(self.loaded)
