"""The form renderer's error messages on fields and in the summary, and validation in GOV.UK words."""

from __future__ import annotations

import lxml.html
from werkzeug.datastructures import MultiDict

from api.web.formrender import check_form, error_summary, validation_errors
from tests.web.formrender_support import MEETING, load, obj, one, render, text


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
