"""Process definitions: read, check and compile BPMN files and their forms.

A *source* is one BPMN file in a folder (``shared``, ``wales``, ``bridgend``...). Compiling it
checks everything a process owner could get wrong and reports every problem with file, line
and element id; what compiles cleanly becomes one :class:`CompiledProcess` per process id,
ready to be stored as an immutable definition version.

Checks, in order: safe XML; the BPMN 2.0 and spiffworkflow XSDs; SpiffWorkflow's own parse;
then ours: every user task has a lane naming a role and a form that exists and is a valid
JSON Schema; every expression compiles in the restricted environment; instructions are valid
templates; every flow node and sequence flow has DI; every call activity resolves.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import jsonschema
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity as CallActivityMixin
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from . import scripting
from .errors import DefinitionError, Problem, ScriptCompileError
from .actions import actions_in
from .document_checks import TemplateLookup, check_templates
from .roles import CALLER_NAMED, Role, caller_named_lane, role_for_lane
from .serialization import spec_to_dict
from .tenants import TenantConfig, default_folders
from .xmlsafe import UnsafeXml, parse_xml

__all__ = [
    "FORM_SCHEMA_PROPERTY",
    "FORM_UI_PROPERTY",
    "SourceFile",
    "CompiledProcess",
    "FormLookup",
    "ProcessLibrary",
    "compile_source",
    "process_ids_in",
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
    ".//bpmn:timeDuration": "timer duration",
    ".//bpmn:timeDate": "timer date",
    ".//bpmn:timeCycle": "timer cycle",
    ".//spiffworkflow:messagePayload": "message payload",
    ".//spiffworkflow:processVariableCorrelation/spiffworkflow:expression": "message correlation",
    ".//bpmn:loopCardinality": "loop cardinality",
    ".//bpmn:completionCondition": "completion condition",
}
_jinja = SandboxedEnvironment()


@dataclass(frozen=True)
class SourceFile:
    """A BPMN file to compile. ``path`` is how people know it (``processes/wales/ec.bpmn``)."""

    folder: str
    path: str
    content: bytes


# A form lookup takes a form file name and returns (display path, text), or None if missing.
FormLookup = Callable[[str], "tuple[str, str] | None"]


@dataclass
class CompiledProcess:
    key: str
    name: str
    folder: str
    file: str
    bpmn: bytes
    forms: dict[str, str]
    specs: dict
    calls: tuple[str, ...]
    message_starts: tuple[str, ...]
    roles: tuple[str, ...]
    checksum: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.bpmn)
        for name in sorted(self.forms):
            digest.update(b"\0" + name.encode() + b"\0" + self.forms[name].encode())
        self.checksum = digest.hexdigest()


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class _Checker:
    """Collects the problems of one file."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.problems: list[Problem] = []

    def add(self, message: str, element=None, line: int | None = None, element_id: str | None = None) -> None:
        if element is not None:
            line = line or element.sourceline
            element_id = element_id or _owning_id(element)
        self.problems.append(Problem(self.source.path, line, element_id, message))


def _owning_id(element) -> str | None:
    node = element
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def process_ids_in(content: bytes) -> list[str]:
    """The process ids a BPMN file defines (cheap; no validation)."""
    try:
        tree = parse_xml(content)
    except UnsafeXml:
        return []
    return [p.get("id") for p in tree.getroot().iterfind("bpmn:process", NS) if p.get("id")]


def compile_source(
    source: SourceFile,
    *,
    forms: FormLookup,
    resolves: Callable[[str], bool] | None = None,
    documents: TemplateLookup | None = None,
) -> tuple[list[CompiledProcess], list[Problem]]:
    """Check one BPMN file; return its compiled processes, or the problems that stop it.
    ``documents`` finds the letter templates tasks name (no template check without it)."""
    check = _Checker(source)
    try:
        tree = parse_xml(source.content)
    except UnsafeXml as exc:
        check.add(str(exc), line=exc.line)
        return [], check.problems

    root = tree.getroot()
    if _local(root.tag) != "definitions" or etree.QName(root).namespace != NS["bpmn"]:
        check.add("this is not a BPMN 2.0 file: the root element must be bpmn:definitions", root)
        return [], check.problems

    VALIDATOR.preprocess(root)
    if not VALIDATOR.validator.validate(tree):
        for error in VALIDATOR.validator.error_log:
            check.add(f"does not match the BPMN schema: {error.message}", line=error.line)
        return [], check.problems

    processes = root.findall("bpmn:process", NS)
    if not processes:
        check.add("the file defines no process", root)
        return [], check.problems

    parser = SpiffBpmnParser(validator=None)
    try:
        parser.add_bpmn_xml(tree, filename=source.path)
    except (ValidationException, SpiffWorkflowException) as exc:
        _add_spiff_problem(check, root, exc)
        return [], check.problems

    lanes = _lanes_by_node(root)
    di_ids = {el.get("bpmnElement") for el in root.iterfind(".//bpmndi:BPMNShape", NS)}
    di_ids |= {el.get("bpmnElement") for el in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    messages = {m.get("id"): m.get("name") for m in root.iterfind("bpmn:message", NS)}

    compiled: list[CompiledProcess] = []
    for process in processes:
        key = process.get("id")
        before = len(check.problems)
        used_forms = _check_process(check, process, lanes, di_ids, forms)
        if documents is not None:
            check.problems.extend(check_templates(process, used_forms, documents, source.path))
        calls = tuple(sorted({c.get("calledElement") for c in process.iterfind(".//bpmn:callActivity", NS) if c.get("calledElement")}))
        for call in process.iterfind(".//bpmn:callActivity", NS):
            if call.get("calledElement") == key:
                check.add(f"the call activity calls its own process '{key}': a case would start it again and again "
                          "without end; call another process, or loop back with a sequence flow", call)
        if resolves is not None:
            for call in process.iterfind(".//bpmn:callActivity", NS):
                called = call.get("calledElement")
                if not called:
                    check.add("the call activity names no process to call: set its called element", call)
                elif not resolves(called):
                    check.add(f"the call activity calls process '{called}', which no folder of this council defines", call)
        if len(check.problems) > before:
            continue
        try:
            spec = parser.get_spec(key)
            embedded = _embedded_specs(parser, spec)
        except (ValidationException, SpiffWorkflowException) as exc:
            _add_spiff_problem(check, root, exc)
            continue
        starts = tuple(
            messages.get(m.get("messageRef")) or ""
            for m in process.iterfind("bpmn:startEvent/bpmn:messageEventDefinition", NS)
        )
        roles = tuple(sorted({r for r in (role_for_lane(lanes.get(t.get("id"))) for t in process.iterfind(".//bpmn:userTask", NS)) if r}))
        compiled.append(
            CompiledProcess(
                key=key,
                name=_process_name(root, process),
                folder=source.folder,
                file=source.path,
                bpmn=source.content,
                forms=used_forms,
                specs={"spec": spec_to_dict(spec), "embedded": {n: spec_to_dict(s) for n, s in embedded.items()},
                       "actions": [a.as_dict() for a in actions_in(process, lanes, messages)]},
                calls=calls,
                message_starts=tuple(s for s in starts if s),
                roles=tuple(str(r) for r in roles),
            )
        )
    if check.problems:
        return [], check.problems
    return compiled, []


def _add_spiff_problem(check: _Checker, root, exc: Exception) -> None:
    element_id = getattr(exc, "id", None) or None
    line = getattr(exc, "line_number", None) or None
    if element_id and not line:
        found = root.xpath("//*[@id=$id]", id=element_id)
        line = found[0].sourceline if found else None
    message = str(exc).split("\n")[0]
    check.problems.append(Problem(check.source.path, line if isinstance(line, int) else None, element_id, message))


def _embedded_specs(parser: SpiffBpmnParser, spec) -> dict:
    """Embedded sub-process specs belong to the definition; call activities do not."""
    found: dict = {}
    pending = [spec]
    while pending:
        current = pending.pop()
        for task_spec in current.task_specs.values():
            if isinstance(task_spec, SubWorkflowTask) and not isinstance(task_spec, CallActivityMixin):
                if task_spec.spec not in found:
                    sub = parser.get_spec(task_spec.spec)
                    found[task_spec.spec] = sub
                    pending.append(sub)
    return found


def _process_name(root, process) -> str:
    if process.get("name"):
        return process.get("name")
    for participant in root.iterfind(".//bpmn:participant", NS):
        if participant.get("processRef") == process.get("id") and participant.get("name"):
            return participant.get("name")
    return process.get("id")


def _lanes_by_node(root) -> dict[str, str]:
    """Each flow node's lane. A node inside a sub-process is in the sub-process's lane, as
    SpiffWorkflow runs it (lanes list a process's own nodes only)."""
    lanes: dict[str, str] = {}
    for ref in root.iterfind(".//bpmn:lane/bpmn:flowNodeRef", NS):
        if ref.text:
            lanes[ref.text.strip()] = ref.getparent().get("name") or ref.getparent().get("id")
    for sub in root.iterfind(".//bpmn:subProcess", NS):
        lane = lanes.get(sub.get("id"))
        if lane is None:
            continue
        for inner in sub.iter():
            if isinstance(inner.tag, str) and inner.get("id") and inner.get("id") not in lanes:
                lanes[inner.get("id")] = lane
    return lanes


def _check_process(check: _Checker, process, lanes: dict, di_ids: set, forms: FormLookup) -> dict[str, str]:
    used_forms: dict[str, str] = {}
    roles = ", ".join(r.value for r in Role)
    for element in process.iter():
        tag = _local(element.tag)
        element_id = element.get("id")
        if tag in _FLOW_NODE_TAGS and element_id not in di_ids:
            check.add(f"the {tag} has no shape in the diagram (no DI), so a modeller cannot show it; open and save the file in a BPMN modeller", element)
        if tag == "sequenceFlow" and element_id not in di_ids:
            check.add("the sequence flow has no edge in the diagram (no DI); draw it in a BPMN modeller", element)
        if tag in _PERSON_TASKS:
            # Manual and plain tasks wait for a person too: outside a role lane, anyone could complete them.
            what = _PERSON_TASKS[tag]
            lane = lanes.get(element_id)
            if not lane:
                check.add(f"the {what} is in no lane; put it in the lane of the role that completes it ({roles})", element)
            elif role_for_lane(lane) is None and not caller_named_lane(lane):
                check.add(f"the {what}'s lane '{lane}' is not a role; name the lane after one of: {roles} "
                          f"(or, in a shared sub-process, 'Label {CALLER_NAMED}' for a role each caller names in "
                          "lane_roles)", element)
        if tag == "userTask":
            _check_user_task_forms(check, element, forms, used_forms)
        if tag == "eventBasedGateway":
            check.add("event-based gateways are not supported: wait for the message or timer on parallel branches, "
                      "or with boundary events on a task", element)
    starts = process.findall("bpmn:startEvent", NS)
    by_message = [s for s in starts if s.find("bpmn:messageEventDefinition", NS) is not None]
    if by_message and len(starts) > len(by_message):
        check.add("the process has a plain start event and a message start event; SpiffWorkflow always takes the plain "
                  "one, so the message could never start it. Start it by message from a small wrapper process, or "
                  "remove one start event", by_message[0])
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


def _check_code(check: _Checker, node, what: str, compile_check) -> None:
    text = node.text or ""
    if not text.strip():
        if what == "condition":
            check.add("the condition is empty; write the question as an expression, e.g. total >= 5", node)
        elif what.startswith("timer"):
            check.add(f"the {what} is empty; e.g. \"PT48H\" (quoted) or working_days_deadline(decision_date, 2, region)", node)
        elif what == "script":
            check.add("the script task has no script", node)
        return
    try:
        compile_check(text)
    except ScriptCompileError as exc:
        line = node.sourceline + (exc.line - 1 if exc.line else 0) if node.sourceline else None
        check.add(f"the {what} cannot run: {exc.message}", node, line=line)


def _check_user_task_forms(check: _Checker, task, forms: FormLookup, used: dict[str, str]) -> None:
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
            bad = _confidential_problems(data) + _label_problems(data)
            if bad:
                check.problems.extend(Problem(display, None, task.get("id"), message) for message in bad)
                continue
        used[name] = text


@functools.lru_cache(maxsize=2048)
def _schema_problem(text: str) -> str | None:
    """Checking a form against the JSON Schema meta-schema is slow: once per form text."""
    try:
        jsonschema.Draft202012Validator.check_schema(json.loads(text))
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
    problems = []
    roles = {r.value for r in Role}
    for name, prop in (schema.get("properties") or {}).items():
        rule = prop.get("x-confidential") if isinstance(prop, dict) else None
        if rule is None:
            continue
        if not isinstance(rule, dict) or not isinstance(rule.get("hidden_from"), list) or not rule["hidden_from"]:
            problems.append(f"field '{name}': x-confidential needs \"hidden_from\": a list of roles")
            continue
        unknown = [r for r in rule["hidden_from"] if r not in roles]
        if unknown:
            problems.append(f"field '{name}': x-confidential hides from unknown role(s) {', '.join(unknown)}")
        if rule.get("when"):
            try:
                scripting.check_expression(rule["when"])
            except ScriptCompileError as exc:
                problems.append(f"field '{name}': x-confidential 'when' cannot run: {exc.message}")
    return problems


# --------------------------------------------------------------------------- folders on disk


class ProcessLibrary:
    """The ``processes/`` and ``forms/`` folders: sources by folder, forms by folder.

    A form is looked up in ``forms/<folder>/`` first, then ``forms/shared/``.
    """

    TENANTS_FILE = "tenants.toml"

    def __init__(self, processes_root: Path, forms_root: Path | None = None, documents_root: Path | None = None):
        self.processes_root = Path(processes_root)
        self.forms_root = Path(forms_root) if forms_root else self.processes_root.parent / "forms"
        self.documents_root = Path(documents_root) if documents_root else self.processes_root.parent / "documents"

    def folders(self) -> list[str]:
        return sorted(p.name for p in self.processes_root.iterdir() if p.is_dir() and not p.name.startswith("."))

    def sources(self, folder: str) -> list[SourceFile]:
        directory = self.processes_root / folder
        if not directory.is_dir():
            return []
        return [self._source(folder, path) for path in sorted(directory.glob("*.bpmn"))]

    def _source(self, folder: str, path: Path) -> SourceFile:
        return SourceFile(folder=folder, path=self._display(path), content=path.read_bytes())

    def _display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.processes_root.parent))
        except ValueError:
            return str(path)

    def form_lookup(self, folder: str) -> FormLookup:
        def lookup(name: str):
            if "/" in name or "\\" in name or name.startswith("."):
                return None
            for candidate in (self.forms_root / folder / name, self.forms_root / "shared" / name):
                if candidate.is_file():
                    return self._display(candidate), candidate.read_text(encoding="utf-8")
            return None

        return lookup

    def template_lookup(self, folder: str, tenants: Iterable[TenantConfig] = ()) -> TemplateLookup:
        """Letter templates as each council using ``folder`` resolves them (``library_documents``)."""
        from .library_documents import template_lookup

        return template_lookup(self, folder, list(tenants))

    def keys_by_folder(self) -> dict[str, set[str]]:
        return {folder: {k for s in self.sources(folder) for k in process_ids_in(s.content)} for folder in self.folders()}

    def resolver(self, folder: str, tenants: Iterable[TenantConfig]) -> Callable[[str], bool]:
        """Does a called process id resolve, for every council that uses ``folder``?"""
        keys = self.keys_by_folder()
        orders = [t.folders for t in tenants if folder in t.folders] or [(folder, *default_folders(folder)[1:])]

        def resolves(key: str) -> bool:
            return all(any(key in keys.get(f, set()) for f in order) for order in orders)

        return resolves

    def compile_folder(self, folder: str, tenants: Iterable[TenantConfig] = ()) -> tuple[list[CompiledProcess], list[Problem]]:
        tenants = list(tenants)
        resolves = self.resolver(folder, tenants)
        compiled: list[CompiledProcess] = []
        problems: list[Problem] = []
        seen: dict[str, str] = {}
        for source in self.sources(folder):
            result, found = compile_source(source, forms=self.form_lookup(folder), resolves=resolves,
                                           documents=self.template_lookup(folder, tenants))
            problems.extend(found)
            for process in result:
                if process.key in seen:
                    problems.append(Problem(source.path, None, process.key, f"process id '{process.key}' is also defined in {seen[process.key]}; a folder defines each process once"))
                seen[process.key] = source.path
                compiled.append(process)
        return compiled, problems

    def compile_all(self, tenants: Iterable[TenantConfig] = ()) -> dict[str, list[CompiledProcess]]:
        """Compile every folder, or raise DefinitionError with every problem found."""
        tenants = list(tenants)
        result: dict[str, list[CompiledProcess]] = {}
        problems: list[Problem] = []
        for folder in self.folders():
            compiled, found = self.compile_folder(folder, tenants)
            result[folder] = compiled
            problems.extend(found)
        if problems:
            raise DefinitionError(problems)
        return result
