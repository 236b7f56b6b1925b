"""Berkshire Provider Concerns, Step 4 (berkshire_update_meetings):
reviews by risk, update meetings, the contingency meeting.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from tests.processes.berkshire_steps import (
    set_review_date,
    monitoring_meeting,
    chase,
    chaser_role,
    UTC,
    timers,
    fire,
    hold_meeting,
    review_plan,
    risk,
    through_step_3,
)
from tests.support.world import complete, open_elements


def test_high_risk_with_alternative_provision_likely_calls_the_contingency_meeting(councils, sessions):
    world = councils
    case = through_step_3(world)
    fire(world, sessions, "2027-05-03")
    review_plan(world, case, ["not_started", "not_started"], "little_progress", "2027-05-03")
    hold_meeting(world, case, "2027-05-05")
    complete(world, case, "update_risk_plan_update_meeting", risk("high", alternative_provision_likely=True))
    assert open_elements(world, case) == ["prepare_meeting"]
    prepared = hold_meeting(world, case, "2027-05-07")
    assert prepared["meeting_title"] == "Contingency meeting (chair and co-ordinator invited)"
    complete(world, case, "record_contingency_plan", {"adults_affected": 28,
                                                      "alternative_provision_plan": "Beds held at two homes",
                                                      "contingency_decision": "stand_by",
                                                      "chair_and_coordinator_invited": True})
    # Standing by: monitoring continues, with a review in 4 weeks (high risk).
    assert open_elements(world, case) == ["schedule_review"]
    set_review_date(world, case)
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 5, 31, 16, tzinfo=UTC)
    fire(world, sessions, "2027-05-31")
    review_plan(world, case, ["behind", "not_started"], "little_progress", "2027-05-31")
    hold_meeting(world, case, "2027-06-02")
    complete(world, case, "update_risk_plan_update_meeting", risk("extreme", alternative_provision_likely=True))
    hold_meeting(world, case, "2027-06-03")
    complete(world, case, "record_contingency_plan", {"adults_affected": 28,
                                                      "alternative_provision_plan": "Moves from 14 June",
                                                      "contingency_decision": "move_adults",
                                                      "chair_and_coordinator_invited": True})
    assert open_elements(world, case) == ["decide_to_close"]
    data = case_data(world.session, case)
    assert [m["kind"] for m in data["meetings"]].count("contingency_meeting") == 2
    assert data["contingency_record"]["decision"] == "move_adults"


def test_no_contingency_meeting_when_risk_is_high_but_no_alternative_provision_is_likely(councils, sessions):
    world = councils
    case = through_step_3(world)
    fire(world, sessions, "2027-05-03")
    review_plan(world, case, ["not_started", "not_started"], "little_progress", "2027-05-03")
    hold_meeting(world, case, "2027-05-05")
    complete(world, case, "update_risk_plan_update_meeting", risk("high", alternative_provision_likely=False))
    assert open_elements(world, case) == ["schedule_review"]
    set_review_date(world, case)
    assert "review_due" in timers(world, case)


def test_the_chair_may_continue_monitoring_or_differ_from_the_recommendation_with_a_reason(councils, sessions):
    world = councils
    case = through_step_3(world)
    fire(world, sessions, "2027-05-03")
    review_plan(world, case, ["on_track", "on_track"], "some_progress", "2027-05-03")
    assert case_data(world.session, case)["recommended_next_step"] == "continue_monitoring"
    complete(world, case, "decide_next_step", {"next_step_arrangement": "as_recommended"})
    assert open_elements(world, case) == ["schedule_review"]
    set_review_date(world, case)
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 6, 14, 16, tzinfo=UTC)
    fire(world, sessions, "2027-06-14")
    review_plan(world, case, ["completed", "on_track"], "some_progress", "2027-06-14")
    assert case_data(world.session, case)["recommended_next_step"] == "continue_monitoring"
    with pytest.raises(Invalid):
        complete(world, case, "decide_next_step", {"next_step_arrangement": "different",
                                                   "decided_next_step": "quality_assurance"})
    complete(world, case, "decide_next_step", {"next_step_arrangement": "different",
                                               "decided_next_step": "quality_assurance",
                                               "next_step_reason": "The last item is nearly complete; QA will test it"})
    assert open_elements(world, case) == ["agree_quality_assurance"]
    assert case_data(world.session, case)["monitoring_next_step"] == "quality_assurance"


def test_the_review_date_the_risk_suggests_may_be_changed_with_a_reason(councils, sessions):
    world = councils
    case = through_step_3(world)
    fire(world, sessions, "2027-05-03")
    review_plan(world, case, ["on_track", "on_track"], "some_progress", "2027-05-03")
    complete(world, case, "decide_next_step", {"next_step_arrangement": "as_recommended"})
    # Moderate risk: the local arrangements suggest 6 weeks on, 14 June.
    assert case_data(world.session, case)["suggested_review_date"] == "2027-06-14"
    with pytest.raises(Invalid) as refused:
        set_review_date(world, case, "2027-05-24")
    assert any(e["field"] == "/review_date_reason" for e in refused.value.errors)
    set_review_date(world, case, "2027-05-24", reason="The new manager starts on 17 May: check early")
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 5, 24, 16, tzinfo=UTC)
    fire(world, sessions, "2027-05-24")
    assert open_elements(world, case) == ["meet_provider_to_monitor"]
    data = case_data(world.session, case)
    assert (data["next_review_date"], data["review_date_reason"]) == ("2027-05-24",
                                                                      "The new manager starts on 17 May: check early")


def test_the_monitoring_meeting_and_the_plan_review_are_chased_until_done(councils, sessions):
    world = councils
    case = through_step_3(world)
    fire(world, sessions, "2027-05-03")
    # 5 working days after the review date (3 May, a bank holiday): 17:00 BST on 10 May.
    assert timers(world, case)["monitoring_meeting_overdue"].due_at == _dt.datetime(2027, 5, 10, 16, tzinfo=UTC)
    fire(world, sessions, "2027-05-10", 17)
    assert set(open_elements(world, case)) == {"chase_step", "meet_provider_to_monitor"}
    assert chaser_role(world, case) == "head_of_service"
    chase(world, case)
    monitoring_meeting(world, case, "2027-05-11")
    # The meeting held: its chase ends with it; the plan review, due by the same day, is chased by the chair.
    assert set(open_elements(world, case)) == {"chase_step", "review_action_plan"}
    assert chaser_role(world, case) == "chair"
    review_plan(world, case, ["on_track", "on_track"], "some_progress", "2027-05-11")
    assert open_elements(world, case) == ["decide_next_step"]
    meeting = case_data(world.session, case)["meetings"][-1]
    assert meeting["kind"] == "provider_monitoring_meeting" and meeting["sip_shared_with_provider"] is True
