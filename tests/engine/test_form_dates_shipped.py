"""The two date keywords as the shipped forms declare them (issue 24): where they stand passes the
deploy check, the explorer's answers never date the past in the future, and the Welsh initial
JIMP's planned date is warned about against its four weeks."""

from __future__ import annotations

import datetime as _dt
import json
import random
from pathlib import Path

import pytest

from api.explorer.answers import make_answers
from engine.form_dates import NOT_AFTER, WARN_AFTER, date_rule_problems, dates_after_deadline
from engine.forms import bind_schema, static_schema

pytestmark = pytest.mark.clock("2026-12-04T10:00:00+00:00")  # the validator's "today", as the explorer's
FORMS = Path(__file__).resolve().parent.parent.parent / "forms"
TODAY = _dt.date(2026, 12, 4)


def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dates_about_the_past(schema: dict, prefix=()) -> list[tuple]:
    """(path, schema) of every x-not-after date field: top level, in rows, and lists of dates."""
    found = []
    for name, node in (schema.get("properties") or {}).items():
        if node.get(NOT_AFTER):
            found.append((prefix + (name,), node))
        items = node.get("items") if isinstance(node.get("items"), dict) else None
        if items and items.get(NOT_AFTER):
            found.append((prefix + (name, "*"), items))
        elif items:
            found += _dates_about_the_past(items, prefix + (name, "*"))
    return found


DECLARING = sorted(p for p in FORMS.glob("*/*.schema.json") if _dates_about_the_past(_schema(p)))


def _values(answers, path):
    if not path:
        return [answers]
    head, rest = path[0], path[1:]
    if head == "*":
        return [v for row in answers or [] for v in _values(row, rest)]
    return _values(answers.get(head), rest) if isinstance(answers, dict) and head in answers else []


def test_every_shipped_form_places_the_date_keywords_where_the_deploy_check_allows():
    problems = {p.relative_to(FORMS).as_posix(): date_rule_problems(_schema(p)) for p in FORMS.glob("*/*.schema.json")}
    assert {form: found for form, found in problems.items() if found} == {}
    assert len(DECLARING) > 60  # every region's "when did this happen?" dates, shared ones included


@pytest.mark.parametrize("path", DECLARING, ids=lambda p: p.relative_to(FORMS).as_posix())
def test_the_explorers_answers_never_date_the_past_after_today(path):
    schema = static_schema(bind_schema(_schema(path), {}))
    for seed in range(8):
        answers = make_answers(schema, random.Random(seed), TODAY)
        for field, _ in _dates_about_the_past(schema):
            assert all(_dt.date.fromisoformat(v) <= TODAY for v in _values(answers, field)), (field, answers)


def test_the_welsh_initial_jimp_after_its_four_weeks_is_warned_about_naming_both_dates():
    schema = _schema(FORMS / "wales" / "ec_arrangements.schema.json")
    assert schema["properties"]["initial_jimp_planned_on"][WARN_AFTER]["deadline"] == {"$data": "/initial_jimp_due_by"}
    bound = bind_schema(schema, {"initial_jimp_due_by": "2027-01-21"})
    assert [w.message for w in dates_after_deadline(bound, {"initial_jimp_planned_on": "2027-01-28"})] == [
        "The initial JIMP is planned for 28 January 2027, after its deadline of 21 January 2027 (four weeks after the "
        "risk assessment meeting). You can still save it; record why in ‘Why the initial JIMP is after the four-week "
        "timescale’."]
    assert dates_after_deadline(bound, {"initial_jimp_planned_on": "2027-01-21"}) == []
