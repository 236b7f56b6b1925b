"""Typing rows into the forms' "add another" lists, and the data they should become.

Shared by tests/web/test_form_rows.py (the page as the server renders it, with the MoJ script's
renumbering done in Python) and tests/browser/test_add_another_rows.py (the page in Chromium,
with and without JavaScript). A row's questions are read from the page itself, in page order,
so a new form's list needs no new test. Each question gets a value of its own (text, number,
date parts, radios, checkboxes, select; a question revealed by an option is answered only when
the option is chosen), and what the data should hold comes from the form's JSON Schema.

``type_rows`` is the scenario: three rows, the middle one removed, a fourth added (a list inside
a row gets a second row through its own button, and the renumbered row loses its first one).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from api.web.formrender import ADD_ANOTHER, field_id, render_form

ROOT = Path(__file__).resolve().parents[2]
ROW_TAGS = "ABCD"  # the rows typed, in order; B is removed
_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_DATE_PART = re.compile(r"-(day|month|year)$")


@dataclass(frozen=True)
class ShippedList:
    key: str  # "<folder>__<form>__<property>": the list's property in the combined form
    title: str
    schema: dict
    ui: dict


@dataclass
class Answer:
    suffix: str  # the name after the row's own: ".owner", ".due_date", ".dates_discussed[0]", ""
    kind: str  # "text", "date", "radio", "select" or "ticks"
    typed: Any  # the text, the date's {"day", "month", "year"}, the option's value, the ticked values
    value: Any  # what the data should hold


class Page(Protocol):
    """What type_rows needs of a page: the browser's, or the server's rendering."""

    def html(self): ...  # the page as lxml

    def fill(self, row: str, answer: Answer) -> None: ...

    def add_row(self, list_name: str) -> None: ...  # the list's "Add another" button

    def remove_row(self, list_name: str, index: int) -> None: ...  # the row's "Remove" button

    def press(self, list_name: str, index: int, data_value: str) -> None: ...  # a button inside a row


# ---------------------------------------------------------------- the shipped lists

def shipped_lists(env) -> list[ShippedList]:
    """Every top-level property of a shipped form that shows an MoJ add another list."""
    found = []
    for path in sorted((ROOT / "forms").rglob("*.schema.json")):
        schema = json.loads(path.read_text())
        ui_path = path.with_name(path.name.replace(".schema.json", ".uischema.json"))
        ui = json.loads(ui_path.read_text()) if ui_path.exists() else {}
        form = f"{path.parent.name}__{path.name.removesuffix('.schema.json')}"
        for name, prop in (schema.get("properties") or {}).items():
            alone = {"type": "object", "properties": {name: prop}}
            if 'data-module="moj-add-another"' in render_form(env, alone, {name: ui.get(name) or {}}, {}):
                found.append(ShippedList(f"{form}__{name}", f"{form}: {prop.get('title', name)}", prop,
                                         ui.get(name) or {}))
    return found


def combined_form(lists: list[ShippedList]) -> tuple[dict, dict]:
    """One form holding several lists (one page load tries them all), each under its key."""
    schema = {"type": "object", "properties": {s.key: dict(s.schema, title=s.title) for s in lists}}
    return schema, {s.key: s.ui for s in lists}


def list_names(doc) -> list[str]:
    """The names of the MoJ add another lists on a page, from their "Add another" buttons."""
    return [b.get("value") for b in doc.xpath("//div[@data-module='moj-add-another']"
                                              "/div[contains(@class,'moj-add-another__add-button-container')]//button")]


def parse_name(name: str) -> tuple:
    """``risk_issues[1].dates_discussed[0]`` -> ("risk_issues", 1, "dates_discussed", 0)."""
    head = re.match(r"[^.\[]+", name)[0]
    return (head, *[int(index) if index else key for key, index in _PART.findall(name[len(head):])])


def items(doc, list_name: str) -> list:
    """The rows of an MoJ add another list (the elements its script counts as items; the copy
    it keeps to add rows from is in a <template>, not the form)."""
    return doc.xpath(f"//div[@id='{field_id(parse_name(list_name))}']"
                     "//div[contains(concat(' ', @class, ' '), ' moj-add-another__item ')][not(ancestor::template)]")


# ---------------------------------------------------------------- answering one row

def node_at(schema: dict, path) -> dict:
    for part in path:
        schema = (schema.get("items") if isinstance(part, int) else (schema.get("properties") or {}).get(part)) or {}
    return schema


def _types(node: dict) -> list[str]:
    declared = node.get("type", "string")
    return [declared] if isinstance(declared, str) else list(declared)


def _typed_value(node: dict, text: str):
    """What the data holds for an option's value or a number typed as text."""
    types = _types(node)
    if "string" in types:
        return text
    if "boolean" in types:
        return text == "true"
    if "integer" in types or re.fullmatch(r"-?\d+", text):
        return int(text)
    return float(text)


def _controls(doc, row: str) -> dict[str, list]:
    """The row's inputs by name (a date's three as one), in page order, hidden ones left out."""
    found: dict[str, list] = {}
    for element in doc.xpath("(//input | //select | //textarea)[not(ancestor::template)]"):
        name = element.get("name") or ""
        if element.get("type") in ("hidden", "submit", "button") or not name.startswith(row):
            continue
        if name != row and name[len(row)] not in ".[-":
            continue
        if "govuk-date-input__input" in (element.get("class") or ""):
            name = _DATE_PART.sub("", name)
        found.setdefault(name, []).append(element)
    return found


def _controller(element) -> tuple[str, str] | None:
    """(name, value) of the option whose conditional reveal holds the element, if any."""
    reveal = next(iter(element.xpath("ancestor::div[contains(@class,'__conditional')][1]")), None)
    if reveal is None:
        return None
    option = reveal.getprevious().xpath(".//input")[0]
    return option.get("name"), option.get("value")


def _reveals(option) -> bool:
    following = option.getparent().getnext()
    return following is not None and "__conditional" in (following.get("class") or "")


def _text(node: dict, tag: str, position: int, field: str, textarea: bool) -> tuple[str, Any]:
    """(what is typed, what the data holds) for a text box: a number in range, or words
    naming the row and the question."""
    types, low, high = _types(node), node.get("minimum", 0), node.get("maximum")
    if "integer" in types or "number" in types:
        number = low + (ROW_TAGS.index(tag) * 7 + position) % ((high - low + 1) if high is not None else 1000)
        return str(number), number
    if node.get("format") == "email":
        text = f"{tag.lower()}.{position}@example.com"
    else:
        text = f"{tag}{position} {field}" + ("\nsecond line" if textarea else "")
    text = text[: node.get("maxLength", 1000)].strip()
    return text, text


def _answer(node: dict, elements: list, suffix: str, tag: str, position: int) -> Answer:
    """An answer to one question (its inputs ``elements``), different for each row and question."""
    first, ordinal = elements[0], ROW_TAGS.index(tag)
    if "govuk-date-input__input" in (first.get("class") or ""):
        day, month, year = 1 + (ordinal * 7 + position) % 28, 1 + (ordinal * 5 + position) % 12, 2020 + ordinal
        return Answer(suffix, "date", {"day": str(day), "month": str(month), "year": str(year)},
                      f"{year:04d}-{month:02d}-{day:02d}")
    if first.tag == "select" or first.get("type") == "radio":
        options = [e for e in (first.xpath(".//option") if first.tag == "select" else elements) if e.get("value")]
        revealing = [o for o in options if first.tag != "select" and _reveals(o)]
        plain = [o for o in options if o not in revealing]
        if revealing:  # all rows but C open the question an option reveals; D is added after C is renumbered
            chosen = plain[0] if tag == "C" and plain else revealing[0]
        else:
            chosen = options[(ordinal + position) % len(options)]
        kind = "select" if first.tag == "select" else "radio"
        return Answer(suffix, kind, chosen.get("value"), _typed_value(node, chosen.get("value")))
    if first.get("type") == "checkbox":
        ticked = [e.get("value") for j, e in enumerate(elements) if len(elements) == 1 or (j + ordinal) % 2 == 0]
        if len(elements) == 1 and "boolean" in _types(node):
            return Answer(suffix, "ticks", ticked, True)
        return Answer(suffix, "ticks", ticked, [_typed_value(node.get("items") or {}, v) for v in ticked])
    field = next((p for p in reversed(parse_name("row" + suffix)[1:]) if isinstance(p, str)), "value")
    typed, value = _text(node, tag, position, field, first.tag == "textarea")
    return Answer(suffix, "text", typed, value)


def row_answers(doc, item_schema: dict, row: str, tag: str) -> list[Answer]:
    """An answer to each question of the row (``actions[2]``) a person can see once the
    options before it are chosen."""
    answers, chosen = [], set()
    for position, (name, elements) in enumerate(_controls(doc, row).items()):
        controller = _controller(elements[0])
        if controller and controller not in chosen:
            continue
        suffix = name[len(row):]
        answer = _answer(node_at(item_schema, parse_name("row" + suffix)[1:]), elements, suffix, tag, position)
        if answer.kind in ("radio", "select", "ticks"):
            chosen |= {(name, v) for v in (answer.typed if answer.kind == "ticks" else [answer.typed])}
        answers.append(answer)
    return answers


def with_answers(row_value, answers: list[Answer]):
    """The row's data with the answers put in their places (a list inside the row grows)."""
    for answer in answers:
        row_value = put_at(row_value, parse_name("row" + answer.suffix)[1:], answer.value)
    return row_value


def put_at(container, path: tuple, value):
    """``container`` with ``value`` at ``path``: dicts for names, lists for indexes, made as needed."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        container = container if isinstance(container, list) else []
        container += [None] * (head + 1 - len(container))
        container[head] = put_at(container[head], rest, value)
    else:
        container = container if isinstance(container, dict) else {}
        container[head] = put_at(container.get(head), rest, value)
    return container


# ---------------------------------------------------------------- the scenario

def _inner_lists(doc, list_name: str) -> list[str]:
    """The suffixes of the lists inside the rows (``.dates_discussed``), from the templates of
    their "Add another" buttons (their values are what the page must keep right)."""
    template = f"{list_name}[%index%]"
    found = [b.get("data-value")[len(template):] for b in doc.xpath(f"//button[@name='{ADD_ANOTHER}'][@data-value]")
             if b.get("data-value").startswith(template + ".")]
    return list(dict.fromkeys(found))


def type_row(page: Page, item_schema: dict, list_name: str, index: int, tag: str):
    """Answer every question of one row; a list inside it gets a second row. The row's data."""
    row = f"{list_name}[{index}]"
    answers = row_answers(page.html(), item_schema, row, tag)
    for answer in answers:
        page.fill(row, answer)
    value = with_answers(None, answers)
    for inner in _inner_lists(page.html(), list_name):
        page.press(list_name, index, f"{list_name}[%index%]{inner}")
        more = [a for a in row_answers(page.html(), item_schema, row, tag) if a.suffix.startswith(f"{inner}[1]")]
        for answer in more:
            page.fill(row, answer)
        value = with_answers(value, more)
    return value


def _add_row_if_none_is_empty(page: Page, list_name: str, index: int) -> None:
    """The server shows one empty row after the filled ones; the MoJ script adds rows in place."""
    if len(items(page.html(), list_name)) <= index:
        page.add_row(list_name)


def type_rows(page: Page, item_schema: dict, list_name: str) -> list:
    """Rows A, B and C; B removed (C is renumbered: inside it, a list's first row removed too);
    D added. The rows the data should hold, in order."""
    rows = []
    for tag in ROW_TAGS[:3]:
        _add_row_if_none_is_empty(page, list_name, len(rows))
        rows.append(type_row(page, item_schema, list_name, len(rows), tag))
    page.remove_row(list_name, 1)
    del rows[1]
    for inner in _inner_lists(page.html(), list_name):
        page.press(list_name, 1, f"{list_name}[%index%]{inner}[0]")
        inner_rows = rows[1]
        for part in parse_name("row" + inner)[1:]:
            inner_rows = inner_rows[part]
        del inner_rows[0]
    _add_row_if_none_is_empty(page, list_name, len(rows))
    rows.append(type_row(page, item_schema, list_name, len(rows), "D"))
    return rows
