"""Put a step with a deadline under the standard chase, in an existing diagram.

The pattern (DESIGN.md, diagram conventions): the step and its deadline timer go inside a
collapsed sub-process named like the step. Inside, the step ends in a terminate end event
("Done"); the deadline timer (non-interrupting) starts a call activity into
``processes/shared/chase_overdue_step.bpmn``, which chases until the step is done or the chaser
records why it no longer applies (then a terminate end event, "No longer applies"). Finishing
the step ends the chase with it. The top level shows one shape where the step was.

Usage (from the repository root)::

    python -m tests.support.chase_wrap processes/wales/escalating_concerns.bpmn notify_provider \\
        --chaser head_of_service --every 2

The step's old escalation path (the nodes only its deadline timer reaches) is removed. A step
with any other boundary event is refused: move that event's path by hand first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lxml import etree

from .separate_planes import lowest_point

__all__ = ["wrap_with_chase", "WrapRefused", "inner_offset"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI",
      "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
CHASE_PROCESS = "chase_overdue_step"


class WrapRefused(Exception):
    """The step cannot be wrapped automatically; the message says why and what to do."""


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


class _Doc:
    def __init__(self, root):
        self.root = root

    def by_id(self, element_id: str):
        found = self.root.find(f".//*[@id='{element_id}']")
        if found is None:
            raise WrapRefused(f"there is no element '{element_id}'")
        return found

    def shape(self, element_id: str):
        return self.root.find(f".//bpmndi:BPMNShape[@bpmnElement='{element_id}']", NS)

    def edge(self, flow_id: str):
        return self.root.find(f".//bpmndi:BPMNEdge[@bpmnElement='{flow_id}']", NS)

    def flows(self, process, **match):
        key, value = next(iter(match.items()))
        return [f for f in process.iterfind("bpmn:sequenceFlow", NS) if f.get(key) == value]

    def lane_refs(self, element_id: str):
        return [r for r in self.root.iterfind(".//bpmn:flowNodeRef", NS) if r.text == element_id]

    def remove_node(self, process, element) -> None:
        for ref in self.lane_refs(element.get("id")):
            ref.getparent().remove(ref)
        for di in (self.shape(element.get("id")),):
            if di is not None:
                di.getparent().remove(di)
        process.remove(element)

    def remove_flow(self, process, flow) -> None:
        for end, child in (("sourceRef", "outgoing"), ("targetRef", "incoming")):
            node = process.find(f"*[@id='{flow.get(end)}']")
            if node is not None:
                for ref in node.findall(f"bpmn:{child}", NS):
                    if ref.text == flow.get("id"):
                        node.remove(ref)
        edge = self.edge(flow.get("id"))
        if edge is not None:
            edge.getparent().remove(edge)
        process.remove(flow)


def _escalation_path(doc: _Doc, process, timer) -> tuple[list, list]:
    """The nodes only the deadline timer reaches, and every flow leaving the timer or them."""
    nodes, flows, frontier = [], [], [timer.get("id")]
    while frontier:
        current = frontier.pop()
        for flow in doc.flows(process, sourceRef=current):
            flows.append(flow)
            target = process.find(f"*[@id='{flow.get('targetRef')}']")
            incoming = doc.flows(process, targetRef=target.get("id"))
            reached = {timer.get("id")} | {n.get("id") for n in nodes}
            if target not in nodes and all(f.get("sourceRef") in reached | {current} for f in incoming):
                nodes.append(target)
                frontier.append(target.get("id"))
    return nodes, flows


def _element(parent, tag: str, **attributes):
    return etree.SubElement(parent, _q("bpmn", tag), **{k: str(v) for k, v in attributes.items()})


def _connect(parent, flow_id: str, source, target) -> None:
    _element(parent, "sequenceFlow", id=flow_id, sourceRef=source.get("id"), targetRef=target.get("id"))
    _add_ref(source, "outgoing", flow_id, after=("documentation", "extensionElements", "incoming", "outgoing"))
    _add_ref(target, "incoming", flow_id, after=("documentation", "extensionElements", "incoming"))


def _add_ref(node, tag: str, flow_id: str, *, after: tuple[str, ...]) -> None:
    """Add an incoming/outgoing reference where the BPMN schema wants it (before event
    definitions, loop characteristics and the like)."""
    index = 0
    for position, child in enumerate(node):
        if etree.QName(child).localname in after:
            index = position + 1
    reference = etree.Element(_q("bpmn", tag))
    reference.text = flow_id
    node.insert(index, reference)


def inner_offset(root) -> int:
    """Where the next drill-down picture starts: below everything the file draws already, so no
    two shapes of the file share coordinates (checkers that read every picture see no overlap)."""
    return int(lowest_point(root)) + 100


def _inner_diagram(doc: _Doc, sub_id: str, step, timer, shapes: dict) -> None:
    """The drill-down picture of the collapsed sub-process, laid out left to right."""
    diagram = etree.SubElement(doc.root, _q("bpmndi", "BPMNDiagram"), id=f"{sub_id}_diagram")
    plane = etree.SubElement(diagram, _q("bpmndi", "BPMNPlane"), id=f"{sub_id}_plane", bpmnElement=sub_id)
    for element_id, (x, y, w, h, label) in shapes.items():
        shape = etree.SubElement(plane, _q("bpmndi", "BPMNShape"), id=f"{element_id}_di", bpmnElement=element_id)
        etree.SubElement(shape, _q("dc", "Bounds"), x=str(x), y=str(y), width=str(w), height=str(h))
        if label:
            bounds = etree.SubElement(etree.SubElement(shape, _q("bpmndi", "BPMNLabel")), _q("dc", "Bounds"))
            for key, value in zip(("x", "y", "width", "height"), (x - 22, y + h + 4, w + 44, 27)):
                bounds.set(key, str(value))
    return plane


def _edge(plane, flow_id: str, points: list[tuple[int, int]]) -> None:
    edge = etree.SubElement(plane, _q("bpmndi", "BPMNEdge"), id=f"{flow_id}_di", bpmnElement=flow_id)
    for x, y in points:
        etree.SubElement(edge, _q("di", "waypoint"), x=str(x), y=str(y))


def wrap_with_chase(xml: bytes, step_id: str, *, chaser: str, every: int) -> bytes:
    """The diagram with ``step_id`` and its deadline under the standard chase."""
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    doc = _Doc(root)
    step = doc.by_id(step_id)
    process = step.getparent()
    if etree.QName(process).localname != "process":
        raise WrapRefused(f"'{step_id}' is inside a sub-process; wrap steps of a process's top level")
    boundaries = [b for b in process.iterfind("bpmn:boundaryEvent", NS) if b.get("attachedToRef") == step_id]
    timers = [b for b in boundaries if b.find("bpmn:timerEventDefinition", NS) is not None and b.get("cancelActivity") == "false"]
    if len(boundaries) != 1 or len(timers) != 1:
        raise WrapRefused(f"'{step_id}' must carry exactly one boundary event, a non-interrupting timer (its deadline); "
                          f"it has {len(boundaries)} boundary event(s)")
    timer = timers[0]
    for node in _escalation_path(doc, process, timer)[0]:
        for flow in doc.flows(process, sourceRef=node.get("id")) + doc.flows(process, targetRef=node.get("id")):
            doc.remove_flow(process, flow)
        doc.remove_node(process, node)
    for flow in doc.flows(process, sourceRef=timer.get("id")):
        doc.remove_flow(process, flow)
    _build_subprocess(doc, process, step, timer, chaser=chaser, every=every)
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def _build_subprocess(doc: _Doc, process, step, timer, *, chaser: str, every: int) -> None:
    step_id, name = step.get("id"), step.get("name") or step.get("id")
    sub_id = f"{step_id}_until_done"
    sub = etree.Element(_q("bpmn", "subProcess"), id=sub_id, name=name)
    process.insert(process.index(step), sub)
    for ref in step.findall("bpmn:incoming", NS) + step.findall("bpmn:outgoing", NS):
        step.remove(ref)
        sub.append(ref)
    for flow in doc.flows(process, targetRef=step_id):
        flow.set("targetRef", sub_id)
    for flow in doc.flows(process, sourceRef=step_id):
        flow.set("sourceRef", sub_id)
    for ref in doc.lane_refs(step_id):
        ref.text = sub_id
    for ref in doc.lane_refs(timer.get("id")):
        ref.getparent().remove(ref)
    process.remove(step)
    process.remove(timer)
    begin = _element(sub, "startEvent", id=f"{step_id}_begins", name="Step begins")
    sub.append(step)
    sub.append(timer)
    done = _element(sub, "endEvent", id=f"{step_id}_done", name="Done")
    etree.SubElement(done, _q("bpmn", "terminateEventDefinition"))
    chase = _element(sub, "callActivity", id=f"{step_id}_chase", name=f"Chase: {name}", calledElement=CHASE_PROCESS)
    script = etree.SubElement(etree.SubElement(chase, _q("bpmn", "extensionElements")), _q("spiffworkflow", "preScript"))
    script.text = (f'lane_roles = {{"chaser": "{chaser}"}}\nchased_step = {name!r}\n'
                   f"chase_every_working_days = {int(every)}")
    withdrawn = _element(sub, "endEvent", id=f"{step_id}_withdrawn", name="No longer applies")
    etree.SubElement(withdrawn, _q("bpmn", "terminateEventDefinition"))
    for source, target in ((begin, step), (step, done), (timer, chase), (chase, withdrawn)):
        _connect(sub, f"flow_{source.get('id')}_to_{target.get('id')}", source, target)
    _draw(doc, sub_id, step, timer, begin, done, chase, withdrawn)


def _draw(doc: _Doc, sub_id: str, step, timer, begin, done, chase, withdrawn) -> None:
    outer = doc.shape(step.get("id"))
    outer.set("id", f"{sub_id}_di")
    outer.set("bpmnElement", sub_id)
    outer.set("isExpanded", "false")
    timer_shape = doc.shape(timer.get("id"))
    if timer_shape is not None:
        timer_shape.getparent().remove(timer_shape)
    x, y, w, h = 180, 80 + inner_offset(doc.root), 100, 80
    shapes = {begin.get("id"): (100, y + h // 2 - 18, 36, 36, True),
              step.get("id"): (x, y, w, h, False),
              done.get("id"): (x + w + 60, y + h // 2 - 18, 36, 36, True),
              timer.get("id"): (x + 62, y + h - 18, 36, 36, True),
              chase.get("id"): (x + 120, y + h + 90, w, h, False),
              withdrawn.get("id"): (x + 280, y + h + 90 + h // 2 - 18, 36, 36, True)}
    plane = _inner_diagram(doc, sub_id, step, timer, shapes)
    mid, timer_x = y + h // 2, x + 80
    _edge(plane, f"flow_{begin.get('id')}_to_{step.get('id')}", [(136, mid), (x, mid)])
    _edge(plane, f"flow_{step.get('id')}_to_{done.get('id')}", [(x + w, mid), (x + w + 60, mid)])
    _edge(plane, f"flow_{timer.get('id')}_to_{chase.get('id')}", [(timer_x, y + h + 18), (timer_x, y + h + 130), (x + 120, y + h + 130)])
    _edge(plane, f"flow_{chase.get('id')}_to_{withdrawn.get('id')}", [(x + 220, y + h + 130), (x + 280, y + h + 130)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("steps", nargs="+", help="ids of the steps to wrap")
    parser.add_argument("--chaser", required=True, help="the role slug that chases (lane_roles)")
    parser.add_argument("--every", type=int, default=2, help="working days between chases")
    args = parser.parse_args(argv)
    xml = args.file.read_bytes()
    try:
        for step in args.steps:
            xml = wrap_with_chase(xml, step, chaser=args.chaser, every=args.every)
    except WrapRefused as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    args.file.write_bytes(xml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
