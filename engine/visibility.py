"""Confidential items, declared in the forms, hidden from roles that must not see them.

A form field declares who must not see it, and when::

    "names_of_adults": {
        "type": "array", "title": "Names of adults who may have been abused",
        "x-confidential": {"hidden_from": ["partner"], "when": "police_investigation_active"}
    }

``hidden_from`` lists role slugs; ``when`` is an optional restricted expression on the case
data (omit it to hide always). A person sees the field if any of their roles is not barred.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from . import scripting
from .errors import ScriptError

__all__ = ["CONFIDENTIAL_KEY", "confidential_rules", "hidden_fields", "redact"]

CONFIDENTIAL_KEY = "x-confidential"


def confidential_rules(schemas: Iterable[Mapping[str, Any]]) -> dict[str, list[dict]]:
    """Field name -> the confidentiality rules declared for it across the given form schemas."""
    rules: dict[str, list[dict]] = {}
    for schema in schemas:
        for name, prop in (schema.get("properties") or {}).items():
            rule = prop.get(CONFIDENTIAL_KEY) if isinstance(prop, Mapping) else None
            if isinstance(rule, Mapping):
                rules.setdefault(name, []).append(dict(rule))
    return rules


def _applies(rule: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    condition = rule.get("when")
    if not condition:
        return True
    try:
        return bool(scripting.evaluate(condition, data))
    except ScriptError as exc:
        # A flag not recorded yet (no police investigation has been mentioned) does not hold;
        # any other failure keeps the item hidden rather than risk showing it.
        return not exc.message.startswith("NameError")


def hidden_fields(rules: Mapping[str, list[dict]], data: Mapping[str, Any], roles: Iterable[str]) -> set[str]:
    roles = set(roles)
    hidden = set()
    for name, field_rules in rules.items():
        for rule in field_rules:
            barred = set(rule.get("hidden_from") or [])
            if roles and roles <= barred and _applies(rule, data):
                hidden.add(name)
    return hidden


def redact(data: Mapping[str, Any] | None, hidden: set[str]) -> dict | None:
    if data is None:
        return None
    return {k: v for k, v in data.items() if k not in hidden}
