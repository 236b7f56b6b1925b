"""Case data in plain words: each field by the label its form gives it, each answer as the form
words it (a choice's title, a date as "24 November 2026", Yes or No), never a raw field name."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from engine.documents import format_day

__all__ = ["Wording", "wording_for"]


class Wording:
    def __init__(self, labels: dict[str, str], choices: dict[str, dict[Any, str]], formats: dict[str, str]):
        self.labels = labels
        self.choices = choices
        self.formats = formats

    def label(self, name: str) -> str:
        return self.labels.get(name) or name.replace("_", " ").capitalize()

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "not given"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        choices = self.choices.get(name) or {}
        if isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                return _rows(value)
            return ", ".join(choices.get(v, _words(v)) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{self.label(k)}: {self.value(k, v)}" for k, v in value.items())
        if value in choices:
            return choices[value]
        if self.formats.get(name) in ("date", "date-time") or _looks_like_date(value):
            return format_day(value)
        return str(value) if not isinstance(value, str) or " " in value or not value.islower() else _words(value)

    def lines(self, data: Mapping[str, Any] | None, skip: set[str] = frozenset()) -> list[str]:
        """'Label: value' for each answer, in the order given."""
        return [f"{self.label(k)}: {self.value(k, v)}" for k, v in (data or {}).items()
                if k not in skip and not k.startswith("_") and k not in _PLUMBING]


# Values scripts keep for themselves (roles handed to a shared step, running tallies).
_PLUMBING = {"provider_id", "lane_roles", "chased_step", "chase_every_working_days", "restricted_entries"}


def _rows(rows: list[dict]) -> str:
    """A list of rows by what each is about: its first answer in words ("NMS 13: Health care")."""
    def first(row: dict) -> str:
        text = next((v for v in row.values() if isinstance(v, str) and v.strip() and not _looks_like_date(v)), "")
        return text if len(text) <= 80 else text[:77] + "…"

    named = [first(r) for r in rows]
    return "; ".join(n for n in named if n) or f"{len(rows)} row{'s' if len(rows) != 1 else ''}"


def _words(value: Any) -> str:
    text = str(value)
    return text.replace("_", " ").capitalize() if "_" in text else text


def _looks_like_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) < 10:
        return False
    try:
        _dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return len(value) == 10 or value[10] == "T"


def _choices(prop: Mapping[str, Any]) -> dict[Any, str]:
    source = prop.get("items") if isinstance(prop.get("items"), Mapping) else prop
    found = {o["const"]: o.get("title") or _words(o["const"]) for o in source.get("oneOf") or [] if isinstance(o, Mapping) and "const" in o}
    for value in source.get("enum") or []:
        found.setdefault(value, _words(value))
    return found


def wording_for(schemas: list[Mapping[str, Any]]) -> Wording:
    labels: dict[str, str] = {}
    choices: dict[str, dict[Any, str]] = {}
    formats: dict[str, str] = {}
    for schema in schemas:
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, Mapping):
                continue
            if prop.get("title"):
                labels.setdefault(name, str(prop["title"]))
            if prop.get("format"):
                formats.setdefault(name, prop["format"])
            found = _choices(prop)
            if found:
                choices.setdefault(name, {}).update(found)
    return Wording(labels, choices, formats)
