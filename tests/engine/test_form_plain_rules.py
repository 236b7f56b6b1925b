"""Form rules in plain words (issue 24): a date about the past cannot be in the future (the field
declares ``x-not-after: today``), and a list too short says what to add."""

from __future__ import annotations

import pytest

from engine.errors import TaskDataInvalid
from engine.forms import validate_against

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

PAST = {"type": "string", "format": "date", "x-not-after": "today"}
SCHEMA = {
    "type": "object",
    "properties": {
        "concerns_received_on": {**PAST, "title": "Date the concerns were received"},
        "next_meeting_date": {"type": "string", "format": "date", "title": "Date of the next meeting"},
        "attendees": {"type": "array", "title": "Attendees", "minItems": 3, "items": {"type": "string"}},
        "reviews": {"type": "array", "items": {"type": "object", "properties": {
            "reviewed_on": {**PAST, "title": "Date reviewed"}}}},
    },
}


def _refused(data: dict) -> list[tuple]:
    with pytest.raises(TaskDataInvalid) as refused:
        validate_against(SCHEMA, data)
    return [(e.path, e.message) for e in refused.value.errors]


def test_a_concern_received_in_2030_is_refused_saying_why():
    assert _refused({"concerns_received_on": "2030-01-01"}) == [
        (("concerns_received_on",), "Date the concerns were received must be today or in the past")]


def test_tomorrow_is_refused_but_today_and_a_planned_date_in_the_future_are_accepted():
    assert _refused({"concerns_received_on": "2026-11-25"})
    validate_against(SCHEMA, {"concerns_received_on": "2026-11-24", "next_meeting_date": "2030-01-10"})


def test_today_is_the_engine_clock_day_in_london():
    from engine.clock import frozen_clock

    # 23:30 UTC on 30 June is already 1 July in London (summer time).
    with frozen_clock("2027-06-30T23:30:00+00:00"):
        validate_against(SCHEMA, {"concerns_received_on": "2027-07-01"})
        with pytest.raises(TaskDataInvalid):
            validate_against(SCHEMA, {"concerns_received_on": "2027-07-02"})


def test_a_row_dated_in_the_future_is_refused_on_its_own_field():
    assert _refused({"reviews": [{"reviewed_on": "2026-11-20"}, {"reviewed_on": "2026-12-01"}]}) == [
        (("reviews", 1, "reviewed_on"), "Date reviewed must be today or in the past")]


def test_a_date_that_is_not_real_gets_only_the_real_date_message():
    assert _refused({"concerns_received_on": "2026-02-30"}) == [
        (("concerns_received_on",), "Date the concerns were received must be a real date, like 2026-11-24")]


def test_the_web_form_says_today_or_in_the_past_too():
    from api.web.formrender.validate import validation_errors

    assert [e["message"] for e in validation_errors(SCHEMA, {"concerns_received_on": "2030-01-01"})] == [
        "Date the concerns were received must be today or in the past"]


def test_too_few_attendees_says_add_at_least_three():
    with pytest.raises(TaskDataInvalid) as refused:
        validate_against(SCHEMA, {"attendees": ["a"]})
    assert [e.message for e in refused.value.errors] == ["Add at least 3 attendees"]


def test_the_web_form_says_add_at_least_three_attendees_too():
    from api.web.formrender.validate import validation_errors

    assert [e["message"] for e in validation_errors(SCHEMA, {"attendees": ["a"]})] == ["Add at least 3 attendees"]
