"""The form renderer's conditional reveals: fields shown under the option that asks for them."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from api.web.formrender import parse_form, validation_errors
from tests.web.formrender_support import obj, one, posted, render


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
