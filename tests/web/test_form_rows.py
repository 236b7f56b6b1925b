"""Rows of "add another" lists are stored as typed: rendered, renumbered, parsed back.

The page is the server's rendering, driven as a browser would drive it: without JavaScript
every Add and Remove button posts the form (what the task view does); with it, rows are added
and removed in the page as the MoJ script (add-another.mjs, kept as shipped) does it: its items
are every ``.moj-add-another__item`` under the component, a new row is a copy of the first one
emptied, and each input is renamed from its ``data-name``/``data-id`` with the FIRST ``%index%``
replaced. tests/browser/test_add_another_rows.py does the same in Chromium.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jinja2
import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from api.web.formrender import ADD_ANOTHER, REMOVE, parse_form, render_form, wants_another, wants_remove
from tests.support.rows import (
    ROOT, combined_form, items, list_names, node_at, parse_name, put_at, shipped_lists, type_rows,
)

FORMS = ROOT / "forms"
FIXTURE_FORMS = ROOT / "tests" / "fixtures" / "forms"
ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
        jinja2.FileSystemLoader(ROOT / "api" / "web" / "templates"),
    ]),
    undefined=jinja2.ChainableUndefined, autoescape=jinja2.select_autoescape())
SHIPPED = shipped_lists(ENV)


def load(path: Path) -> tuple[dict, dict]:
    ui_path = path.with_name(path.name.replace(".schema.json", ".uischema.json"))
    return json.loads(path.read_text()), (json.loads(ui_path.read_text()) if ui_path.exists() else {})


def _reset(item) -> None:
    """add-another.mjs resetItem: the copied row's inputs emptied."""
    for control in item.xpath(".//*[@data-name or @data-id]"):
        if control.tag == "select":
            for option in control.xpath("option"):
                option.attrib.pop("selected", None)
        elif control.tag == "textarea":
            control.text = ""
        elif control.get("type") in ("radio", "checkbox"):
            control.attrib.pop("checked", None)
        elif control.tag == "input":
            control.set("value", "")


def _renumber(doc, list_name: str) -> None:
    """add-another.mjs updateIndexes (and static/add-another-rows.mjs for the buttons' values)."""
    for index, item in enumerate(items(doc, list_name)):
        for control in item.xpath(".//input[@data-name and @data-id] | .//select[@data-name and @data-id]"
                                  " | .//textarea[@data-name and @data-id]"):
            control.set("name", control.get("data-name").replace("%index%", str(index), 1))
            control.set("id", control.get("data-id").replace("%index%", str(index), 1))
        for button in item.xpath(".//button[@data-value]"):
            button.set("value", button.get("data-value").replace("%index%", str(index), 1))


class RenderedPage:
    """The form as the server renders it; with ``javascript`` the MoJ script's add and remove."""

    def __init__(self, schema: dict, ui: dict, *, javascript: bool, data: dict | None = None):
        self.schema, self.ui, self.javascript = schema, ui, javascript
        self._show(data or {})

    def _show(self, data: dict) -> None:
        self.doc = lxml.html.fromstring(f"<form>{render_form(ENV, self.schema, self.ui, data)}</form>")
        self.templates = {}
        for name in list_names(self.doc) if self.javascript else []:
            _renumber(self.doc, name)
            template = copy.deepcopy(items(self.doc, name)[0])
            _reset(template)
            self.templates[name] = template

    def _component(self, list_name: str):
        return self.doc.xpath(f"//div[@data-module='moj-add-another'][.//button[@value='{list_name}']]")[0]

    def _post(self, button: str, value: str) -> None:
        form = MultiDict(self.doc.form_values())
        form[button] = value
        data, _ = parse_form(self.schema, self.ui, form)
        assert wants_another(form) or wants_remove(form)
        self._show(data)

    def html(self):
        return self.doc

    def fill(self, row: str, answer) -> None:
        name = row + answer.suffix
        if answer.kind == "date":
            for part, text in answer.typed.items():
                self.doc.xpath(f"//input[@name='{name}-{part}']")[0].value = text
        elif answer.kind in ("radio", "ticks"):
            ticked = answer.typed if answer.kind == "ticks" else [answer.typed]
            for control in self.doc.xpath(f"//input[@name='{name}']"):
                control.checked = control.get("value") in ticked
        else:  # text, textarea or select
            self.doc.xpath(f"//*[@name='{name}']")[0].value = answer.typed

    def add_row(self, list_name: str) -> None:
        if not self.javascript:
            return self._post(ADD_ANOTHER, list_name)
        component = self._component(list_name)
        component.find_class("moj-add-another__items")[0].append(copy.deepcopy(self.templates[list_name]))
        _renumber(self.doc, list_name)

    def remove_row(self, list_name: str, index: int) -> None:
        item = items(self.doc, list_name)[index]
        if not self.javascript:
            return self._post(REMOVE, item.find_class("moj-add-another__remove-button")[0].get("value"))
        item.getparent().remove(item)
        _renumber(self.doc, list_name)

    def press(self, list_name: str, index: int, data_value: str) -> None:
        button = items(self.doc, list_name)[index].xpath(f".//button[@data-value='{data_value}']")[0]
        self._post(button.get("name"), button.get("value"))

    def submit(self) -> tuple[dict, list]:
        return parse_form(self.schema, self.ui, MultiDict(self.doc.form_values()))


# ---------------------------------------------------------------- every shipped list

def test_the_shipped_forms_have_add_another_lists():
    keys = {s.key for s in SHIPPED}
    assert "wales__ec_risk_assessment__risk_issues" in keys and "shared__action_plan_review__action_plan" in keys
    assert not any("closure_checklist" == s.key.rsplit("__", 1)[1] for s in SHIPPED)  # a fixed list


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda s: s.key)
def test_rows_are_stored_as_typed_after_adding_removing_and_adding_again(shipped, javascript):
    schema, ui = combined_form([shipped])
    page = RenderedPage(schema, ui, javascript=javascript)
    [name] = list_names(page.html())
    typed = type_rows(page, node_at(schema, parse_name(name)).get("items") or {}, name)
    assert len(typed) == 3
    assert page.submit() == (put_at({}, parse_name(name), typed), [])


@pytest.mark.parametrize("path", sorted(FORMS.rglob("*.schema.json")) + sorted(FIXTURE_FORMS.rglob("*.schema.json")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_input_of_a_row_is_renumbered_from_one_index(path):
    """The MoJ script renumbers the first ``%index%`` of every input in its items, and its
    items are every item under it: so no component inside another, one ``%index%`` per
    template, and the template gives each input the name and id the server gave it."""
    schema, ui = load(path)
    doc = lxml.html.fromstring(f"<form>{render_form(ENV, schema, ui, {})}</form>")
    assert not doc.xpath("//*[@data-module='moj-add-another']//*[@data-module='moj-add-another']")
    for name in list_names(doc):
        for index, item in enumerate(items(doc, name)):
            for control in item.xpath(".//input | .//select | .//textarea"):
                template, id_template = control.get("data-name") or "", control.get("data-id") or ""
                assert template.count("%index%") == 1 and id_template.count("%index%") == 1, control.get("name")
                assert template.replace("%index%", str(index)) == control.get("name")
                assert id_template.replace("%index%", str(index)) == control.get("id")
            for button in item.xpath(".//button[@data-value]"):
                assert button.get("data-value").replace("%index%", str(index)) == button.get("value")


# ---------------------------------------------------------------- the Welsh risk assessment (Appendix 2)

RISK = FORMS / "wales" / "ec_risk_assessment.schema.json"


def test_a_second_risk_issue_keeps_its_own_dates_with_javascript():
    schema, ui = load(RISK)
    page = RenderedPage(schema, ui, javascript=True)
    page.add_row("risk_issues")
    assert len(items(page.html(), "risk_issues")) == 2  # what the script's legends count: "Risk issue 2 of 2"
    for index, (standard, day) in enumerate([("NMS 15", "5"), ("NMS 13", "9")]):
        page.doc.xpath(f"//input[@name='risk_issues[{index}].minimum_standard']")[0].value = standard
        for part, text in {"day": day, "month": "11", "year": "2026"}.items():
            page.doc.xpath(f"//input[@name='risk_issues[{index}].dates_discussed[0]-{part}']")[0].value = text
    data, errors = page.submit()
    assert errors == [] and data["risk_issues"] == [
        {"minimum_standard": "NMS 15", "dates_discussed": ["2026-11-05"]},
        {"minimum_standard": "NMS 13", "dates_discussed": ["2026-11-09"]}]


def test_a_list_inside_a_row_has_buttons_for_the_server_not_the_moj_script():
    schema, ui = load(RISK)
    data = {"risk_issues": [{"dates_discussed": ["2026-11-05"]}, {"dates_discussed": ["2026-11-06", "2026-11-07"]}]}
    doc = lxml.html.fromstring(f"<form>{render_form(ENV, schema, ui, data)}</form>")
    inner = doc.xpath("//div[@id='risk_issues-1-dates_discussed--group']")[0]
    assert not inner.xpath(".//*[contains(@class,'moj-add-another')]")
    buttons = [(b.get("name"), b.get("value"), b.get("data-value"), " ".join(b.text_content().split()))
               for b in inner.xpath(".//button")]
    assert buttons == [
        (REMOVE, f"risk_issues[1].dates_discussed[{i}]", f"risk_issues[%index%].dates_discussed[{i}]",
         f"Remove date discussed {i + 1}") for i in range(3)] + [
        (ADD_ANOTHER, "risk_issues[1].dates_discussed", "risk_issues[%index%].dates_discussed",
         "Add another date discussed")]
    legends = [" ".join(x.text_content().split()) for x in inner.xpath("./fieldset/legend")]
    assert legends == ["Date discussed 1", "Date discussed 2", "Date discussed 3"]


def test_removing_a_date_inside_a_row_without_javascript_removes_only_that_date():
    schema, ui = load(RISK)
    data = {"risk_issues": [{"dates_discussed": ["2026-11-05", "2026-11-06"]},
                            {"dates_discussed": ["2026-11-07", "2026-11-08"]}]}
    form = MultiDict(lxml.html.fromstring(f"<form>{render_form(ENV, schema, ui, data)}</form>").form_values())
    form[REMOVE] = "risk_issues[1].dates_discussed[0]"
    parsed, errors = parse_form(schema, ui, form)
    assert errors == [] and parsed["risk_issues"] == [{"dates_discussed": ["2026-11-05", "2026-11-06"]},
                                                      {"dates_discussed": ["2026-11-08"]}]


# ---------------------------------------------------------------- inputs the script must renumber

ROWS_WITH_HIDDEN = {"type": "object", "properties": {"visits": {"type": "array", "items": {
    "type": "object", "title": "Visit", "properties": {
        "reference": {"type": "string"}, "place": {"type": "string"},
        "kind": {"type": "string", "enum": ["announced", "unannounced"]},
        "reason": {"type": "string", "title": "Why unannounced"}}}}}}
HIDDEN_UI = {"visits": {"items": {"reference": {"ui:widget": "hidden"},
                                  "kind": {"ui:reveal": {"unannounced": ["reason"]}}}}}


def test_hidden_inputs_and_revealed_questions_in_a_row_carry_their_templates():
    data = {"visits": [{"reference": "V-1", "place": "Unit 2", "kind": "unannounced", "reason": "Whistleblowing"}]}
    doc = lxml.html.fromstring(f"<form>{render_form(ENV, ROWS_WITH_HIDDEN, HIDDEN_UI, data)}</form>")
    hidden = doc.xpath("//input[@type='hidden'][@name='visits[0].reference']")[0]
    assert (hidden.get("data-name"), hidden.get("data-id")) == ("visits[%index%].reference", "visits-%index%-reference")
    reason = doc.xpath("//*[contains(@class,'govuk-radios__conditional')]//input[@name='visits[0].reason']")[0]
    assert reason.get("data-name") == "visits[%index%].reason"
    page = RenderedPage(ROWS_WITH_HIDDEN, HIDDEN_UI, javascript=True, data=data)
    page.remove_row("visits", 1)  # the empty row
    page.add_row("visits")
    page.doc.xpath("//input[@name='visits[1].place']")[0].value = "Unit 3"
    assert page.submit() == ({"visits": [data["visits"][0], {"place": "Unit 3"}]}, [])
