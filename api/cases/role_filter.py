"""Which open tasks a set of roles may do, as a condition the task indexes can serve.

A task's role is one slug, or several separated by spaces when its lane names several
(engine.roles.task_roles). Matching "any of these roles" with text patterns made PostgreSQL
read every task of the council for each inbox count. Instead the role texts in use are read
first, one index probe each (a loose index scan: a council has a few dozen, whatever its number
of tasks), and the condition is ``role IN`` those texts naming one of the roles: an index range.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from engine.roles import task_roles

from .models import CaseTask

__all__ = ["for_roles", "role_texts_in_use"]


def role_texts_in_use(session: Session, tenant_id: int) -> list[str]:
    """Every distinct role text among the council's open tasks, each found by one probe of the
    (tenant, role) index for the next one up (no scan of the tasks themselves)."""
    in_tenant = CaseTask.tenant_id == tenant_id
    found = select(func.min(CaseTask.role).label("role")).where(in_tenant).cte("role_texts", recursive=True)
    following = select(func.min(CaseTask.role)).where(in_tenant, CaseTask.role > found.c.role).scalar_subquery()
    found = found.union_all(select(following).where(found.c.role.is_not(None)))
    return [role for role in session.scalars(select(found.c.role)) if role is not None]


def for_roles(session: Session, tenant_id: int, roles: set[str]) -> ColumnElement[bool]:
    """Tasks any of ``roles`` may do: those of one of them, and those whose lane names several,
    one of them among these."""
    texts = [text for text in role_texts_in_use(session, tenant_id) if roles & set(task_roles(text))] if roles else []
    return CaseTask.role.in_(texts) if texts else false()
