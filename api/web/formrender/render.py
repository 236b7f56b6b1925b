"""Rendering a whole form and its error summary."""

from __future__ import annotations

from typing import Mapping

import jinja2
from markupsafe import Markup

from .names import DATE_PARTS, _key, _norm_path, field_id
from .schema import _kind, _node_at, _ordered, _reveals, _title
from .renderer import _Renderer, _components, _friendly

__all__ = ["render_form", "error_summary"]

def render_form(env: jinja2.Environment, schema: dict, ui_schema: dict | None, data: dict | None,
                errors: list[dict] | None = None, *, id_prefix: str = "") -> Markup:
    """The form's fields as GOV.UK Frontend HTML (no <form>, no buttons but the lists' own).

    ``errors`` are ``{"path": [...], "message": ...}`` (paths into the data, as the API
    and ``parse_form`` return them); each shows on its field."""
    return _Renderer(env, errors, id_prefix).properties(schema, ui_schema or {}, data or {}, ())


def error_summary(env: jinja2.Environment, schema: dict, errors: list[dict] | None, *,
                  id_prefix: str = "", ui_schema: dict | None = None) -> Markup:
    """The GOV.UK error summary, one link per field in page order; empty Markup if no errors.

    Pass ``ui_schema`` for page order and the first field of a list or group."""
    if not errors:
        return Markup("")
    ui, found, links = ui_schema or {}, {}, []
    for error in errors:
        found.setdefault(_key(_norm_path(error.get("path"))), (_norm_path(error.get("path")), error))
    for path, error in sorted(found.values(), key=lambda item: _order_key(schema, ui, item[0])):
        node = _node_at(schema, ui, path)[0] or {}
        link = {"text": _friendly(error.get("message", ""), path, _title(node, path))}
        target = _target_id(schema, ui, path, error.get("parts"), id_prefix)
        if target:
            link["href"] = f"#{target}"
        links.append(link)
    return _components(env).errorSummary({"titleText": "There is a problem", "errorList": links})


def _order_key(schema: Mapping, ui: Mapping, path) -> tuple:
    key = []
    for part in path:
        if isinstance(part, int):
            key.append(part)
            schema, ui = schema.get("items") or {}, ui.get("items") or {}
            continue
        names = _ordered(schema, ui)
        key.append(names.index(part) if part in names else len(names))
        schema, ui = (schema.get("properties") or {}).get(part) or {}, ui.get(part) or {}
    return tuple(key)


def _target_id(schema: Mapping, ui: Mapping, path, parts, id_prefix: str) -> str | None:
    """The id an error summary link goes to: the field, a date's first wrong input,
    the first field of a group or of a list's first row."""
    node, node_ui = _node_at(schema, ui, path)
    if node is None or not path:
        return None
    kind = _kind(node, node_ui)
    if kind == "readonly":
        return None
    if kind == "date":
        return f"{field_id(path, id_prefix)}-{(parts or DATE_PARTS)[0]}"
    if kind == "rows":
        return _target_id(schema, ui, tuple(path) + (0,), None, id_prefix)
    if kind == "object":
        hidden = _reveals(node, node_ui)
        targets = (_target_id(schema, ui, tuple(path) + (name,), None, id_prefix)
                   for name in _ordered(node, node_ui) if name not in hidden)
        return next(filter(None, targets), field_id(path, id_prefix))
    return field_id(path, id_prefix)
