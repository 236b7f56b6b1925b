"""The form renderer's read-only fields, field order, labels and escaping."""

from __future__ import annotations

import lxml.html
from werkzeug.datastructures import MultiDict

from api.web.formrender import error_summary, merge_read_only, parse_form
from tests.web.formrender_support import label_for, load, obj, one, posted, render, text


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
