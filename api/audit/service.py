"""Writing and reading the audit trail. ``record`` never commits: the caller's transaction does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from ..actors import Actor
from ..db import utcnow
from ..prepared import Prepared
from .models import AuditEvent

__all__ = ["record", "case_events", "procedure_events", "changes"]


# Every change records at least one event (see api/prepared.py).
_COLUMNS = ("tenant_id", "case_id", "actor_id", "actor", "at", "action", "element_id", "task_id", "detail", "before", "after")
_INSERT = Prepared(insert(AuditEvent).values({name: bindparam(name) for name in _COLUMNS}))


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    tenant_id: int | None,
    case_id: int | None = None,
    element_id: str | None = None,
    task_id: str | None = None,
    detail: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Add an event to the caller's transaction. It is written at once, on the session's
    connection (an ORM object would cost a case's completion more than its own SQL), after
    whatever the session holds, so it may name a row added just before it."""
    session.flush()
    _INSERT.run(session.connection(), {
        "tenant_id": tenant_id, "case_id": case_id, "actor_id": actor.user_id, "actor": actor.label, "at": utcnow(),
        "action": action, "element_id": element_id, "task_id": task_id, "detail": detail, "before": before, "after": after,
    })


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what changed: the old values of changed or removed keys, and the new values."""
    keys = {k for k in before.keys() | after.keys() if before.get(k, _MISSING) != after.get(k, _MISSING)}
    return ({k: before[k] for k in sorted(keys) if k in before}, {k: after[k] for k in sorted(keys) if k in after})


_MISSING = object()


def case_events(session: Session, *, case_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)))


def procedure_events(session: Session, *, tenant_id: int, key: str, limit: int = 50) -> list[AuditEvent]:
    """The council's changes to one procedure (drafts, deploys, variants), newest first.
    These events name the process id as their element."""
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.tenant_id == tenant_id, AuditEvent.case_id.is_(None), AuditEvent.element_id == key)
        .order_by(AuditEvent.id.desc()).limit(limit)
    ))
