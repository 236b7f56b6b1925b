"""Checking a council's ``[tenant.thresholds]`` against the declared settings.

A key nobody declared is refused rather than ignored: a misspelt key would otherwise leave the
council on the default without anyone knowing. Each problem names the file, the line, the
council, and the keys that council may set.
"""

from __future__ import annotations

import difflib
from typing import Any, Callable, Iterable, Mapping

from ..errors import Problem
from .registry import declared, setting

__all__ = ["threshold_problems", "effective_thresholds"]


def _valid_keys(folders: Iterable[str]) -> list[str]:
    return [s.key for s in declared(folders)]


def _unknown(key: str, folders: tuple[str, ...]) -> str:
    valid = _valid_keys(folders)
    elsewhere = setting(key)
    if elsewhere is not None:
        why = (f"'{key}' is a setting of the {elsewhere.folder} procedures, which this council does not use "
               f"(its folders: {', '.join(folders)})")
    else:
        why = f"'{key}' is not a council setting"
        close = difflib.get_close_matches(key, valid, n=1)
        if close:
            why += f" (did you mean '{close[0]}'?)"
    listed = ", ".join(valid) if valid else "none (no procedure in its folders reads a council setting)"
    return f"{why}. The keys this council may set are: {listed}"


def threshold_problems(thresholds: Any, folders: Iterable[str], *, file: str, council: str,
                       line: Callable[[str], int | None] = lambda path: None) -> list[Problem]:
    """Every problem with one council's thresholds table; ``line(path)`` locates a dotted key."""
    folders = tuple(folders)
    if not isinstance(thresholds, dict):
        return [Problem(file, line("thresholds"), council, "[tenant.thresholds] must be a table of settings")]
    problems: list[Problem] = []
    allowed = {s.key: s for s in declared(folders)}
    for key, value in thresholds.items():
        item = allowed.get(key)
        if item is None:
            problems.append(Problem(file, line(f"thresholds.{key}"), council, _unknown(key, folders)))
            continue
        for sub, message in item.kind.problems(value):
            path = f"thresholds.{key}" + (f".{sub}" if sub else "")
            name = f"{key}.{sub}" if sub else key
            problems.append(Problem(file, line(path), council, f"'{name}' ({item.label}) {message}"))
    return problems


def effective_thresholds(thresholds: Mapping[str, Any] | None) -> dict[str, Any]:
    """What scripts read as ``thresholds``: every declared default, with the council's values over them."""
    council = dict(thresholds or {})
    merged = {item.key: item.value_for(council) for item in declared()}
    # A key not declared here was refused when the council was deployed; a case started before that keeps it.
    merged.update({k: v for k, v in council.items() if k not in merged})
    return merged
