"""Drafts: open, save, check, compare and deploy a council's edit of one process.

Every function takes the caller's council; a draft of another council is "not found", never
"forbidden", so nobody learns that it exists. Functions that change state commit once.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.compare import Change, compare_versions
from engine.definition_checks import FORM_FILE_NAME
from engine.definitions import NS, ProcessLibrary, SourceFile, compile_source
from engine.errors import Problem
from engine.helpers import CaseFacts
from engine.importing import mechanical_fixes
from engine.roles import Role
from engine.sandbox import TryResult, try_code
from engine.xmlsafe import MAX_XML_BYTES, UnsafeXml, parse_xml

from ..actors import Actor
from ..audit.service import record
from ..db import utcnow
from ..definitions.models import DefinitionOrigin, ProcessDefinition
from ..definitions.service import latest_for_tenant, resolve, store_version
from ..definitions.variants import own_folder
from ..errors import Conflict, Invalid, NotFound
from ..tenants.models import Tenant
from .decision_tables import checked_tables, draft_tables, tables_of
from .models import ProcessDraft

__all__ = [
    "CheckResult", "open_draft", "draft_from_upload", "get_draft", "list_drafts", "save_draft", "add_form",
    "check_draft", "deploy_draft", "discard_draft", "compare", "definition_for", "try_in_sandbox", "version_zip",
    "read_upload", "MAX_FORM_CHARS", "MAX_UPLOAD_BYTES",
]

MAX_FORM_CHARS = 1_000_000
MAX_UPLOAD_BYTES = MAX_XML_BYTES
_FORM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,100}$")


@dataclass
class CheckResult:
    problems: list[Problem]
    # What `concerns explore` found walking a few paths of the procedures that run the draft.
    defects: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- reading

def get_draft(session: Session, *, tenant: Tenant, draft_id: int) -> ProcessDraft:
    draft = session.get(ProcessDraft, draft_id)
    if draft is None or draft.tenant_id != tenant.id:
        raise NotFound(f"draft {draft_id} was not found")
    return draft


def list_drafts(session: Session, *, tenant: Tenant, key: str | None = None) -> list[ProcessDraft]:
    """The council's open (not yet deployed) drafts, newest first."""
    query = select(ProcessDraft).where(ProcessDraft.tenant_id == tenant.id, ProcessDraft.deployed_as_id.is_(None))
    if key:
        query = query.where(ProcessDraft.key == key)
    return list(session.scalars(query.order_by(ProcessDraft.updated_at.desc(), ProcessDraft.id.desc())))


def definition_for(session: Session, *, tenant: Tenant, definition_id: int) -> ProcessDefinition:
    """A version the council can see: one in its own folders."""
    definition = session.get(ProcessDefinition, definition_id)
    if definition is None or definition.folder not in tenant.folders or definition.dropped:
        raise NotFound(f"version {definition_id} was not found among this council's procedures")
    return definition


# --------------------------------------------------------------------------- input checks

def _xml_problem(message: str, line: int | None = None, file: str = "(diagram)") -> Invalid:
    return Invalid(f"the diagram was not saved: {message}", errors=[Problem(file, line, None, message).as_dict()])


def _checked_bpmn(text: str, key: str, file: str = "(diagram)") -> str:
    if not isinstance(text, str) or not text.strip():
        raise _xml_problem("the diagram is empty", file=file)
    if len(text.encode("utf-8")) > MAX_XML_BYTES:
        raise _xml_problem(f"the diagram is larger than {MAX_XML_BYTES // (1024 * 1024)} MB", file=file)
    try:
        root = parse_xml(text.encode("utf-8")).getroot()
    except UnsafeXml as exc:
        raise _xml_problem(str(exc), exc.line, file=file) from None
    if etree.QName(root).localname != "definitions" or etree.QName(root).namespace != NS["bpmn"]:
        raise _xml_problem("this is not a BPMN 2.0 diagram: its root element must be bpmn:definitions", root.sourceline, file)
    ids = [p.get("id") for p in root.iterfind("bpmn:process", NS)]
    if key not in ids:
        found = ", ".join(f"'{i}'" for i in ids) or "none"
        raise _xml_problem(f"the diagram must define the process '{key}' (it defines {found}); the process id is how "
                           "cases and call activities find a procedure, so it cannot change", root.sourceline, file)
    return text


def _checked_forms(forms: dict) -> dict[str, str]:
    if not isinstance(forms, dict):
        raise Invalid("forms must be an object of file name to JSON text")
    problems = []
    for name, text in forms.items():
        if not isinstance(name, str) or not FORM_FILE_NAME.match(name):
            # The rule the REST deploy applies too, so a procedure deployed with SpiffArena's form1.json stays editable.
            problems.append(Problem(str(name), None, None, "a form file is named '<name>.json' (e.g. '<name>.schema.json', "
                                    "or SpiffArena's 'form1.json'), with letters, digits, spaces, '-', '_' and '.'"))
            continue
        if not isinstance(text, str) or len(text) > MAX_FORM_CHARS:
            problems.append(Problem(name, None, None, f"the form must be JSON text of at most {MAX_FORM_CHARS:,} characters"))
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, exc.lineno, None, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, 1, None, "the form must be a JSON object ({...})"))
    if problems:
        raise Invalid("the forms were not saved", errors=[p.as_dict() for p in problems])
    return dict(forms)


# --------------------------------------------------------------------------- changing

def _new_draft(session: Session, *, tenant: Tenant, actor: Actor, base: ProcessDefinition, bpmn: str, forms: dict,
               how: str, decisions: dict | None = None) -> ProcessDraft:
    draft = ProcessDraft(tenant_id=tenant.id, key=base.key, name=base.name, bpmn=bpmn, forms=dict(forms),
                         decisions={**tables_of(base), **(decisions or {})}, based_on_id=base.id, author_id=actor.user_id)
    session.add(draft)
    session.flush()
    record(session, actor=actor, action="draft_saved", tenant_id=tenant.id, element_id=base.key,
           detail=f"{base.key}: draft {draft.id} {how} {base.folder} version {base.version}",
           after={"draft": draft.id, "key": base.key, "based_on": {"folder": base.folder, "version": base.version}})
    session.commit()
    return draft


def open_draft(session: Session, *, tenant: Tenant, actor: Actor, key: str, definition_id: int | None = None) -> ProcessDraft:
    """Start a draft from the version the council runs (or from one of its versions). Commits."""
    base = definition_for(session, tenant=tenant, definition_id=definition_id) if definition_id else resolve(session, tenant=tenant, key=key)
    if base.key != key:
        raise NotFound(f"version {definition_id} is not a version of '{key}'")
    return _new_draft(session, tenant=tenant, actor=actor, base=base, bpmn=base.bpmn, forms=base.forms, how="opened from")


def read_upload(filename: str, content: bytes) -> tuple[str, dict[str, str]]:
    """The diagram and other files (forms, .dmn tables) in an uploaded .bpmn, or a .zip as the download makes it."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise _xml_problem(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; nothing was saved", file=filename)
    lower = filename.lower()
    if lower.endswith(".bpmn") or lower.endswith(".xml"):
        try:
            return content.decode("utf-8"), {}
        except UnicodeDecodeError:
            raise _xml_problem("the file is not UTF-8 text; save it from the modeller as BPMN 2.0 XML", file=filename) from None
    if lower.endswith(".zip"):
        return _read_zip(filename, content)
    raise _xml_problem("upload a .bpmn diagram (from Camunda Modeler or bpmn.io) or a .zip downloaded from here", file=filename)


def _read_zip(filename: str, content: bytes) -> tuple[str, dict[str, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = [i for i in archive.infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        raise _xml_problem("the .zip file is damaged or not a zip", file=filename) from None
    if len(entries) > 200 or sum(i.file_size for i in entries) > 4 * MAX_UPLOAD_BYTES:
        raise _xml_problem("the .zip holds too many or too large files (at most 200 files, 20 MB unpacked)", file=filename)
    diagrams = [i for i in entries if i.filename.lower().endswith(".bpmn")]
    if len(diagrams) != 1:
        raise _xml_problem(f"the .zip must hold exactly one .bpmn diagram (it holds {len(diagrams)})", file=filename)
    forms = {}
    try:
        bpmn = _read_entry(archive, diagrams[0]).decode("utf-8")
        for info in entries:
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith(".json") or base.endswith(".dmn"):  # forms, and decision tables (split off by the caller)
                forms[base] = _read_entry(archive, info).decode("utf-8")
    except UnicodeDecodeError:
        raise _xml_problem("a file in the .zip is not UTF-8 text", file=filename) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, ValueError, EOFError, OSError,
            zlib.error) as exc:
        # Forged sizes, encrypted entries, unknown compression: the zip is refused, never a 500.
        raise _xml_problem(f"a file in the .zip cannot be read ({exc}); download the version again and upload that "
                           "zip as it is", file=filename) from None
    return bpmn, forms


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, read no further than the unpacked limit whatever its header claims."""
    with archive.open(info) as stream:
        data = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"'{info.filename}' unpacks to more than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    return data


def draft_from_upload(session: Session, *, tenant: Tenant, actor: Actor, key: str, filename: str, content: bytes,
                      fix: bool = False, lane_role: Role | None = None) -> ProcessDraft:
    """A draft holding an uploaded diagram (and forms, .dmn tables). Those not uploaded come from the version
    the council runs. With ``fix``, the fixes a machine can make to a diagram from another tool are
    made first (``engine.importing``; user tasks in no lane go to ``lane_role``'s lane), and listed
    on the draft as ``fixes``. Commits."""
    bpmn, files = read_upload(filename, content)
    forms = {name: text for name, text in files.items() if not name.endswith(".dmn")}
    tables = checked_tables({name: text for name, text in files.items() if name.endswith(".dmn")})
    base = resolve(session, tenant=tenant, key=key)
    bpmn = _checked_bpmn(bpmn, key, file=filename)
    fixes = []
    if fix:
        imported = mechanical_fixes(bpmn.encode("utf-8"), lane_role=lane_role, forms={**base.forms, **forms})
        bpmn, forms, fixes = imported.bpmn.decode("utf-8"), imported.forms, imported.fixes
    forms = _checked_forms({**base.forms, **forms})
    draft = _new_draft(session, tenant=tenant, actor=actor, base=base, bpmn=bpmn, forms=forms, decisions=tables,
                       how=f"uploaded from '{filename}'" + (f" with {len(fixes)} fix(es)" if fixes else "") + " over")
    draft.fixes = fixes  # not stored: what the upload changed, for the page that says so
    return draft


def save_draft(session: Session, *, tenant: Tenant, actor: Actor, draft_id: int, lock_version: int,
               bpmn: str | None = None, forms: dict | None = None, decisions: dict | None = None) -> ProcessDraft:
    """Store the diagram, forms and/or decision tables (forms and tables merge by file name).
    Everything given is checked first: one refused part stores nothing. Commits."""
    draft = get_draft(session, tenant=tenant, draft_id=draft_id)
    _require_open(draft)
    if lock_version != draft.lock_version:
        raise Conflict(f"the draft was saved by someone else since you opened it (your copy is save {lock_version}, "
                       f"the stored one is save {draft.lock_version}); reload it and make your change again")
    changed = []
    bpmn = _checked_bpmn(bpmn, draft.key) if bpmn is not None else None
    forms = _checked_forms(forms) if forms else {}
    decisions = checked_tables(decisions) if decisions else {}
    if bpmn is not None:
        draft.bpmn = bpmn
        changed.append("diagram")
    if forms:
        draft.forms = {**draft.forms, **forms}
        changed.append("forms " + ", ".join(sorted(forms)))
    if decisions:
        draft.decisions = {**draft_tables(draft, session), **decisions}
        changed.append("decision tables " + ", ".join(sorted(decisions)))
    draft.lock_version += 1
    draft.updated_at = utcnow()
    record(session, actor=actor, action="draft_saved", tenant_id=tenant.id, element_id=draft.key,
           detail=f"{draft.key}: draft {draft.id} saved ({'; '.join(changed) or 'no change'})",
           after={"draft": draft.id, "lock_version": draft.lock_version})
    session.commit()
    return draft


def add_form(session: Session, *, tenant: Tenant, actor: Actor, draft_id: int, name: str, title: str = "") -> ProcessDraft:
    """A new, empty form in the draft: ``<name>.schema.json`` and ``<name>.uischema.json``. Commits."""
    draft = get_draft(session, tenant=tenant, draft_id=draft_id)
    _require_open(draft)
    if not isinstance(name, str) or not _FORM_NAME.match(name):
        raise Invalid("the form name must start with a letter and use lower-case letters, digits and underscores, e.g. 'provider_notice'",
                      errors=[{"field": "name", "message": "Use lower-case letters, digits and underscores"}])
    schema_file, ui_file = f"{name}.schema.json", f"{name}.uischema.json"
    if schema_file in draft.forms:
        raise Conflict(f"the draft already has a form '{name}'; pick it from the list or choose another name")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title or name.replace("_", " ").capitalize(),
              "type": "object", "properties": {}, "required": []}
    draft.forms = {**draft.forms, schema_file: json.dumps(schema, indent=2) + "\n", ui_file: json.dumps({"ui:order": []}, indent=2) + "\n"}
    draft.lock_version += 1
    draft.updated_at = utcnow()
    record(session, actor=actor, action="draft_saved", tenant_id=tenant.id, element_id=draft.key,
           detail=f"{draft.key}: draft {draft.id}: form '{name}' added", after={"draft": draft.id, "form": name})
    session.commit()
    return draft


def discard_draft(session: Session, *, tenant: Tenant, actor: Actor, draft_id: int) -> None:
    draft = get_draft(session, tenant=tenant, draft_id=draft_id)
    _require_open(draft)
    record(session, actor=actor, action="draft_discarded", tenant_id=tenant.id, element_id=draft.key, detail=f"{draft.key}: draft {draft.id} discarded",
           before={"draft": draft.id, "lock_version": draft.lock_version})
    session.delete(draft)
    session.commit()


def _require_open(draft: ProcessDraft) -> None:
    if draft.deployed_as_id is not None:
        raise Conflict(f"draft {draft.id} has been deployed and can no longer change; open a new draft")


# --------------------------------------------------------------------------- check and deploy

def _compile(session: Session, *, tenant: Tenant, draft: ProcessDraft, library: ProcessLibrary):
    folder = own_folder(tenant)
    known = {d.key for d in latest_for_tenant(session, tenant=tenant)} | {draft.key}
    forms = dict(draft.forms)

    def lookup(name: str):
        if name in forms:
            return f"forms: {name}", forms[name]
        for candidate in tenant.folders:
            found = library.form_lookup(candidate)(name)
            if found:
                return found
        return None

    # Decision tables: the council's folders', then the draft's own (edited in the modeller, or its version's).
    decisions = {name: content for candidate in reversed(tenant.folders) for name, content in library.decisions(candidate).items()}
    decisions.update({name: text.encode("utf-8") for name, text in draft_tables(draft, session).items()})
    return compile_source(SourceFile(folder, f"{draft.key}.bpmn", draft.bpmn.encode("utf-8")), forms=lookup,
                          resolves=lambda key: key in known, decisions=decisions,
                          councils={tenant.slug: tenant.declared_roles()})


def check_draft(session: Session, *, tenant: Tenant, draft_id: int, library: ProcessLibrary,
                explore_paths: int = 0) -> CheckResult:
    """The same checks as ``concerns validate``, on the saved draft; then, if it passes and
    ``explore_paths`` allows, a few paths of every procedure that runs it, walked by the explorer."""
    draft = get_draft(session, tenant=tenant, draft_id=draft_id)
    compiled, problems = _compile(session, tenant=tenant, draft=draft, library=library)
    if not problems and not any(p.key == draft.key for p in compiled):
        problems = [Problem(f"{draft.key}.bpmn", None, None, f"the diagram does not define the process '{draft.key}'")]
    defects = _explored(tenant, draft, compiled, library, explore_paths) if not problems and explore_paths > 0 else []
    return CheckResult(problems=sorted(problems, key=lambda p: (p.line or 0, p.message)), defects=defects)


def _explored(tenant: Tenant, draft: ProcessDraft, compiled: list, library: ProcessLibrary, paths: int) -> list[dict]:
    from ..explorer import ExploreOptions, explore

    reports = explore(library, ExploreOptions(tenants=(tenant.slug,), involving=draft.key, paths=paths, max_steps=60),
                      replaced=compiled)
    return [{"kind": str(d.kind), "process_key": d.process_key, "element_id": d.element_id, "message": d.message,
             "path": [step.line() for step in d.path]} for report in reports for d in report.defects.values()]


def deploy_draft(session: Session, *, tenant: Tenant, actor: Actor, draft_id: int, note: str,
                 library: ProcessLibrary) -> ProcessDefinition:
    """A new immutable version in the council's own folder, if the draft passes its check. Commits."""
    draft = get_draft(session, tenant=tenant, draft_id=draft_id)
    _require_open(draft)
    note = (note or "").strip()
    if len(note) < 3:
        raise Invalid("nothing was deployed: say in a few words what changed and why (the note is kept with the version)",
                      errors=[{"field": "note", "message": "Enter a short note saying what changed and why"}])
    compiled, problems = _compile(session, tenant=tenant, draft=draft, library=library)
    if problems:
        raise Invalid(f"nothing was deployed: the check found {len(problems)} problem(s)", errors=[p.as_dict() for p in problems])
    process = next(p for p in compiled if p.key == draft.key)
    if resolve(session, tenant=tenant, key=draft.key).checksum == process.checksum:
        raise Conflict("nothing was deployed: the draft is the same as the version the council already runs")
    stored = store_version(session, process, actor, note, origin=DefinitionOrigin.MODELLER, tenant_id=tenant.id)
    if stored is None:  # the same as the council's own latest version, which a dropped variant hides
        raise Conflict("nothing was deployed: the draft is the same as the council's own latest version")
    stored.source_file = f"modeller draft {draft.id}"
    draft.deployed_as_id = stored.id
    draft.updated_at = utcnow()
    session.commit()
    return stored


# --------------------------------------------------------------------------- compare, try, download

def compare(*, old: ProcessDefinition | ProcessDraft, new: ProcessDefinition | ProcessDraft) -> list[Change]:
    def tables(item):
        return tables_of(item) if isinstance(item, ProcessDefinition) else draft_tables(item)

    return compare_versions(old.bpmn, old.forms or {}, new.bpmn, new.forms or {}, tables(old), tables(new))


def try_in_sandbox(*, tenant: Tenant, kind: str, code: str, data: dict) -> TryResult:
    if not isinstance(data, dict):
        return TryResult(ok=False, error="the sample data must be a JSON object, e.g. {\"risk_score\": 12}")
    facts = CaseFacts(region=tenant.region, closure_days=tuple(tenant.closure_days or ()),
                      working_day_ends=tenant.working_day_ends, thresholds=dict(tenant.thresholds or {}))
    return try_code(kind, code, data, facts)


def version_zip(definition: ProcessDefinition) -> bytes:
    """The version's diagram, its decision tables beside it and its forms, laid out as the
    processes/ and forms/ folders are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{definition.key}.bpmn", definition.bpmn)
        for name, text in sorted(tables_of(definition).items()):
            archive.writestr(name, text)
        for name, text in sorted((definition.forms or {}).items()):
            archive.writestr(f"forms/{name}", text)
    return buffer.getvalue()
