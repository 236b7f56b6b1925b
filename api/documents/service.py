"""Documents on cases: generate a letter at a step, add its signed version, record how and when it
was sent, attach evidence. One change, one commit, with its audit event; files are stored first
(write-once keys), so a failed commit leaves an unreferenced file, never a record without one.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.document_steps import templates_offered
from engine.documents import CONTEXT, TemplateUnreadable, format_day, placeholders, render
from engine.library_documents import resolve_template
from engine.roles import Role

from ..actors import Actor
from ..audit.service import record
from ..cases.models import Case, CaseTask
from ..cases.service import get_case, get_task, load_run
from ..definitions.models import ProcessDefinition
from ..errors import Forbidden, Invalid, NotFound, ServiceError
from ..tenants.models import Tenant
from .access import barred_fields, may_read, readable_document
from .context import case_reference, document_context
from .models import Document, DocumentDispatch, DocumentKind, DocumentVersion, VersionOrigin
from .storage import FileStore, StoredFileMissing
from .uploads import Upload

__all__ = ["StoredFileDamaged", "DISPATCH_METHODS", "offered_templates", "generate_letter", "add_signed_version", "record_dispatch",
           "attach_evidence", "case_documents", "document_content", "template_title"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DISPATCH_METHODS = {"post": "Post", "email": "Email", "secure_email": "Secure email", "by_hand": "By hand"}


class StoredFileDamaged(ServiceError):
    status = 500
    title = "Stored file damaged"


def template_title(name: str) -> str:
    return name.removesuffix(".docx").replace("_", " ").replace("-", " ").capitalize()


def _can_write(actor: Actor) -> None:
    """A viewer reads documents and adds none. A council's own role that acts as a viewer (Western
    Bay's Escalating Concerns Coordination Group) has steps of its own to do, and may attach the
    evidence for them."""
    user = actor.user
    if user is not None and user.roles == frozenset({Role.VIEWER}) and user.role_slugs <= {Role.VIEWER.value}:
        raise Forbidden("viewers can read a case's documents but not add to them")


def _ready(session: Session, tenant: Tenant, task_id: str):
    row = get_task(session, tenant=tenant, task_id=task_id)
    case = get_case(session, tenant=tenant, case_id=row.case_id)
    run = load_run(session, case)
    spiff_task = run.find_task(task_id)
    if spiff_task is None:
        raise NotFound(f"there is no open task {task_id}; it may have been completed")
    ready = next(t for t in run.ready_tasks() if t.id == task_id)
    return row, case, run, spiff_task, ready


def offered_templates(session: Session, *, tenant: Tenant, task_id: str) -> list[str]:
    """The template file names the open step offers (its own, then its enclosing steps')."""
    return templates_offered(_ready(session, tenant, task_id)[3])


def _store(store: FileStore, tenant: Tenant, case: Case, content: bytes, content_type: str) -> str:
    key = f"{tenant.slug}/{case.id}/{uuid.uuid4().hex}"
    store.put(key, content, content_type)
    return key


def _version(document: Document, *, origin: str, filename: str, content: bytes, content_type: str, key: str,
             actor: Actor, **extra) -> DocumentVersion:
    version = DocumentVersion(number=len(document.versions) + 1, origin=origin, filename=filename, content_type=content_type,
                              size=len(content), sha256=hashlib.sha256(content).hexdigest(), storage_key=key,
                              created_by_id=actor.user_id, created_by=actor.label, created_at=clock.now(), **extra)
    document.versions.append(version)
    return version


def generate_letter(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, template: str,
                    documents_root: Path, store: FileStore) -> DocumentVersion:
    """Fill in ``template`` from the step's case data; a new document, or the next version of the
    one this step generated from it before. Commits."""
    row, case, run, spiff_task, ready = _ready(session, tenant, task_id)
    if row.role and not actor.has_role(row.role):
        raise Forbidden(f"'{row.name}' is for the role {row.role}; only they generate its letters")
    offered = templates_offered(spiff_task)
    if template not in offered:
        choice = f"it offers {', '.join(offered)}" if offered else "it offers none"
        raise Invalid(f"the step '{row.name}' does not offer the template '{template}': {choice}",
                      errors=[{"field": "/template", "path": ["template"], "message": f"choose one of: {', '.join(offered)}"}])
    path = resolve_template(documents_root, tenant.folders, template)
    if path is None:
        raise Invalid(f"the council has no template file '{template}' in documents/ ({', '.join(tenant.folders)}); "
                      "ask the process owner to add it", errors=[{"field": "/template", "path": ["template"], "message": "missing"}])
    source = path.read_bytes()
    hidden = barred_fields(session, case, {str(r) for r in actor.user.roles} if actor.user else set())
    definition = session.get(ProcessDefinition, case.definition_id)
    context = document_context(tenant=tenant, case=case, definition=definition, ready=ready, actor=actor, hidden=hidden)
    try:
        rendered = render(source, context)
        used = sorted({p.name for p in placeholders(source) if p.name not in CONTEXT})
    except TemplateUnreadable as exc:
        line = f" (paragraph {exc.line})" if exc.line else ""
        raise Invalid(f"the template {path.name} cannot be filled in{line}: {exc.message}; ask the process owner to "
                      "correct it (concerns validate names the problem)") from None
    document = session.scalar(select(Document).where(
        Document.case_id == case.id, Document.task_id == task_id, Document.template == template, Document.kind == DocumentKind.LETTER))
    if document is None:
        document = Document(tenant_id=tenant.id, case_id=case.id, kind=DocumentKind.LETTER, title=template_title(template),
                            task_id=task_id, element_id=row.element_id, step_name=row.name, template=template,
                            created_by_id=actor.user_id, created_by=actor.label, created_at=clock.now())
        session.add(document)
    filename = f"{template.removesuffix('.docx')}-{case_reference(tenant, case).replace('/', '-').lower()}-v{len(document.versions) + 1}.docx"
    key = _store(store, tenant, case, rendered.content, DOCX)
    version = _version(document, origin=VersionOrigin.GENERATED, filename=filename, content=rendered.content, content_type=DOCX,
                       key=key, actor=actor, template_path=str(path.relative_to(documents_root)),
                       template_sha256=hashlib.sha256(source).hexdigest(), fields_used=used, missing=rendered.missing)
    session.flush()
    record(session, actor=actor, action="document_generated", tenant_id=tenant.id, case_id=case.id, element_id=row.element_id,
           task_id=task_id, detail=f"{document.title}, version {version.number}",
           after={"document_id": document.id, "version": version.number, "sha256": version.sha256})
    session.commit()
    return version


def add_signed_version(session: Session, *, tenant: Tenant, actor: Actor, roles: set[str], document_id: int, upload: Upload,
                       store: FileStore) -> DocumentVersion:
    """The final, signed version of a letter, kept beside every earlier version. Commits."""
    _can_write(actor)
    document = readable_document(session, tenant=tenant, roles=roles, document_id=document_id)
    if document.kind != DocumentKind.LETTER:
        raise Invalid("only a generated letter takes a signed version; attach other files as evidence")
    case = session.get(Case, document.case_id)
    key = _store(store, tenant, case, upload.content, upload.content_type)
    version = _version(document, origin=VersionOrigin.SIGNED, filename=upload.filename, content=upload.content,
                       content_type=upload.content_type, key=key, actor=actor,
                       fields_used=list(document.latest.fields_used or []))
    session.flush()
    record(session, actor=actor, action="document_signed_version", tenant_id=tenant.id, case_id=case.id,
           element_id=document.element_id, task_id=document.task_id, detail=f"{document.title}, version {version.number} (signed)",
           after={"document_id": document.id, "version": version.number, "sha256": version.sha256})
    session.commit()
    return version


def record_dispatch(session: Session, *, tenant: Tenant, actor: Actor, roles: set[str], document_id: int, method: str,
                    sent_on: _dt.date, recipient: str, note: str = "") -> DocumentDispatch:
    """How and when a letter (its latest version) was sent. Commits."""
    _can_write(actor)
    document = readable_document(session, tenant=tenant, roles=roles, document_id=document_id)
    today = clock.now().date()
    problems = []
    if method not in DISPATCH_METHODS:
        problems.append(("method", f"choose how it was sent: {', '.join(DISPATCH_METHODS)}"))
    if sent_on > today + _dt.timedelta(days=1):
        problems.append(("sent_on", f"the date sent cannot be in the future (today is {today.isoformat()})"))
    if not recipient.strip():
        problems.append(("recipient", "say who it was sent to (name, role and organisation)"))
    if problems:
        raise Invalid("the sending was not recorded: " + "; ".join(m for _, m in problems),
                      errors=[{"field": f"/{f}", "path": [f], "message": m} for f, m in problems])
    dispatch = DocumentDispatch(document_id=document.id, version_id=document.latest.id, method=method, sent_on=sent_on,
                                recipient=recipient.strip(), note=note.strip(), recorded_by_id=actor.user_id,
                                recorded_by=actor.label, recorded_at=clock.now())
    session.add(dispatch)
    record(session, actor=actor, action="document_sent", tenant_id=tenant.id, case_id=document.case_id,
           element_id=document.element_id, task_id=document.task_id,
           detail=f"{document.title} sent by {DISPATCH_METHODS[method].lower()} on {format_day(sent_on)} to {recipient.strip()}",
           after={"document_id": document.id, "version": document.latest.number})
    session.commit()
    return dispatch


def attach_evidence(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, uploads: list[Upload], store: FileStore,
                    task_id: str | None = None) -> list[Document]:
    """Attach files to a case, or to one of its open steps. All of them, or none. Commits."""
    _can_write(actor)
    case = get_case(session, tenant=tenant, case_id=case_id)
    task = None
    if task_id:
        task = session.get(CaseTask, task_id)
        if task is None or task.case_id != case.id:
            raise NotFound(f"case {case.id} has no open task {task_id}")
    documents = []
    for upload in uploads:
        document = Document(tenant_id=tenant.id, case_id=case.id, kind=DocumentKind.EVIDENCE, title=upload.filename,
                            task_id=task_id, element_id=task.element_id if task else None, step_name=task.name if task else None,
                            created_by_id=actor.user_id, created_by=actor.label, created_at=clock.now())
        session.add(document)
        key = _store(store, tenant, case, upload.content, upload.content_type)
        _version(document, origin=VersionOrigin.UPLOADED, filename=upload.filename, content=upload.content,
                 content_type=upload.content_type, key=key, actor=actor, fields_used=[])
        documents.append(document)
    session.flush()
    for document in documents:
        record(session, actor=actor, action="evidence_attached", tenant_id=tenant.id, case_id=case.id,
               element_id=document.element_id, task_id=task_id, detail=document.title + (f" (at '{task.name}')" if task else ""),
               after={"document_id": document.id, "sha256": document.latest.sha256, "size": document.latest.size})
    session.commit()
    return documents


def case_documents(session: Session, *, tenant: Tenant, roles: set[str], case_id: int) -> list[Document]:
    """The case's documents the caller may read, oldest first."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    documents = list(session.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id)))
    barred = barred_fields(session, case, roles) if any(v.fields_used for d in documents for v in d.versions) else set()
    return [d for d in documents if may_read(d, barred)]


def document_content(session: Session, *, tenant: Tenant, roles: set[str], document_id: int, store: FileStore,
                     version: int | None = None) -> tuple[DocumentVersion, bytes]:
    document = readable_document(session, tenant=tenant, roles=roles, document_id=document_id)
    chosen = document.latest if version is None else next((v for v in document.versions if v.number == version), None)
    if chosen is None:
        raise NotFound(f"'{document.title}' has no version {version}; it has versions 1 to {len(document.versions)}")
    try:
        content = store.get(chosen.storage_key)
    except StoredFileMissing:
        raise NotFound(f"the file of '{document.title}' version {chosen.number} is missing from the file store; "
                       "tell an administrator (the record is intact)") from None
    if hashlib.sha256(content).hexdigest() != chosen.sha256:
        raise StoredFileDamaged(f"the stored file of '{document.title}' version {chosen.number} does not match its checksum; "
                      "it has not been sent to you. Tell an administrator")
    return chosen, content
