"""The council settings a procedure reads, as its page shows them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .registry import declared

__all__ = ["ShownSetting", "settings_read_by", "procedure_settings"]


@dataclass(frozen=True)
class ShownSetting:
    key: str
    label: str
    value: str  # as a person reads it, e.g. "26 weeks"
    set_by_council: bool  # False: the declared default applies
    accepts: str  # what values the council may give
    source: str


def settings_read_by(diagram: str, folders: Iterable[str] | None = None) -> list[str]:
    """The declared keys a diagram's scripts and expressions name (as a quoted key)."""
    quoted = set(re.findall(r"""(?:"|'|&quot;|&apos;)([a-z][a-z0-9_]*)(?:"|'|&quot;|&apos;)""", diagram))
    return [s.key for s in declared(folders) if s.key in quoted]


def procedure_settings(diagram: str, thresholds: Mapping[str, Any] | None, folders: Iterable[str]) -> list[ShownSetting]:
    """Each council setting the diagram reads, with the council's value or the default."""
    council = dict(thresholds or {})
    keys = set(settings_read_by(diagram, folders))
    shown = []
    for item in declared(folders):
        if item.key not in keys:
            continue
        shown.append(ShownSetting(key=item.key, label=item.label, value=item.kind.shown(item.value_for(council)),
                                  set_by_council=item.key in council, accepts=item.kind.describe(), source=item.source))
    return shown
