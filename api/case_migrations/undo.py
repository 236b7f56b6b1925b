"""Moving a case back to the version it was on, while nothing has happened on it since.

Undo puts back the case's parts exactly as they were before the move (kept with the move),
its definition and called versions, and its open tasks and timers. Anything that happened on
the case since (a step completed, a timer fired, a draft saved, another move) shows in its audit
trail or in its parts' lock versions, and then undo is refused: move the case again instead.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..actors import Actor
from ..audit.models import AuditEvent
from ..audit.service import record
from ..cases.models import CasePart, CaseStatus, CaseTimer
from ..cases.parts import PartCollision
from ..cases.projections import sync_projections
from ..cases.service import get_case, load_run, one_transaction
from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..errors import Conflict, NotFound
from ..tenants.models import Tenant
from .models import CaseMigration
from .service import require_owner, version_label

__all__ = ["latest_move", "undo_move", "undo_refusal"]


def latest_move(session: Session, *, case_id: int) -> CaseMigration | None:
    """The case's latest move, if it has not been undone."""
    found = session.scalar(select(CaseMigration).where(CaseMigration.case_id == case_id).order_by(CaseMigration.id.desc()).limit(1))
    return found if found is not None and found.undone_at is None else None


def undo_refusal(session: Session, migration: CaseMigration) -> str | None:
    """Why the move can no longer be undone (None: it can)."""
    case_id = migration.case_id
    since = session.scalar(select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.id > (migration.audit_event_id or 0))
                           .order_by(AuditEvent.id).limit(1))
    if since is not None:
        what = since.action.replace("_", " ")
        detail = f" ({since.detail})" if since.detail else ""
        return (f"case {case_id} cannot move back: {what}{detail} since it moved. Undo is possible only while nothing "
                f"has happened on the case since; move it to the version you want instead")
    versions = dict(session.execute(select(CasePart.key, CasePart.version).where(CasePart.case_id == case_id)).all())
    if any(versions.get(key) != version for key, version in migration.after_versions.items()):
        return f"case {case_id} cannot move back: it has changed since it moved; move it to the version you want instead"
    return None


def _put_back_parts(session: Session, migration: CaseMigration) -> None:
    """Each part as it was before the move, locked on the version the move left (else Conflict)."""
    case_id = migration.case_id
    for part in migration.before_parts:
        version = migration.after_versions.get(part["key"])
        result = session.execute(
            update(CasePart)
            .where(CasePart.case_id == case_id, CasePart.key == part["key"], CasePart.version == version)
            .values(state=part["state"], parent=part["parent"], spec=part["spec"], finished=False, version=version + 1)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise PartCollision(case_id, part["key"])
    for key in migration.created_parts:
        result = session.execute(delete(CasePart).where(CasePart.case_id == case_id, CasePart.key == key,
                                                        CasePart.version == migration.after_versions.get(key))
                                 .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise PartCollision(case_id, key)


@one_transaction
def undo_move(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, note: str = "") -> CaseMigration:
    """Move the case back to the version it was on before its latest move. Commits."""
    require_owner(actor)
    case = get_case(session, tenant=tenant, case_id=case_id)
    migration = latest_move(session, case_id=case.id)
    if migration is None:
        raise NotFound(f"case {case_id} has no move to another version to undo")
    refusal = undo_refusal(session, migration)
    if refusal is not None:
        raise Conflict(refusal)
    source = session.get(ProcessDefinition, migration.from_definition_id)
    target = session.get(ProcessDefinition, migration.to_definition_id)
    _put_back_parts(session, migration)
    case.definition_id, case.bundle = source.id, dict(migration.from_bundle)
    if case.status != CaseStatus.RUNNING:
        case.status, case.ended_at, case.error = CaseStatus.RUNNING, None, None
    session.execute(delete(CaseTimer).where(CaseTimer.case_id == case.id))
    session.flush()
    session.expire(case)
    sync_projections(session, case, load_run(session, case))
    why = f": {note.strip()}" if note and note.strip() else ""
    record(session, actor=actor, action="case_migration_undone", tenant_id=tenant.id, case_id=case.id, element_id=case.process_key,
           detail=f"moved back from {version_label(target, source)} to {version_label(source, target)}{why}",
           before={"version": target.version, "folder": target.folder},
           after={"version": source.version, "folder": source.folder, "note": note.strip() if note else ""})
    migration.undone_at, migration.undone_by = utcnow(), actor.label
    session.commit()
    return migration
