"""The five-level Quality and Safeguarding Provider Monitoring Framework (seed 001, Section 9)."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.staffordshire_lse_steps import (
    closure_contacts,
    coordinate_enquiries,
    instigate_closure_plan,
    level_5,
    lse_meeting,
    lse_set_up,
    review_closure_plan,
)
from tests.processes.test_staffordshire_support import (
    LSE_FACTS_FEW,
    LSE_FACTS_MANY,
    UTC,
    at,
    complete,
    data,
    fire_timers,
    hold_meeting,
    level_1,
    open_elements,
    open_tasks,
    plan_provider_contact,
    planning_meeting,
    qip_cycle,
    qip_set_up,
    review_level_2,
    start,
    status,
    task_data,
    timers,
)


def _framework(councils, tenant="staffordshire", **start_data):
    return start(councils, "provider_monitoring_framework", tenant=tenant, role=Role.QUALITY_IMPROVEMENT,
                 data=start_data)


def _moves(councils, case, task=None):
    current = task_data(councils, case, task) if task else data(councils, case)
    return [(h["step"], h["next"]) for h in current["framework_history"]]


def _role_of_only_task(councils, case):
    [task] = open_tasks(councils.session, case)
    return task.element_id, task.role


# --------------------------------------------------------------------------- level 1

def test_level_1_with_no_particular_concerns_closes_the_framework(councils):
    at(2026, 11, 2)
    case = _framework(councils)
    assert _role_of_only_task(councils, case) == ("level_1_intelligence", "quality_improvement")
    level_1(councils, case, "no_particular_concerns")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case) == [("level_1", "closed")]


def test_level_1_intelligence_gathering_continues_until_the_next_review_date(councils, sessions):
    at(2026, 11, 2)
    case = _framework(councils)
    level_1(councils, case, "continue_monitoring", review_date="2027-02-01")
    assert timers(councils, case)["next_intelligence_review"].due_at == _dt.datetime(2027, 2, 1, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2027, 2, 1, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == []
    fire_timers(councils, sessions, _dt.datetime(2027, 2, 1, 17, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["level_1_intelligence"]
    level_1(councils, case, "no_particular_concerns")
    assert _moves(councils, case) == [("level_1", "level_1_review"), ("level_1_review", "level_1"),
                                      ("level_1", "closed")]


def test_significant_risks_at_level_1_go_straight_to_the_planning_meeting(councils):
    at(2026, 11, 2)
    case = _framework(councils)
    level_1(councils, case, "significant_risks")
    assert _role_of_only_task(councils, case) == ("record_lse_factors", "quality_improvement")
    assert _moves(councils, case) == [("level_1", "planning_meeting")]


# --------------------------------------------------------------------------- up through the levels

def test_escalation_through_level_2_then_3_then_4_then_5(councils, sessions):
    at(2026, 11, 2)
    case = _framework(councils)
    level_1(councils, case, "particular_concerns")

    # Level 2: contact with the provider; the concerns persist
    plan_provider_contact(councils, case, contact_types=("formal_meeting",), risk="high")
    hold_meeting(councils, case)
    assert review_level_2(councils, case, "refer_planning") == "refer_planning"

    # the planning meeting chooses level 3 and tells the provider
    assert planning_meeting(councils, case, LSE_FACTS_FEW, "level_3") == "level_3"
    assert _role_of_only_task(councils, case) == ("qip_set_up", "quality_improvement")

    # Level 3: the concerns become persistent and predominantly of a safeguarding nature
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    suggested, _ = qip_cycle(councils, case, "consider_lse", safeguarding=True, risk="high")
    assert suggested == "consider_lse"

    # the planning meeting now chooses level 4
    at(2026, 12, 8)
    assert planning_meeting(councils, case, LSE_FACTS_MANY, "level_4") == "level_4"
    assert _role_of_only_task(councils, case) == ("lse_set_up", "safeguarding_lead")
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")

    # Level 4 has run for a significant period and significant risks persist: level 5
    at(2027, 6, 8)
    coordinate_enquiries(councils, case)
    suggested, _ = lse_meeting(councils, case, "escalate_level_5", risk="extreme")
    assert suggested == "escalate_level_5"
    assert _role_of_only_task(councils, case) == ("level_5_senior_review", "head_of_service")

    # Level 5: the senior team instigates urgent closure plans; the service closes
    level_5(councils, case, "urgent_closure")
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2027-06-15")
    fire_timers(councils, sessions, _dt.datetime(2027, 6, 15, 16, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "service_closed")

    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case) == [
        ("level_1", "level_2"), ("level_2", "planning_meeting"), ("planning_meeting", "level_3"),
        ("level_3", "planning_meeting"), ("planning_meeting", "level_4"), ("level_4", "level_5"),
        ("level_5", "urgent_closure"), ("urgent_closure", "service_closed")]
    current = data(councils, case)
    assert [d["decided_level"] for d in current["planning_decisions"]] == ["level_3", "level_4"]
    assert [n["party"] for n in current["notifications"]] == ["provider", "provider"]
    assert current["board_escalation"] is False  # escalation to the Board: its own test below


# --------------------------------------------------------------------------- back down (9.21)

def test_de_escalation_from_level_4_to_level_3_then_down_through_the_levels_to_closure(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    lse_set_up(councils, case)
    # users of the service are safe; quality and contractual actions continue at level 3
    suggested, _ = lse_meeting(councils, case, "adults_safe", adults_safe=True, risk="moderate",
                               de_escalate_to="level_3")
    assert suggested == "adults_safe"
    assert _role_of_only_task(councils, case) == ("qip_set_up", "quality_improvement")
    assert data(councils, case)["sab_lse_updates"][-1]["sab_update"]["status"] == "closed"

    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    suggested, _ = qip_cycle(councils, case, "de_escalate_level_2", progress="completed", risk="low")
    assert suggested == "de_escalate_level_2"

    plan_provider_contact(councils, case, contact_types=("formal_meeting",), risk="low")
    hold_meeting(councils, case)
    review_level_2(councils, case, "de_escalate_level_1")

    level_1(councils, case, "no_particular_concerns")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case) == [
        ("planning_meeting", "level_4"), ("level_4", "level_3"), ("level_3", "level_2"), ("level_2", "level_1"),
        ("level_1", "closed")]


def test_level_3_can_close_directly_when_the_concerns_are_resolved(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_3")
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    qip_cycle(councils, case, "close", progress="completed", risk="low", reason="Every concern resolved.")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case)[-1] == ("level_3", "closed")


# --------------------------------------------------------------------------- level 5 decisions

def _to_level_5(councils, sessions):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_3")
    qip_set_up(councils, case, "2026-12-01")
    # Level 3 lasts past the significant period: the senior team gives its oversight.
    fire_timers(councils, sessions, _dt.datetime(2027, 5, 3, 16, 1, tzinfo=UTC))
    at(2027, 5, 4)
    complete(councils, case, "senior_oversight_level_3", {
        "oversight_date": "2027-05-04", "improvements_noted": False,
        "oversight_notes": "Ask for level 5 at the next review if nothing changes."})
    at(2027, 5, 10)
    suggested, _ = qip_cycle(councils, case, "escalate_level_5", progress="behind",
                             progress_outcome="little_progress")
    assert suggested == "escalate_level_5"
    return case


@pytest.mark.parametrize("decision, next_task, move", [
    ("continue_level_3", "qip_set_up", ("level_5", "level_3")),
    ("continue_level_4", "lse_set_up", ("level_5", "level_4")),
    ("de_escalate_level_2", "plan_provider_contact", ("level_5", "level_2")),
])
def test_the_senior_team_decides_where_the_provider_goes_from_level_5(councils, sessions, decision, next_task, move):
    case = _to_level_5(councils, sessions)
    level_5(councils, case, decision)
    assert open_elements(councils, case) == [next_task]
    assert _moves(councils, case, task=next_task)[-1] == move


def test_urgent_closure_from_level_5_that_averts_failure_returns_to_level_3(councils, sessions):
    case = _to_level_5(councils, sessions)
    level_5(councils, case, "urgent_closure")
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2027-05-17")
    fire_timers(councils, sessions, _dt.datetime(2027, 5, 17, 16, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "failure_averted")
    assert open_elements(councils, case) == ["qip_set_up"]
    assert _moves(councils, case, task="qip_set_up")[-2:] == [("level_5", "urgent_closure"),
                                                              ("urgent_closure", "level_3")]


# --------------------------------------------------------------------------- timers on levels 3 and 4

def test_a_significant_period_at_level_3_asks_the_senior_team_for_oversight(councils, sessions):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_3")
    significant = timers(councils, case)["level_3_significant_period"]
    # 26 weeks, the council's default significant period, at 17:00 London (BST in May)
    assert significant.due_at == _dt.datetime(2027, 5, 3, 16, tzinfo=UTC)
    assert significant.interrupting is False
    qip_set_up(councils, case, "2027-06-01")
    complete(councils, case, "monitoring_visit", {"monitoring_visit_held": False, "no_visit_reason": "Not needed",
                                                  "monitoring_visit_findings": "None"})
    fire_timers(councils, sessions, _dt.datetime(2027, 5, 3, 16, 1, tzinfo=UTC))
    roles = {t.element_id: t.role for t in open_tasks(councils.session, case)}
    assert roles == {"review_action_plan": "quality_improvement", "senior_oversight_level_3": "head_of_service"}
    at(2027, 5, 4)
    complete(councils, case, "senior_oversight_level_3", {
        "oversight_date": "2027-05-04", "improvements_noted": False,
        "oversight_notes": "Ask for level 5 at the next review if nothing changes."})
    assert open_elements(councils, case) == ["review_action_plan"]


def test_a_significant_period_at_level_4_asks_the_senior_team_for_oversight(councils, sessions):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    assert timers(councils, case)["level_4_significant_period"].due_at == _dt.datetime(2027, 5, 3, 16, tzinfo=UTC)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    coordinate_enquiries(councils, case)
    fire_timers(councils, sessions, _dt.datetime(2027, 5, 3, 16, 1, tzinfo=UTC))
    assert "senior_oversight_level_4" in open_elements(councils, case)


# --------------------------------------------------------------------------- councils

def test_a_case_cannot_start_above_the_planning_meeting(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="level_5")
    assert status(councils, case) == CaseStatus.ERROR
    assert "level_1, level_2 or planning_meeting" in case.error["message"]


def test_stoke_on_trent_runs_the_staffordshire_framework(councils):
    at(2026, 11, 2)
    case = _framework(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    assert {key for key in case.bundle} >= {"provider_monitoring_framework", "level_2_provider_contact",
                                            "level_3_4_planning_meeting", "quality_improvement_process",
                                            "large_scale_enquiry", "urgent_closure_plan", "multi_agency_meeting"}
    level_1(councils, case, "particular_concerns", )
    plan_provider_contact(councils, case, contact_types=("formal_meeting",), risk="high")
    hold_meeting(councils, case)
    review_level_2(councils, case, "refer_planning")
    planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    assert open_elements(councils, case) == ["lse_set_up"]
    assert _moves(councils, case) == [("level_1", "level_2"), ("level_2", "planning_meeting"),
                                      ("planning_meeting", "level_4")]


def test_the_senior_team_may_close_the_framework_or_decommission_the_service(councils, sessions):
    closed = _to_level_5(councils, sessions)
    with pytest.raises(Invalid):  # closing needs the evidence for it
        level_5(councils, closed, "close")
    level_5(councils, closed, "close", basis="Two clean inspections and no safeguarding referrals since May")
    assert status(councils, closed) == CaseStatus.COMPLETED
    assert _moves(councils, closed)[-1] == ("level_5", "closed")
    decommissioned = _to_level_5(councils, sessions)
    level_5(councils, decommissioned, "decommission", basis="The provider cannot make the improvements; contract ended")
    assert status(councils, decommissioned) == CaseStatus.COMPLETED
    assert _moves(councils, decommissioned)[-1] == ("level_5", "decommissioned")


def test_an_escalation_to_the_board_records_what_was_sent_and_the_boards_response(councils, sessions):
    case = _to_level_5(councils, sessions)
    level_5(councils, case, "continue_level_4", board_escalation=True)
    assert _role_of_only_task(councils, case) == ("escalate_to_board", "head_of_service")
    at(2027, 5, 11)
    complete(councils, case, "escalate_to_board", {
        "board_escalation_sent_on": "2027-05-11", "board_escalation_sent_to": "Chair of the Partnership Board",
        "board_escalation_summary": "Six months at level 3 without improvement; level 4 now under senior oversight"})
    assert open_elements(councils, case) == ["record_board_response"]
    at(2027, 5, 25)
    complete(councils, case, "record_board_response", {
        "board_response_received_on": "2027-05-25", "board_response": "The Board asks for monthly reports",
        "board_response_actions": "Monthly report to the Board business manager"})
    assert open_elements(councils, case) == ["lse_set_up"]
    [escalation] = task_data(councils, case, "lse_set_up")["board_escalations"]
    assert escalation["summary"].startswith("Six months at level 3")
    assert escalation["response"]["response"] == "The Board asks for monthly reports"


# --------------------------------------------------------------------------- paths not walked elsewhere

@pytest.mark.parametrize("de_escalate_to, next_task, move", [
    ("level_2", "plan_provider_contact", ("level_4", "level_2")),
    ("level_1", "level_1_intelligence", ("level_4", "level_1")),
])
def test_a_safe_lse_de_escalates_to_level_2_or_level_1(councils, de_escalate_to, next_task, move):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    lse_set_up(councils, case)
    lse_meeting(councils, case, "adults_safe", adults_safe=True, risk="low", de_escalate_to=de_escalate_to)
    assert [t.element_id for t in open_tasks(councils.session, case)] == [next_task]
    assert _moves(councils, case, task=next_task)[-1] == move
    assert task_data(councils, case, next_task)["sab_lse_updates"][-1]["sab_update"]["status"] == "closed"


def test_a_safe_lse_may_close_the_framework(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_MANY, "level_4")
    lse_set_up(councils, case)
    lse_meeting(councils, case, "adults_safe", adults_safe=True, risk="low", de_escalate_to="close")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case) == [("planning_meeting", "level_4"), ("level_4", "closed")]


def test_level_3_may_return_straight_to_level_1(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="planning_meeting")
    planning_meeting(councils, case, LSE_FACTS_FEW, "level_3")
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    qip_cycle(councils, case, "de_escalate_level_1", progress="completed", risk="low",
              reason="Improvements sustained; intelligence gathering is enough.")
    assert _role_of_only_task(councils, case)[0] == "level_1_intelligence"
    assert _moves(councils, case, task="level_1_intelligence")[-1] == ("level_3", "level_1")


def test_the_framework_may_start_at_level_2(councils):
    at(2026, 11, 2)
    case = _framework(councils, starting_level="level_2")
    assert _role_of_only_task(councils, case)[0] == "plan_provider_contact"
    plan_provider_contact(councils, case, contact_types=("formal_meeting",), risk="low")
    hold_meeting(councils, case)
    review_level_2(councils, case, "de_escalate_level_1")
    level_1(councils, case, "no_particular_concerns")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert _moves(councils, case) == [("level_2", "level_1"), ("level_1", "closed")]
