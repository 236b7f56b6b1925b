"""Who will do a procedure's steps: the roles its lanes name that nobody at the council holds.

A step in a lane whose role no active person of the council holds waits for ever: nobody sees it
in their inbox, and its chases go to nobody. Deploying such a version is allowed (the council may
give the role to someone the same day), but the deploy page says so first, naming each role and
its steps, so a process owner is never surprised by a case that stalls.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.lane_checks import person_steps_by_lane
from engine.roles import lane_role_slugs, roles_in_words
from engine.xmlsafe import parse_xml

from ..definitions.service import latest_for_tenant
from ..tenants.models import Tenant
from ..tenants.service import get_tenant
from ..users.models import User

__all__ = ["UnstaffedLane", "unstaffed_lanes", "unstaffed_warnings"]


@dataclass(frozen=True)
class UnstaffedLane:
    roles: str  # in the council's words: "Escalating Concerns Coordination Group"
    steps: tuple[str, ...]


def unstaffed_lanes(session: Session, *, tenant: Tenant, bpmn: str) -> list[UnstaffedLane]:
    """The lanes of a diagram holding people's steps whose roles no active council user holds
    (a provider's user never does a council's step)."""
    people = session.scalars(select(User).where(User.tenant_id == tenant.id, User.active.is_(True),
                                                User.provider_id.is_(None))).all()
    labels = {slug: role.label for slug, role in tenant.declared_roles().items()}
    unstaffed = []
    for text, steps in person_steps_by_lane(parse_xml(bpmn).getroot()).items():
        task_role = " ".join(lane_role_slugs(text))  # as a task of the lane stores it: any of these may do it
        if task_role and not any(person.has_role(task_role) for person in people):
            unstaffed.append(UnstaffedLane(roles_in_words(task_role, labels), tuple(steps)))
    return unstaffed


def unstaffed_warnings(session: Session, slugs: list[str]) -> list[str]:
    """``concerns deploy``'s warning for each role a council's procedures need that none of its
    people holds (a council with no users yet, as on a fresh install before ``concerns demo``, is
    left out: everything would be unstaffed)."""
    lines = []
    for slug in slugs:
        tenant = get_tenant(session, slug=slug)
        if session.scalar(select(User.id).where(User.tenant_id == tenant.id).limit(1)) is None:
            continue
        for definition in latest_for_tenant(session, tenant=tenant):
            for lane in unstaffed_lanes(session, tenant=tenant, bpmn=definition.bpmn):
                lines.append(f"warning: council {slug}: nobody holds {lane.roles}, which '{definition.name}' needs for: "
                             f"{'; '.join(lane.steps)} (a case reaching these steps would wait: give the role to someone)")
    return lines
