"""The checks of one BPMN file a process owner could get wrong, each located (file, line, element).

:func:`check_process` checks one process: lanes naming roles, forms that exist and are valid
JSON Schemas, expressions that compile in the restricted environment, instructions that are
valid templates, DI for every shape; :mod:`engine.foreign_checks` adds what diagrams from
other tools get wrong. :mod:`engine.definitions` runs them and SpiffWorkflow's own parse.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Callable

import jsonschema
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from . import scripting
from .errors import Problem, ScriptCompileError
from .forms import static_schema
from .form_dates import date_rule_problems
from .foreign_checks import PERSON_NEEDED, dialect_problem, service_task_problem, unknown_calls
from .lane_checks import RoleBook, check_lanes, lanes_by_node
from .roles import Role
from .visibility import rule_problems

__all__ = [
    "FORM_SCHEMA_PROPERTY",
    "FORM_UI_PROPERTY",
    "NS",
    "FORM_FILE_NAME",
    "Checker",
    "FormLookup",
    "check_process",
    "lanes_by_node",
    "local_name",
]

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
FORM_SCHEMA_PROPERTY = "formJsonSchemaFilename"
FORM_UI_PROPERTY = "formUiSchemaFilename"

_FLOW_NODE_TAGS = {
    "task", "userTask", "manualTask", "scriptTask", "serviceTask", "sendTask", "receiveTask",
    "businessRuleTask", "callActivity", "subProcess", "transaction", "adHocSubProcess",
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
}
_PERSON_TASKS = {"userTask": "user task", "manualTask": "manual task", "task": "task"}
_SCRIPT_PATHS = {  # xpath (relative to the process) -> what it is, for messages
    ".//bpmn:scriptTask/bpmn:script": "script",
    ".//spiffworkflow:preScript": "pre-script",
    ".//spiffworkflow:postScript": "post-script",
}
_EXPRESSION_PATHS = {
    ".//bpmn:conditionExpression": "condition",
    ".//bpmn:conditionalEventDefinition/bpmn:condition": "event condition",
    ".//bpmn:timeDuration": "timer duration",
    ".//bpmn:timeDate": "timer date",
    ".//bpmn:timeCycle": "timer cycle",
    ".//spiffworkflow:messagePayload": "message payload",
    ".//spiffworkflow:processVariableCorrelation/spiffworkflow:expression": "message correlation",
    ".//bpmn:loopCardinality": "loop cardinality",
    ".//bpmn:completionCondition": "completion condition",
}
_jinja = SandboxedEnvironment()

# A form file's name, wherever forms come from (folders, uploads, the modeller): this project's
# <name>.schema.json and SpiffArena's form1.json / form1_ui.json alike; never a path.
FORM_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-. ]{0,120}\.json$")


# A form lookup takes a form file name and returns (display path, text), or None if missing.
FormLookup = Callable[[str], "tuple[str, str] | None"]


def local_name(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class Checker:
    """Collects the problems of one file."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, message: str, element=None, line: int | None = None, element_id: str | None = None) -> None:
        if element is not None:
            line = line or element.sourceline
            element_id = element_id or _owning_id(element)
        problem = Problem(self.source.path, line, element_id, message)
        if problem not in self.problems:
            self.problems.append(problem)


def _owning_id(element) -> str | None:
    node = element
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None




def check_process(check: Checker, process, lanes: dict, di_ids: set, forms: FormLookup,
                  councils: RoleBook | None = None) -> dict[str, str]:
    """``councils``: each council drawing from the file's folder, with its roles (the roles its
    lanes may name; engine/lane_checks.py)."""
    used_forms: dict[str, str] = {}
    check_lanes(check, process, councils)
    for element in process.iter():
        # Only BPMN's own elements: another tool's extension (Camunda 8's <zeebe:userTask/>) is not a task.
        if not isinstance(element.tag, str) or etree.QName(element).namespace != NS["bpmn"]:
            continue
        _check_element(check, element, lanes, di_ids, forms, used_forms)
    for path, what in _SCRIPT_PATHS.items():
        for node in process.iterfind(path, NS):
            _check_code(check, node, what, scripting.check_script)
    for path, what in _EXPRESSION_PATHS.items():
        for node in process.iterfind(path, NS):
            _check_code(check, node, what, scripting.check_expression)
    for node in process.iterfind(".//spiffworkflow:instructionsForEndUser", NS):
        try:
            _jinja.parse(node.text or "")
        except TemplateSyntaxError as exc:
            check.add(f"the instructions are not a valid template: {exc.message} (line {exc.lineno} of the instructions)", node)
    return used_forms


def _check_element(check: Checker, element, lanes: dict, di_ids: set, forms: FormLookup, used_forms: dict) -> None:
    tag = local_name(element.tag)
    element_id = element.get("id")
    if tag in _FLOW_NODE_TAGS and element_id not in di_ids:
        check.add(f"the {tag} has no shape in the diagram (no DI), so a modeller cannot show it; open and save the file in a BPMN modeller", element)
    if tag == "sequenceFlow" and element_id not in di_ids:
        check.add("the sequence flow has no edge in the diagram (no DI); draw it in a BPMN modeller", element)
    if tag == "serviceTask":
        check.add(service_task_problem(element), element)
    if tag in _PERSON_TASKS:
        # Manual and plain tasks wait for a person too: outside a role lane, anyone could complete them.
        what, roles = _PERSON_TASKS[tag], ", ".join(r.value for r in Role)
        # What the lane names is checked once, at the lane (engine/lane_checks.py).
        if not lanes.get(element_id):
            check.add(f"the {what} is in no lane; put it in the lane of the role that completes it ({roles})", element)
    if tag == "userTask":
        _check_user_task_forms(check, element, forms, used_forms)


def _check_code(check: Checker, node, what: str, compile_check) -> None:
    text = node.text or ""
    if not text.strip():
        if what == "condition":
            check.add("the condition is empty; write the question as an expression, e.g. total >= 5", node)
        elif what.startswith("timer"):
            check.add(f"the {what} is empty; e.g. \"PT48H\" (quoted) or working_days_deadline(decision_date, 2, region)", node)
        elif what == "script":
            check.add("the script task has no script", node)
        return
    dialect = dialect_problem(text, what)
    if dialect:
        check.add(dialect, node)
        return
    try:
        compile_check(text)
    except ScriptCompileError as exc:
        line = node.sourceline + (exc.line - 1 if exc.line else 0) if node.sourceline else None
        check.add(f"the {what} cannot run: {exc.message}", node, line=line)
        return
    for name in unknown_calls(text, "exec" if compile_check is scripting.check_script else "eval"):
        check.add(f"the {what} calls '{name}', which scripts here do not have (another tool's own function?); "
                  f"{PERSON_NEEDED} compute it in the script, or ask for it in a form", node)


def _check_user_task_forms(check: Checker, task, forms: FormLookup, used: dict[str, str]) -> None:
    props = {p.get("name"): p.get("value") for p in task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS)}
    schema_name = props.get(FORM_SCHEMA_PROPERTY)
    if not schema_name:
        check.add(f"the user task has no form: add the spiffworkflow property {FORM_SCHEMA_PROPERTY} naming a file in forms/", task)
        return
    for prop, kind in ((FORM_SCHEMA_PROPERTY, "schema"), (FORM_UI_PROPERTY, "ui")):
        name = props.get(prop)
        if not name:
            continue
        if name in used:
            continue
        found = forms(name)
        if found is None:
            check.add(f"the form file '{name}' ({prop}) does not exist in the forms folder", task)
            continue
        display, text = found
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            check.problems.append(Problem(display, exc.lineno, task.get("id"), f"the form is not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(data, dict):
            check.problems.append(Problem(display, 1, task.get("id"), "the form must be a JSON object"))
            continue
        if kind == "schema":
            schema_problem = _schema_problem(text)
            if schema_problem:
                check.problems.append(Problem(display, None, task.get("id"), schema_problem))
                continue
            if data.get("type", "object") != "object":
                check.problems.append(Problem(display, None, task.get("id"), 'a task form must describe an object: set "type": "object"'))
                continue
            bad = _confidential_problems(data) + _label_problems(data) + date_rule_problems(data)
            if bad:
                check.problems.extend(Problem(display, None, task.get("id"), message) for message in bad)
                continue
        used[name] = text


@functools.lru_cache(maxsize=2048)
def _schema_problem(text: str) -> str | None:
    """Checking a form against the JSON Schema meta-schema is slow: once per form text."""
    try:
        jsonschema.Draft202012Validator.check_schema(static_schema(json.loads(text)))
    except jsonschema.SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        return f"the form is not a valid JSON Schema at {where}: {exc.message}"
    return None


def _label_problems(schema: dict, prefix: str = "") -> list[str]:
    """Every field staff see needs a label (its ``title``)."""
    problems = []
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        where = f"{prefix}{key}"
        if not str(prop.get("title") or "").strip():
            problems.append(f"the form field '{where}' has no label: give it a \"title\" staff will read")
        items = prop.get("items")
        if isinstance(items, dict):
            problems.extend(_label_problems(items, prefix=f"{where}[]."))
    return problems


def _confidential_problems(schema: dict) -> list[str]:
    """Each declared need-to-know rule names known roles or agencies and a condition that runs."""
    problems = []
    roles = {r.value for r in Role}
    for name, prop in (schema.get("properties") or {}).items():
        rule = prop.get("x-confidential") if isinstance(prop, dict) else None
        if rule is None:
            continue
        found = rule_problems(name, rule, roles)
        problems.extend(f"field {p}" for p in found)
        if not found and rule.get("when"):
            try:
                scripting.check_expression(rule["when"])
            except ScriptCompileError as exc:
                problems.append(f"field '{name}': x-confidential 'when' cannot run: {exc.message}")
    return problems
