"""The form renderer's lists of rows ("add another"): rendered, parsed back, added and removed without JavaScript, fixed lists."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from api.web.formrender import (
    ADD_ANOTHER, REMOVE, merge_read_only, parse_form, validation_errors, wants_another, wants_remove,
)
from tests.web.formrender_support import MEETING, label_for, load, obj, one, posted, render, text


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
