"""engine.scoring.berkshire: what the Berkshire Provider Concerns steps suggest to the chair (seed 003)."""

from __future__ import annotations

import pytest

from engine.helpers import HELPER_NAMES
from engine.scoring import (
    BERKSHIRE_NEXT_STEPS, berkshire_review_interval_weeks, berkshire_risk_level, berkshire_suggest_next_step,
    berkshire_suggest_sustained)

READING_WEEKS = {"low": 8, "moderate": 6, "high": 4, "extreme": 2}  # processes/tenants.toml, Reading
DONE = [{"item_id": "SIP-1", "status": "completed"}, {"item_id": "SIP-2", "status": "completed"}]
OPEN = [{"item_id": "SIP-1", "status": "completed"}, {"item_id": "SIP-2", "status": "open"}]


def test_the_helpers_are_offered_to_diagram_scripts():
    assert {"berkshire_risk_level", "berkshire_review_interval_weeks", "berkshire_suggest_next_step",
            "berkshire_suggest_sustained", "BERKSHIRE_NEXT_STEPS"} <= HELPER_NAMES


def test_the_current_risk_level_is_the_latest_risk_management_plan_entry():
    plan = [{"step": "Step 1: Decision to initiate", "risk_level": "high"},
            {"step": "Step 3: Findings meeting", "risk_level": "moderate"}]
    assert berkshire_risk_level(plan, "extreme") == "moderate"
    assert berkshire_risk_level([], "extreme") == "extreme"
    assert berkshire_risk_level(None, "low") == "low"


@pytest.mark.parametrize("plan, initial, message", [
    ([{"risk_level": "severe"}], "low", "latest risk management plan entry's risk_level must be one of"),
    ([], None, "initial level of risk must be one of low, moderate, high, extreme"),
    ("high", "low", "risk management plan must be a list of rows"),
    (["high"], "low", "row 1 must be a group of answers"),
])
def test_a_risk_level_that_is_not_one_of_the_four_is_refused_saying_where(plan, initial, message):
    with pytest.raises(ValueError, match=message):
        berkshire_risk_level(plan, initial)


@pytest.mark.parametrize("level, weeks", [("low", 8), ("moderate", 6), ("high", 4), ("extreme", 2)])
def test_the_review_interval_follows_the_councils_weeks_for_the_level_of_risk(level, weeks):
    assert berkshire_review_interval_weeks(level, READING_WEEKS) == weeks


@pytest.mark.parametrize("weeks_by_level, message", [
    ({"low": 8}, "at high risk must be a whole number of at least 1, got nothing"),
    (dict(READING_WEEKS, high=0), "at high risk must be a whole number of at least 1, got 0"),
    (dict(READING_WEEKS, high=True), "update_meeting_weeks.high"),
    ([4], "must be given for each level of risk"),
])
def test_a_missing_or_impossible_interval_is_refused_naming_the_setting(weeks_by_level, message):
    with pytest.raises(ValueError, match=message):
        berkshire_review_interval_weeks("high", weeks_by_level)


@pytest.mark.parametrize("plan, progress, level, suggested", [
    (DONE, "good_progress", "extreme", "quality_assurance"),  # every action done, good progress: test it
    (DONE, "some_progress", "high", "update_meeting"),
    (OPEN, "good_progress", "extreme", "update_meeting"),
    (OPEN, "good_progress", "moderate", "continue_monitoring"),
    (DONE, "little_progress", "low", "continue_monitoring"),
    ([], "good_progress", "low", "continue_monitoring"),  # an empty plan is not a completed one
    (OPEN, "not_reviewed", "high", "update_meeting"),  # no review: the level of risk alone decides
    (OPEN, "not_reviewed", "moderate", "continue_monitoring"),
])
def test_the_next_step_after_a_service_improvement_plan_review(plan, progress, level, suggested):
    assert berkshire_suggest_next_step(plan, progress, level) == suggested
    assert suggested in BERKSHIRE_NEXT_STEPS


def test_an_unknown_progress_outcome_is_refused():
    with pytest.raises(ValueError, match="progress outcome must be one of good_progress"):
        berkshire_suggest_next_step(DONE, "great", "low")


SUSTAINED = [{"activity": "unannounced_visits", "result": "sustained"},
             {"activity": "competency_testing", "result": "sustained"}]


@pytest.mark.parametrize("results, adults, agencies, expected", [
    (SUSTAINED, "improved", "improved", {"all_results_sustained": True, "sustained": True}),
    (SUSTAINED, "improved", "no_view", {"all_results_sustained": True, "sustained": True}),
    (SUSTAINED, "improved", "not_improved", {"all_results_sustained": True, "sustained": False}),
    (SUSTAINED, "no_change", "improved", {"all_results_sustained": True, "sustained": False}),
    (SUSTAINED[:1] + [{"activity": "announced_visits", "result": "not_sustained"}], "improved", "improved",
     {"all_results_sustained": False, "sustained": False}),
    ([], "improved", "improved", {"all_results_sustained": False, "sustained": False}),  # nothing tested
])
def test_improvements_are_suggested_as_sustained_only_when_every_source_agrees(results, adults, agencies, expected):
    assert berkshire_suggest_sustained(results, adults, agencies) == expected


@pytest.mark.parametrize("results, adults, agencies, message", [
    ([{"result": "maybe"}], "improved", "improved", "result of row 1 must be one of sustained, not_sustained"),
    (SUSTAINED, "better", "improved", "What adults and carers say must be one of improved"),
    (SUSTAINED, "improved", None, "What the agencies say must be one of"),
])
def test_answers_outside_the_forms_choices_are_refused(results, adults, agencies, message):
    with pytest.raises(ValueError, match=message):
        berkshire_suggest_sustained(results, adults, agencies)
