"""Roles as data (issue 23): each council's roles, with the agency each belongs to.

A council declares its roles in ``processes/tenants.toml``, on top of its region's defaults::

    [tenant.roles.health_board_nurse_assessor]
    label = "Health board nurse assessor"     # what people read (lanes, task lists)
    agency = "nhs"                             # council, nhs, police, regulator, neighbouring_council, provider
    acts_as = ["partner"]                      # the base roles (engine.roles.Role) whose capabilities it has

The base roles (``engine.roles.Role``) are always there, each its own declared role; a declared
role maps onto them, so code that checks a base role keeps working. The need-to-know policy
(engine/visibility.py) reads the agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from .errors import Problem
from .roles import Role
from .visibility import AGENCIES

__all__ = ["DeclaredRole", "REGIONAL_ROLES", "base_roles", "council_roles", "declared_role_problems"]

_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_KEYS = ("label", "agency", "acts_as")


@dataclass(frozen=True)
class DeclaredRole:
    slug: str
    label: str
    agency: str
    acts_as: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "label": self.label, "agency": self.agency, "acts_as": list(self.acts_as)}


def base_roles() -> dict[str, DeclaredRole]:
    """The base roles, each a council role acting as itself (``partner``: any other agency)."""
    return {r.value: DeclaredRole(r.value, r.label, "partner" if r is Role.PARTNER else "council", (r.value,)) for r in Role}


def _partner(slug: str, label: str, agency: str) -> DeclaredRole:
    return DeclaredRole(slug, label, agency, (Role.PARTNER.value,))


def _council(slug: str, label: str, acts_as: Role) -> DeclaredRole:
    return DeclaredRole(slug, label, "council", (acts_as.value,))


# The agencies the seeds name, region by region (a council may relabel or add to them).
REGIONAL_ROLES: dict[str, tuple[DeclaredRole, ...]] = {
    "england": (
        _partner("icb_nurse_assessor", "ICB nurse assessor", "nhs"),
        _partner("cqc_inspector", "CQC inspector", "regulator"),
        _partner("police_officer", "Police officer", "police"),
        _partner("neighbouring_council_officer", "Neighbouring council officer", "neighbouring_council"),
    ),
    "wales": (
        _partner("health_board_nurse_assessor", "Health board nurse assessor", "nhs"),
        _partner("health_board_lead", "Health board lead", "nhs"),
        _partner("ciw_inspector", "CIW inspector", "regulator"),
        _partner("police_officer", "Police officer", "police"),
        _partner("neighbouring_council_officer", "Neighbouring council officer", "neighbouring_council"),
        # The bodies seed 004 names for Escalating Concerns' decisions, each the council's own (a
        # head of service holds none of them unless given it). acts_as gives each what its work needs
        # and no more: the Coordination Group reads the council's cases and takes its own decision
        # (Appendix 2 note); the senior officer who formally ends Escalating Concerns (4.9, Stage 4)
        # and the strategic lead (Appendix 8) are senior managers, who assign, own cases and read
        # reports; the lead officer coordinates day-to-day implementation (Stage 2b, Appendix 8)
        # and chases its missed timescales, as contracting officers "take a lead role" (Appendix 1).
        _council("ec_coordination_group", "Escalating Concerns Coordination Group", Role.VIEWER),
        _council("ec_senior_officer", "Senior officer (ending Escalating Concerns)", Role.HEAD_OF_SERVICE),
        _council("ec_strategic_lead", "Escalating Concerns strategic lead", Role.HEAD_OF_SERVICE),
        _council("ec_lead_officer", "Escalating Concerns lead officer", Role.CONTRACT_OFFICER),
    ),
}


def council_roles(region: str, declared: dict[str, dict] | None) -> dict[str, DeclaredRole]:
    """Slug -> role for a council: the base roles, its region's defaults, then its own (which win)."""
    roles = base_roles()
    roles.update({r.slug: r for r in REGIONAL_ROLES.get(region, ())})
    for slug, entry in (declared or {}).items():
        roles[slug] = DeclaredRole(slug, str(entry.get("label") or slug.replace("_", " ").capitalize()),
                                   str(entry.get("agency") or "council"), tuple(entry.get("acts_as") or ()))
    return roles


def declared_role_problems(declared: Any, *, file: str, council: str, line: Callable[[str], int | None]) -> list[Problem]:
    """Everything wrong with a council's [tenant.roles.*] tables, each with its line and the fix."""
    if declared is None:
        return []
    if not isinstance(declared, dict):
        return [Problem(file, line("roles"), council, "roles are tables: [tenant.roles.<slug>] with label, agency and acts_as")]
    problems = []
    base = {r.value for r in Role}
    for slug, entry in declared.items():
        at = line(f"roles.{slug}")
        if not _SLUG.match(slug):
            problems.append(Problem(file, at, council, f"role slug {slug!r} must be snake_case letters and digits, e.g. 'ciw_inspector'"))
        if not isinstance(entry, dict):
            problems.append(Problem(file, at, council, f"role '{slug}' must be a table with label, agency and acts_as"))
            continue
        problems += [Problem(file, line(f"roles.{slug}.{k}"), council, f"role '{slug}': '{k}' is not known; a role has {', '.join(_KEYS)}")
                     for k in entry if k not in _KEYS]
        if not str(entry.get("label") or "").strip():
            problems.append(Problem(file, at, council, f"role '{slug}' needs a label people read, e.g. \"CIW inspector\""))
        if entry.get("agency") not in AGENCIES:
            problems.append(Problem(file, line(f"roles.{slug}.agency"), council,
                                    f"role '{slug}': agency must be one of {', '.join(AGENCIES)}, got {entry.get('agency')!r}"))
        acts_as = entry.get("acts_as")
        unknown = [r for r in acts_as if r not in base] if isinstance(acts_as, list) else None
        if not acts_as or unknown:
            problems.append(Problem(file, line(f"roles.{slug}.acts_as"), council,
                                    f"role '{slug}': acts_as must list base roles ({', '.join(sorted(base))})"
                                    + (f"; unknown: {', '.join(map(str, unknown))}" if unknown else "")))
    return problems
