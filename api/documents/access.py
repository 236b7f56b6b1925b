"""Who may read a document or file: the one place that decides, called by every surface (the
case page, the task page, the REST API, the chronology and the reports).

Today: anyone of the case's council, except that a letter which drew on a confidential item
(``x-confidential`` in a form) is closed to the roles barred from that item. A later issue adds
need-to-know rules here, and every surface follows.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.serialization import to_json_data
from engine.visibility import confidential_rules, hidden_fields, withheld_names

from ..cases.models import Case
from ..cases.service import get_case, load_run
from ..definitions.service import load_bundle
from ..errors import Forbidden, NotFound
from ..tenants.models import Tenant
from .models import Document

__all__ = ["barred_fields", "barred_and_names", "may_read", "readable_document", "readable_case"]


def barred_fields(session: Session, case: Case, roles: set[str]) -> set[str]:
    """The case's confidential items these roles may not see now."""
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    schemas = [form for forms in bundle.forms.values() for name, form in forms.items() if name.endswith(".schema.json")]
    rules = confidential_rules(schemas)
    if not rules:
        return set()
    return hidden_fields(rules, to_json_data(load_run(session, case).data()), roles)


def barred_and_names(session: Session, case: Case, roles) -> tuple[set[str], list[str]]:
    """The items barred to this reader, and the names recorded under them (withheld in free text too)."""
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    schemas = [form for forms in bundle.forms.values() for name, form in forms.items() if name.endswith(".schema.json")]
    rules = confidential_rules(schemas)
    if not rules:
        return set(), []
    data = to_json_data(load_run(session, case).data())
    barred = hidden_fields(rules, data, roles)
    return barred, withheld_names(data, barred)


def may_read(document: Document, barred: set[str]) -> bool:
    return not any(set(version.fields_used or ()) & barred for version in document.versions)


def readable_case(session: Session, *, tenant: Tenant, case_id: int) -> Case:
    """The case, if the caller's council holds it (another council's cases look absent)."""
    return get_case(session, tenant=tenant, case_id=case_id)


def readable_document(session: Session, *, tenant: Tenant, roles: set[str], document_id: int) -> Document:
    """The document, or NotFound (not this council's) or Forbidden (a confidential item)."""
    document = session.get(Document, document_id)
    if document is None or document.tenant_id != tenant.id:
        raise NotFound(f"there is no document {document_id}")
    case = readable_case(session, tenant=tenant, case_id=document.case_id)
    if not may_read(document, barred_fields(session, case, roles)):
        raise Forbidden(f"'{document.title}' draws on items of case {case.id} that are hidden from your role; "
                        "ask the case's lead officer if you need it")
    return document
