"""Case-level actions: what a case can act on whatever step it has reached.

Real cases meet events the main flow does not wait for: new information about the provider,
a new lead officer, placements suspended at any stage, a case closed early. Each is a BPMN
event sub-process of the procedure's top level, started by a message (the action's name),
whose first user task holds the action's form and whose lane says who may take it:

- non-interrupting (``isInterrupting="false"`` on its start event): the case runs on;
- interrupting (the BPMN default): everything else open in the case ends when it starts, and
  the case ends when it does ("close the case early", with the reason in its form).

SpiffWorkflow 3.2 starts event sub-processes but never interrupts for them, so the runtime does
that part (:meth:`engine.runtime.CaseRun.take_action`). The list of actions is read from the
diagram when it is compiled and kept with the definition's specs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lxml import etree

__all__ = ["CaseAction", "actions_in", "actions_from_specs"]

_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_NS = {"bpmn": _BPMN}


@dataclass(frozen=True)
class CaseAction:
    """One action: ``name`` is the message that starts it (and its URL segment)."""

    name: str
    title: str
    subprocess_id: str
    task_id: str | None
    lane: str | None
    interrupting: bool

    def as_dict(self) -> dict:
        return asdict(self)


def actions_in(process, lanes: dict[str, str], messages: dict[str, str]) -> list[CaseAction]:
    """The actions of one ``bpmn:process`` element: its message-started event sub-processes.

    ``lanes`` maps element ids to lane names, ``messages`` message ids to names.
    """
    found = []
    for sub in process.iterfind("bpmn:subProcess[@triggeredByEvent='true']", _NS):
        start = sub.find("bpmn:startEvent", _NS)
        definition = start.find("bpmn:messageEventDefinition", _NS) if start is not None else None
        if definition is None:
            continue
        name = messages.get(definition.get("messageRef")) or definition.get("messageRef")
        first_task = _first_user_task(sub, start)
        found.append(CaseAction(
            name=name,
            title=sub.get("name") or name.replace("_", " ").capitalize(),
            subprocess_id=sub.get("id"),
            task_id=first_task.get("id") if first_task is not None else None,
            lane=lanes.get(sub.get("id")),
            interrupting=start.get("isInterrupting", "true") != "false",
        ))
    return found


def _first_user_task(sub, start):
    """The user task the start event leads to (through any gateways or scripts), if any."""
    by_id = {el.get("id"): el for el in sub if isinstance(el.tag, str)}
    flows = [el for el in sub.iterfind("bpmn:sequenceFlow", _NS)]
    frontier, seen = [start.get("id")], set()
    while frontier:
        current = frontier.pop(0)
        if current in seen:
            continue
        seen.add(current)
        element = by_id.get(current)
        if element is not None and etree.QName(element).localname == "userTask":
            return element
        frontier.extend(f.get("targetRef") for f in flows if f.get("sourceRef") == current)
    return None


def actions_from_specs(specs: dict) -> dict[str, CaseAction]:
    """The actions kept with a definition's specs, by name."""
    return {a["name"]: CaseAction(**a) for a in (specs or {}).get("actions", [])}


def triggered_task(workflow, action: CaseAction):
    """The event sub-process task an action has just started (the newest not finished)."""
    from SpiffWorkflow.util.task import TaskState

    started = [t for t in workflow.get_tasks(state=TaskState.NOT_FINISHED_MASK)
               if t.workflow is workflow and t.task_spec.bpmn_id == action.subprocess_id]
    return max(started, key=lambda t: t.last_state_change) if started else None


def interrupt_for(workflow, keep) -> None:
    """End everything open in the case except the event sub-process ``keep`` (and the tasks
    that lead to it), as an interrupting event sub-process does in BPMN."""
    from SpiffWorkflow.util.task import TaskState

    above = []
    current = keep.parent
    while current is not None:
        above.append(current)
        current = current.parent
    path = {keep.id, *(task.id for task in above)}
    for task in list(workflow.get_tasks(state=TaskState.NOT_FINISHED_MASK)):
        if task.workflow is not workflow or task.id in path or task.state & TaskState.FINISHED_MASK:
            continue
        if not _descends_from(task, keep):
            task.cancel()
    # Pruning may have re-rooted the tree at a step still open (a multi-instance step whose
    # instances are under way), and SpiffWorkflow then starts the event sub-process below it.
    # That step is interrupted too, without dropping the sub-process below it; left open, it
    # would keep the case running for ever once the sub-process had ended.
    for task in above:
        if not task.has_state(TaskState.FINISHED_MASK):
            task._set_state(TaskState.CANCELLED)
            task.task_spec._on_cancel(task)


def _descends_from(task, ancestor) -> bool:
    current = task.parent
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent
    return False
