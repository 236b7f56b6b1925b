"""Moving a running case to another version of its procedure, with SpiffWorkflow's own diff.

SpiffWorkflow 3.2 aligns the task specs of two versions (``diff_workflow``: by element id
first, then by shape) and points a workflow's tasks at the new specs (``migrate_workflow``).
Around it, this module decides whether a case may move and says what moving does to it, in
the words of the modeller's Compare: "the task 'Send the notification' is waiting and still
exists", "the timer 'Provider notice due' changes from 2 to 3 working days: due date 10 Dec
becomes 11 Dec".

A case may not move when a step it stands on, or has just passed (still in its live state),
is not in the target version: its record would point at nothing. Then the refusal names the
step and what the process owner can do. Waiting steps whose element did not change are left
exactly as they are (a timer keeps its due date); changed ones are set going again on the
new definition (a changed timer is computed again from its new expression).

:func:`move_case` changes the run in memory only: a preview moves a copy and throws it away,
so what the preview says is what moving does.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.util.diff import SpecDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from .compare import describe_timer_change
from .deadlines import is_timer, timer_due
from .history import History
from .parts import part_of
from .pruning import live_root, prune_tree
from .runtime import Bundle, CaseRun
from .serialization import registry

__all__ = ["CaseMove", "move_case", "due_day"]

_LONDON = ZoneInfo("Europe/London")
_OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED
# migrate_workflow resets (and predicts again) the tasks in this mask; no task is ever in it,
# so that this module resets only the open tasks that need it (see _reset_open).
_RESET_NONE = 1 << 12
# What a changed element's converted attributes mean to a process owner.
_CHANGE_WORDS = {
    "lane": "its lane changes",
    "extensions": "its form or instructions change",
    "prescript": "its pre-script changes",
    "postscript": "its post-script changes",
    "script": "its script changes",
}


@dataclass
class CaseMove:
    """What moving one case does: ``lines`` for each open step and each new step, in words;
    ``refusals`` why it cannot move (then nothing in the run was changed)."""

    lines: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def can_move(self) -> bool:
        return not self.refusals


def due_day(value: _dt.datetime | None) -> str:
    """'10 Dec' (London), as process owners read a due date."""
    if value is None:
        return "(no date)"
    local = value.astimezone(_LONDON)
    return f"{local.day} {local:%b}"


def _name(spec) -> str:
    return spec.bpmn_name or spec.bpmn_id or spec.name


def _label(task) -> str:
    spec = task.task_spec
    if is_timer(task):
        return f"the timer '{_name(spec)}'"
    if getattr(spec, "event_definition", None) is not None:
        return f"the wait for '{_name(spec)}'"
    if isinstance(spec, SubWorkflowTask):
        return f"the stage '{_name(spec)}'"
    return f"the task '{_name(spec)}'"


def _state_words(task) -> str:
    return "is under way" if task.state == TaskState.STARTED else "is waiting"


def _open_tasks(workflow) -> list:
    """The tasks a process owner sees as where the case is: steps waiting for a person, timers
    and messages waiting, stages under way (in the top process and every loaded sub-process)."""
    found = []
    for each in (workflow, *workflow.subprocesses.values()):
        for task in each.get_tasks(state=_OPEN, skip_subprocesses=True):
            spec = task.task_spec
            if not spec.bpmn_id:
                continue
            if task.state == TaskState.READY and not spec.manual:
                continue
            if task.state == TaskState.WAITING and getattr(spec, "event_definition", None) is None:
                continue
            found.append(task)
    return found


def _diffs(workflow, target: Bundle) -> tuple[dict, dict]:
    """The WorkflowDiff of each loaded workflow (None: its process is not in the target) and the
    SpecDiff of each (for the steps added)."""
    top, subs = diff_workflow(registry, workflow, target.spec, dict(target.subprocess_specs))
    diffs = {None: top, **subs}
    specs = {None: SpecDiff(registry, workflow.spec, target.spec)}
    for sp_id, sub in workflow.subprocesses.items():
        new = target.subprocess_specs.get(sub.spec.name)
        specs[sp_id] = SpecDiff(registry, sub.spec, new) if new is not None else None
    return diffs, specs


def _key(task):
    """The key of the workflow holding ``task`` in the maps of :func:`_diffs`."""
    return task.workflow.parent_task_id if task.workflow.parent_task_id is not None else None


def _refusals(workflow, diffs: dict, source: str, target: str) -> list[str]:
    refusals = []
    keep = f"or keep it on {source}"
    for sp_id, diff in diffs.items():
        if diff is None:
            sub = workflow.subprocesses[sp_id]
            holder = workflow.get_task_from_id(sp_id)
            name = _name(holder.task_spec) if holder is not None else sub.spec.name
            refusals.append(f"it is inside '{name}' (process '{sub.spec.name}'), which {target} does not have: "
                            f"move the case on first (finish '{name}'), {keep}")
            continue
        for task in diff.removed:
            if task.state & (TaskState.FUTURE | TaskState.PREDICTED_MASK):
                continue
            name = _name(task.task_spec)
            if task.state & _OPEN:
                refusals.append(f"its current step '{name}' is not in {target}: move the case on first "
                                f"(complete '{name}' so that it leaves that step), {keep}")
            elif task.task_spec.bpmn_id:
                refusals.append(f"the step '{name}' it has just passed is still part of its live state and is not in "
                                f"{target}: move the case on one more step first, {keep}")
    return list(dict.fromkeys(refusals))


def _leave_passed_steps(run: CaseRun, diffs: dict) -> bool:
    """Drop from the live tree the steps the case has passed that the target does not have,
    where nothing open needs them. Such a step stays in the live state only as its workflow's
    last completed task (pruning keeps it for its data); everything open below it inherited
    that data, so the tree is re-rooted below it, as saving does once the case moves on, and the
    new root carries the latest data. Returns whether anything was dropped."""
    dropped = False
    for sp_id, diff in diffs.items():
        each = run.workflow if sp_id is None else run.workflow.subprocesses[sp_id]
        passed = {t.id for t in (diff.removed if diff is not None else []) if t.state & TaskState.FINISHED_MASK}
        root = live_root(each, keep_last=False) if passed else None
        if root is None or any(t.id in passed for t in root):
            continue
        each.last_task = root
        prune_tree(each, run.parts.histories.setdefault(part_of(each), History()))
        dropped = True
    return dropped


def _timer_expression(spec) -> str:
    return getattr(getattr(spec, "event_definition", None), "expression", "") or ""


def _ahead(task) -> list:
    """The tasks below ``task`` in its own workflow that have not run yet."""
    return [t for t in task if t is not task and t.state & (TaskState.FUTURE | TaskState.PREDICTED_MASK)]


def _needs_reset(task, diff) -> bool:
    """An open task is set going again when its element changed, or a step ahead of it did (so
    the steps it leads to are predicted again from the new definition)."""
    changed = set(map(id, diff.changed)) | set(map(id, diff.removed))
    return id(task) in changed or any(id(t) in changed for t in _ahead(task))


def _reset_open(diffs: dict) -> None:
    """Reset (as ``migrate_workflow`` does by default) the ready and waiting tasks that need it,
    keeping what a person or the old definition fixed where the element did not change: a
    draft, and an unchanged timer's due date and rule."""
    for diff in diffs.values():
        changed = set(map(id, diff.changed))
        for task in [t for t in diff.alignment if t.state & (TaskState.READY | TaskState.WAITING)]:
            if task.id not in task.workflow.tasks or not _needs_reset(task, diff):
                continue
            kept = {k: v for k, v in task.internal_data.items() if k == "draft"}
            if is_timer(task) and id(task) not in changed:
                kept = dict(task.internal_data)
            task.reset_branch(None)
            task.internal_data.update(kept)


def _drop_stale_tasks(workflow) -> None:
    """Tasks not yet run whose element the target does not have (ahead of a stage under way,
    which is not reset) are dropped; the engine predicts again when it gets there."""
    for each in (workflow, *workflow.subprocesses.values()):
        for task in list(each.tasks.values()):
            if task.id in each.tasks and task.state & (TaskState.FUTURE | TaskState.PREDICTED_MASK) \
                    and each.spec.task_specs.get(task.task_spec.name) is not task.task_spec:
                each._remove_task(task.id)


def _migrate(run: CaseRun, diffs: dict, target: Bundle) -> None:
    workflow = run.workflow
    # migrate_workflow looks for the last task among the task ids, never finds it, and forgets
    # it; the case's latest data is read from it, and pruning keeps it.
    last_tasks = {each: each.last_task for each in (workflow, *workflow.subprocesses.values())}
    migrate_workflow(diffs[None], workflow, target.spec, reset_mask=_RESET_NONE)
    for sp_id, sub in workflow.subprocesses.items():
        migrate_workflow(diffs[sp_id], sub, target.subprocess_specs[sub.spec.name], reset_mask=_RESET_NONE)
    for each, last in last_tasks.items():
        if last is not None and last.id in each.tasks:
            each.last_task = last
    workflow.subprocess_specs = dict(target.subprocess_specs)
    _reset_open(diffs)
    _drop_stale_tasks(workflow)
    run.bundle = target
    run.run()


def _describe_open(before: dict, after: dict | None, specs: dict) -> list[str]:
    """One line per open task before the move, saying what became of it (``after``: the open
    tasks after the move by id; None when the case does not move, and then only what changes)."""
    lines = []
    for task_id, (label, state, old_spec, old_due, key) in before.items():
        spec_diff = specs.get(key)
        new_spec = spec_diff.alignment.get(old_spec) if spec_diff else None
        if new_spec is None and after is None:
            continue  # not in the target: the refusal says so
        changes = spec_diff.comparisons.get(old_spec, []) if spec_diff else []
        new = after.get(task_id) if after is not None else None
        if "event_definition" in changes and new_spec is not None and _timer_expression(old_spec) != _timer_expression(new_spec):
            lines.append(_timer_line(label, old_spec, new_spec, old_due, new, moved=after is not None))
            continue
        words = [f"is renamed '{_name(new_spec)}'"] if "bpmn_name" in changes and new_spec is not None else []
        words.extend(text for key_, text in _CHANGE_WORDS.items() if key_ in changes)
        if after is not None and new is None and not words:
            words.append("is done as the case moves on")
        if old_due is not None and not words:
            words.append(f"still exists; its due date {due_day(old_due)} is kept")
        lines.append(f"{label} {state} and " + ("; ".join(words) if words else "still exists"))
    return lines


def _timer_line(label: str, old_spec, new_spec, old_due, new, moved: bool) -> str:
    change = f"{label} changes {describe_timer_change(_timer_expression(old_spec), _timer_expression(new_spec))}"
    if not moved:
        return f"{change} (due {due_day(old_due)} now)"
    new_due = timer_due(new) if new is not None and is_timer(new) else None
    if new_due is None:
        return f"{change}: due {due_day(old_due)} before, it falls due at once"
    return f"{change}: due date {due_day(old_due)} becomes {due_day(new_due)}"


def _reachable(starts) -> set:
    seen, stack = set(), list(starts)
    while stack:
        current = stack.pop()
        if current is None or current.name in seen:
            continue
        seen.add(current.name)
        stack.extend(current.outputs)
    return seen


def _describe_added(open_tasks: list, specs: dict) -> list[str]:
    """The steps the target adds to the processes the case is in, and whether it meets them."""
    lines = []
    for key, spec_diff in specs.items():
        if spec_diff is None:
            continue
        starts = [spec_diff.alignment.get(t.task_spec) for t in open_tasks if _key(t) == key]
        ahead = _reachable(starts)
        for added in sorted(spec_diff.added, key=lambda s: s.name):
            if not added.bpmn_id or not added.bpmn_name:
                continue
            kind = "timer" if _timer_expression(added) else ("step" if added.manual or isinstance(added, SubWorkflowTask) else None)
            if kind is None:
                continue
            where = "comes after where the case is: it will meet it" if added.name in ahead \
                else "is not ahead of where the case is: it skips it"
            lines.append(f"the new {kind} '{_name(added)}' {where}")
    return lines


def _fails(target_label: str, where: str | None, message: str, source_label: str) -> str:
    at = f" at '{where}'" if where else ""
    return (f"{target_label} fails on this case's data{at} ({message.strip().rstrip('.')}): fix the diagram, "
            f"or keep the case on {source_label}")


def move_case(run: CaseRun, target: Bundle, source_label: str, target_label: str) -> CaseMove:
    """Move ``run`` (in memory) onto ``target``'s specs, or leave it untouched and say why not.

    ``source_label`` and ``target_label`` name the versions in the words ("version 2")."""
    workflow = run.workflow
    diffs, specs = _diffs(workflow, target)
    if _leave_passed_steps(run, diffs):
        diffs, specs = _diffs(workflow, target)
    refusals = _refusals(workflow, diffs, source_label, target_label)
    open_tasks = _open_tasks(workflow)
    before = {t.id: (_label(t), _state_words(t), t.task_spec, timer_due(t) if is_timer(t) else None, _key(t))
              for t in open_tasks}
    added = _describe_added(open_tasks, specs)
    if refusals:
        return CaseMove(lines=_describe_open(before, None, specs) + added, refusals=refusals)
    try:
        _migrate(run, diffs, target)
    except Exception as exc:  # a new expression or script that fails on this case's data
        task = getattr(exc, "task", None)
        script_error = getattr(exc, "script_error", None)
        message = script_error.message if script_error is not None else (str(exc).splitlines() or [type(exc).__name__])[0]
        return CaseMove(refusals=[_fails(target_label, _name(task.task_spec) if task is not None else None, message, source_label)])
    if run.failure is not None:
        return CaseMove(refusals=[_fails(target_label, run.failure.element_id, run.failure.message, source_label)])
    after = {task.id: task for task in _open_tasks(run.workflow)}
    return CaseMove(lines=_describe_open(before, after, specs) + added)
