"""Where each key of ``processes/tenants.toml`` is written, so a problem can name its line.

``tomllib`` gives values, not positions; the file's layout is simple enough (``[[tenant]]``
entries, ``[tenant.thresholds]`` tables, ``key = value`` lines, inline tables) to find them.
"""

from __future__ import annotations

import re

__all__ = ["key_lines", "line_of"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$""")
_INLINE_KEY = re.compile(r"""[{,]\s*("[^"]+"|'[^']+'|[A-Za-z0-9_-]+)\s*=""")


def _bare(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def key_lines(text: str) -> dict[tuple[int, str], int]:
    """``(tenant number from 1, dotted key under the tenant)`` → line number, e.g.
    ``(4, "thresholds.update_meeting_weeks.low")``; a table header counts as its key's line."""
    found: dict[tuple[int, str], int] = {}
    tenant = 0
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = _bare(header.group(2))
            if header.group(1) == "[[" and name == "tenant":
                tenant += 1
                table = ""
                found[(tenant, "")] = number
            elif name.startswith("tenant."):
                table = name[len("tenant."):]
                found.setdefault((tenant, table), number)
            else:
                table = None
            continue
        key = _KEY.match(line)
        if key is None or not tenant or table is None:
            continue
        path = ".".join(p for p in (table, _bare(key.group(1))) if p)
        found.setdefault((tenant, path), number)
        for inner in _INLINE_KEY.finditer(key.group(2)):
            found.setdefault((tenant, f"{path}.{_bare(inner.group(1))}"), number)
    return found


def line_of(lines: dict[tuple[int, str], int], tenant: int, path: str) -> int | None:
    """The line of ``path`` under tenant number ``tenant``, else of its nearest written parent."""
    parts = path.split(".") if path else []
    while True:
        hit = lines.get((tenant, ".".join(parts)))
        if hit is not None or not parts:
            return hit
        parts.pop()
