"""Field names and ids: how a path in the data becomes a form control's name and id."""

from __future__ import annotations

import calendar
import re

__all__ = ["ADD_ANOTHER", "REMOVE", "field_name", "field_id"]

ADD_ANOTHER, REMOVE = "_add_another", "_remove"  # the names of the list buttons
INDEX = "%index%"  # the row number in the name/id templates the MoJ script fills in
DATE_PARTS = ("day", "month", "year")
CHOICE_KINDS = ("radios", "select", "boolean", "checkbox", "checkboxes")
_COMPONENTS = "forms/components.html"
_MISSING = object()
_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_MONTHS = {name.lower(): n for n in range(1, 13) for name in (calendar.month_name[n], calendar.month_abbr[n])}
_MONTHS["sept"] = 9



# ---------------------------------------------------------------- names and ids

def field_name(path) -> str:
    """The HTML name of the field at a data path: ``actions[0].owner``."""
    name = ""
    for part in path:
        if isinstance(part, int) or part == INDEX:
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def field_id(path, id_prefix: str = "") -> str:
    """The HTML id of the field at a data path: ``actions-0-owner`` (after the prefix)."""
    return id_prefix + "-".join(str(part) for part in path)


def _norm_path(path) -> tuple:
    """Paths from JSON (pointers, API errors) may carry indexes as strings."""
    return tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in (path or ()))


def _key(path) -> tuple[str, ...]:
    return tuple(str(p) for p in path)


def _error(path, message: str, parts=None) -> dict:
    return {"path": list(path), "message": message, **({"parts": list(parts)} if parts else {})}
