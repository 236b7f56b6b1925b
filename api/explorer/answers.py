"""Answers a form accepts, made up from its JSON Schema, reproducibly from a seed.

The explorer needs data each task's own schema accepts, varied so that every choice and yes/no
is tried (each gateway's answers). ``hypothesis-jsonschema`` was the first choice, but with
the Hypothesis this project pins (6.170) it fails on any object with
``additionalProperties: false`` (every form here), and its strategies for ``if``/``then``
forms are chains of filters that take seconds to build. So this module generates from the
keywords the forms use, then repairs what ``if``/``then``, ``allOf`` and ``dependentRequired``
still ask for, checking the result with the same validator the server uses.

A rule JSON Schema cannot state (a reason needed when a decision differs from what the answers
themselves suggest) is enforced by the step's script and declared on the field it asks for with
``"x-required-when": "<when, in words>"``: the answers always give such a field, as a person the
script's refusal told to would. A rule a form does not declare is still refused, and reported.
"""

from __future__ import annotations

import datetime as _dt
import random
from typing import Any

import jsonschema

from engine.form_dates import NOT_AFTER, FormValidator

from .report import FILLER

__all__ = ["make_answers", "AnswersNotFound", "REQUIRED_WHEN"]

REQUIRED_WHEN = "x-required-when"

_MAX_REPAIRS = 40


class AnswersNotFound(Exception):
    """No answers the schema accepts could be made (the form may be unsatisfiable)."""


class _Maker:
    def __init__(self, rng: random.Random, today: _dt.date):
        self.rng = rng
        self.today = today
        self.counter = 0

    def value(self, schema: Any, given: Any = None) -> Any:
        """A value for ``schema``; ``given`` is what the server holds there already (fixed rows
        of a checklist, a recommendation), kept where the form does not let people change it."""
        if not isinstance(schema, dict):
            return None
        if "const" in schema:
            return schema["const"]
        choices = _choices(schema)
        if choices:
            return self.rng.choice(choices)
        for key in ("oneOf", "anyOf"):
            branches = [b for b in schema.get(key) or [] if isinstance(b, dict)]
            if branches:
                merged = {k: v for k, v in schema.items() if k != key}
                return self.value({**merged, **self.rng.choice(branches)})
        kind = _type(schema)
        if kind == "object":
            return self._object(schema, given if isinstance(given, dict) else {})
        if kind == "array":
            return self._array(schema, given if isinstance(given, list) else None)
        return getattr(self, f"_{kind}", self._string)(schema)

    def _object(self, schema: dict, given: dict) -> dict:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        result = {}
        for name, sub in properties.items():
            if isinstance(sub, dict) and sub.get("readOnly"):
                if name in given:  # what the server computed, sent back as a page would
                    result[name] = given[name]
                continue
            if name in required or _required_when(sub) or self.rng.random() < 0.5:
                result[name] = self.value(sub, given.get(name))
        return result

    def _array(self, schema: dict, given: list | None) -> list:
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        if given and all(isinstance(row, dict) for row in given):
            return [self.value(items, row) for row in given]  # a fixed list: fill in each row
        low = int(schema.get("minItems") or 0)
        high = int(schema.get("maxItems") if schema.get("maxItems") is not None else low + 2)
        count = self.rng.randint(low, max(low, min(high, low + 2)))
        values = []
        for _ in range(count * 4):
            if len(values) == count:
                break
            candidate = self.value(items)
            if schema.get("uniqueItems") and candidate in values:
                continue
            values.append(candidate)
        return values

    def _boolean(self, schema: dict) -> bool:
        return self.rng.random() < 0.5

    def _integer(self, schema: dict) -> int:
        low, high = _bounds(schema, 0, 5)
        return self.rng.randint(int(low), int(max(low, high)))

    def _number(self, schema: dict) -> float:
        return float(self._integer(schema))

    def _null(self, schema: dict) -> None:
        return None

    def _string(self, schema: dict) -> str:
        if schema.get("format") == "date":
            # A date about the past (x-not-after: today) is never later than today, as the server requires.
            latest = 0 if schema.get(NOT_AFTER) == "today" else 40
            offset = 0 if self.rng.random() < 0.6 else self.rng.randint(-40, latest)
            return (self.today + _dt.timedelta(days=offset)).isoformat()
        if schema.get("format") == "date-time":
            return _dt.datetime.combine(self.today, _dt.time(10), _dt.timezone.utc).isoformat()
        if schema.get("format") == "email":
            return "explorer@example.test"
        self.counter += 1
        text = f"{FILLER} {self.counter}"
        low, high = int(schema.get("minLength") or 0), schema.get("maxLength")
        text = text.ljust(low, "x")
        return text[: int(high)] if high is not None else text


def _required_when(schema: Any) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get(REQUIRED_WHEN), str) and bool(schema[REQUIRED_WHEN].strip())


def _type(schema: dict) -> str:
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), "null")
    if declared:
        return declared
    if "properties" in schema:
        return "object"
    return "array" if "items" in schema else "string"


def _choices(schema: dict) -> list:
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    branches = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(branches, list) and branches and all(isinstance(b, dict) and "const" in b for b in branches):
        return [b["const"] for b in branches]
    return []


def _bounds(schema: dict, low: int, high: int) -> tuple[float, float]:
    low = schema.get("minimum", schema.get("exclusiveMinimum", low - 1) + 1 if "exclusiveMinimum" in schema else low)
    high = schema.get("maximum", schema.get("exclusiveMaximum", high + 1) - 1 if "exclusiveMaximum" in schema else high)
    return low, high if high >= low else low + 5


def _property_schema(schema: dict, path: list) -> dict:
    node = schema
    for part in path:
        node = (node.get("items") if isinstance(part, int) else (node.get("properties") or {}).get(part)) or {}
    return node


def _container(instance: Any, path: list) -> Any:
    for part in path:
        instance = instance[part]
    return instance


def _repair(maker: _Maker, schema: dict, instance: dict, error: jsonschema.ValidationError) -> None:
    """Change the instance so this error goes: add what is missing, redraw what is wrong."""
    path = list(error.absolute_path)
    target = _container(instance, path)
    if error.validator in ("required", "dependentRequired") and isinstance(target, dict):
        owner = _property_schema(schema, path)
        wanted = error.message.split("'")[1] if error.message.count("'") >= 2 else None
        if wanted is not None:
            sub = (owner.get("properties") or {}).get(wanted) or _then_property(error, wanted)
            target[wanted] = maker.value(sub)
        return
    if not path:
        return
    parent, name = _container(instance, path[:-1]), path[-1]
    if error.validator == "const":
        parent[name] = error.validator_value
    elif error.validator == "contains" and isinstance(target, list):
        wanted = error.validator_value
        target.append(wanted["const"] if isinstance(wanted, dict) and "const" in wanted else maker.value(wanted))
        return
    elif error.validator == "enum":
        parent[name] = maker.rng.choice(error.validator_value)
    elif error.validator in ("not", "additionalProperties") and isinstance(parent, dict):
        parent.pop(name, None)
    else:
        parent[name] = maker.value(_property_schema(schema, path))


def _then_property(error: jsonschema.ValidationError, name: str) -> dict:
    properties = (error.schema or {}).get("properties") if isinstance(error.schema, dict) else None
    return (properties or {}).get(name) or {}


def make_answers(schema: dict | None, rng: random.Random, today: _dt.date, given: dict | None = None) -> dict:
    """Answers ``schema`` accepts (``{}`` for a step with no form). ``given`` is the task's
    data: read-only fields (the server's recommendation) are sent back as they are."""
    if not schema:
        return {}
    validator = FormValidator(schema, format_checker=jsonschema.FormatChecker())
    maker = _Maker(rng, today)
    instance = maker.value(schema, dict(given or {}))
    for _ in range(_MAX_REPAIRS):
        errors = sorted(validator.iter_errors(instance), key=lambda e: len(list(e.absolute_path)))
        if not errors:
            return instance
        _repair(maker, schema, instance, errors[0])
    errors = list(validator.iter_errors(instance))
    if errors:
        raise AnswersNotFound(f"{schema.get('title') or 'the form'}: {errors[0].message}")
    return instance
