"""Roles a council user can hold. A user task's lane names the role (or roles) that may complete it.

A lane says its roles in its ``role`` property (slugs, separated by commas when any of several
may do its tasks) and carries a name people read::

    <bpmn:lane id="nurse_lane" name="Health board nurse assessor">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="role" value="health_board_nurse_assessor" />
      </spiffworkflow:properties></bpmn:extensionElements>
      ...

A lane without the property is read by its name, as older diagrams are: a slug
(``contract_officer``), a label that slugifies to one ("Contract officer"), or several of these
separated by commas. :func:`lane_text` gives what a lane says either way; the rest of this
module reads that text.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Any, Mapping

__all__ = ["Role", "role_for_lane", "roles_for_lane", "lane_role_slugs", "role_of_task", "task_roles", "roles_in_words", "lane_slug", "lane_text",
           "caller_named_lane", "LANE_ROLES", "CALLER_NAMED", "LANE_ROLE_PROPERTY"]

# The data a caller sets to name the role of a called process's lane that is not a role itself.
LANE_ROLES = "lane_roles"
# How a shared sub-process marks a lane whose role each caller names: "Chaser (named by the calling step)".
CALLER_NAMED = "(named by the calling step)"
# The lane property naming its role slugs (the lane's name is then only for people to read).
LANE_ROLE_PROPERTY = "role"
_SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


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


def lane_text(lane) -> str:
    """What a lane element (lxml) says about its roles: its ``role`` property, else its name (else id)."""
    # Its own properties only: a nested lane (childLaneSet) says its own.
    for prop in lane.iterfind(f"{_BPMN}extensionElements/{_SPIFF}properties/{_SPIFF}property"):
        if prop.get("name") == LANE_ROLE_PROPERTY and (prop.get("value") or "").strip():
            return prop.get("value").strip()
    return (lane.get("name") or lane.get("id") or "").strip()


@functools.lru_cache(maxsize=1024)  # a pure function of a diagram's lane names, asked on every describe
def lane_role_slugs(lane_text_: str | None) -> tuple[str, ...]:
    """The role slugs a lane's text names, known or not ("contract_officer, Police officer" ->
    both slugs); none for a lane whose role its caller names."""
    if not lane_text_ or caller_named_lane(lane_text_):
        return ()
    return tuple(dict.fromkeys(s for s in (lane_slug(part) for part in lane_text_.split(",")) if s))


def roles_for_lane(lane_text_: str | None) -> tuple[Role | str, ...]:
    """Every role a lane names, when each is a role (else none: the lane is not a role lane)."""
    roles = tuple(role_for_lane(slug) for slug in lane_role_slugs(lane_text_))
    return roles if roles and all(r is not None for r in roles) else ()


def task_roles(stored: str | None) -> tuple[str, ...]:
    """The roles of a stored task (``CaseTask.role``): one slug, or several separated by spaces."""
    return tuple((stored or "").split())


def roles_in_words(stored: str | None, labels: Mapping[str, str] | None = None) -> str:
    """A stored task role in words for a message: "contract officer or police officer", or by the
    council's labels when given ("Senior officer (ending Escalating Concerns)")."""
    labels = labels or {}
    words = [labels.get(slug) or slug.replace("_", " ") for slug in task_roles(stored)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}" if words else "officer"


def lane_slug(lane_name: str) -> str:
    """The key of a lane: its name in snake_case, without the caller-named mark."""
    name = lane_name.strip()
    if name.endswith(CALLER_NAMED):
        name = name[: -len(CALLER_NAMED)]
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def caller_named_lane(lane_name: str | None) -> bool:
    """True for a lane whose role the calling step names ("Chaser (named by the calling step)")."""
    return bool(lane_name) and lane_name.strip().endswith(CALLER_NAMED) and bool(lane_slug(lane_name))


def role_of_task(lane_name: str | None, data: Mapping[str, Any] | None) -> str | None:
    """The role that may complete a task in this lane: a slug, or several separated by spaces
    when the lane names several (any of them may complete it; :func:`task_roles` reads it back).

    A shared sub-process may leave a lane's role to its caller, as SpiffArena's lane owners
    do: such a lane takes the role the calling step names in
    its data, ``lane_roles = {"chaser": "head_of_service"}`` (set in the call activity's
    pre-script, where the process owner sees it), or several roles as a lane names them
    (``"contract_officer, quality_improvement"``: an organisation's officers, any of whom may do
    it). Such a lane says so in its name: "Chaser (named by the calling step)". A caller that
    names no role, or a role that is not one, leaves the task with none, which
    ``concerns explore`` reports.
    """
    if not caller_named_lane(lane_name):
        # Slugs as named, known or not: `concerns validate` checks them against each council's
        # roles, and a slug nobody holds leaves the task to nobody rather than to anyone.
        return " ".join(lane_role_slugs(lane_name)) or None
    named = (data or {}).get(LANE_ROLES)
    if isinstance(named, Mapping):
        return " ".join(str(r) for r in roles_for_lane(str(named.get(lane_slug(lane_name)) or ""))) or None
    return None
