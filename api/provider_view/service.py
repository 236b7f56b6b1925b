"""What a provider's user may see and send: its own open cases only, through the need-to-know
policy (engine/visibility.py) as the agency ``provider``.

Anything of another provider, or excluded, is answered as absent (404), never as forbidden: a
provider must not learn that another provider's case or an excluded item exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.serialization import to_json_data
from engine.visibility import Viewer, confidential_rules, hidden_fields

from ..actors import Actor
from ..audit.service import record
from ..cases.models import Case, CaseStatus, CaseTask
from ..cases.service import load_run
from ..definitions.service import load_bundle
from ..documents.access import may_read
from ..documents.models import Document, DocumentKind, VersionOrigin
from ..documents.service import _store, _version
from ..documents.storage import FileStore
from ..documents.uploads import Upload
from ..errors import Invalid, NotFound
from ..providers.models import Provider
from ..users.models import User

__all__ = ["provider_viewer", "provider_home", "provider_letter", "submit_progress"]

# Meeting actions belong to every agency at the meeting; the provider's plans are its own.
_NOT_PLANS = {"meeting_actions"}
_ACTION_SHOWN = ("concern", "action", "owner", "due_date", "status")


def provider_viewer(user: User) -> Viewer:
    if user.provider_id is None:
        raise NotFound("this page is for a provider's users")
    return Viewer(agency="provider", provider_id=user.provider_id)


def _schemas(session: Session, case: Case) -> list[dict]:
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    return [form for forms in bundle.forms.values() for name, form in forms.items() if name.endswith(".schema.json")]


def _own_cases(session: Session, user: User) -> list[Case]:
    return list(session.scalars(select(Case).where(Case.tenant_id == user.tenant_id, Case.provider_id == user.provider_id,
                                                   Case.status == CaseStatus.RUNNING).order_by(Case.id)))


def _visible(session: Session, case: Case, viewer: Viewer) -> tuple[dict, set[str], list[dict]]:
    schemas = _schemas(session, case)
    data = to_json_data(load_run(session, case).data())
    return data, hidden_fields(confidential_rules(schemas), data, viewer), schemas


def _is_plan(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and {"action", "owner", "due_date"} <= set(i) for i in value)


def _plans(case: Case, data: dict, hidden: set[str], schemas: list[dict]) -> list[dict]:
    titles = {k: p.get("title") for s in schemas for k, p in (s.get("properties") or {}).items() if isinstance(p, dict)}
    return [{"case_id": case.id, "key": key, "title": titles.get(key) or key.replace("_", " ").capitalize(),
             "actions": [{"number": n, **{k: item.get(k) for k in _ACTION_SHOWN if item.get(k) is not None}}
                         for n, item in enumerate(value, start=1)]}
            for key, value in data.items() if key not in hidden and key not in _NOT_PLANS and _is_plan(value)]


def _meeting(case: Case, data: dict, hidden: set[str], provider: Provider) -> dict | None:
    invitees = [] if "invitees" in hidden else data.get("invitees") or []
    invited = any(isinstance(i, dict) and (provider.name.lower() in str(i.get("organisation", "")).lower()
                                          or "provider" in str(i.get("organisation", "")).lower()) for i in invitees)
    if not invited or not data.get("meeting_date") or "meeting_date" in hidden:
        return None
    agenda = data.get("meeting_agenda") or data.get("agenda") or []
    return {"case_id": case.id, "title": data.get("meeting_title") or "Meeting", "date": data["meeting_date"],
            "format": data.get("meeting_format"), "location": data.get("meeting_location"), "agenda": list(agenda)}


def _letters(session: Session, case: Case, hidden: set[str]) -> list[Document]:
    documents = session.scalars(select(Document).where(Document.case_id == case.id, Document.kind == DocumentKind.LETTER)
                                .order_by(Document.id))
    return [d for d in documents if d.dispatches and may_read(d, hidden)]


def provider_home(session: Session, *, user: User) -> dict:
    """The provider's open action plans, letters sent to it and meetings it is invited to."""
    viewer = provider_viewer(user)
    provider = session.get(Provider, user.provider_id)
    plans, letters, meetings = [], [], []
    for case in _own_cases(session, user):
        data, hidden, schemas = _visible(session, case, viewer)
        plans += _plans(case, data, hidden, schemas)
        letters += _letters(session, case, hidden)
        meeting = _meeting(case, data, hidden, provider)
        if meeting:
            meetings.append(meeting)
    return {"provider": provider, "plans": plans, "letters": letters, "meetings": meetings}


def provider_letter(session: Session, *, user: User, document_id: int) -> Document:
    """A letter sent to this provider, or NotFound (another provider's, not sent, or excluded)."""
    viewer = provider_viewer(user)
    document = session.get(Document, document_id)
    case = session.get(Case, document.case_id) if document is not None else None
    if case is None or case.tenant_id != user.tenant_id or case.provider_id != user.provider_id:
        raise NotFound(f"there is no letter {document_id} for you")
    _, hidden, _ = _visible(session, case, viewer)
    if document.kind != DocumentKind.LETTER or not document.dispatches or not may_read(document, hidden):
        raise NotFound(f"there is no letter {document_id} for you")
    return document


def _plan_action(session: Session, user: User, case_id: int, plan: str, number: int) -> tuple[Case, dict, dict]:
    viewer = provider_viewer(user)
    case = session.get(Case, case_id)
    if case is None or case.tenant_id != user.tenant_id or case.provider_id != user.provider_id or case.status != CaseStatus.RUNNING:
        raise NotFound(f"there is no open action plan of yours on case {case_id}")
    data, hidden, schemas = _visible(session, case, viewer)
    found = next((p for p in _plans(case, data, hidden, schemas) if p["key"] == plan), None)
    action = next((a for a in found["actions"] if a["number"] == number), None) if found else None
    if action is None:
        raise NotFound(f"case {case_id} has no action {number} in a plan '{plan}' of yours")
    return case, found, action


def _reviewing_task(session: Session, case: Case, plan: str) -> CaseTask | None:
    """The open step whose form reviews this plan, where the provider's update arrives."""
    tasks = list(session.scalars(select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.created_at, CaseTask.id)))
    forms = load_bundle(session, bundle=case.bundle, key=case.process_key).forms
    for task in tasks:
        schema = (forms.get(task.process_key) or {}).get(task.form) if task.form else None
        if schema and plan in (schema.get("properties") or {}):
            return task
    return tasks[0] if tasks else None


def submit_progress(session: Session, *, user: User, case_id: int, plan: str, number: int, progress: str,
                    evidence: list[Upload], store: FileStore) -> list[Document]:
    """The provider's progress update (and evidence) on one action, put on the case for the
    reviewing step, marked as from the provider. Commits."""
    case, found, action = _plan_action(session, user, case_id, plan, number)
    if not progress.strip():
        raise Invalid("say what progress has been made on the action", errors=[
            {"field": "/progress", "path": ["progress"], "message": "Say what progress has been made on the action"}])
    task = _reviewing_task(session, case, plan)
    actor = Actor(label=f"{user.email} (provider)", user=user)
    label = f"From the provider: {found['title']}, action {number}"
    note = Upload(filename=f"provider-update-action-{number}.txt", content=progress.strip().encode(), content_type="text/plain")
    documents = []
    for upload, title in [(note, f"{label}: progress update")] + [(u, f"{label}: {u.filename}") for u in evidence]:
        document = Document(tenant_id=case.tenant_id, case_id=case.id, kind=DocumentKind.EVIDENCE, title=title[:300],
                            task_id=task.id if task else None, element_id=task.element_id if task else None,
                            step_name=task.name if task else None, created_by_id=user.id, created_by=actor.label,
                            created_at=clock.now())
        session.add(document)
        key = _store(store, user.tenant, case, upload.content, upload.content_type)
        _version(document, origin=VersionOrigin.UPLOADED, filename=upload.filename, content=upload.content,
                 content_type=upload.content_type, key=key, actor=actor, fields_used=[])
        documents.append(document)
    session.flush()
    record(session, actor=actor, action="provider_update", tenant_id=case.tenant_id, case_id=case.id,
           element_id=task.element_id if task else None, task_id=task.id if task else None,
           detail=f"{label} ({action.get('action', '')}): {progress.strip()[:500]}",
           after={"plan": plan, "action": number, "documents": [d.id for d in documents]})
    session.commit()
    return documents
