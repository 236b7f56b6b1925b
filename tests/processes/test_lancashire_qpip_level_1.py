"""Level 1 Quality and Performance Improvement Planning (seed 002, Appendix 1 and 7): the
meeting the provider attends, the plan within the agreed timeframe, progress reviews and the
three outcomes."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.test_lancashire_helpers import (
    LANCS, advance_to, appendix_7_plan, at, catch_up, data, decide_level_outcome, level_1_meeting_and_plan, refresh,
    review_action_plan, timers,
)
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def level_1(councils):
    return start(councils, "lancashire_qpip_level_1", tenant=LANCS)


def test_the_provider_attends_the_meeting_and_agrees_to_produce_a_plan(councils):
    at(2026, 4, 1)
    case = level_1(councils)
    assert open_elements(councils, case) == ["prepare_meeting"]
    assert data(councils, case)["meeting_title"].startswith("Level 1 Quality and Performance Improvement Planning")
    level_1_meeting_and_plan(councils, case, plan_received=None)
    [task] = open_tasks(councils.session, case)
    assert task.element_id == "receive_level_1_plan" and task.role == "contract_officer"
    assert task.due_at == _dt.datetime(2026, 4, 15, 16, tzinfo=UTC)  # 17:00 London (BST)


def test_the_appendix_7_plan_becomes_the_action_plan_reviewed(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    plan = data(councils, case)["action_plan"]
    assert [(i["item_id"], i["kind"], i["owner"], i["due_date"]) for i in plan] == [
        ("1", "corrective", "Registered manager", "2026-05-01"), ("2", "developmental", "Training lead", "2026-05-01")]
    assert plan[0]["why_needed"] == "Source: Safeguarding enquiry"
    assert timers(councils, case)["level_1_review_due"].due_at == _dt.datetime(2026, 5, 15, 16, tzinfo=UTC)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["review_action_plan"]


def test_a_plan_not_received_by_the_agreed_date_is_chased_by_the_head_of_service(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case, plan_received=None)
    advance_to(sessions, _dt.datetime(2026, 4, 15, 15, 59, tzinfo=UTC))
    assert open_elements(councils, case) == ["receive_level_1_plan"]
    advance_to(sessions, _dt.datetime(2026, 4, 15, 16, 1, tzinfo=UTC))
    assert sorted(open_elements(councils, case)) == ["chase_step", "receive_level_1_plan"]
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "head_of_service"
    complete(councils, case, "chase_step", {"chase_action": "Wrote to the provider's director.",
                                            "chase_outcome": "new_date_agreed", "chase_new_date": "2026-04-20"})
    catch_up("2026-04-17")
    complete(councils, case, "receive_level_1_plan", appendix_7_plan("2026-04-17", "2026-05-01"))
    assert open_elements(councils, case) == []  # waiting for the review date, the chase ended with the step


def test_a_provider_that_never_sends_its_plan_goes_to_level_2(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case, plan_received=None)
    advance_to(sessions, _dt.datetime(2026, 4, 15, 16, 1, tzinfo=UTC))
    complete(councils, case, "chase_step", {"chase_action": "Director refuses to send a plan.",
                                            "chase_outcome": "no_longer_applies",
                                            "chase_withdrawn_reason": "The provider will not produce a plan."})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_on_non_engagement", "head_of_service")
    catch_up("2026-04-16")
    complete(councils, case, "decide_on_non_engagement", {"decided_on": "2026-04-16",
                                                          "non_engagement_reason": "No plan after two letters."})
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert data(councils, case)["level_1_outcome"] == "escalate_to_level_2"


@pytest.mark.parametrize("progress, reviewed, suggested", [
    ("completed", "good_progress", "no_further_action"),
    ("on_track", "some_progress", "monitor_at_level_0"),
    ("behind", "little_progress", "escalate_to_level_2"),
])
def test_the_progress_review_suggests_the_outcome(councils, sessions, progress, reviewed, suggested):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", progress, reviewed)
    assert data(councils, case)["recommended_level_1_outcome"] == suggested


def test_good_progress_ends_the_procedure(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    decide_level_outcome(councils, case, 1, "no_further_action")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "level_1_no_further_action"


def test_the_chair_may_require_monitoring_at_level_0(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    with pytest.raises(Invalid, match="level_1_outcome_reason"):
        decide_level_outcome(councils, case, 1, "monitor_at_level_0")
    decide_level_outcome(councils, case, 1, "monitor_at_level_0", reason="Chair requires further monitoring.")
    complete(councils, case, "arrange_level_0_monitoring", {"level_0_arrangements": "Monthly returns checked.",
                                                            "level_0_review_on": "2026-08-03"})
    assert timers(councils, case)["level_0_review_due"].due_at == _dt.datetime(2026, 8, 3, 16, tzinfo=UTC)
    advance_to(sessions, _dt.datetime(2026, 8, 3, 16, 1, tzinfo=UTC))
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("review_level_0_monitoring", "contract_officer")
    complete(councils, case, "review_level_0_monitoring", {"monitoring_reviewed_on": "2026-08-03",
                                                           "monitoring_outcome": "resolved",
                                                           "monitoring_findings": "Improvements confirmed."})
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert data(councils, case)["level_1_outcome"] == "monitor_at_level_0"


def test_further_concerns_at_the_level_0_review_call_the_provider_in_at_level_2(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "on_track", "some_progress")
    decide_level_outcome(councils, case, 1, "monitor_at_level_0")
    complete(councils, case, "arrange_level_0_monitoring", {"level_0_arrangements": "Monthly returns checked.",
                                                            "level_0_review_on": "2026-08-03"})
    advance_to(sessions, _dt.datetime(2026, 8, 3, 16, 1, tzinfo=UTC))
    complete(councils, case, "review_level_0_monitoring", {"monitoring_reviewed_on": "2026-08-03",
                                                           "monitoring_outcome": "reconsider",
                                                           "monitoring_findings": "Night checks lapsed again."})
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    assert data(councils, case)["level_1_outcome"] == "escalate_to_level_2"


def test_little_progress_ends_level_1_for_level_2(councils, sessions):
    at(2026, 4, 1)
    case = level_1(councils)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "behind", "little_progress")
    decide_level_outcome(councils, case, 1, "escalate_to_level_2")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["level_1_outcome"] == "escalate_to_level_2"
