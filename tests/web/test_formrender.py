"""The form renderer: JSON Schema + UI schema -> GOV.UK Frontend HTML -> typed data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jinja2
import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from api.web.formrender import (
    ADD_ANOTHER,
    REMOVE,
    check_form,
    error_summary,
    field_id,
    field_name,
    merge_read_only,
    parse_form,
    render_form,
    validation_errors,
    wants_another,
    wants_remove,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FORMS = ROOT / "tests" / "fixtures" / "forms"
SHIPPED_FORMS = ROOT / "forms"


@pytest.fixture(scope="module")
def env():
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
            jinja2.FileSystemLoader(ROOT / "api" / "web" / "templates"),
        ]),
        undefined=jinja2.ChainableUndefined,
        autoescape=jinja2.select_autoescape(),
    )


def load(name: str, folder: Path = FIXTURE_FORMS) -> tuple[dict, dict]:
    schema = json.loads((folder / f"{name}.schema.json").read_text())
    ui_path = folder / f"{name}.uischema.json"
    return schema, (json.loads(ui_path.read_text()) if ui_path.exists() else {})


def render(env, schema, ui=None, data=None, errors=None, **kw):
    """The rendered fields inside a <form>, parsed by lxml."""
    return lxml.html.fromstring(f"<form>{render_form(env, schema, ui, data, errors, **kw)}</form>")


def posted(doc, **extra) -> MultiDict:
    """What a browser would post for the form as rendered (no button pressed)."""
    values = MultiDict(doc.form_values())
    for key, value in extra.items():
        values.setlist(key, value if isinstance(value, list) else [value])
    return values


def one(doc, xpath):
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def label_for(doc, id_) -> str:
    return text(one(doc, f"//label[@for='{id_}']"))


def obj(**properties):
    return {"type": "object", "properties": properties}


# ---------------------------------------------------------------- names

def test_names_and_ids_follow_the_data_path():
    assert field_name(["decision"]) == "decision"
    assert field_name(["address", "postcode"]) == "address.postcode"
    assert field_name(["actions", 0, "owner"]) == "actions[0].owner"
    assert field_name(["attendees", 2]) == "attendees[2]"
    assert field_id(["actions", 0, "owner"]) == "actions-0-owner"
    assert field_id(["actions", 0, "owner"], "task-") == "task-actions-0-owner"


def test_the_environment_must_autoescape(env):
    plain = jinja2.Environment(loader=env.loader, undefined=jinja2.ChainableUndefined)
    with pytest.raises(ValueError):
        render_form(plain, obj(a={"type": "string"}), None, None)


# ---------------------------------------------------------------- text

def test_string_is_a_text_input_with_label_hint_and_value(env):
    schema = obj(reason={"type": "string", "title": "Reason", "description": "Say why <b>now</b>"})
    doc = render(env, schema, data={"reason": "It is late"})
    field = one(doc, "//input[@name='reason']")
    assert field.get("id") == "reason" and field.get("type") == "text" and field.get("value") == "It is late"
    assert "govuk-input" in field.get("class")
    assert label_for(doc, "reason") == "Reason"
    hint = one(doc, "//div[@id='reason-hint']")
    assert text(hint) == "Say why <b>now</b>"  # plain text: escaped, not markup
    assert not doc.xpath("//b")
    assert "reason-hint" in field.get("aria-describedby")


def test_ui_help_overrides_the_description_and_ui_options_apply(env):
    schema = obj(email={"type": "string", "format": "email", "title": "Email", "description": "ignored"})
    ui = {"email": {"ui:help": "We reply here", "ui:placeholder": "name@example.com",
                    "ui:classNames": "govuk-input--width-20"}}
    doc = render(env, schema, ui)
    field = one(doc, "//input[@name='email']")
    assert field.get("type") == "email"
    assert field.get("placeholder") == "name@example.com"
    assert "govuk-input--width-20" in field.get("class")
    assert text(one(doc, "//div[@id='email-hint']")) == "We reply here"


def test_textarea_widget_with_rows(env):
    schema = obj(minutes={"type": "string", "title": "Minutes"})
    doc = render(env, schema, {"minutes": {"ui:widget": "textarea", "ui:options": {"rows": 8}}},
                 {"minutes": "Line one\nLine two"})
    area = one(doc, "//textarea[@name='minutes']")
    assert area.get("rows") == "8" and "govuk-textarea" in area.get("class")
    assert area.text_content().strip() == "Line one\nLine two"
    assert label_for(doc, "minutes") == "Minutes"


def test_text_is_trimmed_and_empty_fields_are_left_out():
    schema = obj(a={"type": "string"}, b={"type": "string"})
    data, errors = parse_form(schema, None, MultiDict({"a": "  hello \r\n", "b": "   "}))
    assert data == {"a": "hello"} and errors == []


def test_hidden_widget(env):
    schema = obj(ref={"type": "integer"})
    doc = render(env, schema, {"ref": {"ui:widget": "hidden"}}, {"ref": 42})
    field = one(doc, "//input[@name='ref']")
    assert field.get("type") == "hidden" and field.get("value") == "42"
    assert parse_form(schema, {"ref": {"ui:widget": "hidden"}}, posted(doc)) == ({"ref": 42}, [])


# ---------------------------------------------------------------- numbers

def test_integer_is_a_numeric_input_with_its_range_as_hint(env):
    schema = obj(score={"type": "integer", "title": "Score", "minimum": 1, "maximum": 5})
    doc = render(env, schema, data={"score": 3})
    field = one(doc, "//input[@name='score']")
    assert field.get("inputmode") == "numeric" and field.get("value") == "3"
    assert text(one(doc, "//div[@id='score-hint']")) == "A whole number from 1 to 5"
    assert parse_form(schema, None, posted(doc)) == ({"score": 3}, [])


def test_integer_and_number_parsing():
    schema = obj(count={"type": "integer", "title": "Number of residents"},
                 ratio={"type": "number", "title": "Ratio"})
    assert parse_form(schema, None, MultiDict({"count": "1,200", "ratio": "0.75"})) == ({"count": 1200, "ratio": 0.75}, [])
    assert parse_form(schema, None, MultiDict({"count": "-3", "ratio": "2"})) == ({"count": -3, "ratio": 2}, [])
    data, errors = parse_form(schema, None, MultiDict({"count": "ten", "ratio": "1.2.3"}))
    assert data == {"count": "ten", "ratio": "1.2.3"}  # what was typed, shown again
    assert errors == [{"path": ["count"], "message": "Number of residents must be a whole number"},
                      {"path": ["ratio"], "message": "Ratio must be a number"}]
    _, errors = parse_form(schema, None, MultiDict({"count": "2.5", "ratio": "nan"}))
    assert [e["message"] for e in errors] == ["Number of residents must be a whole number", "Ratio must be a number"]


def test_number_with_a_hint_keeps_its_hint(env):
    schema, ui = load("shared/review")
    doc = render(env, schema, ui, {"score_a": 4})
    assert one(doc, "//input[@name='score_a']").get("inputmode") == "numeric"
    assert text(one(doc, "//div[@id='score_a-hint']")) == "1 is minor, 5 is very serious"
    assert parse_form(schema, ui, posted(doc)) == ({"score_a": 4}, [])


# ---------------------------------------------------------------- choices

def test_enum_of_a_few_is_radios_with_legend_and_hint(env):
    schema, ui = load("shared/decide_referral")
    doc = render(env, schema, ui, {"outcome": "none"})
    legend = one(doc, "//fieldset/legend")
    assert text(legend) == "Outcome"
    radios = doc.xpath("//input[@type='radio'][@name='outcome']")
    assert [r.get("value") for r in radios] == ["qpip", "none"]
    assert [r.get("id") for r in radios] == ["outcome", "outcome-2"]
    assert [label_for(doc, r.get("id")) for r in radios] == ["Qpip", "None"]
    assert one(doc, "//input[@value='none']").get("checked") is not None
    assert one(doc, "//input[@value='qpip']").get("checked") is None
    assert text(one(doc, "//div[@id='outcome-hint']")) == "qpip: start a quality performance improvement plan"
    assert parse_form(schema, ui, posted(doc)) == ({"outcome": "none"}, [])


def test_one_of_titles_label_the_options_and_many_options_make_a_select(env):
    options = [{"const": f"v{i}", "title": f"Option {i}"} for i in range(8)]
    schema = obj(pick={"type": "string", "title": "Pick", "oneOf": options},
                 few={"type": "string", "title": "Few", "oneOf": options[:3]})
    doc = render(env, schema, {"few": {"ui:widget": "select"}}, {"pick": "v5", "few": "v1"})
    select = one(doc, "//select[@name='pick']")
    assert label_for(doc, "pick") == "Pick"
    assert [o.get("value") for o in select.xpath("option")] == [""] + [f"v{i}" for i in range(8)]
    assert one(select, "option[@selected]").get("value") == "v5"
    assert one(doc, "//select[@name='few']/option[@selected]").text_content().strip() == "Option 1"
    assert parse_form(schema, None, posted(doc)) == ({"pick": "v5", "few": "v1"}, [])
    assert parse_form(schema, None, MultiDict({"pick": ""})) == ({}, [])


def test_radio_widget_forces_radios_for_many_options(env):
    options = [{"const": f"v{i}", "title": f"Option {i}"} for i in range(8)]
    doc = render(env, obj(pick={"type": "string", "oneOf": options}), {"pick": {"ui:widget": "radio"}})
    assert len(doc.xpath("//input[@type='radio']")) == 8 and not doc.xpath("//select")


def test_boolean_is_inline_yes_no_radios(env):
    schema = obj(agreed={"type": "boolean", "title": "Did everyone agree?"})
    doc = render(env, schema, data={"agreed": False})
    radios = doc.xpath("//input[@name='agreed']")
    assert [(r.get("value"), label_for(doc, r.get("id"))) for r in radios] == [("true", "Yes"), ("false", "No")]
    assert "govuk-radios--inline" in one(doc, "//div[@data-module='govuk-radios']").get("class")
    assert radios[1].get("checked") is not None
    assert parse_form(schema, None, posted(doc)) == ({"agreed": False}, [])
    assert parse_form(schema, None, MultiDict({"agreed": "true"})) == ({"agreed": True}, [])
    assert parse_form(schema, None, MultiDict()) == ({}, [])


def test_boolean_as_a_single_checkbox(env):
    schema = obj(agreed={"type": "boolean", "title": "Confidentiality agreed", "const": True,
                         "description": "Everyone agreed"})
    ui = {"agreed": {"ui:widget": "checkbox"}}
    doc = render(env, schema, ui)
    box = one(doc, "//input[@type='checkbox']")
    assert box.get("name") == "agreed" and box.get("value") == "true" and box.get("checked") is None
    assert label_for(doc, "agreed") == "Confidentiality agreed"
    assert "Everyone agreed" in text(doc)
    assert parse_form(schema, ui, posted(doc)) == ({"agreed": False}, [])
    assert parse_form(schema, ui, MultiDict({"agreed": "true"})) == ({"agreed": True}, [])
    assert validation_errors(schema, {"agreed": False}) == [
        {"path": ["agreed"], "message": "Confirm confidentiality agreed"}]


def test_array_of_choices_is_checkboxes(env):
    schema = obj(sources={"type": "array", "title": "Where has the intelligence come from?", "uniqueItems": True,
                          "items": {"type": "string", "oneOf": [{"const": "meetings", "title": "Meetings"},
                                                                {"const": "cqc", "title": "Updates from CQC"},
                                                                {"const": "other", "title": "Other"}]}})
    doc = render(env, schema, data={"sources": ["other", "meetings"]})
    boxes = doc.xpath("//input[@type='checkbox'][@name='sources']")
    assert [b.get("value") for b in boxes] == ["meetings", "cqc", "other"]
    assert [b.get("checked") is not None for b in boxes] == [True, False, True]
    assert text(one(doc, "//legend")) == "Where has the intelligence come from?"
    assert parse_form(schema, None, posted(doc)) == ({"sources": ["meetings", "other"]}, [])
    assert parse_form(schema, None, MultiDict()) == ({}, [])


def test_plain_enum_checkboxes_and_integer_choices(env):
    schema = obj(days={"type": "array", "items": {"enum": ["mon", "tue"]}},
                 level={"type": "integer", "title": "Level", "enum": [1, 2, 3]})
    doc = render(env, schema, data={"days": ["tue"], "level": 2})
    assert one(doc, "//input[@name='days'][@checked]").get("value") == "tue"
    assert parse_form(schema, None, posted(doc)) == ({"days": ["tue"], "level": 2}, [])


def test_an_unknown_choice_is_kept_for_validation_to_refuse():
    schema = obj(outcome={"type": "string", "title": "Outcome", "enum": ["qpip", "none"]})
    data, errors = parse_form(schema, None, MultiDict({"outcome": "hacked"}))
    assert data == {"outcome": "hacked"} and errors == []
    assert validation_errors(schema, data) == [{"path": ["outcome"], "message": "Select outcome"}]


# ---------------------------------------------------------------- dates

DATE_FORM = obj(decision_date={"type": "string", "format": "date", "title": "Date of the decision"})


def test_date_is_a_date_input(env):
    schema, ui = load("shared/record_decision")
    doc = render(env, schema, ui, {"decision_date": "2026-12-04"})
    assert text(one(doc, "//fieldset/legend")) == "Date of the decision"
    assert one(doc, "//fieldset").get("role") == "group"
    parts = {p: one(doc, f"//input[@name='decision_date-{p}']") for p in ("day", "month", "year")}
    assert [parts[p].get("value") for p in ("day", "month", "year")] == ["4", "12", "2026"]
    assert parts["day"].get("id") == "decision_date-day" and parts["day"].get("inputmode") == "numeric"
    assert label_for(doc, "decision_date-day") == "Day"
    assert text(one(doc, "//div[@id='decision_date-hint']")) == "Statutory timescales run from this date"
    assert parse_form(schema, ui, posted(doc)) == ({"decision_date": "2026-12-04"}, [])


@pytest.mark.parametrize("day, month, year, expected", [
    ("4", "12", "2026", "2026-12-04"),
    ("04", "02", "2024", "2024-02-04"),
    (" 29", "2 ", "2024", "2024-02-29"),
    ("1", "Feb", "2025", "2025-02-01"),
    ("1", "september", "2025", "2025-09-01"),
])
def test_valid_dates(day, month, year, expected):
    form = MultiDict({"decision_date-day": day, "decision_date-month": month, "decision_date-year": year})
    assert parse_form(DATE_FORM, None, form) == ({"decision_date": expected}, [])


@pytest.mark.parametrize("day, month, year, message, parts", [
    ("31", "2", "2025", "Date of the decision must be a real date", ["day", "month", "year"]),
    ("29", "2", "2025", "Date of the decision must be a real date", ["day", "month", "year"]),
    ("1", "13", "2025", "Date of the decision must be a real date", ["day", "month", "year"]),
    ("x", "1", "2025", "Date of the decision must be a real date", ["day", "month", "year"]),
    ("1", "1", "25", "Date of the decision must include a year with 4 numbers", ["year"]),
    ("1", "1", "", "Date of the decision must include a year", ["year"]),
    ("", "", "2025", "Date of the decision must include a day and month", ["day", "month"]),
])
def test_invalid_and_partial_dates(env, day, month, year, message, parts):
    form = MultiDict({"decision_date-day": day, "decision_date-month": month, "decision_date-year": year})
    data, errors = parse_form(DATE_FORM, None, form)
    assert errors == [{"path": ["decision_date"], "message": message, "parts": parts}]
    # What was typed comes back, with the wrong inputs marked
    doc = render(env, DATE_FORM, None, data, errors)
    inputs = {p: one(doc, f"//input[@name='decision_date-{p}']") for p in ("day", "month", "year")}
    assert [inputs[p].get("value") for p in ("day", "month", "year")] == [day.strip(), month.strip(), year.strip()]
    assert [p for p in inputs if "govuk-input--error" in inputs[p].get("class")] == parts
    assert text(one(doc, "//p[@id='decision_date-error']")).endswith(message)
    # and the data can never pass the schema
    assert validation_errors(DATE_FORM, data)


def test_an_empty_date_is_left_out():
    form = MultiDict({"decision_date-day": "", "decision_date-month": " ", "decision_date-year": ""})
    assert parse_form(DATE_FORM, None, form) == ({}, [])


# ---------------------------------------------------------------- objects

def test_nested_object_is_a_fieldset_with_dotted_names(env):
    schema = obj(address={"type": "object", "title": "Address", "description": "Where the home is",
                          "properties": {"street": {"type": "string", "title": "Street"},
                                         "opened": {"type": "string", "format": "date", "title": "Opened"}}})
    data = {"address": {"street": "1 High St", "opened": "2020-01-31"}}
    doc = render(env, schema, None, data)
    fieldset = one(doc, "//fieldset[@id='address']")
    assert text(one(fieldset, "legend")) == "Address"
    assert "address-hint" in fieldset.get("aria-describedby")
    assert one(fieldset, ".//input[@name='address.street']").get("id") == "address-street"
    assert fieldset.xpath(".//input[@name='address.opened-day']")
    assert parse_form(schema, None, posted(doc)) == (data, [])
    assert parse_form(schema, None, MultiDict()) == ({}, [])


# ---------------------------------------------------------------- lists (add another)

MEETING = {"attendees": ["Ann Lee, council", "Raj Patel, CQC"], "minutes": "Agreed actions.",
           "actions": [{"action": "Send the plan", "owner": "Ann", "due_date": "2026-01-05"},
                       {"action": "Visit", "owner": "Raj", "due_date": "2026-01-12"}]}


def test_rows_render_every_item_plus_one_empty_one(env):
    schema, ui = load("shared/meeting")
    doc = render(env, schema, ui, MEETING)
    component = one(doc, "//div[@id='actions'][@data-module='moj-add-another']")
    assert component.get("data-item-label") == "Action"
    items = component.xpath(".//div[contains(@class,'moj-add-another__item')]/fieldset")
    assert [text(one(f, "legend")) for f in items] == ["Action 1", "Action 2", "Action 3"]
    assert all("moj-add-another__fieldset" in f.get("class") for f in items)
    assert one(items[0], ".//input[@name='actions[0].owner']").get("value") == "Ann"
    assert one(items[1], ".//input[@name='actions[1].action']").get("value") == "Visit"
    assert one(items[2], ".//input[@name='actions[2].action']").get("value") == ""
    owner = one(items[2], ".//input[@name='actions[2].owner']")
    assert owner.get("id") == "actions-2-owner" and label_for(doc, "actions-2-owner") == "Owner"
    # templates the MoJ script renumbers with
    assert owner.get("data-name") == "actions[%index%].owner" and owner.get("data-id") == "actions-%index%-owner"
    assert items[2].xpath(".//input[@name='actions[2].due_date-day'][@data-name='actions[%index%].due_date-day']")
    # the list's heading and hint, the add and remove buttons
    group = one(doc, "//div[@id='actions--group']")
    assert text(one(group, "h2")) == "Actions"
    assert "Each action needs an owner and a due date" in text(group)
    add = one(component, ".//button[contains(@class,'moj-add-another__add-button')]")
    assert (add.get("name"), add.get("value"), text(add)) == (ADD_ANOTHER, "actions", "Add another action")
    removes = component.xpath(".//button[contains(@class,'moj-add-another__remove-button')]")
    assert [(b.get("name"), b.get("value")) for b in removes] == [(REMOVE, f"actions[{i}]") for i in range(3)]
    assert text(removes[0]) == "Remove action 1"


def test_rows_parse_back_and_empty_rows_are_dropped(env):
    schema, ui = load("shared/meeting")
    doc = render(env, schema, ui, MEETING)
    assert parse_form(schema, ui, posted(doc)) == (MEETING, [])
    # an empty row in the middle goes too, and later rows move up
    form = posted(doc)
    for key in ("actions[0].action", "actions[0].owner", "actions[0].due_date-day",
                "actions[0].due_date-month", "actions[0].due_date-year"):
        form[key] = " "
    data, _ = parse_form(schema, ui, form)
    assert data["actions"] == MEETING["actions"][1:]


def test_no_rows_leaves_the_list_out(env):
    schema, ui = load("shared/meeting")
    doc = render(env, schema, ui, {"minutes": "x"})
    assert len(doc.xpath("//div[@id='actions']//fieldset[contains(@class,'moj-add-another__fieldset')]")) == 1
    assert len(doc.xpath("//div[@id='attendees']//input")) == 1
    assert not doc.xpath("//button[@name='_remove']")  # one row: nothing to remove
    assert parse_form(schema, ui, posted(doc)) == ({"minutes": "x"}, [])


def test_add_another_without_javascript(env):
    schema, ui = load("shared/meeting")
    doc = render(env, schema, ui, MEETING)
    form = posted(doc, **{ADD_ANOTHER: "actions", "actions[2].action": "Report back", "actions[2].owner": "Sam"})
    assert wants_another(form) == "actions" and wants_remove(form) is None
    data, errors = parse_form(schema, ui, form)
    assert data["actions"][2] == {"action": "Report back", "owner": "Sam"} and errors == []
    # shown again: the three rows and a fresh empty one, the new row's missing date flagged only on submit
    again = render(env, schema, ui, data)
    legends = [text(x) for x in again.xpath("//div[@id='actions']//legend[contains(@class,'moj-add-another__item-title')]")]
    assert legends == ["Action 1", "Action 2", "Action 3", "Action 4"]
    assert one(again, "//input[@name='actions[2].owner']").get("value") == "Sam"
    assert one(again, "//input[@name='actions[3].owner']").get("value") == ""
    assert wants_another(MultiDict()) is None


def test_remove_without_javascript(env):
    schema, ui = load("shared/meeting")
    form = posted(render(env, schema, ui, MEETING), **{REMOVE: "actions[0]"})
    assert wants_remove(form) == "actions[0]"
    data, errors = parse_form(schema, ui, form)
    assert data["actions"] == MEETING["actions"][1:] and errors == []


def test_list_of_strings_has_one_input_per_row(env):
    schema, ui = load("shared/meeting")
    doc = render(env, schema, ui, MEETING)
    inputs = doc.xpath("//div[@id='attendees']//input")
    assert [(i.get("name"), i.get("value")) for i in inputs] == [
        ("attendees[0]", "Ann Lee, council"), ("attendees[1]", "Raj Patel, CQC"), ("attendees[2]", "")]
    assert label_for(doc, "attendees-0") == "Name and organisation"
    assert one(doc, "//div[@id='attendees']").get("data-layout") == "inline"
    form = posted(doc, **{"attendees[2]": "Jo Bloggs, police"})
    assert parse_form(schema, ui, form)[0]["attendees"] == MEETING["attendees"] + ["Jo Bloggs, police"]


def test_rows_with_booleans_and_row_parse_errors(env):
    schema, ui = load("shared/list_residents")
    doc = render(env, schema, ui, {"residents": [{"name": "Mary", "self_funder": True}]})
    assert one(doc, "//input[@name='residents[0].self_funder'][@checked]").get("value") == "true"
    assert len(doc.xpath("//input[@name='residents[1].self_funder']")) == 2
    assert parse_form(schema, ui, posted(doc)) == ({"residents": [{"name": "Mary", "self_funder": True}]}, [])


def test_parse_errors_in_rows_use_the_index_in_the_data():
    schema, ui = load("shared/meeting")
    form = MultiDict({"minutes": "m", "actions[0].action": "", "actions[1].action": "Visit",
                      "actions[1].due_date-day": "40", "actions[1].due_date-month": "1",
                      "actions[1].due_date-year": "2026"})
    data, errors = parse_form(schema, ui, form)
    assert data["actions"] == [{"action": "Visit", "due_date": {"day": "40", "month": "1", "year": "2026"}}]
    assert errors == [{"path": ["actions", 0, "due_date"], "message": "Due date must be a real date",
                       "parts": ["day", "month", "year"]}]


def test_max_items_stops_adding(env):
    schema = obj(names={"type": "array", "maxItems": 2, "items": {"type": "string", "title": "Name"}})
    doc = render(env, schema, data={"names": ["a", "b"]})
    assert len(doc.xpath("//input[starts-with(@name,'names[')]")) == 2
    assert not doc.xpath("//button[@name='_add_another']")


FIXED = obj(tasks={
    "type": "array", "title": "Closure checklist",
    "items": {"type": "object", "title": "Task", "required": ["item", "task", "done"],
              "properties": {"item": {"type": "integer", "title": "No.", "readOnly": True},
                             "task": {"type": "string", "title": "Task", "readOnly": True},
                             "done": {"type": "boolean", "title": "Done?"},
                             "by": {"type": "string", "title": "Who"}}}})
CHECKLIST = {"tasks": [{"item": 1, "task": "Tell residents"}, {"item": 2, "task": "Tell <families>"},
                       {"item": 3, "task": "Tell the regulator"}]}


def test_rows_with_read_only_columns_are_a_fixed_list(env):
    doc = render(env, FIXED, None, CHECKLIST)
    assert not doc.xpath("//*[@data-module='moj-add-another'] | //button | //*[@data-name]")
    rows = doc.xpath("//div[@id='tasks--group']/fieldset")
    assert [text(one(r, "legend")) for r in rows] == ["Task 1", "Task 2", "Task 3"]
    assert [text(d) for d in rows[1].xpath(".//dd")] == ["2", "Tell <families>"]
    assert rows[2].xpath(".//input[@name='tasks[2].done']")
    # rows keep their places: a row left blank is an empty object, and the read-only columns come back
    form = MultiDict({"tasks[0].by": "", "tasks[1].done": "true", "tasks[1].by": "Ann"})
    data, errors = parse_form(FIXED, None, form)
    assert data == {"tasks": [{}, {"done": True, "by": "Ann"}]} and errors == []
    merged = merge_read_only(FIXED, None, data, CHECKLIST)
    assert merged == {"tasks": [{"item": 1, "task": "Tell residents"},
                                {"item": 2, "task": "Tell <families>", "done": True, "by": "Ann"},
                                {"item": 3, "task": "Tell the regulator"}]}
    assert validation_errors(FIXED, merged) == [
        {"path": ["tasks", 0, "done"], "message": "Select an answer to ‘Done?’"},
        {"path": ["tasks", 2, "done"], "message": "Select an answer to ‘Done?’"}]


def test_addable_false_makes_a_fixed_list(env):
    schema = obj(names={"type": "array", "items": {"type": "string", "title": "Name"}})
    doc = render(env, schema, {"names": {"ui:options": {"addable": False}}}, {"names": ["a", "b"]})
    assert [i.get("value") for i in doc.xpath("//input")] == ["a", "b"] and not doc.xpath("//button")


# ---------------------------------------------------------------- conditional reveal

REVEAL_UI = obj(
    contact={"type": "string", "title": "How should we contact you?",
             "oneOf": [{"const": "email", "title": "Email"}, {"const": "phone", "title": "Phone"},
                       {"const": "none", "title": "Do not contact"}]},
    email={"type": "string", "format": "email", "title": "Email address"},
    phone={"type": "string", "title": "Phone number"},
    notes={"type": "string", "title": "Notes"},
)


def test_ui_reveal_puts_fields_inside_the_option(env):
    ui = {"contact": {"ui:reveal": {"email": ["email"], "phone": ["phone"]}}}
    doc = render(env, REVEAL_UI, ui, {"contact": "phone", "phone": "0123"})
    assert len(doc.xpath("//input[@name='email']")) == 1 and len(doc.xpath("//input[@name='phone']")) == 1
    email_box = one(doc, "//div[@id='conditional-contact']")
    assert "govuk-radios__conditional--hidden" in email_box.get("class")
    assert email_box.xpath(".//input[@name='email']")
    phone_box = one(doc, "//div[@id='conditional-contact-2']")
    assert "govuk-radios__conditional--hidden" not in phone_box.get("class")
    assert one(phone_box, ".//input[@name='phone']").get("value") == "0123"
    assert one(doc, "//input[@id='contact-2']").get("data-aria-controls") == "conditional-contact-2"
    assert not doc.xpath("//div[contains(@class,'govuk-radios__conditional')]//input[@name='notes']")
    assert "govuk-radios--inline" not in one(doc, "//div[@data-module='govuk-radios']").get("class")
    # answers to fields the user could not see are dropped
    form = posted(doc, email="old@example.com")
    assert parse_form(REVEAL_UI, ui, form) == ({"contact": "phone", "phone": "0123"}, [])


def test_if_then_reveals_the_required_fields(env):
    schema = {
        "type": "object",
        "properties": {
            "agreed": {"type": "boolean", "title": "Was confidentiality agreed?"},
            "who": {"type": "string", "title": "Who did not agree"},
            "decision": {"type": "string", "title": "Decision",
                         "oneOf": [{"const": "continue", "title": "Continue"}, {"const": "close", "title": "Close"}]},
            "review_on": {"type": "string", "format": "date", "title": "Review date"},
        },
        "required": ["agreed"],
        "allOf": [
            {"if": {"properties": {"agreed": {"const": False}}, "required": ["agreed"]},
             "then": {"required": ["who"]}},
        ],
        "if": {"properties": {"decision": {"const": "continue"}}, "required": ["decision"]},
        "then": {"required": ["review_on"]},
    }
    doc = render(env, schema, None, {"agreed": False, "who": "The provider"})
    no_box = one(doc, "//div[@id='conditional-agreed-2']")
    assert one(no_box, ".//input[@name='who']").get("value") == "The provider"
    assert one(doc, "//div[@id='conditional-decision']").xpath(".//input[@name='review_on-day']")
    assert len(doc.xpath("//input[@name='who']")) == 1
    radios = one(doc, "//input[@name='agreed']/ancestor::div[@data-module='govuk-radios']")
    assert "govuk-radios--inline" not in radios.get("class")
    assert parse_form(schema, None, posted(doc)) == ({"agreed": False, "who": "The provider"}, [])
    form = posted(doc, agreed="true", decision="close", **{"review_on-day": "1", "review_on-month": "1",
                                                           "review_on-year": "2026"})
    assert parse_form(schema, None, form) == ({"agreed": True, "decision": "close"}, [])
    # a hidden field's parse error does not count
    form = posted(doc, agreed="true", **{"review_on-day": "99", "review_on-month": "1", "review_on-year": "2026"})
    assert parse_form(schema, None, form)[1] == []
    assert validation_errors(schema, {"agreed": False}) == [{"path": ["who"], "message": "Enter who did not agree"}]


def test_a_field_revealed_by_two_options_stays_at_the_top_level(env):
    ui = {"contact": {"ui:reveal": {"email": ["notes"], "phone": ["notes"]}}}
    doc = render(env, REVEAL_UI, ui)
    assert not doc.xpath("//div[contains(@class,'govuk-radios__conditional')]")
    assert len(doc.xpath("//input[@name='notes']")) == 1


def test_checkboxes_reveal_too(env):
    schema = obj(kinds={"type": "array", "items": {"enum": ["a", "b"]}}, other={"type": "string", "title": "Other"})
    ui = {"kinds": {"ui:reveal": {"b": ["other"]}}}
    doc = render(env, schema, ui, {"kinds": ["b"], "other": "x"})
    box = one(doc, "//div[@id='conditional-kinds-2']")
    assert "govuk-checkboxes__conditional--hidden" not in box.get("class")
    assert parse_form(schema, ui, posted(doc)) == ({"kinds": ["b"], "other": "x"}, [])
    assert parse_form(schema, ui, MultiDict({"kinds": "a", "other": "x"})) == ({"kinds": ["a"]}, [])


def test_reveals_can_nest_and_textareas_inside_keep_their_text(env):
    schema = {"type": "object", "properties": {
        "decision": {"type": "string", "enum": ["suspend", "continue"]},
        "scope": {"type": "string", "enum": ["all", "some"]},
        "which": {"type": "string", "title": "Which services"},
    }, "allOf": [
        {"if": {"properties": {"decision": {"const": "suspend"}}, "required": ["decision"]},
         "then": {"required": ["scope"]}},
        {"if": {"properties": {"scope": {"const": "some"}}, "required": ["scope"]},
         "then": {"required": ["which"]}},
    ]}
    ui = {"which": {"ui:widget": "textarea"}}
    data = {"decision": "suspend", "scope": "some", "which": "Nursing\nRespite <care>"}
    doc = render(env, schema, ui, data)
    outer = one(doc, "//div[@id='conditional-decision']")
    assert one(outer, ".//div[@id='conditional-scope-2']//textarea").text == "Nursing\nRespite <care>"
    assert parse_form(schema, ui, posted(doc)) == (data, [])
    assert parse_form(schema, ui, posted(doc, decision="continue")) == ({"decision": "continue"}, [])


def test_a_required_field_is_never_hidden(env):
    schema = dict(REVEAL_UI, required=["phone"])
    doc = render(env, schema, {"contact": {"ui:reveal": {"email": ["email"], "phone": ["phone"]}}})
    assert one(doc, "//div[@id='conditional-contact']").xpath(".//input[@name='email']")
    assert not doc.xpath("//div[contains(@class,'govuk-radios__conditional')]//input[@name='phone']")


# ---------------------------------------------------------------- read-only

def test_read_only_fields_are_text_not_inputs(env):
    schema = obj(
        recommended={"type": "string", "title": "Recommended outcome", "readOnly": True,
                     "oneOf": [{"const": "good", "title": "Good progress"}, {"const": "poor", "title": "Poor"}]},
        score={"type": "integer", "title": "Score"},
        due={"type": "string", "format": "date", "title": "Due"},
        decision={"type": "string", "title": "Your decision"},
    )
    ui = {"score": {"ui:readonly": True}, "due": {"ui:readonly": True}}
    current = {"recommended": "good", "score": 7, "due": "2026-12-24"}
    doc = render(env, schema, ui, current)
    rows = doc.xpath("//dl[contains(@class,'govuk-summary-list')]/div")
    assert [(text(one(r, "dt")), text(one(r, "dd"))) for r in rows] == [
        ("Recommended outcome", "Good progress"), ("Score", "7"), ("Due", "24 December 2026")]
    assert len(doc.xpath("//dl")) == 1  # neighbours share one list
    assert not doc.xpath("//input[@name='recommended' or @name='score']")
    # never read from the form; merge_read_only puts the current values back
    data, _ = parse_form(schema, ui, MultiDict({"recommended": "poor", "score": "1", "decision": "Agree"}))
    assert data == {"decision": "Agree"}
    assert merge_read_only(schema, ui, data, current) == {"decision": "Agree", **current}


# ---------------------------------------------------------------- ordering, labels, escaping

def test_ui_order_enum_names_and_star(env):
    schema = obj(a={"type": "string"}, b={"type": "string"}, c={"type": "string", "enum": ["x", "y"]},
                 d={"type": "string"})
    ui = {"ui:order": ["c", "*", "a"], "c": {"ui:enumNames": ["Ex", "Why"]}}
    doc = render(env, schema, ui)
    assert [e.get("name") for e in doc.xpath("//input[@type='text'] | //input[@value='x']")] == ["c", "b", "d", "a"]
    assert label_for(doc, "c") == "Ex" and label_for(doc, "c-2") == "Why"
    assert label_for(doc, "b") == "B"  # no title: the humanised name


def test_everything_is_escaped(env):
    nasty = '"><script>alert(1)</script>'
    schema = obj(q={"type": "string", "title": nasty, "description": nasty},
                 r={"type": "string", "title": nasty, "oneOf": [{"const": nasty, "title": nasty}]})
    doc = render(env, schema, None, {"q": nasty, "r": nasty}, [{"path": ["q"], "message": nasty}])
    assert not doc.xpath("//script")
    assert one(doc, "//input[@name='q']").get("value") == nasty
    assert parse_form(schema, None, posted(doc)) == ({"q": nasty, "r": nasty}, [])
    summary = lxml.html.fromstring(str(error_summary(env, schema, [{"path": ["q"], "message": nasty}])))
    assert not summary.xpath("//script") and nasty in text(summary)


def test_engine_messages_name_fields_by_their_title(env):
    schema, ui = load("shared/meeting")
    errors = [{"path": ["actions", 0, "action"], "message": "action_plan is unknown"},
              {"path": ["actions", 0, "due_date"], "message": "due_date is required"}]
    doc = lxml.html.fromstring(str(error_summary(env, schema, errors)))
    assert [text(a) for a in doc.xpath(".//a")] == ["action_plan is unknown", "Due date is required"]
    schema, ui = load("shared/record_decision")
    errors = [{"path": ["decision_date"], "message": "decision_date is required"}]
    assert "Date of the decision is required" in text(render(env, schema, ui, {}, errors))
    assert "Date of the decision is required" in str(error_summary(env, schema, errors))


# ---------------------------------------------------------------- errors

def test_errors_show_on_their_fields(env):
    schema, ui = load("shared/meeting")
    errors = [{"path": ["minutes"], "message": "Enter minutes"},
              {"path": ["actions", 0, "owner"], "message": "owner is required"},
              {"path": ["actions", "1", "due_date"], "message": "Due date must be a real date"}]
    doc = render(env, schema, ui, MEETING, errors)
    minutes = one(doc, "//textarea[@name='minutes']")
    assert "govuk-textarea--error" in minutes.get("class")
    assert "minutes-error" in minutes.get("aria-describedby")
    assert text(one(doc, "//p[@id='minutes-error']")) == "Error: Enter minutes"
    assert "govuk-form-group--error" in minutes.getparent().get("class")
    assert text(one(doc, "//p[@id='actions-0-owner-error']")) == "Error: Owner is required"
    assert "govuk-input--error" in one(doc, "//input[@id='actions-1-due_date-day']").get("class")
    assert "actions-1-due_date-error" in one(doc, "//div[@id='actions-1-due_date']/ancestor::fieldset[1]").get(
        "aria-describedby")


def test_error_summary_links_to_the_fields_in_page_order(env):
    schema, ui = load("shared/meeting")
    errors = [{"path": ["actions", 1, "due_date"], "message": "Due date must be a real date"},
              {"path": ["minutes"], "message": "minutes is required"},
              {"path": ["actions", 0, "owner"], "message": "'owner' is a required property"},
              {"path": ["attendees"], "message": "Add at least one name and organisation"},
              {"path": ["minutes"], "message": "a second error on the same field is not shown"},
              {"path": [], "message": "Unexpected field(s): extra"}]
    summary = lxml.html.fromstring(str(error_summary(env, schema, errors, ui_schema=ui)))
    assert summary.get("data-module") == "govuk-error-summary"
    assert text(one(summary, ".//h2")) == "There is a problem"
    links = [(text(li), (li.xpath(".//a/@href") or [None])[0]) for li in summary.xpath(".//li")]
    assert links == [
        ("Unexpected field(s): extra", None),
        ("Add at least one name and organisation", "#attendees-0"),
        ("Minutes is required", "#minutes"),
        ("Owner is a required property", "#actions-0-owner"),
        ("Due date must be a real date", "#actions-1-due_date-day"),
    ]
    assert str(error_summary(env, schema, [])) == ""


def test_error_summary_targets(env):
    schema = obj(
        when={"type": "string", "format": "date", "title": "When"},
        kind={"type": "string", "enum": ["a", "b"], "title": "Kind"},
        place={"type": "object", "title": "Place", "properties": {"town": {"type": "string"}}},
        rows={"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}},
    )
    errors = [{"path": ["when"], "message": "When must include a month", "parts": ["month"]},
              {"path": ["kind"], "message": "Select kind"},
              {"path": ["place"], "message": "Place is wrong"},
              {"path": ["rows", 0], "message": "Row is wrong"}]
    summary = lxml.html.fromstring(str(error_summary(env, schema, errors, id_prefix="f-")))
    assert summary.xpath(".//a/@href") == ["#f-when-month", "#f-kind", "#f-place-town", "#f-rows-0-x"]
    doc = render(env, schema, None, {}, errors, id_prefix="f-")
    for href in summary.xpath(".//a/@href"):
        assert one(doc, f"//*[@id='{href[1:]}']") is not None
    assert "Row is wrong" in text(one(doc, "//fieldset[@id='f-rows-0--item']"))
    assert "Place is wrong" in text(one(doc, "//fieldset[@id='f-place']"))


# ---------------------------------------------------------------- validation

def test_validation_errors_in_gov_uk_words():
    schema, ui = load("shared/meeting")
    data = {"attendees": [], "actions": [{"action": "Visit", "due_date": "2026-02-30"}]}
    assert validation_errors(schema, data) == [
        {"path": ["attendees"], "message": "Add at least one name and organisation"},
        {"path": ["minutes"], "message": "Enter minutes"},
        {"path": ["actions", 0, "owner"], "message": "Enter owner"},
        {"path": ["actions", 0, "due_date"], "message": "Due date must be a real date"},
    ]
    schema, _ = load("shared/notify_provider")
    assert validation_errors(schema, {}) == [
        {"path": ["notice_method"], "message": "Select an answer to ‘How was the provider notified?’"},
        {"path": ["notice_sent_on"], "message": "Enter date the notice was sent"},
    ]
    schema = obj(n={"type": "integer", "title": "Score", "minimum": 1, "maximum": 5},
                 e={"type": "string", "format": "email", "title": "Email"},
                 s={"type": "string", "title": "Code", "maxLength": 3},
                 agree={"type": "boolean", "title": "Agree"})
    messages = [e["message"] for e in validation_errors(schema, {"n": 9, "e": "nope", "s": "abcd", "agree": "x"})]
    assert messages == ["Score must be 5 or less", "Enter an email address in the correct format, like name@example.com",
                        "Code must be 3 characters or less", "Select agree"]


def test_check_form_parses_and_validates_once_per_field():
    schema, ui = load("shared/meeting")
    form = MultiDict({"attendees[0]": "Ann", "actions[0].action": "Visit", "actions[0].due_date-day": "31",
                      "actions[0].due_date-month": "2", "actions[0].due_date-year": "2026"})
    data, errors = check_form(schema, ui, form)
    assert [(e["path"], e["message"]) for e in errors] == [
        (["minutes"], "Enter minutes"),
        (["actions", 0, "owner"], "Enter owner"),
        (["actions", 0, "due_date"], "Due date must be a real date"),
    ]


# ---------------------------------------------------------------- every real form

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
