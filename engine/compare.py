"""What changed between two versions of a process, in words a process owner reads.

The modeller's compare page highlights the same changes in the diagram (bpmn-js-differ);
this module lists them: "timer 'Provider notice due' changed from 2 to 3 working days",
"field 'Grounds for default' added to form 'Suspension of placements'".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from lxml import etree

from .definitions import FORM_SCHEMA_PROPERTY, NS
from .roles import lane_role_slugs, lane_text
from .xmlsafe import parse_xml

__all__ = ["Change", "compare_versions", "describe_timer", "describe_timer_change"]


@dataclass(frozen=True)
class Change:
    element_id: str | None
    kind: str  # "added", "removed" or "changed"
    text: str

    def as_dict(self) -> dict:
        return {"element_id": self.element_id, "kind": self.kind, "text": self.text}


_KINDS = {
    "userTask": "task", "manualTask": "task", "task": "task", "scriptTask": "script task", "serviceTask": "task",
    "sendTask": "task", "receiveTask": "task", "businessRuleTask": "task", "callActivity": "call activity",
    "subProcess": "sub-process", "exclusiveGateway": "decision", "inclusiveGateway": "decision",
    "parallelGateway": "parallel split", "eventBasedGateway": "decision", "startEvent": "start event",
    "endEvent": "end event", "intermediateCatchEvent": "event", "intermediateThrowEvent": "event",
    "boundaryEvent": "event", "sequenceFlow": "flow", "lane": "lane", "message": "message",
}
_COMPARED = set(_KINDS)

_TIMER_SHAPES = [
    (re.compile(r"^\s*working_days_deadline\(\s*([A-Za-z_][\w.]*)\s*,\s*(\d+)\s*(?:,\s*region\s*)?\)\s*$"), "working day"),
    (re.compile(r"^\s*calendar_days_deadline\(\s*([A-Za-z_][\w.]*)\s*,\s*(\d+)\s*\)\s*$"), "calendar day"),
    (re.compile(r"^\s*weeks_deadline\(\s*([A-Za-z_][\w.]*)\s*,\s*(\d+)\s*\)\s*$"), "week"),
    (re.compile(r"^\s*hours_deadline\(\s*([A-Za-z_][\w.]*)\s*,\s*(\d+)\s*\)\s*$"), "hour"),
]


def _timer_parts(expression: str) -> tuple[int, str, str] | None:
    for pattern, unit in _TIMER_SHAPES:
        found = pattern.match(expression or "")
        if found:
            return int(found.group(2)), unit, found.group(1)
    return None


def _units(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def describe_timer(expression: str) -> str:
    """'working_days_deadline(decision_date, 2, region)' -> '2 working days after decision_date'."""
    parts = _timer_parts(expression)
    if parts is None:
        return f"'{(expression or '').strip()}'"
    n, unit, field = parts
    return f"{_units(n, unit)} after {field}"


def describe_timer_change(old: str, new: str) -> str:
    """'from 2 to 3 working days' (or each expression in words when their shapes differ)."""
    a, b = _timer_parts(old), _timer_parts(new)
    if a and b and a[1:] == b[1:]:
        return f"from {a[0]} to {_units(b[0], b[1])}"
    return f"from {describe_timer(old)} to {describe_timer(new)}"


def _text(el) -> str:
    return (el.text or "").strip() if el is not None else ""


def _ext(el, path: str) -> str:
    return _text(el.find(f"bpmn:extensionElements/spiffworkflow:{path}", NS))


class _Element:
    """The parts of one BPMN element that a process owner can change."""

    def __init__(self, el, lanes: Mapping[str, str], messages: Mapping[str, str]):
        self.id = el.get("id")
        self.tag = etree.QName(el).localname
        self.name = (el.get("name") or "").strip()
        timer = el.find("bpmn:timerEventDefinition", NS)
        message = el.find("bpmn:messageEventDefinition", NS)
        self.kind = "timer" if timer is not None else ("message event" if message is not None else _KINDS[self.tag])
        self.timer = ""
        if timer is not None:
            self.timer = next((_text(t) for t in timer if etree.QName(t).localname in ("timeDate", "timeDuration", "timeCycle")), "")
        self.props = {p.get("name"): p.get("value") for p in el.iterfind(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS)}
        self.parts = {
            "script": _text(el.find("bpmn:script", NS)),
            "pre-script": _ext(el, "preScript"),
            "post-script": _ext(el, "postScript"),
            "instructions": _ext(el, "instructionsForEndUser"),
            "condition": _text(el.find("bpmn:conditionExpression", NS)),
            "called process": el.get("calledElement") or "",
        }
        self.message = ""
        if message is not None:
            self.message = messages.get(message.get("messageRef") or "", message.get("messageRef") or "")
            self.parts["message payload"] = _text(message.find("bpmn:extensionElements/spiffworkflow:messagePayload", NS))
            self.parts["message variable"] = _text(message.find("bpmn:extensionElements/spiffworkflow:messageVariable", NS))
            corr = message.find("bpmn:extensionElements/spiffworkflow:processVariableCorrelation", NS)
            self.parts["correlation"] = (
                f"{_text(corr.find('spiffworkflow:propertyId', NS))} = {_text(corr.find('spiffworkflow:expression', NS))}"
                if corr is not None else "")
        self.lane = lanes.get(self.id, "")
        self.form = self.props.get(FORM_SCHEMA_PROPERTY, "")

    @property
    def label(self) -> str:
        return f"{self.kind} '{self.name or self.id}'"


def _elements(bpmn: str | bytes) -> tuple[dict[str, _Element], dict[str, tuple]]:
    root = parse_xml(bpmn.encode("utf-8") if isinstance(bpmn, str) else bpmn).getroot()
    lanes = {}
    for lane in root.iterfind(".//bpmn:lane", NS):
        # A lane is the roles it names: renaming "contract_officer" to "Contract officer", or
        # moving its slug into the role property, moves no step.
        who = ", ".join(lane_role_slugs(lane_text(lane))) or (lane.get("name") or lane.get("id") or "").strip()
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            lanes[_text(ref)] = who
    messages = {m.get("id"): (m.get("name") or m.get("id")) for m in root.iterfind("bpmn:message", NS)}
    found = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).namespace != NS["bpmn"] or not el.get("id"):
            continue
        if etree.QName(el).localname in _COMPARED:
            found[el.get("id")] = _Element(el, lanes, messages)
    bounds = {}
    for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
        b = shape.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
        if b is not None:
            bounds[shape.get("bpmnElement")] = tuple(b.get(k) for k in ("x", "y", "width", "height"))
    for edge in root.iterfind(".//bpmndi:BPMNEdge", NS):
        bounds[edge.get("bpmnElement")] = tuple(
            (w.get("x"), w.get("y")) for w in edge.iterfind("{http://www.omg.org/spec/DD/20100524/DI}waypoint"))
    return found, bounds


def _element_changes(old: _Element, new: _Element) -> Iterable[str]:
    if old.name != new.name:
        yield f"{old.label} renamed to '{new.name or new.id}'"
    if old.timer != new.timer:
        yield f"{new.label} changed {describe_timer_change(old.timer, new.timer)}"
    if old.lane != new.lane:
        yield f"{new.label} moved from lane '{old.lane or '(none)'}' to '{new.lane or '(none)'}'"
    if old.form != new.form:
        yield f"{new.label} now uses form '{new.form or '(none)'}' instead of '{old.form or '(none)'}'"
    if old.message != new.message:
        yield f"{new.label} now uses message '{new.message}' instead of '{old.message}'"
    for part, before in old.parts.items():
        after = new.parts.get(part, "")
        if before == after:
            continue
        if part == "condition" and len(before) < 80 and len(after) < 80:
            yield f"{new.label}: condition changed from '{before or '(none)'}' to '{after or '(none)'}'"
        elif part == "called process":
            yield f"{new.label} now calls '{after}' instead of '{before}'"
        elif not before:
            yield f"{new.label}: {part} added"
        elif not after:
            yield f"{new.label}: {part} removed"
        else:
            yield f"{new.label}: {part} changed"


# --------------------------------------------------------------------------- forms

def _form_title(text: str | None, name: str) -> str:
    try:
        return str(json.loads(text or "{}").get("title") or name.removesuffix(".schema.json"))
    except (ValueError, AttributeError):
        return name.removesuffix(".schema.json")


def _fields(schema, prefix: str = "") -> dict[str, dict]:
    """{dotted key: field schema} for every field, group items included."""
    found = {}
    if not isinstance(schema, dict):
        return found
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        dotted = f"{prefix}{key}"
        found[dotted] = prop
        items = prop.get("items")
        if isinstance(items, dict) and items.get("properties"):
            found.update(_fields(items, prefix=f"{dotted}[]."))
    return found


def _choices(prop: dict) -> list:
    source = prop.get("items") if prop.get("type") == "array" and isinstance(prop.get("items"), dict) else prop
    if "enum" in source:
        return list(source["enum"])
    return [(o.get("const"), o.get("title")) for o in source.get("oneOf") or source.get("anyOf") or [] if isinstance(o, dict)]


def _required(schema: dict) -> set[str]:
    found = set()
    for key, prop in (schema.get("properties") or {}).items():
        if key in (schema.get("required") or []):
            found.add(key)
        items = prop.get("items") if isinstance(prop, dict) else None
        if isinstance(items, dict):
            found |= {f"{key}[].{r}" for r in _required(items)}
    return found


def _field_label(prop: dict, key: str) -> str:
    return str(prop.get("title") or key.rsplit(".", 1)[-1])


def _form_changes(name: str, old_text: str | None, new_text: str | None) -> list[str]:
    title = _form_title(new_text or old_text, name)
    if old_text is None:
        return [f"form '{title}' added"]
    if new_text is None:
        return [f"form '{title}' removed"]
    try:
        old, new = json.loads(old_text), json.loads(new_text)
    except ValueError:
        return [f"form '{title}' changed (it is not valid JSON)"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [f"form '{title}' changed"]
    lines = []
    if old.get("title") != new.get("title"):
        lines.append(f"form '{_form_title(old_text, name)}' renamed to '{title}'")
    a, b = _fields(old), _fields(new)
    req_a, req_b = _required(old), _required(new)
    for key in b.keys() - a.keys():
        lines.append(f"field '{_field_label(b[key], key)}' added to form '{title}'")
    for key in a.keys() - b.keys():
        lines.append(f"field '{_field_label(a[key], key)}' removed from form '{title}'")
    for key in sorted(a.keys() & b.keys()):
        before, after = a[key], b[key]
        label = _field_label(after, key)
        if _field_label(before, key) != label:
            lines.append(f"field '{_field_label(before, key)}' in form '{title}' renamed to '{label}'")
        if (before.get("type"), before.get("format")) != (after.get("type"), after.get("format")):
            lines.append(f"field '{label}' in form '{title}' changed type")
        if before.get("description") != after.get("description"):
            lines.append(f"field '{label}' in form '{title}': hint changed")
        if _choices(before) != _choices(after):
            lines.append(f"field '{label}' in form '{title}': choices changed")
        if (key in req_a) != (key in req_b):
            lines.append(f"field '{label}' in form '{title}' is now {'required' if key in req_b else 'optional'}")
    if old.get("allOf") != new.get("allOf") or old.get("if") != new.get("if"):
        lines.append(f"form '{title}': conditional questions changed")
    return lines


def _ui_changes(name: str, old_text: str | None, new_text: str | None, titles: Mapping[str, str]) -> list[str]:
    if old_text is None or new_text is None or old_text == new_text:
        return []
    try:
        old, new = json.loads(old_text), json.loads(new_text)
    except ValueError:
        return []
    if old == new:
        return []
    base = name.removesuffix(".uischema.json")
    title = titles.get(f"{base}.schema.json", base)
    lines = []
    if old.get("ui:order") != new.get("ui:order"):
        lines.append(f"form '{title}': the order of its fields changed")
    rest_old = {k: v for k, v in old.items() if k != "ui:order"}
    rest_new = {k: v for k, v in new.items() if k != "ui:order"}
    if rest_old != rest_new:
        lines.append(f"form '{title}': how its fields are shown changed (UI schema)")
    return lines


# --------------------------------------------------------------------------- both

def compare_versions(old_bpmn: str | bytes, old_forms: Mapping[str, str], new_bpmn: str | bytes,
                     new_forms: Mapping[str, str], old_decisions: Mapping[str, str] | None = None,
                     new_decisions: Mapping[str, str] | None = None) -> list[Change]:
    """Every change from the old version to the new one, diagram first, then forms, then decision
    tables (the .dmn files kept with each version)."""
    old, old_bounds = _elements(old_bpmn)
    new, new_bounds = _elements(new_bpmn)
    changes: list[Change] = []
    for element_id, element in new.items():
        if element_id not in old:
            changes.append(Change(element_id, "added", f"{element.label} added"))
    for element_id, element in old.items():
        if element_id not in new:
            changes.append(Change(element_id, "removed", f"{element.label} removed"))
    for element_id in old.keys() & new.keys():
        for text in _element_changes(old[element_id], new[element_id]):
            changes.append(Change(element_id, "changed", text))
    moved = [k for k in old_bounds.keys() & new_bounds.keys() if old_bounds[k] != new_bounds[k]]
    if moved:
        changes.append(Change(None, "changed", f"the layout changed ({len(moved)} shape(s) or line(s) moved)"))
    changes.sort(key=lambda c: (c.element_id is None, c.text))

    titles = {name: _form_title(text, name) for name, text in {**old_forms, **new_forms}.items() if name.endswith(".schema.json")}
    for name in sorted(set(old_forms) | set(new_forms)):
        before, after = old_forms.get(name), new_forms.get(name)
        if before == after:
            continue
        if name.endswith(".schema.json"):
            texts = _form_changes(name, before, after)
        elif name.endswith(".uischema.json"):
            texts = _ui_changes(name, before, after, titles)
        else:
            texts = [f"file '{name}' changed"]
        changes.extend(Change(None, "changed" if before and after else ("added" if after else "removed"), t) for t in texts)
    from .decisions import decision_changes

    changes.extend(Change(None, "changed", t) for t in decision_changes(old_decisions or {}, new_decisions or {}))
    return changes
