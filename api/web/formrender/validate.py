"""Checking parsed data against the schema, with messages in plain words."""

from __future__ import annotations

import re
from typing import Mapping

import jsonschema

from engine.form_dates import NOT_AFTER, FormValidator

from .names import CHOICE_KINDS, _error, _key
from .schema import _humanise, _items, _kind, _lc, _main_type, _node_at, _options, _title, _types
from .render import _order_key
from .parse import parse_form

__all__ = ["validation_errors", "check_form"]

# ---------------------------------------------------------------- validation

def validation_errors(schema: dict, data: Mapping) -> list[dict]:
    """JSON Schema errors (Draft 2020-12, formats checked) in GOV.UK words, one per field,
    in the schema's order: ``[{"path": [...], "message": "Enter minutes"}]``."""
    validator = FormValidator(schema, format_checker=jsonschema.FormatChecker())
    found: dict[tuple, dict] = {}
    for error in validator.iter_errors(dict(data)):
        path, message = _explain(schema, error)
        found.setdefault(_key(path), _error(path, message))
    return sorted(found.values(), key=lambda e: _order_key(schema, {}, e["path"]))


def check_form(schema: dict, ui_schema: dict | None, form) -> tuple[dict, list[dict]]:
    """``parse_form`` then ``validation_errors``: the data and every error, one per field."""
    data, errors = parse_form(schema, ui_schema, form)
    taken = {_key(e["path"]) for e in errors}
    errors += [e for e in validation_errors(schema, data) if _key(e["path"]) not in taken]
    return data, sorted(errors, key=lambda e: _order_key(schema, ui_schema or {}, e["path"]))


def _explain(root: dict, error: jsonschema.ValidationError) -> tuple[tuple, str]:
    """(path, message) for one error; a missing field's error moves onto the field."""
    path = tuple(error.absolute_path)
    missing = re.match(r"^'([^']*)'", error.message) if error.validator in ("required", "dependentRequired") else None
    if missing:
        path += (missing[1],)
    node = _node_at(root, {}, path)[0] or {}
    title = _title(node, path)
    return path, _required_message(node, title) if missing else _message(node, title, error)


def _ask(verb: str, title: str) -> str:
    return f"{verb} an answer to ‘{title}’" if title.endswith("?") else f"{verb} {_lc(title)}"


def _required_message(node: Mapping, title: str) -> str:
    kind = _kind(node, {})
    if kind == "readonly":
        return f"{title} is missing"
    if kind == "rows":
        return _too_few(node, title, node.get("minItems") or 1)
    return _ask("Select" if kind in CHOICE_KINDS else "Enter", title)


def _too_few(node: Mapping, title: str, count: int) -> str:
    if _kind(node, {}) == "checkboxes":
        return _ask("Select", title) if count == 1 else f"Select at least {count} answers for {_lc(title)}"
    item = _items(node, {})[0].get("title")
    if count == 1 and item:
        return f"Add at least one {_lc(item)}"
    if not title.endswith("?") and len(title.split()) <= 4:
        return f"Add at least {count} {_lc(title)}"  # "Add at least 3 attendees"
    return f"{title} must have at least {count} entries"


_MESSAGES = {
    "maxLength": "{title} must be {limit} characters or less",
    "maxItems": "{title} must have no more than {limit} entries",
    "minimum": "{title} must be {limit} or more",
    "maximum": "{title} must be {limit} or less",
    "exclusiveMinimum": "{title} must be more than {limit}",
    "exclusiveMaximum": "{title} must be less than {limit}",
    "multipleOf": "{title} must be a multiple of {limit}",
    "uniqueItems": "{title} has the same answer more than once",
    "pattern": "{title} is not in the right format",
}


def _message(node: Mapping, title: str, error: jsonschema.ValidationError) -> str:
    """GOV.UK words for one failed JSON Schema keyword (``required`` aside)."""
    rule, limit = error.validator, error.validator_value
    if rule in _MESSAGES:
        return _MESSAGES[rule].format(title=title, limit=limit)
    if rule == NOT_AFTER:
        return f"{title} must be today or in the past"
    if rule == "type" or rule == "format":
        if node.get("format") == "date" or limit == "date":
            return f"{title} must be a real date"
        if limit == "email":
            return "Enter an email address in the correct format, like name@example.com"
        if "integer" in _types(node) and "string" not in _types(node):
            return f"{title} must be a whole number"
        if "number" in _types(node) and "string" not in _types(node):
            return f"{title} must be a number"
        if _kind(node, {}) in CHOICE_KINDS:
            return _ask("Select", title)
        return f"{title} is not in the right format"
    if rule == "const" and _main_type(node) == "boolean" and limit is True:
        return f"Confirm {_lc(title)}"
    if rule in ("enum", "const", "oneOf", "anyOf"):
        return _ask("Select", title)
    if rule == "minLength":
        return _ask("Enter", title) if limit == 1 else f"{title} must be {limit} characters or more"
    if rule == "minItems":
        return _too_few(node, title, limit)
    if rule == "contains" and isinstance(limit, dict) and "const" in limit:
        options = _options(_items(node, {})[0]) or []
        text = next((o.text for o in options if o.value == limit["const"]), _humanise(limit["const"]))
        return f"{title} must include ‘{text}’"
    if rule == "additionalProperties":
        extra = re.findall(r"'([^']*)'", error.message)
        return f"Unexpected field(s): {', '.join(extra)}" if extra else error.message
    return f"{title} is not valid"
