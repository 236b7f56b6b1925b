"""Moving running cases to another version of their procedure: preview, move, and the record.

A process owner fixes a diagram and deploys the fix; cases already running stay on the version
they started on until moved. The preview moves each running case in memory (nothing written)
and says, in words, what moving does to it, or why it cannot move. Moving a case is one
transaction: its whole state is loaded, moved, and every live part written back with its lock
(so any other change to the case at the same time makes one of the two a Conflict), with the
case's definition and called versions, the record kept for undo, and its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from engine.migration import CaseMove, move_case
from engine.roles import Role

from ..actors import Actor
from ..audit.models import AuditEvent
from ..audit.service import record
from ..cases.models import Case, CaseStatus, CaseTimer
from ..cases.service import get_case, load_run, one_transaction, route_messages, save_run
from ..definitions.models import ProcessDefinition
from ..definitions.service import bundle_of, load_bundle, resolve, versions_for_tenant
from ..errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from ..tenants.models import Tenant
from .models import CaseMigration

__all__ = ["CasePreview", "MigrationPreview", "MoveOutcome", "target_version", "preview_migrations", "migrate_case",
           "migrate_cases", "require_owner", "version_label"]


@dataclass
class CasePreview:
    case_id: int
    provider: str
    from_version: str
    can_move: bool
    lines: list[str]
    refusals: list[str]


@dataclass
class MigrationPreview:
    key: str
    name: str
    to_version: str
    to_definition_id: int
    cases: list[CasePreview] = field(default_factory=list)


@dataclass
class MoveOutcome:
    case_id: int
    outcome: str  # "moved", "refused" or "conflict"
    detail: str
    lines: list[str] = field(default_factory=list)


def require_owner(actor: Actor) -> None:
    if not actor.has_role(Role.PROCESS_OWNER):
        raise Forbidden("only a process owner can move running cases to another version")


def version_label(definition: ProcessDefinition, beside: ProcessDefinition | None = None) -> str:
    """'version 2', with the folder when the two versions come from different folders."""
    if beside is not None and beside.folder != definition.folder:
        return f"version {definition.version} ({definition.folder})"
    return f"version {definition.version}"


def target_version(session: Session, *, tenant: Tenant, key: str, version: int) -> ProcessDefinition:
    """The council's version ``version`` of ``key``: in the folder the council runs it from
    (its own variant or the regional one), else in any of its folders."""
    versions = [d for d in versions_for_tenant(session, tenant=tenant, key=key) if not d.dropped]
    try:
        folder = resolve(session, tenant=tenant, key=key).folder
    except NotFound:
        folder = None
    matching = sorted((d for d in versions if d.version == version), key=lambda d: d.folder != folder)
    if not matching:
        known = ", ".join(str(v) for v in sorted({d.version for d in versions}))
        raise NotFound(f"process '{key}' has no version {version} in this council's folders (its versions: {known})")
    return matching[0]


def _target_bundle(session: Session, tenant: Tenant, target: ProcessDefinition) -> dict[str, int]:
    """What a case on ``target`` runs: it, and the council's current version of each process
    it calls (called versions move with the case)."""
    return bundle_of(session, tenant=tenant, top=target)


def _called_lines(session: Session, before: dict, after: dict) -> list[str]:
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new or key == next(iter(after)):
            continue
        old_def = session.get(ProcessDefinition, old) if old else None
        new_def = session.get(ProcessDefinition, new) if new else None
        if old_def is not None and new_def is not None:
            lines.append(f"the called process '{new_def.name}' moves with it from {version_label(old_def, new_def)} "
                         f"to {version_label(new_def, old_def)}")
        elif new_def is not None:
            lines.append(f"the called process '{new_def.name}' ({version_label(new_def)}) is new to it")
    return lines


def _running(session: Session, tenant: Tenant, target: ProcessDefinition, case_ids: list[int] | None = None) -> list[Case]:
    query = select(Case).where(Case.tenant_id == tenant.id, Case.process_key == target.key, Case.status == CaseStatus.RUNNING,
                               Case.definition_id != target.id)
    if case_ids is not None:
        query = query.where(Case.id.in_(case_ids))
    return list(session.scalars(query.order_by(Case.id)))


def _move(session: Session, tenant: Tenant, case: Case, target: ProcessDefinition):
    """The case's whole run, moved in memory onto ``target``; with the bundle ids and the words."""
    run = load_run(session, case)
    bundle_ids = _target_bundle(session, tenant, target)
    source = session.get(ProcessDefinition, case.definition_id)
    move = move_case(run, load_bundle(session, bundle=bundle_ids, key=case.process_key),
                     version_label(source, target), version_label(target, source))
    if move.can_move:
        move.lines.extend(_called_lines(session, case.bundle, bundle_ids))
    return run, bundle_ids, move, source


def preview_migrations(session: Session, *, tenant: Tenant, actor: Actor, key: str, version: int) -> MigrationPreview:
    """The council's running cases of ``key`` on other versions, each moved in memory (nothing
    is written): what moving does to it, or why it cannot move."""
    require_owner(actor)
    target = target_version(session, tenant=tenant, key=key, version=version)
    preview = MigrationPreview(key=key, name=target.name, to_version=version_label(target), to_definition_id=target.id)
    for case in _running(session, tenant, target):
        _run, _bundle, move, source = _move(session, tenant, case, target)
        preview.cases.append(CasePreview(case.id, case.provider.name, version_label(source, target), move.can_move,
                                         move.lines, move.refusals))
    session.rollback()
    return preview


def _refusal(case: Case, target: ProcessDefinition, move: CaseMove) -> Invalid:
    reasons = "; ".join(move.refusals)
    return Invalid(f"case {case.id} cannot move to {version_label(target)}: {reasons}",
                   errors=[{"field": "/case_ids", "path": ["case_ids"], "message": text, "case_id": case.id}
                           for text in move.refusals])


@one_transaction
def migrate_case(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, target_id: int, note: str) -> CaseMigration:
    """Move one running case to the definition ``target_id``, as one transaction. Commits.

    A case that cannot move raises Invalid (nothing changed); one on the target already, or
    changed by someone else meanwhile, raises Conflict."""
    require_owner(actor)
    note = (note or "").strip()
    if not note:
        raise Invalid("say why the case moves (the note is kept in its history)",
                      errors=[{"field": "/note", "path": ["note"], "message": "required"}])
    case = get_case(session, tenant=tenant, case_id=case_id)
    target = session.get(ProcessDefinition, target_id)
    if target is None or target.key != case.process_key:
        raise NotFound(f"case {case_id} is not a case of that process")
    if case.status != CaseStatus.RUNNING:
        raise Conflict(f"case {case_id} is {case.status}; only running cases move to another version")
    if case.definition_id == target.id:
        raise Conflict(f"case {case_id} is already on {version_label(target)}")
    before_bundle = dict(case.bundle)
    run, bundle_ids, move, source = _move(session, tenant, case, target)
    before_parts = [{"key": p.key, "parent": p.parent, "spec": p.spec, "state": p.text} for p in run.parts.loaded.values()]
    if not move.can_move:
        raise _refusal(case, target, move)
    run.parts.rewrite_all()
    # A timer's due time is written once per timer; a recomputed one keeps its id.
    session.execute(delete(CaseTimer).where(CaseTimer.case_id == case.id))
    record(session, actor=actor, action="case_migrated", tenant_id=tenant.id, case_id=case.id, element_id=case.process_key,
           detail=f"moved from {version_label(source, target)} to {version_label(target, source)}: {note}",
           before={"version": source.version, "folder": source.folder},
           after={"version": target.version, "folder": target.folder, "note": note, "changes": move.lines})
    case.definition_id, case.bundle = target.id, bundle_ids
    save_run(session, case, run, actor)
    route_messages(session, tenant, case, run, actor)
    session.flush()
    migration = CaseMigration(
        tenant_id=tenant.id, case_id=case.id, from_definition_id=source.id, to_definition_id=target.id,
        from_bundle=before_bundle, to_bundle=bundle_ids, note=note, lines=move.lines, before_parts=before_parts,
        after_versions={key: part.version for key, part in run.parts.loaded.items()},
        created_parts=sorted(set(run.parts.loaded) - {p["key"] for p in before_parts}),
        audit_event_id=session.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.case_id == case.id)),
        moved_by_id=actor.user_id, moved_by=actor.label)
    session.add(migration)
    session.commit()
    return migration


def migrate_cases(session: Session, *, tenant: Tenant, actor: Actor, key: str, version: int, note: str,
                  case_ids: list[int] | None = None) -> list[MoveOutcome]:
    """Move the selected running cases (or every one on another version) of ``key``, each in
    its own transaction: one that cannot move, or collides, leaves the others moved."""
    require_owner(actor)
    target = target_version(session, tenant=tenant, key=key, version=version)
    if not (note or "").strip():
        raise Invalid("say why the cases move (the note is kept in each case's history)",
                      errors=[{"field": "/note", "path": ["note"], "message": "required"}])
    wanted = sorted(set(case_ids)) if case_ids is not None else [c.id for c in _running(session, tenant, target)]
    session.rollback()
    outcomes = []
    for case_id in wanted:
        try:
            migration = migrate_case(session, tenant=tenant, actor=actor, case_id=case_id, target_id=target.id, note=note)
        except Invalid as exc:
            outcomes.append(MoveOutcome(case_id, "refused", exc.detail))
        except (Conflict, NotFound) as exc:
            outcomes.append(MoveOutcome(case_id, "conflict" if isinstance(exc, Conflict) else "refused", exc.detail))
        except ServiceError:
            raise
        else:
            outcomes.append(MoveOutcome(case_id, "moved", f"case {case_id} moved to {version_label(target)}", migration.lines))
    return outcomes
