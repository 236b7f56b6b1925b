"""``concerns validate`` for letter templates: every placeholder a template uses must be data a
case at that step may hold (a field of the forms, a value the scripts set, a message received, in
the procedure, the procedures it calls, and those that call it and what they call) or part of the
document context, else the problem names the template file, the line (paragraph) and the task.

Which data a step *has* depends on the path a case took; the check asks the weaker, decidable
question of whether the case's procedures record that name anywhere, which catches misspelt and
invented placeholders. A value not recorded yet when a letter is generated renders empty and is
listed for staff (see :mod:`engine.documents`).
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass, field
from typing import Callable, Mapping

from lxml import etree

from .documents import CONTEXT, TEMPLATE_PROPERTY, Placeholder, TemplateUnreadable, placeholders, template_names
from .errors import Problem

__all__ = ["TemplateLookup", "ALWAYS_AVAILABLE", "names_in_process", "template_property", "check_templates"]

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
# Every case starts with these (api.cases.service) and a shared step may be given lane_roles.
ALWAYS_AVAILABLE = frozenset({"provider_id", "provider_name", "lane_roles"})
_CARRIERS = ("userTask", "callActivity", "subProcess")
_SCRIPTS = (".//bpmn:script", ".//spiffworkflow:preScript", ".//spiffworkflow:postScript")


def _no_called_names(key: str) -> set[str]:
    return set()


@dataclass(frozen=True)
class TemplateLookup:
    """Where the checks find templates: ``variants(name)`` gives each council's copy as
    ``(display path, content)``, or raises LookupError saying where it was looked for;
    ``called_names(key)`` the data a case running process ``key`` may hold besides the process's
    own: what its callers and the procedures they call record."""

    variants: Callable[[str], list[tuple[str, bytes]]]
    called_names: Callable[[str], set[str]] = field(default=_no_called_names)


def template_property(element) -> str | None:
    for prop in element.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
        if prop.get("name") == TEMPLATE_PROPERTY:
            return prop.get("value")
    return None


def _assigned(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()  # the definitions check reports scripts that do not compile
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def names_in_process(process, forms: Mapping[str, str]) -> set[str]:
    """Data names the process records: its forms' fields, what its scripts set, the messages it
    receives and its multi-instance outputs."""
    names = set(ALWAYS_AVAILABLE)
    for text in forms.values():
        try:
            schema = json.loads(text)
        except (TypeError, ValueError):
            continue
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            names.update(schema["properties"])
    for path in _SCRIPTS:
        for node in process.iterfind(path, NS):
            names |= _assigned(node.text or "")
    for node in process.iterfind(".//spiffworkflow:messageVariable", NS):
        names.add((node.text or "").strip())
    for node in process.iterfind(".//bpmn:multiInstanceLoopCharacteristics/*", NS):
        local = etree.QName(node).localname
        if local in ("loopDataOutputRef", "loopDataInputRef"):
            names.add((node.text or "").strip())
        elif local in ("outputDataItem", "inputDataItem") and node.get("name"):
            names.add(node.get("name"))
    return {n for n in names if n}


def check_templates(process, forms: Mapping[str, str], lookup: TemplateLookup, source_path: str) -> list[Problem]:
    """Problems with the templates the process's tasks and call activities name."""
    problems: list[Problem] = []
    recorded = names_in_process(process, forms)
    for element in process.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname not in _CARRIERS:
            continue
        value = template_property(element)
        if value is None:
            continue
        where = (source_path, element.sourceline, element.get("id"))
        try:
            names = template_names(value)
        except ValueError as exc:
            problems.append(Problem(*where, f"the {TEMPLATE_PROPERTY} property: {exc}"))
            continue
        if not names:
            problems.append(Problem(*where, f"the {TEMPLATE_PROPERTY} property names no template: give a .docx file "
                                            "name from documents/, or remove the property"))
        available = recorded | lookup.called_names(process.get("id"))
        for name in names:
            try:
                variants = lookup.variants(name)
            except LookupError as exc:
                problems.append(Problem(*where, str(exc)))
                continue
            for display, content in variants:
                problems.extend(_check_one(display, content, available, element.get("id")))
    return problems


def _check_one(display: str, content: bytes, available: set[str], element_id: str | None) -> list[Problem]:
    try:
        found = placeholders(content)
    except TemplateUnreadable as exc:
        return [Problem(display, exc.line, element_id, exc.message)]
    problems, seen = [], set()
    for placeholder in found:
        message = _unknown(placeholder, available)
        if message and (placeholder.line, placeholder.name, placeholder.attribute) not in seen:
            seen.add((placeholder.line, placeholder.name, placeholder.attribute))
            problems.append(Problem(display, placeholder.line, element_id, message))
    return problems


def _unknown(placeholder: Placeholder, available: set[str]) -> str | None:
    part = "" if placeholder.part == "body" else f" of the {placeholder.part}"
    quoted = f" in “{placeholder.text}”" if placeholder.text else ""
    if placeholder.name in CONTEXT:
        allowed = CONTEXT[placeholder.name]
        if placeholder.attribute and allowed and placeholder.attribute not in allowed:
            return (f"the placeholder '{placeholder.name}.{placeholder.attribute}' (paragraph {placeholder.line}{part}{quoted}) "
                    f"is unknown: {placeholder.name} has {', '.join(sorted(allowed))}")
        return None
    if placeholder.name in available:
        return None
    close = difflib.get_close_matches(placeholder.name, sorted(available | set(CONTEXT)), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (f"the placeholder '{placeholder.name}' (paragraph {placeholder.line}{part}{quoted}) is not data this "
            f"procedure records nor part of the document context ({', '.join(sorted(CONTEXT))}).{hint}")
