"""Councils (tenants) and the ordered folders they draw their procedures from.

Process owners edit ``processes/tenants.toml``::

    [[tenant]]
    slug = "bridgend"
    name = "Bridgend County Borough Council"
    region = "wales"
    folders = ["bridgend", "wales", "shared"]   # most specific first
    closure_days = ["2026-12-31"]               # optional: the council's own closure days
    working_day_ends = 17                       # optional: hour a "within N working days" deadline falls due

    [tenant.thresholds]                         # optional: judgement thresholds the scripts recommend with
    initial_assessment_implement = 20
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DefinitionError, Problem

__all__ = ["REGIONS", "TenantConfig", "load_tenants", "default_folders"]

REGIONS = ("england", "wales")
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


def default_folders(slug: str) -> tuple[str, ...]:
    """A new council draws first from its own folder, then from shared."""
    return (slug, "shared")


def load_tenants(path: Path) -> list[TenantConfig]:
    """Read and check the tenants file; every problem is reported at once."""
    display = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DefinitionError([Problem(display, None, None, "the tenants file does not exist")]) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise DefinitionError([Problem(display, line, None, f"not valid TOML: {exc}")]) from None
    problems: list[Problem] = []
    tenants: list[TenantConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("tenant", []), start=1):
        where = f"tenant #{index}"
        slug = entry.get("slug", "")
        if not isinstance(slug, str) or not _SLUG.match(slug):
            problems.append(Problem(display, None, where, f"slug {slug!r} must be lower-case letters, digits and hyphens, e.g. 'neath-port-talbot'"))
            continue
        where = slug
        if slug in seen:
            problems.append(Problem(display, None, where, "this slug is listed twice; each council appears once"))
        seen.add(slug)
        region = entry.get("region")
        if region not in REGIONS:
            problems.append(Problem(display, None, where, f"region must be one of {', '.join(REGIONS)}, got {region!r}"))
        folders = entry.get("folders") or list(default_folders(slug))
        if not isinstance(folders, list) or not all(isinstance(f, str) and f for f in folders):
            problems.append(Problem(display, None, where, "folders must be a list of folder names, most specific first"))
            continue
        if not entry.get("name"):
            problems.append(Problem(display, None, where, "name is required, e.g. \"Bridgend County Borough Council\""))
        hour = entry.get("working_day_ends", 17)
        if not isinstance(hour, int) or not 0 <= hour <= 23:
            problems.append(Problem(display, None, where, f"working_day_ends must be an hour from 0 to 23, got {hour!r}"))
        tenants.append(
            TenantConfig(
                slug=slug,
                name=entry.get("name", slug),
                region=region or "england",
                folders=tuple(folders),
                closure_days=tuple(str(d) for d in entry.get("closure_days", [])),
                working_day_ends=hour if isinstance(hour, int) else 17,
                thresholds=dict(entry.get("thresholds", {})),
            )
        )
    if problems:
        raise DefinitionError(problems)
    return tenants
