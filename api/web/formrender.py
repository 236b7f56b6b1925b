"""Task forms as GOV.UK Frontend HTML, and posted forms back into typed JSON data.

A user task's form is a JSON Schema (draft 2020-12) plus a UI schema (``ui:`` keys as in
react-jsonschema-form). ``render_form`` builds the fields from the govuk-frontend-jinja
macros and the MoJ "add another" component (ported in ``templates/forms/add_another.html``);
``parse_form`` reads the posted form back into typed data. It all works without JavaScript.

A view, roughly::

    data, errors = check_form(schema, ui, request.form)     # parse + validate
    if wants_another(request.form) or wants_remove(request.form):
        errors = []                # the user is editing a list: show the form again
    elif not errors:
        ...complete the task with merge_read_only(schema, ui, data, task_data)...
    fields = render_form(env, schema, ui, data, errors)    # inside <form>, before the buttons
    summary = error_summary(env, schema, errors, ui_schema=ui)

HTML names (what the browser posts):
    top-level field ``decision``; nested object ``address.postcode``; row of a list of
    objects ``actions[0].owner``; list of scalars ``attendees[0]``; date ``due_date-day``,
    ``-month``, ``-year`` (``actions[0].due_date-day``); checkboxes: the name once per
    ticked box; booleans ``true``/``false``; buttons ``_add_another`` = the list's name
    (``actions``) and ``_remove`` = the row's name (``actions[1]``).
Ids: ``id_prefix`` + the path joined by hyphens (``actions-0-owner``); a date adds ``-day``
    etc., radios and checkboxes ``-2``, ``-3`` from the second option; a row ``actions-0--item``.

Lists show their rows plus ONE empty row; ``parse_form`` drops empty rows and the row named
by ``_remove``. Without JavaScript "Add another" and "Remove" submit the form and the view
shows it again with the parsed data, so a filled row gets a fresh empty one after it; with
JavaScript the MoJ script adds and removes rows, renumbering from the ``data-name`` and
``data-id`` templates on every input of a row (``actions[%index%].owner``; hidden inputs and
those in conditional reveals too), and ``static/add-another-rows.mjs`` renumbers the row's other
ids and starts the GOV.UK scripts of an added row. A list inside an add another row is not
another add another (the MoJ script cannot nest, and renumbers only the first ``%index%``): its
buttons always go to the server, their ``data-value`` renumbered with the row. A list whose
rows have read-only columns (or ``"ui:options": {"addable": false}``) is fixed: its rows come
from the case and keep their places when parsed.

Conditional reveal: ``"ui:reveal": {"<option>": ["field", ...]}`` on a radios or
checkboxes field, or ``"if": {"properties": {"x": {"const": v}}}, "then": {"required":
[...]}`` (alone or in ``allOf``), shows those fields inside option v of x, unless another
option or rule asks for them too. ``parse_form`` drops answers the user could not see.

Parse errors are ``{"path": [...], "message": ...}`` (dates add ``"parts"``, the inputs to
mark); the data keeps what was typed so the page shows it again (it never passes the schema).
``readOnly``/``ui:readonly`` fields are shown as summary rows and never read from the form
(``merge_read_only`` puts them back). ``x-confidential`` has no effect; ``$ref`` is not followed.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import math
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Mapping, NamedTuple

import jinja2
import jsonschema
from markupsafe import Markup, escape

__all__ = ["ADD_ANOTHER", "REMOVE", "check_form", "error_summary", "field_id", "field_name", "merge_read_only",
           "parse_form", "render_form", "validation_errors", "wants_another", "wants_remove"]

ADD_ANOTHER, REMOVE = "_add_another", "_remove"  # the names of the list buttons
INDEX = "%index%"  # the row number in the name/id templates the MoJ script fills in
DATE_PARTS = ("day", "month", "year")
CHOICE_KINDS = ("radios", "select", "boolean", "checkbox", "checkboxes")
_COMPONENTS = "forms/components.html"
_MISSING = object()
_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_MONTHS = {name.lower(): n for n in range(1, 13) for name in (calendar.month_name[n], calendar.month_abbr[n])}
_MONTHS["sept"] = 9


# ---------------------------------------------------------------- names and ids

def field_name(path) -> str:
    """The HTML name of the field at a data path: ``actions[0].owner``."""
    name = ""
    for part in path:
        if isinstance(part, int) or part == INDEX:
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def field_id(path, id_prefix: str = "") -> str:
    """The HTML id of the field at a data path: ``actions-0-owner`` (after the prefix)."""
    return id_prefix + "-".join(str(part) for part in path)


def _norm_path(path) -> tuple:
    """Paths from JSON (pointers, API errors) may carry indexes as strings."""
    return tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in (path or ()))


def _key(path) -> tuple[str, ...]:
    return tuple(str(p) for p in path)


def _error(path, message: str, parts=None) -> dict:
    return {"path": list(path), "message": message, **({"parts": list(parts)} if parts else {})}


# ---------------------------------------------------------------- reading schemas

class _Option(NamedTuple):
    value: Any
    text: str
    hint: str | None = None

    @property
    def key(self) -> str:
        return _choice_str(self.value)


def _choice_str(value) -> str:
    """How a choice's value travels in HTML: booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _humanise(value) -> str:
    text = str(value).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _lc(title: str) -> str:
    """Lower-case the first letter to use a title mid-sentence, but leave CQC alone."""
    return title if title[1:2].isupper() else title[:1].lower() + title[1:]


def _types(schema: Mapping) -> list[str]:
    declared = schema.get("type")
    if declared is None:
        return ["object"] if "properties" in schema else ["array"] if "items" in schema else []
    return [t for t in ([declared] if isinstance(declared, str) else declared) if t != "null"]


def _main_type(schema: Mapping) -> str | None:
    types = _types(schema)
    return types[0] if types else None


def _options(schema: Mapping, ui: Mapping | None = None) -> list[_Option] | None:
    """The choices of an ``enum`` or a ``oneOf``/``anyOf`` of consts; None if not a choice."""
    if "enum" in schema:
        names = (ui or {}).get("ui:enumNames") or []
        return [_Option(v, names[i] if i < len(names) else _humanise(v)) for i, v in enumerate(schema["enum"])]
    for keyword in ("oneOf", "anyOf"):
        alternatives = schema.get(keyword)
        if alternatives and all(isinstance(a, dict) and "const" in a for a in alternatives):
            return [_Option(a["const"], a.get("title") or _humanise(a["const"]), a.get("description"))
                    for a in alternatives]
    return None


def _items(schema: Mapping, ui: Mapping) -> tuple[dict, dict]:
    items = schema.get("items")
    return (items if isinstance(items, dict) else {}), (ui.get("items") or {})


def _kind(schema: Mapping, ui: Mapping) -> str:
    """Which component shows a field; also names the _Renderer/_Parser method."""
    widget = ui.get("ui:widget")
    if schema.get("readOnly") or ui.get("ui:readonly"):
        return "readonly"
    if widget == "hidden":
        return "hidden"
    kind = _main_type(schema)
    if kind == "object":
        return "object"
    if kind == "array":
        return "checkboxes" if _options(*_items(schema, ui)) is not None else "rows"
    if kind == "boolean":
        return "checkbox" if widget == "checkbox" else "boolean"
    options = _options(schema, ui)
    if options is not None:
        if widget in ("radio", "radios", "select"):
            return "select" if widget == "select" else "radios"
        return "radios" if len(options) <= 6 else "select"
    if kind in ("integer", "number"):
        return "number"
    if schema.get("format") == "date":
        return "date"
    return "textarea" if widget == "textarea" else "text"


def _choice_options(schema: Mapping, ui: Mapping, kind: str) -> list[_Option]:
    if kind == "boolean":
        return [_Option(True, "Yes"), _Option(False, "No")]
    if kind == "checkbox":
        return [_Option(True, _title(schema, ()))]
    if kind == "checkboxes":
        return _options(*_items(schema, ui)) or []
    return _options(schema, ui) or []


def _ordered(schema: Mapping, ui: Mapping) -> list[str]:
    """Property names in ``ui:order`` order ("*" stands for the unlisted ones)."""
    names = list((schema.get("properties") or {}).keys())
    order = ui.get("ui:order") or []
    if not order:
        return names
    star = order.index("*") if "*" in order else len(order)
    before = [n for n in order[:star] if n in names]
    after = [n for n in order[star + 1:] if n in names]
    rest = [n for n in names if n not in before and n not in after]
    return before + rest + after


def _node_at(schema: Mapping, ui: Mapping | None, path) -> tuple[dict | None, dict]:
    """The (schema, ui) of the field at a data path, or (None, {})."""
    ui = ui or {}
    for part in path:
        if isinstance(part, int):
            schema, ui = schema.get("items"), ui.get("items") or {}
        else:
            schema, ui = (schema.get("properties") or {}).get(part), ui.get(part) or {}
        if not isinstance(schema, dict):
            return None, {}
    return schema, ui


def _fixed(schema: Mapping, ui: Mapping) -> bool:
    """A fixed list: its rows come from the case (rows with read-only columns, or
    ``"ui:options": {"addable": false}``); people fill them in but add or remove none."""
    if (ui.get("ui:options") or {}).get("addable") is False:
        return True
    items, items_ui = _items(schema, ui)
    return any(_kind(prop, items_ui.get(name) or {}) == "readonly"
               for name, prop in (items.get("properties") or {}).items())


def _title(schema: Mapping, path) -> str:
    if schema.get("title"):
        return schema["title"]
    names = [p for p in path if isinstance(p, str)]
    return _humanise(names[-1]) if names else "This field"


def _hint(schema: Mapping, ui: Mapping) -> str | None:
    hint = ui.get("ui:help") or schema.get("description")
    if hint or _main_type(schema) not in ("integer", "number") or _options(schema, ui):
        return hint
    low, high = schema.get("minimum"), schema.get("maximum")
    what = "A whole number" if _main_type(schema) == "integer" else "A number"
    if low is not None and high is not None:
        return f"{what} from {low} to {high}"
    if low is not None or high is not None:
        return f"{what}, {low} or more" if high is None else f"{what}, {high} or less"
    return None


def _simple_condition(rule: Mapping) -> tuple[str, str, list] | None:
    """(field, option, revealed fields) for ``if x == v then required [...]``, else None."""
    test, then = rule.get("if"), rule.get("then")
    if not isinstance(test, dict) or not isinstance(then, dict) or not then.get("required"):
        return None
    properties = test.get("properties") or {}
    if set(test) - {"properties", "required"} or len(properties) != 1:
        return None
    (name, check), = properties.items()
    if not isinstance(check, dict) or set(check) != {"const"}:
        return None
    return name, _choice_str(check["const"]), list(then["required"])


def _conditions(schema: Mapping) -> tuple[list[tuple[str, str, list]], set[str]]:
    """An object's simple conditions, and the fields that must stay in view because
    something else requires them (``required``, other conditions, ``else``)."""
    simple, blocked = [], set(schema.get("required") or [])
    for rule in [schema, *(schema.get("allOf") or [])]:
        found = _simple_condition(rule) if isinstance(rule, dict) else None
        if found:
            simple.append(found)
            extra = {k: v for k, v in rule["then"].items() if k != "required"}
            blocked |= _required_anywhere(extra) | _required_anywhere(rule.get("else"))
        elif rule is schema:
            blocked |= _required_anywhere([schema.get("then"), schema.get("else")])
        else:
            blocked |= _required_anywhere(rule)
    blocked |= _required_anywhere([schema.get(k) for k in ("anyOf", "oneOf", "not")])
    blocked |= _required_anywhere(list((schema.get("dependentSchemas") or {}).values()))
    for fields in (schema.get("dependentRequired") or {}).values():
        blocked |= set(fields)
    return simple, blocked


def _required_anywhere(node) -> set[str]:
    """Every ``required`` name in a subschema about the same object (not in ``if``)."""
    if isinstance(node, list):
        return set().union(*map(_required_anywhere, node))
    if not isinstance(node, dict):
        return set()
    found = set(node["required"]) if isinstance(node.get("required"), list) else set()
    for keyword in ("allOf", "anyOf", "oneOf", "not", "then", "else"):
        found |= _required_anywhere(node.get(keyword))
    return found | _required_anywhere(list((node.get("dependentSchemas") or {}).values()))


def _reveals(schema: Mapping, ui: Mapping) -> dict[str, tuple[str, str]]:
    """{revealed field: (controlling field, option)} for one object's properties.

    A field is revealed when exactly one option of a radios/checkboxes field asks for
    it and nothing else requires it."""
    properties = schema.get("properties") or {}
    rules, blocked = _conditions(schema)
    for name in properties:
        for option, fields in ((ui.get(name) or {}).get("ui:reveal") or {}).items():
            rules.append((name, option if isinstance(option, str) else _choice_str(option), list(fields)))
    wanted: dict[str, set] = {}
    for controller, option, fields in rules:
        if controller not in properties:
            continue
        kind = _kind(properties[controller], ui.get(controller) or {})
        keys = [o.key for o in _choice_options(properties[controller], ui.get(controller) or {}, kind)]
        if kind not in CHOICE_KINDS or kind == "select" or option not in keys:
            continue
        for field in fields:
            if field in properties and field != controller:
                wanted.setdefault(field, set()).add((controller, option))
    reveals = {field: next(iter(places)) for field, places in wanted.items()
               if len(places) == 1 and field not in blocked}
    return {field: place for field, place in reveals.items() if not _in_cycle(reveals, field)}


def _in_cycle(reveals: Mapping[str, tuple[str, str]], field: str) -> bool:
    seen, current = {field}, reveals[field][0]
    while current in reveals and current not in seen:
        seen.add(current)
        current = reveals[current][0]
    return current in seen


def _selected(value, option: str) -> bool:
    """Whether a parsed answer (one value or a list) chose the option."""
    values = value if isinstance(value, list) else [] if value is _MISSING else [value]
    return any(_choice_str(v) == option for v in values)


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


# ---------------------------------------------------------------- validation

def validation_errors(schema: dict, data: Mapping) -> list[dict]:
    """JSON Schema errors (Draft 2020-12, formats checked) in GOV.UK words, one per field,
    in the schema's order: ``[{"path": [...], "message": "Enter minutes"}]``."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
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
