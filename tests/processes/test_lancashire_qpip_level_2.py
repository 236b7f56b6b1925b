"""Level 2 Quality and Performance Improvement Planning (seed 002, Appendix 1): the senior
manager responds within 48 hours, the plan is submitted within 1 week, improvements are due within
2-4 weeks, and the four outcomes."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_lancashire_helpers import (
    LANCS, advance_to, appendix_7_plan, at, catch_up, data, decide_level_outcome, hold_meeting, level_2_meeting_and_plan,
    refresh, review_action_plan, timers,
)
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def level_2(councils):
    return start(councils, "lancashire_qpip_level_2", tenant=LANCS, role=Role.QUALITY_IMPROVEMENT)


def ask_for_meeting(councils, case):
    complete(councils, case, "request_level_2_meeting", {"level_2_reason": "cqc_warning", "senior_manager": "Sue Senior",
                                                         "meeting_requested_on": "2026-04-01",
                                                         "proposed_meeting_date": "2026-04-06"})


def test_no_response_within_48_hours_is_chased_by_the_head_of_service(councils, sessions):
    asked = at(2026, 4, 1, 10)
    case = level_2(councils)
    ask_for_meeting(councils, case)
    overdue = timers(councils, case)["no_response_within_48_hours"]
    assert overdue.due_at == asked + _dt.timedelta(hours=48)
    assert overdue.attached_to == "record_senior_manager_response" and overdue.interrupting is False
    advance_to(sessions, asked + _dt.timedelta(hours=47, minutes=59))
    assert open_elements(councils, case) == ["record_senior_manager_response"]
    advance_to(sessions, asked + _dt.timedelta(hours=48, minutes=1))
    assert sorted(open_elements(councils, case)) == ["chase_step", "record_senior_manager_response"]
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "head_of_service"
    complete(councils, case, "chase_step", {"chase_action": "Phoned the nominated individual.", "chase_outcome": "chased"})
    complete(councils, case, "record_senior_manager_response", {"response_received_on": "2026-04-03",
                                                                "response_summary": "Apologised; will attend.",
                                                                "meeting_date_agreed": "2026-04-08"})
    assert open_elements(councils, case) == ["prepare_meeting"]


def not_engaging(councils, case, reason):
    complete(councils, case, "chase_step", {"chase_action": "Letters and calls unanswered.",
                                            "chase_outcome": "no_longer_applies", "chase_withdrawn_reason": reason})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_on_non_engagement", "head_of_service")
    catch_up("2026-04-20")
    complete(councils, case, "decide_on_non_engagement", {"decided_on": "2026-04-20", "non_engagement_reason": reason})
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert data(councils, case)["level_2_outcome"] == "escalate_to_level_3"


def test_a_senior_manager_who_never_responds_takes_the_case_to_level_3(councils, sessions):
    asked = at(2026, 4, 1, 10)
    case = level_2(councils)
    ask_for_meeting(councils, case)
    advance_to(sessions, asked + _dt.timedelta(hours=48, minutes=1))
    not_engaging(councils, case, "The senior manager will not respond.")


def test_a_plan_never_submitted_takes_the_case_to_level_3(councils, sessions):
    at(2026, 4, 1, 10)
    case = level_2(councils)
    level_2_meeting_and_plan(councils, case, meeting_date="2026-04-06", weeks=3, plan_received=None)
    advance_to(sessions, _dt.datetime(2026, 4, 13, 16, 1, tzinfo=UTC))
    not_engaging(councils, case, "The provider will not submit a plan.")


def test_a_response_within_48_hours_needs_no_escalation(councils, sessions):
    asked = at(2026, 4, 1, 10)
    case = level_2(councils)
    ask_for_meeting(councils, case)
    catch_up("2026-04-02")
    complete(councils, case, "record_senior_manager_response", {"response_received_on": "2026-04-02",
                                                                "response_summary": "Will attend.",
                                                                "meeting_date_agreed": "2026-04-06"})
    assert "no_response_within_48_hours" not in timers(councils, case)
    advance_to(sessions, asked + _dt.timedelta(hours=49))
    assert open_elements(councils, case) == ["prepare_meeting"]


def test_the_plan_is_due_within_1_week_of_the_meeting_and_escalates_when_missing(councils, sessions):
    at(2026, 4, 1, 10)
    case = level_2(councils)
    level_2_meeting_and_plan(councils, case, meeting_date="2026-04-06", weeks=3, plan_received=None)
    plan_timer = timers(councils, case)["level_2_plan_overdue"]
    assert plan_timer.due_at == _dt.datetime(2026, 4, 13, 16, tzinfo=UTC)  # 1 week, 17:00 London
    advance_to(sessions, _dt.datetime(2026, 4, 13, 16, 1, tzinfo=UTC))
    assert sorted(open_elements(councils, case)) == ["chase_step", "receive_level_2_plan"]
    complete(councils, case, "chase_step", {"chase_action": "Letter.", "chase_outcome": "chased"})
    catch_up("2026-04-14")
    complete(councils, case, "receive_level_2_plan", appendix_7_plan("2026-04-14", "2026-04-24"))
    assert open_elements(councils, case) == []


@pytest.mark.parametrize("weeks, due", [(2, _dt.datetime(2026, 4, 20, 16, tzinfo=UTC)),
                                        (3, _dt.datetime(2026, 4, 27, 16, tzinfo=UTC)),
                                        (4, _dt.datetime(2026, 5, 4, 16, tzinfo=UTC))])
def test_improvements_are_due_2_to_4_weeks_after_the_meeting(councils, sessions, weeks, due):
    at(2026, 4, 1, 10)
    case = level_2(councils)
    level_2_meeting_and_plan(councils, case, meeting_date="2026-04-06", weeks=weeks)
    assert timers(councils, case)["improvements_due"].due_at == due
    advance_to(sessions, due - _dt.timedelta(minutes=1))
    assert open_elements(councils, case) == []
    advance_to(sessions, due + _dt.timedelta(minutes=1))
    assert open_elements(councils, case) == ["review_action_plan"]


def test_improvements_outside_2_to_4_weeks_are_refused(councils):
    at(2026, 4, 1, 10)
    case = level_2(councils)
    ask_for_meeting(councils, case)
    catch_up("2026-04-02")
    complete(councils, case, "record_senior_manager_response", {"response_received_on": "2026-04-02",
                                                                "response_summary": "Yes.", "meeting_date_agreed": "2026-04-06"})
    hold_meeting(councils, case, "2026-04-06")
    with pytest.raises(Invalid, match="improvement_weeks"):
        complete(councils, case, "record_level_2_meeting", {"provider_attended": True, "concerns_summary": "x",
                                                            "urgent_actions": "y", "improvement_weeks": 6})


def reviewed(councils, sessions, progress, outcome):
    at(2026, 4, 1, 10)
    case = level_2(councils)
    level_2_meeting_and_plan(councils, case, meeting_date="2026-04-06", weeks=2)
    advance_to(sessions, _dt.datetime(2026, 4, 20, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-04-20", progress, outcome)
    return case


def test_fast_progress_de_escalates_and_ends(councils, sessions):
    case = reviewed(councils, sessions, "completed", "good_progress")
    assert data(councils, case)["recommended_level_2_outcome"] == "de_escalate_and_end"
    decide_level_outcome(councils, case, 2, "de_escalate_and_end")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "level_2_de_escalate_and_end"


def test_continued_monitoring_over_the_agreed_period_reviews_again(councils, sessions):
    case = reviewed(councils, sessions, "on_track", "some_progress")
    assert data(councils, case)["recommended_level_2_outcome"] == "continue_monitoring"
    with pytest.raises(Invalid, match="monitoring_until"):
        decide_level_outcome(councils, case, 2, "continue_monitoring")
    decide_level_outcome(councils, case, 2, "continue_monitoring", monitoring_until="2026-05-29")
    assert timers(councils, case)["monitoring_period_ends"].due_at == _dt.datetime(2026, 5, 29, 16, tzinfo=UTC)
    advance_to(sessions, _dt.datetime(2026, 5, 29, 16, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["review_action_plan"]
    review_action_plan(councils, case, "2026-05-29", "completed", "good_progress")
    decide_level_outcome(councils, case, 2, "de_escalate_and_end")
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert len(data(councils, case)["action_plan_reviews"]) == 2


def test_little_progress_suggests_level_3(councils, sessions):
    case = reviewed(councils, sessions, "behind", "little_progress")
    assert data(councils, case)["recommended_level_2_outcome"] == "escalate_to_level_3"
    decide_level_outcome(councils, case, 2, "escalate_to_level_3")
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert data(councils, case)["level_2_outcome"] == "escalate_to_level_3"


def test_the_provider_may_decide_to_close(councils, sessions):
    case = reviewed(councils, sessions, "behind", "little_progress")
    with pytest.raises(Invalid, match="level_2_outcome_reason"):
        decide_level_outcome(councils, case, 2, "provider_decides_to_close")
    decide_level_outcome(councils, case, 2, "provider_decides_to_close", reason="The owner gave notice of closure.")
    assert data(councils, case)["performance_outcome"] == "level_2_provider_decides_to_close"
