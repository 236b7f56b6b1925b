"""A meeting planned after its own deadline is accepted with a warning naming the deadline
(issue 24, item 7): the form declares ``x-warn-after`` with the case's deadline as ``$data``."""

from __future__ import annotations

import datetime as _dt

from engine.form_dates import date_rule_problems, dates_after_deadline
from engine.forms import bind_schema, validate_against

SCHEMA = {
    "type": "object",
    "properties": {
        "meeting_date": {"type": "string", "format": "date", "title": "Date of the strategy meeting",
                         "x-warn-after": {"deadline": {"$data": "/meeting_due_by"},
                                          "deadline_is": "5 working days after the referral",
                                          "planned": "The meeting", "reason_field": "late_reason"}},
        "late_reason": {"type": "string", "title": "Why the meeting is late"},
    },
}


def _warnings(data: dict, case_data: dict) -> list[tuple]:
    return [(w.path, w.message) for w in dates_after_deadline(bind_schema(SCHEMA, case_data), data)]


def test_a_meeting_after_its_deadline_is_warned_about_in_plain_words_naming_the_deadline():
    assert _warnings({"meeting_date": "2027-01-20"}, {"meeting_due_by": "2027-01-14"}) == [
        (("meeting_date",), "The meeting is planned for 20 January 2027, after its deadline of 14 January 2027 "
                            "(5 working days after the referral). You can still save it; record why in ‘Why the meeting is late’.")]


def test_a_warning_never_refuses_the_answer():
    validate_against(bind_schema(SCHEMA, {"meeting_due_by": "2027-01-14"}), {"meeting_date": "2027-01-20"})


def test_on_or_before_the_deadline_or_with_no_deadline_there_is_no_warning():
    assert _warnings({"meeting_date": "2027-01-14"}, {"meeting_due_by": "2027-01-14"}) == []
    assert _warnings({"meeting_date": "2027-01-20"}, {}) == []
    assert _warnings({}, {"meeting_due_by": "2027-01-14"}) == []


def test_a_deadline_held_as_a_date_or_a_date_time_is_read_as_its_day():
    assert _warnings({"meeting_date": "2027-01-15"}, {"meeting_due_by": _dt.date(2027, 1, 14)})
    assert _warnings({"meeting_date": "2027-01-15"}, {"meeting_due_by": "2027-01-14T17:00:00+00:00"})


def test_the_deploy_check_names_misplaced_or_malformed_rules():
    assert date_rule_problems(SCHEMA) == []
    bad = {"properties": {
        "received_on": {"type": "string", "x-not-after": "today"},
        "held_on": {"type": "string", "format": "date", "x-not-after": "yesterday"},
        "meeting_date": {"type": "string", "format": "date", "x-warn-after": "meeting_due_by"},
        "other_date": {"type": "string", "format": "date", "x-warn-after": {"deadline": {"$data": "/d"}, "reason_field": "nope"}},
        "rows": {"type": "array", "items": {"properties": {
            "planned_on": {"type": "string", "format": "date", "x-warn-after": {"deadline": {"$data": "/d"}}}}}},
    }}
    problems = date_rule_problems(bad)
    assert problems == [
        "field 'received_on': x-not-after must be \"today\", on a field with \"format\": \"date\"",
        "field 'held_on': x-not-after must be \"today\", on a field with \"format\": \"date\"",
        "field 'meeting_date': x-warn-after must be an object with \"deadline\": {\"$data\": \"/name\"} "
        "and optionally deadline_is, planned, reason_field",
        "field 'other_date': x-warn-after reason_field 'nope' is not a field of this form",
        "field 'rows[].planned_on': x-warn-after belongs on a top-level field with \"format\": \"date\"",
    ]
