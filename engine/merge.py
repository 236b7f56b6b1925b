"""Joining parallel branches without losing what either recorded.

SpiffWorkflow 3.2 merges branch data at a join with a two-way deep merge: lists of records are
merged item by item and cut to the length of the branch that arrives last. Two branches that
each appended to ``notifications`` or ``risk_management_plan`` lose records, and records at the
same index are blended into each other. For an audit-grade case record that is unacceptable.

Here a join merges three ways: each branch's changes are taken against the data the branches
shared when they split (their nearest common ancestor in the task tree), then applied in the
order the branches finished:

* a list a branch only appended to gets that branch's new items appended;
* a list a branch changed otherwise (edited or removed items) takes that branch's version;
* dicts merge key by key the same way; scalars take the branch's value if it changed it;
* a key missing from a branch is kept: as in SpiffWorkflow's own merge, a join never deletes
  (a branch that tidies its working names away must not erase the other branches' records).
"""

from __future__ import annotations

import copy
from typing import Any, Sequence

from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.util.task import TaskState

__all__ = ["merge_branches", "install_join_merge"]

_MISSING = object()


def merge_branches(base: dict, branches: Sequence[dict]) -> dict:
    """Apply each branch's changes (against ``base``) in order."""
    result = copy.deepcopy(base)
    for branch in branches:
        result = _apply(result, base, branch)
    return result


def _apply(current: Any, base: Any, version: Any) -> Any:
    if isinstance(version, dict) and isinstance(base, dict) and isinstance(current, dict):
        merged = dict(current)
        for key, value in version.items():
            before = base.get(key, _MISSING)
            if before is _MISSING:
                now = merged.get(key, _MISSING)
                if now is _MISSING or now == value:
                    merged[key] = copy.deepcopy(value)
                else:  # both added it: merge as if it had been empty
                    empty = [] if isinstance(value, list) else ({} if isinstance(value, dict) else _MISSING)
                    merged[key] = _apply(now, empty, value) if empty is not _MISSING else copy.deepcopy(value)
            elif value != before:
                merged[key] = _apply(merged.get(key, before), before, value)
        return merged
    if isinstance(version, list) and isinstance(base, list) and isinstance(current, list):
        if version == base:
            return current
        if len(version) >= len(base) and version[:len(base)] == base:
            return current + copy.deepcopy(version[len(base):])
        return copy.deepcopy(version)
    if version == base:
        return current
    return copy.deepcopy(version)


def _common_ancestor(tasks: Sequence) -> Any:
    chains = []
    for task in tasks:
        chain = []
        node = task
        while node is not None:
            chain.append(node)
            node = node.parent
        chains.append(chain)
    others = [set(id(t) for t in chain) for chain in chains[1:]]
    for node in chains[0]:
        if all(id(node) in ids for ids in others):
            return node
    return None


def _run_join(self, my_task) -> bool:
    """Replacement for UnstructuredJoin._run_hook: same branches, three-way merge."""
    others = sorted(
        (t for t in my_task.workflow.tasks.values()
         if t.task_spec == self and t.has_state(TaskState.FINISHED_MASK) and not my_task.is_descendant_of(t)),
        key=lambda t: t.last_state_change,
    )
    arrivals = [t.parent for t in others] + [my_task.parent]
    ancestor = _common_ancestor(arrivals)
    base = ancestor.data if ancestor is not None else {}
    my_task.data = merge_branches(base, [t.data for t in arrivals])
    for task in others:
        # As SpiffWorkflow does: a branch reset and re-run must not leave its old descendants behind.
        if task.has_state(TaskState.COMPLETED):
            task._drop_children(force=True)
    return True


_installed = False


def install_join_merge() -> None:
    """Make every parallel and inclusive join merge three ways (idempotent)."""
    global _installed
    if not _installed:
        UnstructuredJoin._run_hook = _run_join
        _installed = True
