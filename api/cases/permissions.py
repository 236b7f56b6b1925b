"""Who may start a case or send a message to one (issue 16): a role the procedure names; and
who may see a case at all (issue 23, need to know): :func:`may_see_case`.

A role the procedure names may be a base role or one the council declares (processes/tenants.toml,
the region's defaults): a lane naming "police_officer" lets a police user raise the concern, as
Wales Stage 1 lets any agency. The read-only base roles (viewer, partner) never start a case or
send a message unless the diagram names them (``startedBy``, engine/start_rules.py). A sub-process (called by another of the
council's procedures, or with a lane its caller names) is not started on its own unless its
diagram says who may. The system (timers, messages between cases, the explorer) is not a person
and is not checked here.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping

from sqlalchemy import ColumnElement, and_, false, literal, not_, or_, select, true, union
from sqlalchemy.orm import Session

from engine.computed import refuse_reserved_names
from engine.errors import TaskDataInvalid
from engine.roles import Role
from engine.start_rules import CALLERS_ONLY, READ_ONLY_ROLES, declared_start

from ..actors import Actor
from ..definitions.models import ProcessDefinition
from ..definitions.service import latest_for_tenant, resolve_bundle
from ..errors import Forbidden, Invalid
from ..tenants.models import Tenant
from ..users.models import User
from .models import Case, CaseInvitation, CaseTask

__all__ = ["check_may_start", "check_may_send", "start_case_as_person", "starters_of", "may_see_case", "seen_cases",
           "sees_only_invited", "reader_of", "set_reader"]

_ACTING_ROLES = frozenset(r.value for r in Role) - READ_ONLY_ROLES


@functools.lru_cache(maxsize=512)
def _declared(definition_id: int, key: str, bpmn: str):
    # A deployed version never changes: what its diagram says is read once per process.
    return declared_start(bpmn, key)


def _named_roles(session: Session, bundle_ids: Mapping[str, int]) -> set[str]:
    roles: set[str] = set()
    for definition_id in bundle_ids.values():
        roles.update(session.get(ProcessDefinition, definition_id).roles or ())
    return roles - READ_ONLY_ROLES


def starters_of(session: Session, *, tenant: Tenant, key: str) -> tuple[set[str], str | None]:
    """The roles that may start ``key`` for this council, and why nobody may (or None)."""
    definition, bundle_ids = resolve_bundle(session, tenant=tenant, key=key)
    declared = _declared(definition.id, key, definition.bpmn)
    refusal = (f"'{definition.name}' is a step of other procedures and is started by them, not on its own "
               "(its diagram may say otherwise with the process property startedBy)")
    if declared.started_by == (CALLERS_ONLY,):
        return set(), refusal
    if declared.started_by is not None:
        return set(declared.started_by), None
    called = any(key in (d.calls or ()) for d in latest_for_tenant(session, tenant=tenant))
    if called or declared.caller_named_lanes:
        return set(), refusal
    # A procedure whose diagrams name no role at all (a wrapper that only sends a referral on)
    # is started by any role that acts; the read-only ones still do not.
    return _named_roles(session, bundle_ids) or set(_ACTING_ROLES), None


def check_may_start(session: Session, *, tenant: Tenant, actor: Actor, key: str) -> None:
    """Forbidden unless ``actor`` holds a role that may start ``key``."""
    if actor.user is None:
        return
    roles, refusal = starters_of(session, tenant=tenant, key=key)
    if refusal:
        raise Forbidden(refusal)
    if not _holds_one(actor.user, roles):
        names = ", ".join(sorted(roles)) or "nobody"
        raise Forbidden(f"starting '{key}' needs one of the roles its procedure names: {names}")


def check_may_send(session: Session, *, actor: Actor, case: Case, name: str) -> None:
    """Forbidden unless ``actor`` holds a role the waiting case's procedure names."""
    if actor.user is None:
        return
    roles = _named_roles(session, case.bundle)
    if not _holds_one(actor.user, roles):
        raise Forbidden(f"sending '{name}' to case {case.id} needs one of the roles its procedure names: "
                        f"{', '.join(sorted(roles)) or 'nobody'}")


def start_case_as_person(session: Session, *, tenant: Tenant, actor: Actor, process_key: str, provider_id: int,
                         data: Mapping[str, Any] | None = None) -> Case:
    """Start a case for a person (REST or the web): only with a role that may start it. Commits."""
    from .service import start_case

    check_may_start(session, tenant=tenant, actor=actor, key=process_key)
    try:
        refuse_reserved_names(data or {})
    except TaskDataInvalid as exc:
        raise Invalid(str(exc), errors=[{"field": "/data" + e.pointer, "path": ["data", *e.path], "message": e.message}
                                        for e in exc.errors]) from None
    return start_case(session, tenant=tenant, actor=actor, process_key=process_key, provider_id=provider_id, data=data)


def _holds_one(user: User, roles: set[str]) -> bool:
    """Does the user hold one of ``roles`` that their council has (a base role or one it declares)?
    A name no council role answers to (a lane named in words nobody holds) lets nobody in."""
    known = user.tenant.declared_roles()
    return any(user.has_role(role) for role in roles if role in known)


# ----------------------------------------------------------------------------- need to know
# The person a request reads for, kept on its database session (api/auth.py sets it when the
# caller signs in): every read of a case by id (service.get_case, get_task) and every list and
# count of cases or tasks (seen_cases) asks for it. A session without one (the scheduler, the
# command line, messages between cases) reads as the system, which sees every case.
_READER = "concerns.reader"


def set_reader(session: Session, user: User | None) -> None:
    session.info[_READER] = user


def reader_of(session: Session) -> User | None:
    return session.info.get(_READER)


def sees_only_invited(user: User | None) -> bool:
    """A partner (police, regulator, NHS...): a person whose roles are all partner roles. The
    council's staff (viewers too) see every case of the council; a provider's user has the
    provider view and its own guard (api/provider_view)."""
    return user is not None and user.provider_id is None and not (user.roles - {Role.PARTNER})


def _invited(user: User, case_id: ColumnElement) -> ColumnElement[bool]:
    """The cases a partner sees (need to know, Caldicott): those its agency, or it by name, is
    invited to (not withdrawn); and those at a step of its own, open now (:func:`_own_step`).
    A step done is not a reason: once its part is done the case is the council's to share."""
    invitations = select(CaseInvitation.case_id).where(
        CaseInvitation.tenant_id == user.tenant_id, CaseInvitation.withdrawn_at.is_(None),
        or_(CaseInvitation.agency == user.agency, CaseInvitation.user_id == user.id))
    # Never correlated: a list of tasks asks this of its own case_task rows, and must get every open step's case.
    own_steps = select(CaseTask.case_id).where(CaseTask.tenant_id == user.tenant_id, _own_step(user)).correlate(None)
    return case_id.in_(union(invitations, own_steps))


def _own_step(user: User) -> ColumnElement[bool]:
    """An open step the partner holds (assigned to it), or may claim from a lane of its own: one
    naming a role it holds and no other agency's. A lane shared by several agencies (Wales Stage 1
    names every agency's roles; the base ``partner`` lane is any agency's) shows its cases to none
    of them until the step is given to one, so no partner sees every case of the county."""
    roles = user.tenant.declared_roles()
    held = (set(user.role_slugs) | {r.value for r in user.roles}) - {Role.PARTNER.value}
    others = {slug for slug, role in roles.items() if role.agency not in ("council", user.agency)} | {Role.PARTNER.value}
    # CaseTask.role holds one slug, or several separated by spaces (engine.roles.task_roles).
    spaced = literal(" ") + CaseTask.role + literal(" ")

    def names_any(slugs: set[str]) -> ColumnElement[bool]:
        return or_(false(), *(spaced.contains(f" {slug} ", autoescape=True) for slug in sorted(slugs)))

    claimable = and_(CaseTask.assignee_id.is_(None), names_any(held), not_(names_any(others)))
    return or_(CaseTask.assignee_id == user.id, claimable)


def seen_cases(session: Session, case_id: ColumnElement) -> ColumnElement[bool]:
    """The condition a list or count of cases (or of their tasks, documents...) adds, on its
    column holding the case id, so that it shows only what its reader may see."""
    user = reader_of(session)
    return _invited(user, case_id) if sees_only_invited(user) else true()


def may_see_case(session: Session, user: User | None, case: Case) -> bool:
    """May this person see this case? The one decision; lists ask it through :func:`seen_cases`.
    Another council's case is never seen."""
    if user is not None and user.tenant_id != case.tenant_id:
        return False
    if not sees_only_invited(user):
        return True
    return session.scalar(select(Case.id).where(Case.id == case.id, _invited(user, Case.id))) is not None
