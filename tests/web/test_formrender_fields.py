"""The form renderer field by field: names, text, numbers, choices, dates and nested objects, rendered and parsed back."""

from __future__ import annotations

import jinja2
import pytest
from werkzeug.datastructures import MultiDict

from api.web.formrender import field_id, field_name, parse_form, render_form, validation_errors
from tests.web.formrender_support import label_for, load, obj, one, posted, render, text


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
