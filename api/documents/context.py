"""What a letter template is filled in with: the step's case data (less any item hidden from the
person generating it) and the document context (:data:`engine.documents.CONTEXT`)."""

from __future__ import annotations

from engine import clock
from engine.documents import format_day, format_instant
from engine.runtime import ReadyTask
from engine.serialization import to_json_data

from ..actors import Actor
from ..cases.models import Case
from ..definitions.models import ProcessDefinition
from ..tenants.models import Tenant

__all__ = ["document_context", "case_reference"]


def case_reference(tenant: Tenant, case: Case) -> str:
    return f"{tenant.slug.upper()}/{case.id}"


def document_context(*, tenant: Tenant, case: Case, definition: ProcessDefinition, ready: ReadyTask, actor: Actor,
                     hidden: set[str]) -> dict:
    data = {k: v for k, v in to_json_data(ready.data).items() if k not in hidden}
    provider = case.provider
    user = actor.user
    return {
        **data,
        "provider": {"name": provider.name, "address": provider.address or "", "kind": provider.kind.replace("_", " "),
                     "regulator": provider.regulator, "regulator_id": provider.regulator_id, "beds": provider.beds},
        "council": {"name": tenant.name, "region": tenant.region},
        "case": {"id": case.id, "reference": case_reference(tenant, case), "procedure": definition.name,
                 "started_on": format_day(case.started_at)},
        "step": {"name": ready.name, "due": format_instant(ready.due_at) if ready.due_at else "", "rule": ready.due_rule or "",
                 "deadline_name": ready.deadline_name or ""},
        "deadline": format_day(ready.due_at) if ready.due_at else "",
        "deadline_rule": ready.due_rule or "",
        "today": format_day(clock.now()),
        "author": {"name": (user.name or user.email) if user else actor.label, "email": user.email if user else ""},
    }
