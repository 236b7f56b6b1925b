"""Councils (tenants) and the ordered folders they draw their procedures from.

Process owners edit ``processes/tenants.toml``::

    [[tenant]]
    slug = "bridgend"
    name = "Bridgend County Borough Council"
    region = "wales"
    folders = ["bridgend", "wales", "shared"]   # most specific first
    closure_days = ["2026-12-31"]               # optional: the council's own closure days
    working_day_ends = 17                       # optional: hour a "within N working days" deadline falls due

    [tenant.thresholds]                         # optional: the council settings its folders declare
    significant_period_weeks = 26               # (engine/settings/); a key not declared is refused

    [tenant.roles.ciw_inspector]                # optional: the council's roles beyond its region's
    label = "CIW inspector"                     # (engine/declared_roles.py)
    agency = "regulator"
    acts_as = ["partner"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

from .declared_roles import council_roles, declared_role_problems
from .errors import DefinitionError, Problem
from .settings import key_lines, line_of, threshold_problems

__all__ = ["REGIONS", "TenantConfig", "load_tenants", "default_folders"]

REGIONS = ("england", "wales")
# What a [[tenant]] entry may hold; anything else (a misspelt table such as [tenant.threshold]) is refused.
_TENANT_KEYS = ("slug", "name", "region", "folders", "closure_days", "working_day_ends", "thresholds", "roles")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class TenantConfig:
    slug: str
    name: str
    region: str
    folders: tuple[str, ...]
    closure_days: tuple[str, ...] = ()
    working_day_ends: int = 17
    thresholds: dict[str, Any] = field(default_factory=dict)
    # Slug -> DeclaredRole: the base roles, the region's defaults and the council's own (issue 23).
    roles: dict[str, Any] = field(default_factory=dict)


def default_folders(slug: str) -> tuple[str, ...]:
    """A new council draws first from its own folder, then from shared."""
    return (slug, "shared")


def load_tenants(path: Path) -> list[TenantConfig]:
    """Read and check the tenants file; every problem is reported at once."""
    display = str(path)
    text, raw = _read_toml(path, display)
    lines = key_lines(text)
    problems: list[Problem] = []
    tenants: list[TenantConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("tenant", []), start=1):
        tenant, found = _tenant_from_entry(entry, index, display, partial(line_of, lines, index), seen)
        problems.extend(found)
        if tenant is not None:
            tenants.append(tenant)
    if problems:
        raise DefinitionError(problems)
    return tenants


def _read_toml(path: Path, display: str) -> tuple[str, dict[str, Any]]:
    """The file's text and what it holds; DefinitionError when it is missing or not TOML."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise DefinitionError([Problem(display, None, None, "the tenants file does not exist")]) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise DefinitionError([Problem(display, line, None, f"not valid TOML: {exc}")]) from None
    return text, raw


def _tenant_from_entry(entry: dict, index: int, file: str, line: Callable[[str], int | None],
                  seen: set[str]) -> tuple[TenantConfig | None, list[Problem]]:
    """The council a [[tenant]] entry describes, and its problems; no council when its slug or its
    folders are unusable, as nothing else about it can then be checked. ``seen`` collects the slugs."""
    slug = entry.get("slug", "")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        return None, [Problem(file, line("slug"), f"tenant #{index}",
                              f"slug {slug!r} must be lower-case letters, digits and hyphens, e.g. 'neath-port-talbot'")]
    problems = _entry_problems(entry, file, slug, line)
    if slug in seen:
        problems.append(Problem(file, None, slug, "this slug is listed twice; each council appears once"))
    seen.add(slug)
    region = entry.get("region")
    if region not in REGIONS:
        problems.append(Problem(file, None, slug, f"region must be one of {', '.join(REGIONS)}, got {region!r}"))
    folders = entry.get("folders") or list(default_folders(slug))
    if not isinstance(folders, list) or not all(isinstance(f, str) and f for f in folders):
        problems.append(Problem(file, None, slug, "folders must be a list of folder names, most specific first"))
        return None, problems
    problems.extend(_council_setting_problems(entry, folders, file, slug, line))
    return _tenant_config(entry, slug, folders), problems


def _council_setting_problems(entry: dict, folders: list[str], file: str, council: str,
                              line: Callable[[str], int | None]) -> list[Problem]:
    """The council's thresholds and roles (checked against what its folders declare), its name and
    the hour its working day ends."""
    problems: list[Problem] = []
    problems.extend(threshold_problems(entry.get("thresholds", {}), folders, file=file, council=council, line=line))
    problems.extend(declared_role_problems(entry.get("roles"), file=file, council=council, line=line))
    if not entry.get("name"):
        problems.append(Problem(file, None, council, "name is required, e.g. \"Bridgend County Borough Council\""))
    hour = entry.get("working_day_ends", 17)
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        problems.append(Problem(file, None, council, f"working_day_ends must be an hour from 0 to 23, got {hour!r}"))
    return problems


def _tenant_config(entry: dict, slug: str, folders: list[str]) -> TenantConfig:
    """The council as the entry gives it, defaults filling what it leaves out."""
    region = entry.get("region") or "england"
    hour = entry.get("working_day_ends", 17)
    roles = entry.get("roles")
    return TenantConfig(
        slug=slug,
        name=entry.get("name", slug),
        region=region,
        folders=tuple(folders),
        closure_days=tuple(str(d) for d in entry.get("closure_days", [])),
        working_day_ends=hour if isinstance(hour, int) else 17,
        thresholds=dict(entry.get("thresholds", {})),
        roles=council_roles(region, roles if isinstance(roles, dict) else None),
    )


def _entry_problems(entry: dict, file: str, council: str, line) -> list[Problem]:
    """Keys a [[tenant]] entry may not hold, each with its line and the keys it may."""
    return [
        Problem(file, line(key), council, f"'{key}' is not something a council entry holds; it may hold: "
                f"{', '.join(_TENANT_KEYS)} (council settings go under [tenant.thresholds])")
        for key in entry if key not in _TENANT_KEYS
    ]
