"""Assigning a task to a named colleague, and naming a case's owner.

Claiming (service.claim_task) is taking a task for oneself; assigning hands it to someone else
who holds the task's role. Each change is one commit with its audit event, and queues the alert
the assignee asked for (api.alerts), in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.roles import Role, roles_in_words, task_roles

from ..actors import Actor
from ..audit.service import record
from ..errors import Forbidden, Invalid
from ..tenants.models import Tenant
from ..users.models import User, UserRole
from .models import Case, CaseTask
from .service import get_case, get_task

__all__ = ["assign_task", "set_case_owner", "colleagues_for", "assignees_for", "owners_for", "MAY_ASSIGN"]

# Who may hand a task to someone else, besides those who hold its role.
MAY_ASSIGN = (Role.HEAD_OF_SERVICE, Role.ADMIN)
# Who may own a case: the officers who run cases.
OWNER_ROLES = (Role.CONTRACT_OFFICER, Role.QUALITY_IMPROVEMENT, Role.SAFEGUARDING_LEAD, Role.HEAD_OF_SERVICE, Role.CHAIR)


def colleagues_for(session: Session, *, tenant: Tenant, role: str | None) -> list[User]:
    """The council's active users who hold ``role`` (any officer who may own a case when None)."""
    roles = list(task_roles(role)) if role else [r.value for r in OWNER_ROLES]
    query = (select(User).join(UserRole, UserRole.user_id == User.id)
             .where(User.tenant_id == tenant.id, User.active.is_(True), UserRole.role.in_(roles))
             .order_by(User.name, User.email).distinct())
    return list(session.scalars(query))


def _colleague(session: Session, tenant: Tenant, user_id: int | None, role: str | None, what: str,
               field: str = "assignee_id") -> User:
    user = session.get(User, user_id) if user_id else None
    if user is None or user.tenant_id != tenant.id or not user.active:
        message = f"Choose a colleague to {what}: an active user of this council"
        raise Invalid(message, errors=[{"field": f"/{field}", "path": [field], "message": message}])
    if role and not user.has_role(role):
        message = f"{user.name or user.email} does not have the {roles_in_words(role)} role this task needs"
        raise Invalid(message, errors=[{"field": f"/{field}", "path": [field], "message": message}])
    return user


def _require_may_assign(actor: Actor, row: CaseTask) -> None:
    if not (actor.has_role(row.role) if row.role else True) and not any(actor.has_role(r) for r in MAY_ASSIGN):
        raise Forbidden(f"only a {roles_in_words(row.role)}, a head of service or an administrator can assign this task")


def _require_may_name_owner(actor: Actor) -> None:
    if actor.user is not None and not any(actor.has_role(r) for r in (*OWNER_ROLES, Role.ADMIN)):
        raise Forbidden("only an officer, a head of service or an administrator can name a case's owner")


def assignees_for(session: Session, *, tenant: Tenant, actor: Actor, task_id: str) -> list[User]:
    """The colleagues ``actor`` may give the task to (those holding its role)."""
    row = get_task(session, tenant=tenant, task_id=task_id)
    _require_may_assign(actor, row)
    return colleagues_for(session, tenant=tenant, role=row.role)


def owners_for(session: Session, *, tenant: Tenant, actor: Actor, case_id: int) -> list[User]:
    """The officers ``actor`` may name as the case's owner."""
    get_case(session, tenant=tenant, case_id=case_id)
    _require_may_name_owner(actor)
    return colleagues_for(session, tenant=tenant, role=None)


def assign_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, assignee_id: int | None) -> CaseTask:
    """Give the task to a named colleague who holds its role (or back to the team with None). Commits."""
    row = get_task(session, tenant=tenant, task_id=task_id)
    _require_may_assign(actor, row)
    before = row.assignee_id
    if assignee_id is None:
        row.assignee_id = None
        detail = "back to the team"
    else:
        user = _colleague(session, tenant, assignee_id, row.role, "assign the task to")
        row.assignee_id = user.id
        detail = f"to {user.name or user.email}"
        from ..alerts.service import queue_assignment_alert

        queue_assignment_alert(session, user=user, task=row, by=actor)
    record(session, actor=actor, action="task_assigned", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id,
           task_id=task_id, detail=f"{row.name} {detail}", before={"assignee_id": before}, after={"assignee_id": row.assignee_id})
    session.commit()
    return row


def set_case_owner(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, owner_id: int) -> Case:
    """Name the officer who owns the case. Commits."""
    _require_may_name_owner(actor)
    case = get_case(session, tenant=tenant, case_id=case_id)
    user = _colleague(session, tenant, owner_id, None, "own the case", "owner_id")
    if not any(user.has_role(r) for r in OWNER_ROLES):
        raise Invalid(f"{user.name or user.email} is not an officer who can own a case",
                      errors=[{"field": "/owner_id", "path": ["owner_id"], "message": "Choose an officer who runs cases"}])
    before = case.owner_id
    case.owner_id = user.id
    record(session, actor=actor, action="case_owner_changed", tenant_id=tenant.id, case_id=case.id,
           detail=f"Owner: {user.name or user.email}", before={"owner_id": before}, after={"owner_id": user.id})
    session.commit()
    return case
