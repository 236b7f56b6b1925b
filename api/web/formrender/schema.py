"""Reading a form's JSON Schema and UI schema: kinds of field, options, order, reveals."""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

from .names import CHOICE_KINDS, _MISSING

__all__ = []

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
