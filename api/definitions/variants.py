"""Local variants: a council's own copy of a regional or shared process, and dropping it again.

Both store an immutable version in the council's own folder (its slug, the first in its
order), so the history shows who changed what the council runs, and when. Running cases keep
the version they started on.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..actors import Actor
from ..audit.service import record
from ..cases.models import Case, CaseStatus
from ..errors import Conflict, Invalid
from ..tenants.models import Tenant
from .models import DefinitionOrigin, ProcessDefinition
from .service import latest_in_folder, overridden, resolve

__all__ = ["make_variant", "drop_variant", "running_cases", "own_folder"]


def own_folder(tenant: Tenant) -> str:
    """The folder a council's modeller-made versions go into: the first of its folders, which
    no other council draws from (api/tenants/service.py ``own_folders``)."""
    return tenant.folders[0] if tenant.folders else tenant.slug


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) < 3:
        raise Invalid("say in a few words why (the note is kept in the audit trail)",
                      errors=[{"field": "note", "message": "Enter a short note saying why"}])
    return note


def _next_version(session: Session, folder: str, key: str) -> int:
    latest = latest_in_folder(session, folder, key)
    return latest.version + 1 if latest else 1


def make_variant(session: Session, *, tenant: Tenant, actor: Actor, key: str, note: str) -> ProcessDefinition:
    """Copy the regional or shared version the council runs into its own folder. Commits."""
    note = _require_note(note)
    current = resolve(session, tenant=tenant, key=key)
    folder = own_folder(tenant)
    if current.folder == folder:
        raise Conflict(f"'{current.name}' is already {tenant.name}'s own version (version {current.version}); "
                       "open it in the modeller to change it")
    copy = ProcessDefinition(
        key=current.key, folder=folder, version=_next_version(session, folder, key), name=current.name,
        checksum=current.checksum, source_file=f"local variant of {current.folder}/{current.key} version {current.version}",
        bpmn=current.bpmn, forms=dict(current.forms), specs=current.specs, calls=list(current.calls),
        message_starts=list(current.message_starts), roles=list(current.roles), note=note,
        deployed_by_id=actor.user_id, origin=DefinitionOrigin.MODELLER,
    )
    session.add(copy)
    session.flush()
    record(session, actor=actor, action="variant_made", tenant_id=tenant.id, element_id=key,
           detail=f"{key}: local variant made from {current.folder} version {current.version}: {note}",
           after={"key": key, "folder": folder, "version": copy.version, "from": {"folder": current.folder, "version": current.version},
                  "note": note})
    session.commit()
    return copy


def drop_variant(session: Session, *, tenant: Tenant, actor: Actor, key: str, note: str) -> ProcessDefinition:
    """Return the council to the regional or shared version. Commits; returns the version now run."""
    note = _require_note(note)
    current = resolve(session, tenant=tenant, key=key)
    folder = own_folder(tenant)
    if current.folder != folder:
        raise Conflict(f"{tenant.name} has no local variant of '{current.name}': it runs the {current.folder} version")
    fallback = overridden(session, tenant=tenant, definition=current)
    if fallback is None:
        raise Conflict(f"'{current.name}' exists only in {tenant.name}'s own folder: there is no regional or shared "
                       "version to return to")
    marker = ProcessDefinition(
        key=key, folder=folder, version=_next_version(session, folder, key), name=current.name, checksum="",
        source_file=f"local variant dropped (back to {fallback.folder} version {fallback.version})", bpmn="", forms={},
        specs={}, calls=[], message_starts=[], roles=[], note=note, deployed_by_id=actor.user_id,
        origin=DefinitionOrigin.MODELLER, dropped=True,
    )
    session.add(marker)
    session.flush()
    record(session, actor=actor, action="variant_dropped", tenant_id=tenant.id, element_id=key,
           detail=f"{key}: local variant version {current.version} dropped; back to {fallback.folder} version {fallback.version}: {note}",
           before={"folder": folder, "version": current.version},
           after={"folder": fallback.folder, "version": fallback.version, "note": note})
    session.commit()
    return fallback


def running_cases(session: Session, *, tenant: Tenant, key: str | None = None) -> dict[tuple[str, int], int]:
    """{(process id, definition id): the council's live cases on it} (running, or stopped by an error),
    for one process id or all of them."""
    query = (select(Case.process_key, Case.definition_id, func.count())
             .where(Case.tenant_id == tenant.id, Case.status.in_([CaseStatus.RUNNING, CaseStatus.ERROR]))
             .group_by(Case.process_key, Case.definition_id))
    if key:
        query = query.where(Case.process_key == key)
    return {(process_key, definition_id): count for process_key, definition_id, count in session.execute(query)}
