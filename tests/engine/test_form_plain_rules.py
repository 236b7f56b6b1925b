"""Form rules in plain words (issue 24): a date about the past cannot be in the future, and a
list too short says what to add."""

from __future__ import annotations

import datetime as _dt

import pytest

from engine.errors import TaskDataInvalid
from engine.forms import about_the_past, future_dates_about_the_past, validate_against

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

SCHEMA = {
    "type": "object",
    "properties": {
        "concerns_received_on": {"type": "string", "format": "date", "title": "Date the concerns were received"},
        "next_meeting_date": {"type": "string", "format": "date", "title": "Date of the next meeting"},
        "initial_jimp_planned_on": {"type": "string", "format": "date", "title": "Planned date of the initial JIMP"},
        "attendees": {"type": "array", "title": "Attendees", "minItems": 3, "items": {"type": "string"}},
        "reviews": {"type": "array", "items": {"type": "object", "properties": {
            "reviewed_on": {"type": "string", "format": "date", "title": "Date reviewed"}}}},
    },
}


def test_a_concern_received_in_2030_is_refused_saying_why():
    errors = future_dates_about_the_past(SCHEMA, {"concerns_received_on": "2030-01-01"})
    assert [(e.path, e.message) for e in errors] == [
        (("concerns_received_on",), "Date the concerns were received must be today or in the past")]


def test_today_and_planned_dates_in_the_future_are_accepted():
    assert future_dates_about_the_past(SCHEMA, {"concerns_received_on": "2026-11-24", "next_meeting_date": "2027-01-10",
                                                "initial_jimp_planned_on": "2027-01-14"}) == []


def test_a_row_dated_in_the_future_is_refused_on_its_own_field():
    errors = future_dates_about_the_past(SCHEMA, {"reviews": [{"reviewed_on": "2026-11-20"}, {"reviewed_on": "2026-12-01"}]},
                                         today=_dt.date(2026, 11, 24))
    assert [(e.path, e.message) for e in errors] == [(("reviews", 1, "reviewed_on"), "Date reviewed must be today or in the past")]


def test_which_names_ask_about_the_past():
    assert all(about_the_past(n) for n in ("concerns_received_on", "date_completed", "sent_on", "held_on", "incident_date"))
    assert not any(about_the_past(n) for n in ("initial_jimp_planned_on", "updates_due_on", "next_review_date", "due_date"))


def test_too_few_attendees_says_add_at_least_three():
    with pytest.raises(TaskDataInvalid) as refused:
        validate_against(SCHEMA, {"attendees": ["a"]})
    assert [e.message for e in refused.value.errors] == ["Add at least 3 attendees"]


def test_the_web_form_says_add_at_least_three_attendees_too():
    from api.web.formrender.validate import validation_errors

    assert [e["message"] for e in validation_errors(SCHEMA, {"attendees": ["a"]})] == ["Add at least 3 attendees"]
