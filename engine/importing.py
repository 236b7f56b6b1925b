"""Bringing a diagram made in another tool in: the fixes a machine can make, and what needs a person.

A diagram from Camunda or SpiffArena usually fails here for reasons with one right answer: a
user, manual or plain task in no lane (the process owner picks the role, the task goes into that role's lane), a
user task with no form (a starting form is made from what the diagram already says: Camunda 8's
embedded form, Camunda 7's form fields, the task's input data; a SpiffArena form's fields get the
labels staff need), a timer duration written bare (``PT1H`` is quoted). Everything else (FEEL or
JUEL to rewrite, a service task to replace, a function of the other tool's own) needs a person:
it is listed with the file's remaining problems, in the same words ``concerns validate`` uses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree

from .definition_checks import FORM_SCHEMA_PROPERTY, NS
from .foreign_checks import ISO_TIMER, iso_timer_text
from .roles import Role, lane_text, role_for_lane
from .xmlsafe import parse_xml

__all__ = ["Fix", "Imported", "mechanical_fixes"]

_BPMN = NS["bpmn"]
_SPIFF = NS["spiffworkflow"]
_ZEEBE = "http://camunda.org/schema/zeebe/1.0"
_CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
_FIELD_TYPES = {"number": "number", "checkbox": "boolean", "checklist": "array", "boolean": "boolean", "long": "integer"}


@dataclass(frozen=True)
class Fix:
    element_id: str
    what: str


@dataclass
class Imported:
    bpmn: bytes
    forms: dict[str, str] = field(default_factory=dict)
    fixes: list[Fix] = field(default_factory=list)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def mechanical_fixes(content: bytes, *, lane_role: Role | None, forms: dict[str, str] | None = None) -> Imported:
    """The diagram with every mechanical fix made, the forms made or mended, and what was done.
    ``forms`` are the form files that came with it (SpiffArena's), by file name."""
    tree = parse_xml(content)
    root = tree.getroot()
    result = Imported(b"", dict(forms or {}))
    for process in root.iterfind("bpmn:process", NS):
        if process.get("isExecutable", "true") != "true" and len(root.findall("bpmn:process", NS)) > 1:
            continue
        if lane_role is not None:
            _lane_unassigned_tasks(process, lane_role, result)
        for task in process.iterfind(".//bpmn:userTask", NS):
            _give_a_form(root, task, result)
    _quote_durations(root, result)
    result.bpmn = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return result


def _lane_unassigned_tasks(process, role: Role, result: Imported) -> None:
    assigned = {ref.text.strip() for ref in process.iterfind(".//bpmn:lane/bpmn:flowNodeRef", NS) if ref.text}
    # A task inside a sub-process is in the sub-process's lane: the lane takes the outermost shape.
    outermost = {}
    # Every step SpiffWorkflow waits on a person for: user, manual and plain tasks.
    waiting = [t for tag in ("userTask", "manualTask", "task") for t in process.iterfind(f".//bpmn:{tag}", NS)]
    for task in waiting:
        node = task
        while node.getparent() is not process:
            node = node.getparent()
        if node.get("id") not in assigned and not (set(_ids_within(node)) & assigned):
            outermost.setdefault(node.get("id"), node)
    loose = list(outermost.values())
    if not loose:
        return
    lane_set = process.find("bpmn:laneSet", NS)
    if lane_set is None:
        lane_set = etree.Element(_q(_BPMN, "laneSet"), id=f"{process.get('id')}_lanes")
        process.insert(_after_extensions(process, _BEFORE_LANE_SET), lane_set)
    lane = next((l for l in lane_set.iterfind("bpmn:lane", NS) if role_for_lane(lane_text(l)) == role), None)
    if lane is None:
        lane = etree.SubElement(lane_set, _q(_BPMN, "lane"), id=f"{process.get('id')}_{role.value}", name=role.label)
    for task in loose:
        etree.SubElement(lane, _q(_BPMN, "flowNodeRef")).text = task.get("id")
        result.fixes.append(Fix(task.get("id"), f"put into the lane '{role.label}'"))


def _ids_within(node) -> list[str]:
    return [n.get("id") for n in node.iter() if isinstance(n.tag, str) and n.get("id")]


# What the BPMN schema puts before a process's lane set (a process's own inputs and outputs among them: MIWG C.8.1).
_BEFORE_LANE_SET = ("documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef",
                    "supportedInterfaceRef", "ioSpecification", "ioBinding", "property")


def _after_extensions(element, before: tuple[str, ...] = ("documentation", "extensionElements")) -> int:
    """Where a new child goes: after documentation and extension elements (and, for a lane set, all
    else the schema puts before it), as the schema orders them."""
    index = 0
    for i, child in enumerate(element):
        if isinstance(child.tag, str) and etree.QName(child).localname in before:
            index = i + 1
    return index


def _give_a_form(root, task, result: Imported) -> None:
    props = task.find("bpmn:extensionElements/spiffworkflow:properties", NS)
    named = {p.get("name"): p.get("value") for p in props.iterfind("spiffworkflow:property", NS)} if props is not None else {}
    existing = named.get(FORM_SCHEMA_PROPERTY)
    if existing:
        if existing in result.forms:
            _label_fields(existing, task, result)
        return
    name = f"{re.sub(r'[^a-z0-9_]+', '_', task.get('id').lower()).strip('_')}.schema.json"
    fields, origin = _fields_for(root, task)
    schema = {"title": task.get("name") or task.get("id"), "type": "object", "properties": fields}
    result.forms[name] = json.dumps(schema, indent=2) + "\n"
    extensions = task.find("bpmn:extensionElements", NS)
    if extensions is None:
        extensions = etree.Element(_q(_BPMN, "extensionElements"))
        task.insert(_after_extensions(task), extensions)
    if props is None:
        props = etree.SubElement(extensions, _q(_SPIFF, "properties"))
    etree.SubElement(props, _q(_SPIFF, "property"), name=FORM_SCHEMA_PROPERTY, value=name)
    result.fixes.append(Fix(task.get("id"), f"given the form {name}, made from {origin}"))


def _fields_for(root, task) -> tuple[dict, str]:
    """A starting form's fields: from Camunda 8's embedded form, Camunda 7's form fields, or the task's input data."""
    key = task.find(f"bpmn:extensionElements/{{{_ZEEBE}}}formDefinition", NS)
    form_id = (key.get("formKey") or "").rsplit(":", 1)[-1] if key is not None else ""
    embedded = next((f for f in root.iter(_q(_ZEEBE, "userTaskForm")) if f.get("id") == form_id), None)
    if embedded is not None and embedded.text:
        components = json.loads(embedded.text).get("components", [])
        fields = {c["key"]: {"title": c.get("label") or c["key"], "type": _FIELD_TYPES.get(c.get("type"), "string")}
                  for c in components if c.get("key")}
        return fields, "its Camunda form"
    camunda = task.findall(f"bpmn:extensionElements/{{{_CAMUNDA}}}formData/{{{_CAMUNDA}}}formField", NS)
    if camunda:
        return ({f.get("id"): {"title": f.get("label") or f.get("id"), "type": _FIELD_TYPES.get(f.get("type"), "string")}
                 for f in camunda if f.get("id")}, "its Camunda form fields")
    inputs = [i.get("name") or i.get("id") for i in task.iterfind("bpmn:ioSpecification/bpmn:dataInput", NS)]
    if inputs:
        return {_snake(i): {"title": i, "type": "string"} for i in inputs}, "its input data"
    return {"notes": {"title": "Notes", "type": "string"}}, "nothing (a notes field: add the questions)"


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", text).lower()).strip("_") or "field"


def _label_fields(name: str, task, result: Imported) -> None:
    """A SpiffArena form's fields without a label (``title``) get one from their name."""
    try:
        schema = json.loads(result.forms[name])
    except json.JSONDecodeError:
        return
    added = [key for key, prop in (schema.get("properties") or {}).items()
             if isinstance(prop, dict) and not str(prop.get("title") or "").strip()]
    for key in added:
        schema["properties"][key]["title"] = _snake(key).replace("_", " ").capitalize()
    if added:
        result.forms[name] = json.dumps(schema, indent=2) + "\n"
        result.fixes.append(Fix(task.get("id"), f"labelled the fields {', '.join(added)} of {name}"))


def _quote_durations(root, result: Imported) -> None:
    for tag in ("timeDuration", "timeCycle", "timeDate"):
        for node in root.iter(_q(_BPMN, tag)):
            text = (node.text or "").strip()
            if text and ISO_TIMER.match(text):
                node.text = iso_timer_text(text)
                owner = node.getparent().getparent()
                result.fixes.append(Fix(owner.get("id") or "", f"wrote the timer text {text} as {node.text}"))
