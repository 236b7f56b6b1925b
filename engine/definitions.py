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

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from lxml import etree
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from .errors import DefinitionError, Problem
from .engine_parse import embedded_specs, parse_every_problem
from .actions import actions_in
from .definition_checks import (FORM_SCHEMA_PROPERTY, FORM_UI_PROPERTY, NS, Checker, FormLookup, check_process,
                                lanes_by_node, local_name)
from .decisions import add_decisions, decisions_used
from .document_checks import TemplateLookup, check_templates
from .call_cycles import call_cycle_problems, council_call_cycles, file_call_cycles
from .foreign_checks import engine_message
from .lane_checks import RoleBook, role_book
from .roles import lane_role_slugs
from .serialization import spec_to_dict
from .tenants import TenantConfig, default_folders
from .xmlsafe import UnsafeXml, parse_xml

__all__ = [
    "FORM_SCHEMA_PROPERTY",
    "FORM_UI_PROPERTY",
    "NS",
    "SourceFile",
    "CompiledProcess",
    "FormLookup",
    "ProcessLibrary",
    "call_cycle_problems",
    "compile_source",
    "process_ids_in",
]


@dataclass(frozen=True)
class SourceFile:
    """A BPMN file to compile. ``path`` is how people know it (``processes/wales/ec.bpmn``)."""

    folder: str
    path: str
    content: bytes


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
        for name, text in sorted((self.specs.get("decisions") or {}).items()):
            digest.update(b"\0dmn\0" + name.encode() + b"\0" + text.encode())
        self.checksum = digest.hexdigest()


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
    decisions: Mapping[str, bytes] | None = None,
    councils: RoleBook | None = None,
) -> tuple[list[CompiledProcess], list[Problem]]:
    """Check one BPMN file; return its compiled processes, or every problem that stops it (ours and
    SpiffWorkflow's, in one pass). ``documents`` finds the letter templates tasks name (no template
    check without it); ``decisions`` are the .dmn files its business rule tasks may call, by name."""
    check = Checker(source)
    tree = _read_bpmn(check, source.content)
    if tree is None:
        return [], check.problems
    root = tree.getroot()
    processes = _processes_to_run(check, root)
    context = _FileContext(root)
    context.decision_files, decision_problems = add_decisions(SpiffBpmnParser(validator=None), decisions or {})
    context.decisions = dict(decisions or {})
    parser, engine_errors = parse_every_problem(tree, source.path, [p.get("id") for p in processes], context.decisions,
                                                parser_class=_LaneRoleParser)
    compiled: list[CompiledProcess] = []
    for process in processes:
        used_forms = _check_one(check, process, context, forms, resolves, documents, councils)
        built = _build(check, parser, root, process, context, used_forms) if parser is not None else None
        if built is not None:
            compiled.append(built)
    for exc in engine_errors:  # the engine's problems after ours, in the order it found them
        _add_spiff_problem(check, root, exc)
    for element, message in file_call_cycles(processes):
        check.add(message, element)
    check.problems.extend(p for p in decision_problems if p not in check.problems)
    if check.problems:
        return [], check.problems
    return compiled, []


def _read_bpmn(check: Checker, content: bytes):
    """The file as an lxml tree, if it is safe XML, BPMN 2.0 and valid against the schemas."""
    try:
        tree = parse_xml(content)
    except UnsafeXml as exc:
        check.add(str(exc), line=exc.line)
        return None
    root = tree.getroot()
    if local_name(root.tag) != "definitions" or etree.QName(root).namespace != NS["bpmn"]:
        check.add("this is not a BPMN 2.0 file: the root element must be bpmn:definitions", root)
        return None
    VALIDATOR.preprocess(root)
    if not VALIDATOR.validator.validate(tree):
        for error in VALIDATOR.validator.error_log:
            check.add(f"does not match the BPMN schema: {error.message}", line=error.line)
        return None
    return tree


def _processes_to_run(check: Checker, root) -> list:
    """The executable processes. A pool marked not executable beside them is documentation (the other
    party of a collaboration) and is left alone; a file with none executable has nothing to check
    but that (the engine's own parser says so, in our words: engine/foreign_checks.py)."""
    processes = root.findall("bpmn:process", NS)
    if not processes:
        check.add("the file defines no process", root)
    runnable = [p for p in processes if p.get("isExecutable", "true") == "true"]
    if processes and not runnable:
        for process in processes:
            check.add(f"the process '{process.get('id')}' is not executable (isExecutable=\"false\"), so nothing would "
                      "run: tick 'Executable' on the pool that should run (isExecutable=\"true\")", process)
    return runnable


class _LaneRoleParser(SpiffBpmnParser):
    """SpiffWorkflow's parser, giving each task the lane's roles (its ``role`` property, else its
    name: engine/roles.py) as the lane it runs in, so a lane's name is free for people to read."""

    def _add_diagram_indexes(self, bpmn):
        super()._add_diagram_indexes(bpmn)
        self.document_lanes[self._document_key(bpmn)] = lanes_by_node(bpmn.getroot() if hasattr(bpmn, "getroot") else bpmn)


class _FileContext:
    """What every process of a file reads: lanes, DI, message names."""

    def __init__(self, root):
        self.lanes = lanes_by_node(root)
        self.di_ids = {el.get("bpmnElement") for el in root.iterfind(".//bpmndi:BPMNShape", NS)}
        self.di_ids |= {el.get("bpmnElement") for el in root.iterfind(".//bpmndi:BPMNEdge", NS)}
        self.messages = {m.get("id"): m.get("name") for m in root.iterfind("bpmn:message", NS)}
        self.decision_files: dict[str, str] = {}  # decision id -> .dmn file name
        self.decisions: dict[str, bytes] = {}  # .dmn file name -> content


def _check_one(check: Checker, process, context: _FileContext, forms: FormLookup, resolves, documents,
               councils: RoleBook | None) -> dict[str, str]:
    used_forms = check_process(check, process, context.lanes, context.di_ids, forms, councils)
    if documents is not None:
        check.problems.extend(check_templates(process, used_forms, documents, check.source.path))
    for call in process.iterfind(".//bpmn:callActivity", NS):
        called = call.get("calledElement")
        if not called:
            check.add("the call activity names no process to call: set its called element", call)
        elif resolves is not None and not resolves(called):
            check.add(f"the call activity calls process '{called}', which no folder of this council defines", call)
    return used_forms


def _build(check: Checker, parser: SpiffBpmnParser, root, process, context: _FileContext, used_forms: dict) -> CompiledProcess | None:
    """SpiffWorkflow's spec of one process, run even when our checks found problems, so the file's
    problems come all at once."""
    key = process.get("id")
    spec = parser.get_spec(key)  # read whole, event sub-processes made ready, by parse_every_problem
    embedded = embedded_specs(parser, spec)
    if check.problems:
        return None
    lanes, messages = context.lanes, context.messages
    starts = tuple(messages.get(m.get("messageRef")) or "" for m in process.iterfind("bpmn:startEvent/bpmn:messageEventDefinition", NS))
    # The roles of every step a person does (user, manual and plain tasks all need a role lane).
    people = [t for tag in ("userTask", "manualTask", "task") for t in process.iterfind(f".//bpmn:{tag}", NS)]
    roles = tuple(sorted({r for t in people for r in lane_role_slugs(lanes.get(t.get("id")))}))
    return CompiledProcess(
        key=key,
        name=_process_name(root, process),
        folder=check.source.folder,
        file=check.source.path,
        bpmn=check.source.content,
        forms=used_forms,
        specs={"spec": spec_to_dict(spec), "embedded": {n: spec_to_dict(s) for n, s in embedded.items()},
               "actions": [a.as_dict() for a in actions_in(process, lanes, messages)],
               **_decision_files(process, context)},
        calls=tuple(sorted({c.get("calledElement") for c in process.iterfind(".//bpmn:callActivity", NS) if c.get("calledElement")})),
        message_starts=tuple(s for s in starts if s),
        roles=tuple(str(r) for r in roles),
    )


def _decision_files(process, context: _FileContext) -> dict:
    """The .dmn files the process's business rule tasks call, kept with its version."""
    names = sorted({context.decision_files[d] for d in decisions_used(process) if d in context.decision_files})
    return {"decisions": {n: context.decisions[n].decode("utf-8") for n in names}} if names else {}


def _add_spiff_problem(check: Checker, root, exc: Exception) -> None:
    message = engine_message(str(exc))
    if message is None:
        return
    element_id = getattr(exc, "id", None) or None
    line = getattr(exc, "line_number", None) or None
    if element_id and not line:
        found = root.xpath("//*[@id=$id]", id=element_id)
        line = found[0].sourceline if found else None
    named = re.search(r"with name (.+?) has", " ".join(str(exc).split()))
    if not line and named:  # SpiffWorkflow names some elements only by their name (data stores)
        found = [el for el in root.iter() if isinstance(el.tag, str) and " ".join((el.get("name") or "").split()) == named.group(1)]
        line, element_id = (found[0].sourceline, found[0].get("id")) if found else (None, element_id)
    check.add(message, line=line if isinstance(line, int) else None, element_id=element_id)


def _process_name(root, process) -> str:
    if process.get("name"):
        return process.get("name")
    for participant in root.iterfind(".//bpmn:participant", NS):
        if participant.get("processRef") == process.get("id") and participant.get("name"):
            return participant.get("name")
    return process.get("id")


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

    def decisions(self, folder: str) -> dict[str, bytes]:
        """The folder's DMN decision tables, by file name."""
        directory = self.processes_root / folder
        return {path.name: path.read_bytes() for path in sorted(directory.glob("*.dmn"))} if directory.is_dir() else {}

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
                                           decisions=self.decisions(folder), councils=role_book(folder, tenants),
                                           documents=self.template_lookup(folder, tenants))
            problems.extend(found)
            for process in result:
                if process.key in seen:
                    problems.append(Problem(source.path, None, process.key, f"process id '{process.key}' is also defined in {seen[process.key]}; a folder defines each process once"))
                seen[process.key] = source.path
                compiled.append(process)
        problems.extend(call_cycle_problems(compiled))
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
        problems.extend(p for p in council_call_cycles(result, [t.folders for t in tenants]) if p not in problems)
        if problems:
            raise DefinitionError(problems)
        return result
