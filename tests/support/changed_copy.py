"""A changed copy of a shipped diagram, as a process owner's fix would make it (lxml edits).

The shipped files are never touched: :func:`changed_copy` returns new BPMN bytes with four
kinds of change in the process with the given id (its collapsed sub-processes included):

* a renamed task (the case's current step when it is in this file, else the first user task);
* a removed task (one the case has not reached, with one flow in and one out, nothing on its
  border): its incoming flow is joined to what followed it;
* a changed timer (``..._deadline(date, N, ...)`` becomes N + 1; the case's waiting timer first);
* an added step after the current step (a copy of it, same form and lane), so the case meets it.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass

from lxml import etree

__all__ = ["Changes", "changed_copy", "source_of", "deploy_copy"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}
_TASKS = ("userTask", "manualTask", "scriptTask", "task")
_TIMER_NUMBER = re.compile(r"(_deadline\(\s*[^,()]+,\s*)(\d+)")
RENAMED_SUFFIX = " (revised)"
ADDED_ID = "check_the_fix"
ADDED_NAME = "Check the fix"


@dataclass
class Changes:
    renamed: str | None = None
    removed: str | None = None
    timer: str | None = None
    added_after: str | None = None


def _process(root, key: str):
    found = root.find(f"bpmn:process[@id='{key}']", NS)
    if found is None:
        raise ValueError(f"no process '{key}' in the file")
    return found


def _flows(scope, attribute: str, ref: str) -> list:
    return [f for f in scope.findall("bpmn:sequenceFlow", NS) if f.get(attribute) == ref]


def _has_border(process, element_id: str) -> bool:
    return bool(process.findall(f".//bpmn:boundaryEvent[@attachedToRef='{element_id}']", NS))


def _tasks(process, kinds=_TASKS) -> list:
    return [el for kind in kinds for el in process.iter(f"{{{BPMN}}}{kind}")]


def _shape(root, element_id: str):
    return root.find(f".//bpmndi:BPMNShape[@bpmnElement='{element_id}']", NS)


def _edge(root, element_id: str):
    return root.find(f".//bpmndi:BPMNEdge[@bpmnElement='{element_id}']", NS)


def _set_refs(node, tag: str, old: str, new: str) -> None:
    for ref in node.findall(f"bpmn:{tag}", NS):
        if ref.text == old:
            ref.text = new


def _rename(process, current: list[str]) -> str | None:
    candidates = [el for el in _tasks(process, ("userTask",)) if el.get("id") in current] or _tasks(process, ("userTask",))
    if not candidates:
        return None
    chosen = candidates[0]
    chosen.set("name", (chosen.get("name") or chosen.get("id")) + RENAMED_SUFFIX)
    return chosen.get("id")


def _remove(root, process, avoid: set[str]) -> str | None:
    for el in _tasks(process):
        element_id = el.get("id")
        scope = el.getparent()
        ins, outs = _flows(scope, "targetRef", element_id), _flows(scope, "sourceRef", element_id)
        if element_id in avoid or len(ins) != 1 or len(outs) != 1 or _has_border(process, element_id):
            continue
        incoming, outgoing = ins[0], outs[0]
        after = scope.find(f"*[@id='{outgoing.get('targetRef')}']")
        if after is None or after.get("id") in avoid:
            continue
        incoming.set("targetRef", after.get("id"))
        _set_refs(after, "incoming", outgoing.get("id"), incoming.get("id"))
        scope.remove(outgoing)
        scope.remove(el)
        for ref in root.iter(f"{{{BPMN}}}flowNodeRef"):
            if ref.text == element_id:
                ref.getparent().remove(ref)
        for di in (_shape(root, element_id), _edge(root, outgoing.get("id"))):
            if di is not None:
                di.getparent().remove(di)
        return element_id
    return None


def _one_more(expression: str) -> str | None:
    """``working_days_deadline(d, N, region)`` -> ``... N + 1 ...`` (any ``*_deadline`` call whose
    second argument is a number or an expression), or None for other timer expressions."""
    if _TIMER_NUMBER.search(expression):
        return _TIMER_NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", expression, count=1)
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return None
    call = tree.body
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id.endswith("_deadline")
            and len(call.args) >= 2):
        return None
    call.args[1] = ast.BinOp(call.args[1], ast.Add(), ast.Constant(1))
    return ast.unparse(tree)


def _change_timer(process, waiting: list[str]) -> str | None:
    timers = [el for el in process.iter(f"{{{BPMN}}}boundaryEvent", f"{{{BPMN}}}intermediateCatchEvent")
              if el.find("bpmn:timerEventDefinition", NS) is not None]
    timers.sort(key=lambda el: el.get("id") not in waiting)
    for el in timers:
        for text in el.find("bpmn:timerEventDefinition", NS):
            changed = _one_more(text.text or "")
            if changed:
                text.text = changed
                return el.get("id")
    return None


def _add_after(root, process, current: list[str], avoid: set[str]) -> str | None:
    candidates = [el for el in _tasks(process, ("userTask",)) if el.get("id") in current]
    candidates += [el for el in _tasks(process, ("userTask",)) if el.get("id") not in current]
    for step in candidates:
        scope = step.getparent()
        outs = _flows(scope, "sourceRef", step.get("id"))
        if len(outs) != 1 or step.get("id") in avoid:
            continue
        flow = outs[0]
        after = scope.find(f"*[@id='{flow.get('targetRef')}']")
        new = copy.deepcopy(step)
        new.set("id", ADDED_ID)
        new.set("name", ADDED_NAME)
        for child in new.findall("bpmn:incoming", NS) + new.findall("bpmn:outgoing", NS):
            new.remove(child)
        for inner in new.iter():
            if inner is not new and isinstance(inner.tag, str) and inner.get("id"):
                inner.set("id", f"{ADDED_ID}_{inner.get('id')}")
        new_flow = etree.SubElement(scope, f"{{{BPMN}}}sequenceFlow", id=f"flow_{ADDED_ID}",
                                    sourceRef=ADDED_ID, targetRef=flow.get("targetRef"))
        flow.set("targetRef", ADDED_ID)
        _set_refs(after, "incoming", flow.get("id"), new_flow.get("id"))
        # The schema wants a node's flows before its data and loop elements.
        heads = [c for c in new if isinstance(c.tag, str) and etree.QName(c).localname in ("documentation", "extensionElements")]
        at = new.index(heads[-1]) + 1 if heads else 0
        for offset, (tag, ref) in enumerate((("incoming", flow.get("id")), ("outgoing", new_flow.get("id")))):
            element = etree.Element(f"{{{BPMN}}}{tag}")
            element.text = ref
            new.insert(at + offset, element)
        step.addnext(new)
        for ref in list(root.iter(f"{{{BPMN}}}flowNodeRef")):
            if ref.text == step.get("id"):
                ref.addnext(etree.Element(f"{{{BPMN}}}flowNodeRef"))
                ref.getnext().text = ADDED_ID
        _draw(root, step.get("id"), new_flow.get("id"))
        return step.get("id")
    return None


def _after_added(process) -> str | None:
    flow = process.find(f".//bpmn:sequenceFlow[@id='flow_{ADDED_ID}']", NS)
    return flow.get("targetRef") if flow is not None else None


def _draw(root, beside: str, flow_id: str) -> None:
    shape = _shape(root, beside)
    if shape is None:
        return
    bounds = shape.find("dc:Bounds", NS)
    x, y = float(bounds.get("x")), float(bounds.get("y")) + float(bounds.get("height")) + 40
    added = etree.Element(f"{{{BPMNDI}}}BPMNShape", id=f"{ADDED_ID}_di", bpmnElement=ADDED_ID)
    etree.SubElement(added, f"{{{DC}}}Bounds", x=f"{x:g}", y=f"{y:g}", width=bounds.get("width"), height=bounds.get("height"))
    shape.addnext(added)
    edge = etree.Element(f"{{{BPMNDI}}}BPMNEdge", id=f"{flow_id}_di", bpmnElement=flow_id)
    for px, py in ((x, y), (x, y - 20)):
        etree.SubElement(edge, f"{{{DI}}}waypoint", x=f"{px:g}", y=f"{py:g}")
    added.addnext(edge)


def changed_copy(bpmn: bytes, key: str, current: list[str] = (), waiting_timers: list[str] = (),
                 reached: set[str] = frozenset()) -> tuple[bytes, Changes]:
    """``bpmn`` with the four changes made in process ``key``; ``current``: the case's current
    steps, ``reached``: every element it has reached (never removed)."""
    root = etree.fromstring(bpmn)
    process = _process(root, key)
    changes = Changes()
    changes.renamed = _rename(process, list(current))
    changes.timer = _change_timer(process, list(waiting_timers))
    changes.added_after = _add_after(root, process, list(current), avoid=set())
    # Not the step the new one now leads to either: SpiffWorkflow would align the new step with it.
    avoid = set(reached) | set(current) | {ADDED_ID, changes.renamed, changes.added_after, _after_added(process)}
    changes.removed = _remove(root, process, avoid)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), changes


def source_of(library, folder: str, key: str):
    """The file in ``folder`` of ``library`` that defines process ``key``."""
    from engine.definitions import process_ids_in

    for source in library.sources(folder):
        if key in process_ids_in(source.content):
            return source
    raise LookupError(f"no file in {folder} defines '{key}'")


def deploy_copy(session, library, folder: str, key: str, content: bytes, note: str = "a fix"):
    """Deploy ``content`` (a changed copy of ``key``'s file) as the next version in ``folder``."""
    from api.actors import Actor
    from api.definitions.service import deploy_compiled
    from engine.definitions import SourceFile, compile_source

    source = source_of(library, folder, key)
    compiled, problems = compile_source(SourceFile(folder, source.path, content), forms=library.form_lookup(folder))
    assert not problems, problems
    report = deploy_compiled(session, processes=[p for p in compiled if p.key == key], actor=Actor.system("tests"), note=note)
    [definition] = report.created
    return definition
