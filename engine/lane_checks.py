"""Lanes and the roles they name (issue 23: roles and agencies are data).

Every lane holding a step a person does, or saying its roles in its ``role`` property, must name
roles each council drawing from the folder declares (``processes/tenants.toml``: the base roles,
the region's defaults, the council's own). A lane naming only provider roles is refused too: a
provider's user reaches the provider view and nothing else (api/provider_view/guard.py), so
nobody could do its steps.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from .declared_roles import REGIONAL_ROLES, base_roles
from .roles import CALLER_NAMED, LANE_ROLE_PROPERTY, caller_named_lane, lane_role_slugs, lane_text

__all__ = ["ANY_COUNCIL", "RoleBook", "check_lanes", "default_role_book", "lanes_by_node", "person_steps_by_lane", "role_book"]

_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
_PERSON_TASKS = ("userTask", "manualTask", "task")

# Council (name as reported) -> its roles (slug -> DeclaredRole). Without councils (a loose file,
# a test), a lane may name any base role or any region's default.
RoleBook = Mapping[str, Mapping[str, Any]]
ANY_COUNCIL = "any council"


def default_role_book() -> dict[str, dict[str, Any]]:
    roles = base_roles()
    roles.update({r.slug: r for region in REGIONAL_ROLES.values() for r in region})
    return {ANY_COUNCIL: roles}


def role_book(folder: str, tenants: Iterable[Any]) -> dict[str, Mapping[str, Any]]:
    """The roles of each council (engine.tenants.TenantConfig) drawing from ``folder``; the
    default book when none does (a folder no council uses yet)."""
    book = {t.slug: t.roles for t in tenants if folder in t.folders and t.roles}
    return book or default_role_book()


def lanes_by_node(root) -> dict[str, str]:
    """Each flow node's lane, as :func:`engine.roles.lane_text` reads it (its role property, else
    its name). A node inside a sub-process is in the sub-process's lane, as SpiffWorkflow runs it
    (lanes list a process's own nodes only)."""
    lanes: dict[str, str] = {}
    for lane in root.iterfind(".//bpmn:lane", _NS):
        text = lane_text(lane)
        for ref in lane.iterfind("bpmn:flowNodeRef", _NS):
            if ref.text:
                lanes[ref.text.strip()] = text
    for sub in root.iterfind(".//bpmn:subProcess", _NS):
        lane = lanes.get(sub.get("id"))
        if lane is None:
            continue
        for inner in sub.iter():
            if isinstance(inner.tag, str) and inner.get("id") and inner.get("id") not in lanes:
                lanes[inner.get("id")] = lane
    return lanes


def _declares_roles(lane) -> bool:
    return any(p.get("name") == LANE_ROLE_PROPERTY for p in lane.iterfind("bpmn:extensionElements/{*}properties/{*}property", _NS))


def _holds_person_steps(lane, process) -> bool:
    """Does a step a person does sit in the lane, itself or inside a sub-process in the lane?"""
    refs = {ref.text.strip() for ref in lane.iterfind("bpmn:flowNodeRef", _NS) if ref.text}
    for tag in _PERSON_TASKS:
        for task in process.iterfind(f".//bpmn:{tag}", _NS):
            if any(node.get("id") in refs for node in (task, *task.iterancestors())):
                return True
    return False


def check_lanes(check, process, councils: RoleBook | None = None) -> None:
    """Report each lane naming a role some council does not declare, or only provider roles."""
    councils = councils or default_role_book()
    for lane in process.iterfind(".//bpmn:lane", _NS):
        text = lane_text(lane)
        if caller_named_lane(text) or not (_declares_roles(lane) or _holds_person_steps(lane, process)):
            continue
        slugs = lane_role_slugs(text)
        if not slugs:
            check.add(f"the lane '{lane.get('id')}' names no role; give it the property {LANE_ROLE_PROPERTY} with the role "
                      f"slug(s) of who does its steps (or, in a shared sub-process, name it 'Label {CALLER_NAMED}')", lane)
            continue
        _check_against_councils(check, lane, text, slugs, councils)


def _check_against_councils(check, lane, text: str, slugs: tuple[str, ...], councils: RoleBook) -> None:
    """One problem per outcome, naming every council it holds for (councils share their region's roles)."""
    where = f"the lane '{lane.get('id')}' ('{lane.get('name') or text}')"
    unknown: dict[tuple, list[str]] = {}
    provider_only: list[str] = []
    for council, roles in councils.items():
        missing = tuple(s for s in slugs if s not in roles)
        if missing:
            unknown.setdefault((missing, tuple(sorted(roles))), []).append(council)
        elif all(getattr(roles[s], "agency", None) == "provider" for s in slugs):
            provider_only.append(council)
    for (missing, known), whom in unknown.items():
        by = "is not a role" if whom == [ANY_COUNCIL] else f"is not a role declared for {', '.join(sorted(whom))}"
        check.add(f"{where} names {', '.join(repr(s) for s in missing)}, which {by} (processes/tenants.toml, "
                  f"[tenant.roles.<slug>]); give the lane the property {LANE_ROLE_PROPERTY} with one of the known roles: "
                  f"{', '.join(known)}", lane)
    if provider_only:
        check.add(f"{where} names only provider roles ({', '.join(slugs)}): a provider's user reaches only the provider "
                  "view, so nobody could do its steps; put them in the lane of a council or partner role", lane)


def person_steps_by_lane(root) -> dict[str, list[str]]:
    """Each lane text that people's steps sit in -> the names of those steps, in the order drawn
    (lanes a calling step names at run time are left out: their role is not in the diagram)."""
    lanes = lanes_by_node(root)
    steps: dict[str, list[str]] = {}
    for tag in _PERSON_TASKS:
        for task in root.iterfind(f".//bpmn:{tag}", _NS):
            text = lanes.get(task.get("id"))
            if text and not caller_named_lane(text):
                steps.setdefault(text, []).append(task.get("name") or task.get("id"))
    return steps
