"""Reading a submitted form back into data, keeping what was typed when it cannot be read."""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Mapping

from .names import ADD_ANOTHER, DATE_PARTS, REMOVE, _INT, _MISSING, _MONTHS, _NUMBER, _error, _key, field_name
from .schema import _choice_options, _fixed, _items, _kind, _ordered, _reveals, _selected, _title, _types

__all__ = ["parse_form", "wants_another", "wants_remove", "merge_read_only"]

# ---------------------------------------------------------------- parsing

class _Parser:
    def __init__(self, form):
        self.form = form
        self.removed = wants_remove(form)

    def properties(self, schema: Mapping, ui: Mapping, path: tuple) -> tuple[dict, list[dict]]:
        data, errors = {}, []
        properties = schema.get("properties") or {}
        for name in _ordered(schema, ui):
            value, found = self.value(properties[name], ui.get(name) or {}, path + (name,))
            errors += found
            if value is not _MISSING:
                data[name] = value
        return self._drop_hidden(schema, ui, path, data, errors)

    @staticmethod
    def _drop_hidden(schema, ui, path, data, errors):
        """Forget answers to revealed fields whose option is not chosen (repeat for chains)."""
        reveals, changed = _reveals(schema, ui), True
        while changed:
            changed = False
            for name, (controller, option) in reveals.items():
                if name in data and not _selected(data.get(controller, _MISSING), option):
                    del data[name]
                    changed = True
        hidden = [path + (name,) for name in reveals if name not in data]
        errors = [e for e in errors if not any(_key(e["path"][:len(h)]) == _key(h) for h in hidden)]
        return data, errors

    def value(self, schema: Mapping, ui: Mapping, path: tuple):
        """(value or _MISSING, errors) for one field."""
        return getattr(self, "_" + _kind(schema, ui))(schema, ui, path)

    def _text_of(self, name: str) -> str:
        return (self.form.get(name) or "").replace("\r\n", "\n").strip()

    def _readonly(self, schema, ui, path):
        return _MISSING, []

    def _text(self, schema, ui, path):
        text = self._text_of(field_name(path))
        return (_MISSING, []) if text == "" else _convert(text, schema, path)

    _textarea = _number = _hidden = _text

    def _date(self, schema, ui, path):
        name = field_name(path)
        return _parse_date({part: self._text_of(f"{name}-{part}") for part in DATE_PARTS}, _title(schema, path), path)

    def _radios(self, schema, ui, path):
        text = self._text_of(field_name(path))
        if text == "":
            return _MISSING, []
        options = _choice_options(schema, ui, _kind(schema, ui))
        return next((o.value for o in options if o.key == text), text), []

    _select = _boolean = _radios

    def _checkbox(self, schema, ui, path):
        return "true" in self.form.getlist(field_name(path)), []

    def _checkboxes(self, schema, ui, path):
        ticked = [v.strip() for v in self.form.getlist(field_name(path)) if v.strip()]
        if not ticked:
            return _MISSING, []
        options = _choice_options(schema, ui, "checkboxes")
        known = [o.value for o in options if o.key in ticked]
        return known + [v for v in ticked if v not in {o.key for o in options}], []

    def _object(self, schema, ui, path):
        data, errors = self.properties(schema, ui, path)
        return (data if data or errors else _MISSING), errors

    def _rows(self, schema, ui, path):
        """The rows in index order, without empty rows and the row being removed
        (a fixed list keeps every row in its place)."""
        name = field_name(path)
        items, items_ui = _items(schema, ui)
        fixed = _fixed(schema, ui)
        pattern = re.compile(re.escape(name) + r"\[(\d+)\]")
        indexes = sorted({int(m[1]) for key in self.form.keys() if (m := pattern.match(key))})
        rows, errors = [], []
        objects = _kind(items, items_ui) == "object"  # a fixed row left empty is {} (or "")
        for index in indexes:
            if fixed:
                rows += [{} if objects else "" for _ in range(index - len(rows))]
            elif field_name(path + (index,)) == self.removed or self._blank(field_name(path + (index,))):
                continue
            value, found = self.value(items, items_ui, path + (index,))
            if value is _MISSING and not fixed:
                continue
            errors += [_error(path + (len(rows),) + tuple(e["path"][len(path) + 1:]), e["message"], e.get("parts"))
                       for e in found]
            rows.append(value if value is not _MISSING else {} if objects else "")
        return (rows if rows else _MISSING), errors

    def _blank(self, row: str) -> bool:
        for key in self.form.keys():
            if key == row or (key.startswith(row) and key[len(row)] in ".-["):
                if any(v.strip() for v in self.form.getlist(key)):
                    return False
        return True


def _convert(text: str, schema: Mapping, path):
    """Typed value of one text input (the text itself, with an error, if it does not fit)."""
    types = _types(schema) or ["string"]
    if "string" in types:
        if "integer" in types and _INT.fullmatch(text) and str(int(text)) == text:
            return int(text), []
        return text, []
    plain = text.replace(",", "").replace(" ", "")
    if "integer" in types and _INT.fullmatch(plain):
        return int(plain), []
    if "number" in types and _NUMBER.fullmatch(plain) and math.isfinite(float(plain)):
        return (int(plain) if _INT.fullmatch(plain) else float(plain)), []
    if "boolean" in types and text in ("true", "false"):
        return text == "true", []
    if "number" in types:
        return text, [_error(path, f"{_title(schema, path)} must be a number")]
    if "integer" in types:
        return text, [_error(path, f"{_title(schema, path)} must be a whole number")]
    return text, []


def _parse_date(typed: dict[str, str], title: str, path):
    """ISO date from day, month and year (month names allowed), or what was typed and an error."""
    if not any(typed.values()):
        return _MISSING, []
    missing = [part for part in DATE_PARTS if not typed[part]]
    if missing:
        return typed, [_error(path, f"{title} must include a {' and '.join(missing)}", missing)]
    month = _MONTHS.get(typed["month"].lower()) or (int(typed["month"]) if typed["month"].isdigit() else None)
    if not (typed["day"].isdigit() and typed["year"].isdigit() and month):
        return typed, [_error(path, f"{title} must be a real date", DATE_PARTS)]
    if len(typed["year"]) != 4:
        return typed, [_error(path, f"{title} must include a year with 4 numbers", ["year"])]
    try:
        return _dt.date(int(typed["year"]), month, int(typed["day"])).isoformat(), []
    except ValueError:
        return typed, [_error(path, f"{title} must be a real date", DATE_PARTS)]


def parse_form(schema: dict, ui_schema: dict | None, form) -> tuple[dict, list[dict]]:
    """Typed data from a posted form (a werkzeug MultiDict), and the parse errors.

    Empty fields are left out; so are empty rows and the row a ``_remove`` button
    named. Schema validation is separate: see ``validation_errors`` and ``check_form``."""
    return _Parser(form).properties(schema, ui_schema or {}, ())


def wants_another(form) -> str | None:
    """The name of the list whose "Add another" button was pressed (``actions``), or None.
    The view shows the form again with the parsed data: it renders a fresh empty row."""
    return (form.get(ADD_ANOTHER) or "").strip() or None


def wants_remove(form) -> str | None:
    """The name of the row whose "Remove" button was pressed (``actions[1]``), or None.
    ``parse_form`` has already left that row out; the view shows the form again."""
    return (form.get(REMOVE) or "").strip() or None


def merge_read_only(schema: dict, ui_schema: dict | None, data: dict, current: Mapping) -> dict:
    """``data`` with the read-only fields (shown, never posted) set from ``current``,
    in nested objects and in the rows of fixed lists (which take ``current``'s length)."""
    merged, ui = dict(data), ui_schema or {}
    for name, prop in (schema.get("properties") or {}).items():
        prop_ui = ui.get(name) or {}
        kind, now = _kind(prop, prop_ui), current.get(name)
        if kind == "readonly":
            merged.pop(name, None)
            if name in current:
                merged[name] = now
        elif kind == "object" and isinstance(now, Mapping):
            merged[name] = merge_read_only(prop, prop_ui, merged.get(name) or {}, now)
        elif kind == "rows" and _fixed(prop, prop_ui) and isinstance(now, list):
            items, items_ui = _items(prop, prop_ui)
            rows = merged.get(name) if isinstance(merged.get(name), list) else []
            merged[name] = [merge_read_only(items, items_ui, rows[i] if i < len(rows) else {}, row)
                            if isinstance(row, Mapping) else row for i, row in enumerate(now)]
        if merged.get(name) in ({}, []) and name not in data:
            del merged[name]
    return merged
