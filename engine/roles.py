"""Roles a council user can hold. A user task's lane names the role that may complete it."""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["Role", "role_for_lane"]


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


def role_for_lane(lane_name: str | None) -> Role | None:
    """The role a lane stands for. Lanes are named by role slug (``contract_officer``); a
    readable label that slugifies to one ("Contract officer") is accepted too."""
    if not lane_name:
        return None
    slug = re.sub(r"[^a-z0-9]+", "_", lane_name.strip().lower()).strip("_")
    try:
        return Role(slug)
    except ValueError:
        return None
