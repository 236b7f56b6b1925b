"""Berkshire Provider Concerns, Step 5 (berkshire_quality_assurance):
improvements not sustained, quality assurance overdue.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import ServiceError as Invalid
from tests.processes.berkshire_steps import (
    set_review_date,
    UTC,
    at,
    timers,
    chase,
    chaser_role,
    fire,
    risk,
    through_step_3,
    first_review_to_quality_assurance,
    quality_assurance,
)
from tests.support.world import complete, open_elements


def test_quality_assurance_that_finds_improvements_not_sustained_returns_to_monitoring(councils, sessions):
    world = councils
    case = through_step_3(world)
    first_review_to_quality_assurance(world, sessions, case)
    at("2027-07-01")
    quality_assurance(world, case, sustained=False)
    assert case_data(world.session, case)["improvements_attained_and_sustained"] is False
    # Back to step 4: the next review is set by the risk (low after QA: 8 weeks from the QA recorded on 17 July).
    assert open_elements(world, case) == ["schedule_review"]
    set_review_date(world, case)
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 9, 11, 16, tzinfo=UTC)


def test_quality_assurance_not_done_by_the_agreed_date_is_chased_by_the_chair(councils, sessions):
    world = councils
    case = through_step_3(world)
    first_review_to_quality_assurance(world, sessions, case)
    complete(world, case, "agree_quality_assurance", {"qa_activities": ["announced_visits"], "qa_staff": "QA team",
                                                      "qa_complete_by": "2027-06-30",
                                                      "qa_date_reason": "Visits booked by the QA team"})
    assert timers(world, case)["quality_assurance_overdue"].due_at == _dt.datetime(2027, 6, 30, 16, tzinfo=UTC)
    fire(world, sessions, "2027-06-30", 17)
    assert {"chase_step", "carry_out_quality_assurance"} <= set(open_elements(world, case))
    assert chaser_role(world, case) == "chair"
    chase(world, case, "new_date_agreed", chase_new_date="2027-07-07")
    at("2027-07-07")  # the visit is recorded on the new date agreed
    complete(world, case, "carry_out_quality_assurance", {"qa_results": [
        {"activity": "announced_visits", "carried_out_on": "2027-07-07", "result": "sustained"}]})
    complete(world, case, "gather_adults_and_carers_feedback", {"feedback_method": "both", "people_contacted": 5,
                                                                "service_difference": "improved"})
    complete(world, case, "gather_agency_feedback", {"agencies_view": "improved"})
    complete(world, case, "decide_improvements_sustained", {"qa_outcome_arrangement": "as_recommended",
                                                            "qa_evidence": "Visit and feedback"})
    complete(world, case, "update_risk_plan_quality_assurance", risk("low"))
    assert open_elements(world, case) == ["decide_to_close"]
    data = case_data(world.session, case)
    assert data["risk_management_plan"][-1]["step"] == "Step 5: Quality assurance"


def test_a_quality_assurance_date_other_than_the_local_timescale_needs_a_reason_and_is_the_deadline(councils, sessions):
    world = councils
    case = through_step_3(world)
    first_review_to_quality_assurance(world, sessions, case)
    recommended = case_data(world.session, case)["recommended_qa_complete_by"]
    later = (_dt.date.fromisoformat(recommended) + _dt.timedelta(days=14)).isoformat()
    plan = {"qa_activities": ["announced_visits"], "qa_staff": "QA team", "qa_complete_by": later}
    with pytest.raises(Invalid) as refused:
        complete(world, case, "agree_quality_assurance", plan)
    assert any(e["field"] == "/qa_date_reason" for e in refused.value.errors)
    complete(world, case, "agree_quality_assurance", {**plan, "qa_date_reason": "The QA team is on leave until then"})
    assert case_data(world.session, case)["qa_date_reason"] == "The QA team is on leave until then"
    assert timers(world, case)["quality_assurance_overdue"].due_at.date().isoformat() == later
