"""Forms: a user task's JSON Schema, bound to the case's data, and the check of a submission.

A form may refer to a value the server computed with ``{"$data": "/recommended_outcome"}``
(the AJV convention, a JSON pointer into the task's data) wherever a value is expected, so a
rule such as "a decision that differs from the recommendation needs a reason" is stated in the
schema a client reads::

    "if": {"required": ["decision"],
           "properties": {"decision": {"not": {"const": {"$data": "/recommended_outcome"}}}}},
    "then": {"required": ["decision_reason"]}

:func:`bind_schema` replaces every reference with the value in the task's data (``null`` when
there is none) before the schema is shown to anyone or used to check a submission, so clients
see plain JSON Schema with the case's own values in it.
"""

from __future__ import annotations

import copy
from typing import Any, Mapping

import jsonschema

from .errors import FieldError, TaskDataInvalid
from .form_dates import NOT_AFTER, FormValidator

__all__ = [
    "bind_schema", "data_references", "static_schema", "validate_against",
    "DATA_REFERENCE", "DYNAMIC_OPTIONS",
]

DATA_REFERENCE = "$data"


def _is_reference(node: Any) -> bool:
    return isinstance(node, dict) and set(node) == {DATA_REFERENCE} and isinstance(node[DATA_REFERENCE], str)


def _resolve(pointer: str, data: Mapping[str, Any]) -> Any:
    node: Any = data
    for part in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return copy.deepcopy(node)


def data_references(schema: Any) -> list[str]:
    """Every ``$data`` pointer a schema uses, in order (for checks at deploy time)."""
    found: list[str] = []
    if _is_reference(schema):
        return [schema[DATA_REFERENCE]]
    if isinstance(schema, dict):
        for value in schema.values():
            found += data_references(value)
    elif isinstance(schema, list):
        for value in schema:
            found += data_references(value)
    return found


# SpiffArena's dynamic choices: ``"anyOf": ["options_from_task_data_var:colours"]`` offers the
# ``{"value", "label"}`` items of the task data's ``colours`` (issue 25).
DYNAMIC_OPTIONS = "options_from_task_data_var:"


def _dynamic_options(node: Any) -> str | None:
    if isinstance(node, list) and len(node) == 1 and isinstance(node[0], str) and node[0].startswith(DYNAMIC_OPTIONS):
        return node[0][len(DYNAMIC_OPTIONS):]
    return None


def _options(name: str, data: Mapping[str, Any]) -> list:
    items = data.get(name)
    if not isinstance(items, list) or not items:
        return [{"const": None, "title": f"(no choices: the case has no '{name}' yet)"}]
    return [{"const": i.get("value"), "title": str(i.get("label", i.get("value")))} if isinstance(i, dict)
            else {"const": i, "title": str(i)} for i in items]


def static_schema(schema: Any) -> Any:
    """The schema as a JSON Schema validator can check it before any case exists: dynamic choices
    stand as "any text" until a case binds them."""
    if isinstance(schema, dict):
        return {k: ([{"type": "string"}] if _dynamic_options(v) is not None else static_schema(v)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [static_schema(v) for v in schema]
    return schema


def _has_dynamic_options(schema: Any) -> bool:
    if isinstance(schema, dict):
        return any(_dynamic_options(v) is not None or _has_dynamic_options(v) for v in schema.values())
    return isinstance(schema, list) and any(_has_dynamic_options(v) for v in schema)


class _BySchema:
    """What was worked out for each form schema seen, by identity: a deployed form's schema
    lives as long as its bundle, and is bound and checked several times on every completion.
    Each schema is kept with its answer, so its id cannot pass to another while cached."""

    KEPT = 512

    def __init__(self, work):
        self.work, self.cached = work, {}

    def __call__(self, schema: Any) -> Any:
        cached = self.cached.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        answer = self.work(schema)
        if len(self.cached) >= self.KEPT:
            self.cached.clear()
        self.cached[id(schema)] = (schema, answer)
        return answer


_needs_binding = _BySchema(lambda schema: bool(data_references(schema)) or _has_dynamic_options(schema))


def bind_schema(schema: Any, data: Mapping[str, Any]) -> Any:
    """The schema with each ``{"$data": pointer}`` replaced by that value of ``data``.

    Returns the schema itself (not a copy) when it has no references, so binding is free for
    the many forms that need none.
    """
    if not isinstance(schema, (dict, list)) or not _needs_binding(schema):
        return schema

    def bind(node: Any) -> Any:
        if _is_reference(node):
            return _resolve(node[DATA_REFERENCE], data)
        if isinstance(node, dict):
            return {key: (_options(name, data) if (name := _dynamic_options(value)) is not None else bind(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [bind(value) for value in node]
        return node

    return bind(schema)


# Built once: a FormatChecker copies every known format's checker when made, and a validator
# is made once per schema.
_FORMAT_CHECKER = jsonschema.FormatChecker()
_validator_for = _BySchema(lambda schema: FormValidator(schema, format_checker=_FORMAT_CHECKER))


def validate_against(schema: dict, data: Mapping[str, Any]) -> None:
    """Check data against a form's JSON Schema; raise TaskDataInvalid listing every field,
    each message in plain words with the field's title."""
    validator = _validator_for(schema)
    errors = []
    for error in sorted(validator.iter_errors(dict(data)), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if error.message.count("'") >= 2 else ""
            path = path + (missing,)
        errors.append(FieldError(path, _plain_message(error, _title_of(schema, path) or "This field")))
    if errors:
        raise TaskDataInvalid(errors)


def _plain_message(error, title: str) -> str:
    value = error.validator_value
    kind = error.validator
    if kind == "required":
        return f"{title} is required"
    if kind == "maximum":
        return f"{title} must be {value} or less"
    if kind == "minimum":
        return f"{title} must be {value} or more"
    if kind == "exclusiveMaximum":
        return f"{title} must be less than {value}"
    if kind == "exclusiveMinimum":
        return f"{title} must be more than {value}"
    if kind == "type":
        wanted = value if isinstance(value, str) else (value[0] if value else "")
        return {
            "integer": f"{title} must be a whole number",
            "number": f"{title} must be a number",
            "boolean": f"{title} must be yes or no",
            "string": f"{title} must be text",
            "array": f"{title} must be a list",
            "object": f"{title} must be a group of answers",
        }.get(wanted, error.message)
    if kind in ("enum", "const"):
        choices = value if isinstance(value, list) else [value]
        return f"{title} must be one of: {', '.join(str(c) for c in choices)}"
    if kind == NOT_AFTER:
        return f"{title} must be today or in the past"
    if kind == "format" and value == "date":
        return f"{title} must be a real date, like 2026-11-24"
    if kind == "format":
        return f"{title} must be a valid {value}"
    if kind == "minLength":
        return f"{title} cannot be empty" if value == 1 else f"{title} must be at least {value} characters"
    if kind == "maxLength":
        return f"{title} must be {value} characters or fewer"
    if kind == "minItems":
        return f"Add at least {value} {title[0].lower() + title[1:]}" if _short(title) else \
            f"{title} needs at least {value} item{'s' if value != 1 else ''}"
    if kind == "maxItems":
        return f"{title} can have at most {value} item{'s' if value != 1 else ''}"
    if kind == "additionalProperties":
        extra = error.message.split("(")[-1].rstrip(")") if "(" in error.message else error.message
        return f"unexpected field(s): {extra}"
    return error.message


def _short(title: str) -> bool:
    """A title that reads as a noun ("Attendees"), not a question or a sentence."""
    return bool(title) and not title.endswith("?") and len(title.split()) <= 4 and title != "This field"


def _title_of(schema: dict, path: tuple) -> str | None:
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node.get("title") if isinstance(node, dict) else None
