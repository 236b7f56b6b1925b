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

from ..tenants.models import Tenant
from ..users.models import User

__all__ = ["UnstaffedLane", "unstaffed_lanes"]


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
