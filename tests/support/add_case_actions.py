"""Give a procedure's top level the standard case actions (DESIGN.md, case actions).

Each action is a message-started event sub-process whose one user task holds the action's form
(``forms/shared/case_action_*``) and whose lane says who may take it:

- ``record_new_information``: new information or a new concern, at any step (non-interrupting);
- ``change_lead_officer``: a new lead officer, with the reason (non-interrupting);
- ``close_case_early``: the case closes with a reason from the seeds' own list, ending
  everything open in it (interrupting);
- ``suspend_placements`` (only with ``--suspend``, where the seed has a suspension procedure):
  the grounds are recorded, then the suspension procedure runs, either in a case of its own
  started by a message (``--suspend message:placements_suspension_recommended``, payload
  ``provider_id``, ``suspension_grounds``, ``recommended_by``, ``recommended_on``) or inside this
  case (``--suspend call:suspension_of_placements``).

Usage (from the repository root)::

    python -m tests.support.add_case_actions processes/wales/escalating_concerns.bpmn \\
        --role record_new_information=contract_officer --role close_case_early=head_of_service

Each action goes into the lane of its role (added under the others if the diagram has none),
drawn as a collapsed sub-process in a strip added at the bottom of that lane. An action the
diagram already has is left as it is, so running the tool twice changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .chase_wrap import NS, _connect, _edge, _element, _inner_diagram, _q, inner_offset

__all__ = ["StandardAction", "STANDARD_ACTIONS", "SUSPEND_PLACEMENTS", "add_case_actions"]

STRIP = 120  # the height added to a lane for its actions


@dataclass(frozen=True)
class StandardAction:
    name: str
    title: str
    form: str
    interrupting: bool
    role: str


STANDARD_ACTIONS = (
    StandardAction("record_new_information", "Record new information or a new concern", "case_action_new_information",
                   False, "contract_officer"),
    StandardAction("change_lead_officer", "Change the lead officer", "case_action_change_lead_officer", False,
                   "head_of_service"),
    StandardAction("close_case_early", "Close the case early", "case_action_close_early", True, "head_of_service"),
)
SUSPEND_PLACEMENTS = StandardAction("suspend_placements", "Consider suspending placements", "case_action_suspend_placements",
                                    False, "head_of_service")
SUSPENSION_PAYLOAD = ('{"provider_id": provider_id, "suspension_grounds": suspension_grounds, '
                      '"recommended_by": suspension_requested_by, "recommended_on": suspension_requested_on}')


def add_case_actions(xml: bytes, roles: dict[str, str] | None = None, skip: frozenset[str] = frozenset(),
                     suspend: str | None = None) -> bytes:
    """The diagram with the standard actions its top-level process lacks; ``roles`` maps an
    action's name to the role slug of its lane (defaults: :data:`STANDARD_ACTIONS`); ``skip``
    names those the procedure does otherwise (a closure's own "call off the closure");
    ``suspend`` (``message:NAME`` or ``call:PROCESS``) adds :data:`SUSPEND_PLACEMENTS`."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    process = root.find("bpmn:process[@isExecutable='true']", NS)
    if process is None:
        raise ValueError("the file has no executable process")
    present = {m.get("name") for m in root.iterfind("bpmn:message", NS)}
    placed: dict[str, int] = {}
    actions = STANDARD_ACTIONS + ((SUSPEND_PLACEMENTS,) if suspend else ())
    for action in actions:
        if action.name in present or action.name in skip:
            continue
        role = (roles or {}).get(action.name, action.role)
        lane = _lane_for(root, process, role)
        _add_message(root, process, action.name)
        sub = _build(process, action)
        if action is SUSPEND_PLACEMENTS:
            _then_suspend(root, process, sub, suspend, present)
        etree.SubElement(lane, _q("bpmn", "flowNodeRef")).text = sub.get("id")
        _draw(root, lane, sub, action, placed)
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def _lane_for(root, process, role: str):
    lane_set = process.find("bpmn:laneSet", NS)
    for lane in lane_set.iterfind("bpmn:lane", NS):
        if lane.get("name") == role:
            return lane
    lanes = lane_set.findall("bpmn:lane", NS)
    lane = _element(lane_set, "lane", id=f"{role}_actions_lane", name=role)
    last = _shape(root, lanes[-1].get("id")).find("dc:Bounds", NS)
    shape = etree.SubElement(_top_plane(root), _q("bpmndi", "BPMNShape"), id=f"{lane.get('id')}_di",
                             bpmnElement=lane.get("id"), isHorizontal="true")
    bottom = float(last.get("y")) + float(last.get("height"))
    etree.SubElement(shape, _q("dc", "Bounds"), x=last.get("x"), y=_n(bottom), width=last.get("width"), height="0")
    return lane


def _add_message(root, process, name: str) -> None:
    message = etree.Element(_q("bpmn", "message"), id=name, name=name)
    root.insert(root.index(process), message)


def _build(process, action: StandardAction):
    sub_id = f"{action.name}_action"
    sub = _element(process, "subProcess", id=sub_id, name=action.title, triggeredByEvent="true")
    start = _element(sub, "startEvent", id=f"{action.name}_requested", name=action.title)
    if not action.interrupting:
        start.set("isInterrupting", "false")
    etree.SubElement(start, _q("bpmn", "messageEventDefinition"), messageRef=action.name)
    task = _element(sub, "userTask", id=f"{action.name}_task", name=action.title)
    properties = etree.SubElement(etree.SubElement(task, _q("bpmn", "extensionElements")), _q("spiffworkflow", "properties"))
    for key, suffix in (("formJsonSchemaFilename", "schema"), ("formUiSchemaFilename", "uischema")):
        etree.SubElement(properties, _q("spiffworkflow", "property"), name=key, value=f"{action.form}.{suffix}.json")
    end = _element(sub, "endEvent", id=f"{action.name}_recorded",
                   name="Case closed" if action.interrupting else "Recorded")
    for source, target in ((start, task), (task, end)):
        _connect(sub, f"flow_{source.get('id')}_to_{target.get('id')}", source, target)
    # The message definition follows the flow references, as the BPMN schema orders them.
    definition = start.find("bpmn:messageEventDefinition", NS)
    start.remove(definition)
    start.append(definition)
    return sub


def _draw(root, lane, sub, action: StandardAction, placed: dict[str, int]) -> None:
    bounds = _shape(root, lane.get("id")).find("dc:Bounds", NS)
    index = placed.get(lane.get("id"), 0)
    if index == 0:
        _open_strip(root, lane, bounds)
    placed[lane.get("id")] = index + 1
    strip_top = float(bounds.get("y")) + float(bounds.get("height")) - STRIP
    shape = etree.SubElement(_top_plane(root), _q("bpmndi", "BPMNShape"), id=f"{sub.get('id')}_di",
                             bpmnElement=sub.get("id"), isExpanded="false")
    etree.SubElement(shape, _q("dc", "Bounds"), x=_n(float(bounds.get("x")) + 60 + index * 160), y=_n(strip_top + 20),
                     width="120", height="80")
    dy, x, shapes, chain = inner_offset(root), 100, {}, _chain(sub)
    for node in chain:
        small = etree.QName(node).localname.endswith("Event")
        width = 36 if small else 100
        shapes[node.get("id")] = (x, (102 if small else 80) + dy, width, 36 if small else 80, small)
        x += width + 60
    plane = _inner_diagram(_Root(root), sub.get("id"), None, None, shapes)
    for source, target in zip(chain, chain[1:]):
        left, right = shapes[source.get("id")], shapes[target.get("id")]
        _edge(plane, f"flow_{source.get('id')}_to_{target.get('id')}", [(left[0] + left[2], 120 + dy), (right[0], 120 + dy)])


def _chain(sub) -> list:
    """The sub-process's nodes in flow order, from its start event."""
    nodes = {el.get("id"): el for el in sub if isinstance(el.tag, str)}
    following = {f.get("sourceRef"): f.get("targetRef") for f in sub.iterfind("bpmn:sequenceFlow", NS)}
    current, chain = sub.find("bpmn:startEvent", NS).get("id"), []
    while current is not None:
        chain.append(nodes[current])
        current = following.get(current)
    return chain


def _then_suspend(root, process, sub, suspend: str, present: set[str]) -> None:
    """After the grounds are recorded: start the suspension procedure (see the module's doc)."""
    kind, _, target = suspend.partition(":")
    task, end = sub.find("bpmn:userTask", NS), sub.find("bpmn:endEvent", NS)
    flow = sub.find(f"bpmn:sequenceFlow[@sourceRef='{task.get('id')}']", NS)
    for node, tag in ((task, "outgoing"), (end, "incoming")):
        node.remove(node.find(f"bpmn:{tag}", NS))
    sub.remove(flow)
    if kind == "message":
        then = etree.Element(_q("bpmn", "intermediateThrowEvent"), id="suspension_requested_by_action",
                             name="Start the suspension procedure")
        if target not in present:
            _add_message(root, process, target)
        _correlate_on_provider(root, process, target)
    elif kind == "call":
        then = etree.Element(_q("bpmn", "callActivity"), id="suspension_by_action", name="Suspension of placements",
                             calledElement=target)
    else:
        raise ValueError(f"--suspend takes message:NAME or call:PROCESS, not {suspend!r}")
    sub.insert(sub.index(end), then)
    _connect(sub, f"flow_{task.get('id')}_to_{then.get('id')}", task, then)
    _connect(sub, f"flow_{then.get('id')}_to_{end.get('id')}", then, end)
    if kind == "message":
        definition = etree.SubElement(then, _q("bpmn", "messageEventDefinition"), messageRef=target)
        payload = etree.SubElement(etree.SubElement(definition, _q("bpmn", "extensionElements")),
                                   _q("spiffworkflow", "messagePayload"))
        payload.text = SUSPENSION_PAYLOAD
    end.set("name", "Suspension requested" if kind == "message" else "Suspension settled")


def _correlate_on_provider(root, process, message: str) -> None:
    """The receiving procedures match the message to the case of the same provider (provider_id)."""
    collaboration = root.find("bpmn:collaboration", NS)
    if collaboration.find("bpmn:correlationKey[@name='provider_id']", NS) is None:
        key = _element(collaboration, "correlationKey", id="provider_id_key", name="provider_id")
        etree.SubElement(key, _q("bpmn", "correlationPropertyRef")).text = "provider_id"
    prop = root.find("bpmn:correlationProperty[@name='provider_id']", NS)
    if prop is None:
        prop = etree.Element(_q("bpmn", "correlationProperty"), id="provider_id", name="provider_id")
        root.insert(root.index(process), prop)
    if prop.find(f"bpmn:correlationPropertyRetrievalExpression[@messageRef='{message}']", NS) is None:
        expression = etree.SubElement(prop, _q("bpmn", "correlationPropertyRetrievalExpression"), messageRef=message)
        etree.SubElement(expression, _q("bpmn", "messagePath")).text = "provider_id"


def _open_strip(root, lane, bounds) -> None:
    """Make room at the bottom of the lane: everything below it moves down, the pool grows."""
    bottom = float(bounds.get("y")) + float(bounds.get("height"))
    plane = _top_plane(root)
    for element in plane.iter(_q("dc", "Bounds"), _q("di", "waypoint")):
        if element is not bounds and float(element.get("y")) >= bottom:
            element.set("y", _n(float(element.get("y")) + STRIP))
    for shape in plane.iterfind("bpmndi:BPMNShape", NS):
        box = shape.find("dc:Bounds", NS)
        top, height = float(box.get("y")), float(box.get("height"))
        if box is bounds or (shape.get("isHorizontal") == "true" and top < bottom <= top + height + 0.5):
            box.set("height", _n(height + STRIP))


class _Root:
    def __init__(self, root):
        self.root = root


def _top_plane(root):
    return root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)


def _shape(root, element_id: str):
    return root.find(f".//bpmndi:BPMNShape[@bpmnElement='{element_id}']", NS)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--role", action="append", default=[], metavar="ACTION=ROLE",
                        help="the role slug whose lane takes an action (repeatable)")
    parser.add_argument("--skip", action="append", default=[], metavar="ACTION",
                        help="an action the procedure does its own way (repeatable)")
    parser.add_argument("--suspend", metavar="message:NAME|call:PROCESS",
                        help="add 'Consider suspending placements', starting the suspension procedure so")
    args = parser.parse_args(argv)
    roles = dict(item.split("=", 1) for item in args.role)
    unknown = (set(roles) | set(args.skip)) - {a.name for a in STANDARD_ACTIONS + (SUSPEND_PLACEMENTS,)}
    if unknown:
        print(f"unknown action(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for path in args.files:
        path.write_bytes(add_case_actions(path.read_bytes(), roles, frozenset(args.skip), args.suspend))
    return 0


if __name__ == "__main__":
    sys.exit(main())
