"""Roles a council user can hold. A user task's lane names the role that may complete it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Mapping

__all__ = ["Role", "role_for_lane", "role_of_task", "lane_slug", "caller_named_lane", "LANE_ROLES", "CALLER_NAMED"]

# The data a caller sets to name the role of a called process's lane that is not a role itself.
LANE_ROLES = "lane_roles"
# How a shared sub-process marks a lane whose role each caller names: "Chaser (named by the calling step)".
CALLER_NAMED = "(named by the calling step)"


class Role(StrEnum):
    ADMIN = "admin"
    PROCESS_OWNER = "process_owner"
    CONTRACT_OFFICER = "contract_officer"
    QUALITY_IMPROVEMENT = "quality_improvement"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    CHAIR = "chair"
    PARTNER = "partner"
    HEAD_OF_SERVICE = "head_of_service"
    LEGAL = "legal"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def role_for_lane(lane_name: str | None) -> Role | str | None:
    """The role a lane stands for. Lanes are named by role slug (``contract_officer``); a
    readable label that slugifies to one ("Contract officer", "Health board nurse assessor") is
    accepted too: a base role, or a role the regions declare (engine/declared_roles.py)."""
    if not lane_name:
        return None
    slug = lane_slug(lane_name)
    try:
        return Role(slug)
    except ValueError:
        from .declared_roles import REGIONAL_ROLES  # it builds on this module

        return slug if any(r.slug == slug for roles in REGIONAL_ROLES.values() for r in roles) else None


def lane_slug(lane_name: str) -> str:
    """The key of a lane: its name in snake_case, without the caller-named mark."""
    name = lane_name.strip()
    if name.endswith(CALLER_NAMED):
        name = name[: -len(CALLER_NAMED)]
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def caller_named_lane(lane_name: str | None) -> bool:
    """True for a lane whose role the calling step names ("Chaser (named by the calling step)")."""
    return bool(lane_name) and lane_name.strip().endswith(CALLER_NAMED) and bool(lane_slug(lane_name))


def role_of_task(lane_name: str | None, data: Mapping[str, Any] | None) -> Role | str | None:
    """The role that may complete a task in this lane.

    A shared sub-process may leave a lane's role to its caller, as SpiffArena's lane owners
    do: such a lane takes the role the calling step names in
    its data, ``lane_roles = {"chaser": "head_of_service"}`` (set in the call activity's
    pre-script, where the process owner sees it). Such a lane says so in its name: "Chaser
    (named by the calling step)". A caller that names no role leaves the task with none, which
    ``concerns explore`` reports.
    """
    role = role_for_lane(lane_name)
    if role is not None or not caller_named_lane(lane_name):
        return role
    named = (data or {}).get(LANE_ROLES)
    if isinstance(named, Mapping):
        return role_for_lane(str(named.get(lane_slug(lane_name)) or ""))
    return None
