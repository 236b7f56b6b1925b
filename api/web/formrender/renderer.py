"""The renderer: one GOV.UK component per field, MoJ add another for lists."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Mapping

import jinja2
from markupsafe import Markup, escape

from .names import ADD_ANOTHER, DATE_PARTS, INDEX, REMOVE, _COMPONENTS, _key, _norm_path, field_id, field_name
from .schema import _Option, _choice_options, _choice_str, _humanise, _fixed, _hint, _items, _kind, _lc, _main_type, _options, _ordered, _reveals, _title

__all__ = []

# ---------------------------------------------------------------- rendering

def _components(env: jinja2.Environment):
    autoescape = env.autoescape(_COMPONENTS) if callable(env.autoescape) else env.autoescape
    if not autoescape:
        raise ValueError("the form renderer needs an environment that autoescapes .html templates")
    return env.get_template(_COMPONENTS).module


def _friendly(message: str, path, title: str) -> str:
    """'decision_date is required' -> 'Date of the decision is required': a message that
    starts with the field's key (as the engine's may) starts with its title instead."""
    if not path or not isinstance(path[-1], str):
        return message
    return re.sub(rf"^['\"]?{re.escape(path[-1])}['\"]?(?=\W|$)", lambda _: title, message, count=1)


@dataclass
class _Field:
    schema: dict
    ui: dict
    value: Any
    path: tuple
    name: str
    id: str
    title: str
    hint: str | None
    error: str | None
    error_parts: list
    js: dict  # data-name / data-id templates for the MoJ script, inside a row only
    reveal: dict  # option -> Markup of the fields shown under it


class _Renderer:
    def __init__(self, env: jinja2.Environment, errors, id_prefix: str):
        self.m = _components(env)
        self.id_prefix = id_prefix
        self.add_another: set[tuple] = set()  # paths of the lists shown as MoJ add another
        self.errors: dict[tuple, dict] = {}
        for error in errors or []:
            path = _norm_path(error.get("path"))
            self.errors.setdefault(_key(path), {**error, "path": path})

    # -- objects and fields

    def properties(self, schema: dict, ui: dict, data, path: tuple) -> Markup:
        """An object's fields in order: neighbouring read-only fields share a summary list,
        revealed fields go inside their option."""
        data = data if isinstance(data, dict) else {}
        properties, reveals = schema.get("properties") or {}, _reveals(schema, ui)
        shown = [name for name in _ordered(schema, ui) if name not in reveals]
        parts = []
        for read_only, names in groupby(shown, lambda n: _kind(properties[n], ui.get(n) or {}) == "readonly"):
            if read_only:
                parts.append(self.m.summaryList({"rows": [self._summary_row(
                    properties[n], ui.get(n) or {}, data.get(n), path + (n,)) for n in names]}))
            else:
                parts += [self._with_reveals(schema, ui, data, path, name, reveals) for name in names]
        return Markup("\n").join(parts)

    def _with_reveals(self, schema: dict, ui: dict, data: dict, path: tuple, name: str, reveals: dict) -> Markup:
        """One property, with the fields it reveals rendered inside its options."""
        shown: dict[str, list] = {}
        for other in _ordered(schema, ui):
            controller, option = reveals.get(other, (None, None))
            if controller == name:
                shown.setdefault(option, []).append(self._with_reveals(schema, ui, data, path, other, reveals))
        return self.field(schema["properties"][name], ui.get(name) or {}, data.get(name), path + (name,),
                          {option: Markup("\n").join(html) for option, html in shown.items()})

    def field(self, schema: dict, ui: dict, value, path: tuple, reveal: dict | None = None) -> Markup:
        kind = _kind(schema, ui)
        error, title = self.errors.get(_key(path)) or {}, _title(schema, path)
        f = _Field(schema, ui, value, path, field_name(path), field_id(path, self.id_prefix), title,
                   _hint(schema, ui), _friendly(error["message"], path, title) if error else None,
                   error.get("parts") or [], self._js(path), reveal or {})
        return getattr(self, "_" + kind)(f)

    def _js(self, path: tuple) -> dict:
        """Name and id templates for the MoJ script, which renumbers the rows it adds or removes:
        the index of the add another row the field is in becomes ``%index%``, the one place the
        script renumbers (it replaces the first ``%index%`` only)."""
        row = self._add_another_row(path)
        if row is None:
            return {}
        template = list(path)
        template[row] = INDEX
        return {"data-name": field_name(template), "data-id": field_id(template, self.id_prefix)}

    def _add_another_row(self, path: tuple) -> int | None:
        """Where in ``path`` the index of its MoJ add another row is, or None outside one."""
        return next((i for i, part in enumerate(path) if isinstance(part, int) and path[:i] in self.add_another), None)

    # -- shared params

    @staticmethod
    def _common(f: _Field, **params) -> dict:
        if f.hint:
            params["hint"] = {"text": f.hint}
        if f.error:
            params["errorMessage"] = {"text": f.error}
        if f.ui.get("ui:classNames"):
            params["classes"] = f.ui["ui:classNames"]
        return params

    @staticmethod
    def _label(f: _Field) -> dict:
        return {"text": f.title, "classes": "govuk-label--s"}

    @staticmethod
    def _fieldset(f: _Field, size: str = "s") -> dict:
        fieldset = {"legend": {"text": f.title, "classes": f"govuk-fieldset__legend--{size}"}}
        if f.js:
            fieldset["attributes"] = {"data-legend": ""}
        return fieldset

    @staticmethod
    def _attributes(f: _Field) -> dict:
        attributes = dict(f.js, **({"data-label": ""} if f.js else {}))
        if f.ui.get("ui:placeholder"):
            attributes["placeholder"] = f.ui["ui:placeholder"]
        return attributes

    # -- one method per kind (see _kind)

    def _input(self, f: _Field, **params) -> dict:
        return self._common(f, id=f.id, name=f.name, label=self._label(f), value=_as_text(f.value),
                            attributes=self._attributes(f), **params)

    def _text(self, f: _Field) -> Markup:
        params = self._input(f)
        if f.schema.get("format") == "email":
            params.update(type="email", autocomplete="email", spellcheck=False)
        return self.m.input(params)

    def _textarea(self, f: _Field) -> Markup:
        return self.m.textarea(self._input(f, rows=(f.ui.get("ui:options") or {}).get("rows", 5)))

    def _number(self, f: _Field) -> Markup:
        params = self._input(f, spellcheck=False)
        params.setdefault("classes", "govuk-input--width-10")
        if _main_type(f.schema) == "integer":
            params["inputmode"] = "numeric"
        return self.m.input(params)

    def _hidden(self, f: _Field) -> Markup:
        return self.m.hidden({"id": f.id, "name": f.name, "value": _as_text(f.value), "attributes": f.js})

    def _date(self, f: _Field) -> Markup:
        values = _date_parts(f.value)
        wrong = set(f.error_parts or DATE_PARTS) if f.error else set()
        items = []
        for part, width in zip(DATE_PARTS, (2, 2, 4)):
            item = {"name": part, "value": values[part],
                    "classes": f"govuk-input--width-{width}" + (" govuk-input--error" if part in wrong else "")}
            if f.js:
                item["attributes"] = {"data-name": f"{f.js['data-name']}-{part}", "data-id": f"{f.js['data-id']}-{part}"}
            items.append(item)
        return self.m.dateInput(self._common(f, id=f.id, namePrefix=f.name, fieldset=self._fieldset(f), items=items))

    def _choices(self, f: _Field, options: list[_Option], chosen: set[str]) -> list[dict]:
        items = []
        for number, option in enumerate(options, start=1):
            item = {"value": option.key, "text": option.text, "checked": option.key in chosen}
            if option.hint:
                item["hint"] = {"text": option.hint}
            if f.reveal.get(option.key):
                item["conditional"] = {"html": f.reveal[option.key]}
            if f.js:
                suffix = f"-{number}" if number > 1 else ""
                item["attributes"] = {"data-name": f.js["data-name"], "data-id": f.js["data-id"] + suffix}
            items.append(item)
        return items

    def _radios(self, f: _Field) -> Markup:
        """Radios; a boolean's Yes and No are inline unless they reveal something."""
        kind = _kind(f.schema, f.ui)
        chosen = {_choice_str(f.value)} if f.value is not None else set()
        params = self._common(f, idPrefix=f.id, name=f.name, fieldset=self._fieldset(f),
                              items=self._choices(f, _choice_options(f.schema, f.ui, kind), chosen))
        if (f.ui.get("ui:options") or {}).get("inline", kind == "boolean") and not any(f.reveal.values()):
            params["classes"] = (params.get("classes", "") + " govuk-radios--inline").strip()
        return self.m.radios(params)

    _boolean = _radios

    def _select(self, f: _Field) -> Markup:
        current = _choice_str(f.value) if f.value is not None else ""
        items = [{"value": "", "text": "Select an option"}] + [
            {"value": o.key, "text": o.text, "selected": o.key == current} for o in _options(f.schema, f.ui)]
        return self.m.select(self._common(f, id=f.id, name=f.name, label=self._label(f), items=items,
                                          attributes=self._attributes(f)))

    def _checkboxes(self, f: _Field) -> Markup:
        options = _choice_options(f.schema, f.ui, "checkboxes")
        chosen = {_choice_str(v) for v in f.value} if isinstance(f.value, list) else set()
        return self.m.checkboxes(self._common(f, idPrefix=f.id, name=f.name, fieldset=self._fieldset(f),
                                              items=self._choices(f, options, chosen)))

    def _checkbox(self, f: _Field) -> Markup:
        """A boolean as one checkbox (ui:widget "checkbox"): the title is its label."""
        item = self._choices(f, _choice_options(f.schema, f.ui, "checkbox"), {"true"} if f.value is True else set())[0]
        if f.hint:
            item["hint"] = {"text": f.hint}
        params = self._common(f, idPrefix=f.id, name=f.name, items=[item])
        params.pop("hint", None)
        return self.m.checkboxes(params)

    def _object(self, f: _Field) -> Markup:
        head, described = [], []
        if f.hint:
            head.append(self.m.hint({"id": f"{f.id}-hint", "text": f.hint}))
            described.append(f"{f.id}-hint")
        if f.error:
            head.append(self.m.errorMessage({"id": f"{f.id}-error", "text": f.error}))
            described.append(f"{f.id}-error")
        html = Markup("\n").join([*head, self.properties(f.schema, f.ui, f.value, f.path)])
        params = dict(self._fieldset(f, size="m"), html=html, attributes={"id": f.id})
        if described:
            params["describedBy"] = " ".join(described)
        return self.m.fieldset(params)

    def _rows(self, f: _Field) -> Markup:
        """A list: the MoJ add another component with the rows and one empty row, or,
        for a fixed list, one fieldset per row."""
        items_schema, items_ui = _items(f.schema, f.ui)
        values = list(f.value) if isinstance(f.value, list) else []
        label = items_schema.get("title") or "Item"
        group = {"id": f.id, "title": f.title, "headingLevel": 2 if len(f.path) == 1 else 3,
                 "hint": f.hint, "errorMessage": f.error}
        if _fixed(f.schema, f.ui):
            rows = [self.m.fieldset(dict(self._row(f, items_schema, items_ui, value, index)["fieldset"],
                                         legend={"text": f"{label} {index + 1}", "classes": "govuk-fieldset__legend--m"}))
                    for index, value in enumerate(values)]
            return self.m.rows(dict(group, html=Markup("\n").join(rows)))
        room = f.schema.get("maxItems") is None or len(values) < f.schema["maxItems"]
        options = f.ui.get("ui:options") or {}
        add_text = options.get("addAnotherLabel") or options.get("addLabel") or f"Add another {_lc(label)}"
        if self._add_another_row(f.path) is not None:
            return self.m.rows(dict(group, html=self._rows_in_a_row(f, values, room, add_text)))
        self.add_another.add(f.path)
        scalar = _kind(items_schema, items_ui) != "object"
        add_another = {
            "id": f.id, "itemLabel": label, "layout": options.get("layout") or ("inline" if scalar else None),
            "items": [self._row(f, items_schema, items_ui, value, index)
                      for index, value in enumerate(values + ([None] if room else []))],
            "addAnotherButtonText": add_text,
            "addButton": {"name": ADD_ANOTHER, "value": f.name}, "hideAddButton": not room}
        return self.m.rows(dict(group, addAnother=add_another))

    def _rows_in_a_row(self, f: _Field, values: list, room: bool, add_text: str) -> Markup:
        """A list inside an add another row, as fieldsets with buttons the server acts on (with or
        without JavaScript). The MoJ component cannot hold another: its script takes the inner
        list's rows for its own (miscounting and misnumbering them) and renumbers one ``%index%``
        per name, so the inner list's inputs would post under another row."""
        items_schema, items_ui = _items(f.schema, f.ui)
        label, parts, shown = items_schema.get("title") or "Item", [], values + ([None] if room else [])
        for index, value in enumerate(shown):
            fieldset = self._row(f, items_schema, items_ui, value, index)["fieldset"]
            if len(shown) > 1:
                fieldset["html"] += self._list_button(f.path + (index,), REMOVE, f"Remove {_lc(label)} {index + 1}")
            parts.append(self.m.fieldset(dict(fieldset, legend={"text": f"{label} {index + 1}",
                                                                "classes": "govuk-fieldset__legend--s"})))
        if room:
            parts.append(self._list_button(f.path, ADD_ANOTHER, add_text))
        return Markup("\n").join(parts)

    def _list_button(self, path: tuple, action: str, text: str) -> Markup:
        """An add or remove button of a list inside an add another row; ``data-value`` is the
        template the page's script (static/add-another-rows.mjs) renumbers it from."""
        value = field_name(path)
        return self.m.button({"text": text, "name": action, "value": value, "classes": "govuk-button--secondary",
                              "attributes": {"data-value": self._js(path)["data-name"]}})

    def _row(self, f: _Field, schema: dict, ui: dict, value, index: int) -> dict:
        """One row as MoJ add another item params (a scalar row is one field, whose error it shows)."""
        path = f.path + (index,)
        row_id = field_id(path, self.id_prefix) + "--item"
        item = {"fieldset": {"attributes": {"id": row_id}}, "removeButton": {"name": REMOVE, "value": field_name(path)}}
        if _kind(schema, ui) != "object":
            item["fieldset"]["html"] = self.field(schema, ui, value, path)
            return item
        html = self.properties(schema, ui, value, path)
        error = self.errors.get(_key(path))
        if error:  # shown here: the MoJ template shows a row's errorMessage only in the inline layout
            message = self.m.errorMessage({"id": f"{row_id}-error", "text": error["message"]})
            html = Markup("\n").join([message, html])
            item["fieldset"]["describedBy"] = f"{row_id}-error"
            item["classes"] = "moj-add-another__item--error"
        item["fieldset"]["html"] = html
        return item

    def _readonly(self, f: _Field) -> Markup:
        return self.m.summaryList({"rows": [self._summary_row(f.schema, f.ui, f.value, f.path)]})

    def _summary_row(self, schema: dict, ui: dict, value, path: tuple) -> dict:
        return {"key": {"text": _title(schema, path)}, "value": {"text": _display(schema, ui, value)}}


def _as_text(value) -> Markup:
    """A value for an input or textarea. Newlines go as character references: the macros
    indent nested HTML (conditional reveals), which would otherwise indent a textarea's text."""
    if value is None or isinstance(value, (dict, list)):
        return Markup("")
    text = _choice_str(value) if isinstance(value, bool) else str(value)
    return escape(text.replace("\r\n", "\n")).replace("\n", Markup("&#10;")).replace("\r", Markup("&#13;"))


def _date_parts(value) -> dict[str, str]:
    if isinstance(value, dict):  # what was typed, kept after a parse error
        return {part: str(value.get(part) or "") for part in DATE_PARTS}
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value) if isinstance(value, str) else None
    if not match:
        return dict.fromkeys(DATE_PARTS, "")
    return {"year": match[1], "month": str(int(match[2])), "day": str(int(match[3]))}


def _display(schema: Mapping, ui: Mapping, value) -> str:
    """A value as text for a read-only row."""
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, list):
        return ", ".join(_display(*_items(schema, ui), v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    for option in _options(schema, ui) or []:
        if option.key == _choice_str(value):
            return option.text
    if schema.get("format") == "date" and isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        except ValueError:
            pass
    if isinstance(value, dict):
        return "; ".join(f"{_humanise(k)}: {_display({}, {}, v)}" for k, v in value.items())
    return str(value)
