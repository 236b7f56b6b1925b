"""Every fixture and shipped form round-trips sample data and renders accessible markup."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from api.web.formrender import merge_read_only, parse_form, validation_errors
from tests.web.formrender_support import FIXTURE_FORMS, SHIPPED_FORMS, load, one, posted, render, text


def form_names() -> list[tuple[Path, str]]:
    found = []
    for folder in (FIXTURE_FORMS, SHIPPED_FORMS):
        for path in sorted(folder.glob("*/*.schema.json")):
            found.append((path.parent, path.name.removesuffix(".schema.json")))
    return found


def sample(schema: dict, ui: dict, name: str = "field"):
    """Valid data exercising every field (the first option that reveals anything is chosen)."""
    if "const" in schema:
        return schema["const"]
    options = schema.get("enum") or [o["const"] for o in schema.get("oneOf") or schema.get("anyOf") or []
                                     if isinstance(o, dict) and "const" in o]
    types = schema.get("type", "object" if "properties" in schema else "string")
    kind = types if isinstance(types, str) else types[0]
    if options:
        return options[-1]
    if kind == "object":
        return sample_object(schema, ui)
    if kind == "array":
        items, items_ui = schema.get("items") or {}, ui.get("items") or {}
        item_options = items.get("enum") or [o["const"] for o in items.get("oneOf") or []]
        if item_options:
            return list(item_options)
        return [sample(items, items_ui, f"{name} {n}") for n in range(1, max(2, schema.get("minItems", 0)) + 1)]
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return schema.get("minimum", 3)
    if schema.get("format") == "date":
        return "2024-02-29"
    if schema.get("format") == "email":
        return "someone@example.com"
    value = f"Text for {name}" + ("\nand a second line" if ui.get("ui:widget") == "textarea" else "")
    return value[: schema.get("maxLength", 1000)].strip()


def sample_object(schema: dict, ui: dict) -> dict:
    """All fields, except those only asked for under an option that is not chosen."""
    properties = schema.get("properties") or {}
    rules, others, implied = [], [], []
    for rule in [schema, *(schema.get("allOf") or [])]:
        test = rule.get("if") or {}
        checks = test.get("properties") or {}
        simple = len(checks) == 1 and set(test) <= {"properties", "required"} and set(
            next(iter(checks.values()))) == {"const"} and (rule.get("then") or {}).get("required")
        if simple:
            (field, check), = checks.items()
            rules.append((field, check["const"], rule["then"]["required"]))
            others.append({k: v for k, v in rule.items() if k not in ("if", "then")})
            fixed = {name: prop["const"] for name, prop in ((rule["then"].get("properties") or {}).items()) if "const" in prop}
            if fixed:
                implied.append((field, check["const"], fixed))
        elif rule is not schema:
            others.append(rule)
    for field, field_ui in ui.items():
        if isinstance(field_ui, dict):
            for option, fields in (field_ui.get("ui:reveal") or {}).items():
                rules.append((field, option, fields))
    chosen = {}
    for field, option, _ in rules:
        chosen.setdefault(field, option)
    targeted = Counter(f for _, _, fields in {(a, str(b), tuple(c)) for a, b, c in rules} for f in fields)
    elsewhere = json.dumps(others) + json.dumps(schema.get("required") or [])
    unseen = {f for field, option, fields in rules for f in fields
              if chosen[field] != option and targeted[f] == 1 and f'"{f}"' not in elsewhere}
    data = {name: sample(prop, ui.get(name) or {}, name) for name, prop in properties.items() if name not in unseen}
    for field, option in chosen.items():
        if field in properties and properties[field].get("type") == "boolean":
            data[field] = option if isinstance(option, bool) else option == "true"
        elif field in properties and properties[field].get("type") != "array":
            data[field] = option
    for field, option, fixed in implied:  # "then" fixes another answer: removal recommended, so no new suspension
        if data.get(field) == option:
            data.update(fixed)
    return data


def without_read_only(schema: dict, ui: dict, data):
    if isinstance(data, list):
        items = schema.get("items") or {}
        return [without_read_only(items, ui.get("items") or {}, v) for v in data]
    if not isinstance(data, dict):
        return data
    properties = schema.get("properties") or {}
    return {k: without_read_only(properties.get(k, {}), ui.get(k) or {}, v) for k, v in data.items()
            if not (properties.get(k, {}).get("readOnly") or (ui.get(k) or {}).get("ui:readonly"))}


@pytest.mark.parametrize("folder, name", form_names(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_form_round_trips(env, folder, name):
    schema, ui = load(name, folder)
    data = sample_object(schema, ui)
    assert validation_errors(schema, data) == [], "the sample data should be valid"
    doc = render(env, schema, ui, data)
    parsed, errors = parse_form(schema, ui, posted(doc))
    assert errors == []
    assert parsed == without_read_only(schema, ui, data)
    assert validation_errors(schema, merge_read_only(schema, ui, parsed, data)) == []


@pytest.mark.parametrize("folder, name", form_names(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_form_is_accessible_markup(env, folder, name):
    schema, ui = load(name, folder)
    for data in ({}, sample_object(schema, ui)):
        doc = render(env, schema, ui, data)
        ids = [e.get("id") for e in doc.xpath("//*[@id]")]
        assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
        for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
            assert doc.xpath(f"//label[@for='{control.get('id')}']"), control.get("name")
        for fieldset in doc.xpath("//fieldset"):
            assert text(one(fieldset, "legend"))
        for described in doc.xpath("//*[@aria-describedby]"):
            for id_ in described.get("aria-describedby").split():
                assert id_ in ids
        names = Counter(e.get("name") for e in doc.xpath("//input[not(@type='radio' or @type='checkbox')]"
                                                         " | //select | //textarea"))
        assert all(n == 1 for n in names.values()), names
