"""Decision and Escalation Plan (seed 002, section 8, Appendices 1 and 6): the suggested action
for each risk level, automatic inclusion on Radar, monitoring (chart 4), professionals meetings,
suspension (chart 3), Levels 1 to 3, and the 12-month recall rule."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.test_lancashire_helpers import (
    LANCS, advance_to, assess_initially, at, cases_of, catch_up, complete_for, data, decide_action, decide_level_outcome, hold_meeting,
    level_1_meeting_and_plan, level_2_meeting_and_plan, observation_checklist, performance_case_at_decision,
    decide_initial_outcome, refresh, review_action_plan, start_performance_case, timers,
)
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def action_case(councils, level="moderate", **extra):
    return start(councils, "lancashire_performance_action", tenant=LANCS, data={"overall_risk_level": level, **extra})


@pytest.mark.parametrize("level, suggested", [("low", "routine_monitoring"), ("moderate", "level_1_qpip"),
                                              ("high", "level_2_qpip"), ("extreme", "level_2_qpip")])
def test_each_risk_level_suggests_its_section_8_action(councils, level, suggested):
    at(2026, 3, 2)
    case = action_case(councils, level)
    d = data(councils, case)
    assert d["recommended_action"] == suggested
    assert [a["risk_level"] for a in d["action_suggestion"]["section_8_actions"]] == [level] * len(
        d["action_suggestion"]["section_8_actions"])
    [task] = open_tasks(councils.session, case)
    assert task.element_id == "decide_action" and task.role == "contract_officer"


def test_a_different_action_needs_a_reason(councils):
    at(2026, 3, 2)
    case = action_case(councils, "moderate")
    with pytest.raises(Invalid, match="action_reason"):
        decide_action(councils, case, "level_2_qpip")
    decide_action(councils, case, "level_2_qpip", reason="CQC has issued a warning letter.")
    assert data(councils, case)["action_differs"] is True


def test_a_qpip_includes_the_provider_on_radar_automatically(councils):
    at(2026, 3, 2)
    case = action_case(councils, "moderate")
    decide_action(councils, case, "level_1_qpip")
    [radar] = cases_of(councils, "lancashire_radar")
    referral = data(councils, radar)["referral"]
    assert (referral["route"], referral["criteria"]) == ("automatic", ["subject_to_qpip"])
    assert open_elements(councils, case) == ["prepare_meeting"]


def test_routine_monitoring_does_not_include_the_provider_on_radar(councils):
    at(2026, 3, 2)
    case = action_case(councils, "low")
    decide_action(councils, case, "routine_monitoring")
    assert cases_of(councils, "lancashire_radar") == []
    assert open_elements(councils, case) == ["monitor_and_support"]


def test_enhanced_monitoring_visits_and_decides_again_when_concerns_continue(councils, sessions):
    at(2026, 3, 2)
    case = action_case(councils, "low")
    decide_action(councils, case, "enhanced_monitoring", reason="Several complaints in a month.")
    complete(councils, case, "monitor_and_support", {"monitoring_level": "enhanced", "risk_rating_reviewed": True,
                                                     "contract_risk_rating": "Amber", "monitoring_review_on": "2026-04-01"})
    assert timers(councils, case)["monitoring_review_due"].due_at == _dt.datetime(2026, 4, 1, 16, tzinfo=UTC)
    advance_to(sessions, _dt.datetime(2026, 4, 1, 16, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["record_visit"]
    catch_up("2026-04-02")
    complete(councils, case, "record_visit", observation_checklist("2026-04-02", "Enhanced monitoring",
                                                                   "enhanced_monitoring", no=("enough_staff",)))
    at(2026, 4, 3)
    complete(councils, case, "review_monitoring", {"monitoring_reviewed_on": "2026-04-03", "monitoring_outcome": "reconsider",
                                                   "monitoring_findings": "Staffing still short at night."})
    assert open_elements(councils, case) == ["decide_action"]
    assert len(data(councils, case)["decisions_taken"]) == 1


def test_a_professionals_meeting_leads_back_to_the_decision(councils):
    at(2026, 3, 2)
    case = action_case(councils, "moderate")
    decide_action(councils, case, "professionals_meeting", reason="Agencies disagree about the risk.")
    assert data(councils, case)["meeting_title"].startswith("Professionals meeting")
    hold_meeting(councils, case, "2026-03-10")
    assert open_elements(councils, case) == ["decide_action"]


def test_level_1_little_progress_goes_on_to_level_2(councils, sessions):
    at(2026, 3, 2)
    case = action_case(councils, "moderate")
    decide_action(councils, case, "level_1_qpip")
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "behind", "little_progress")
    decide_level_outcome(councils, case, 1, "escalate_to_level_2")
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("request_level_2_meeting", "quality_improvement")


def test_the_head_of_service_not_terminating_returns_to_the_decision(councils):
    at(2026, 3, 2)
    case = action_case(councils, "extreme")
    decide_action(councils, case, "termination", reason="Repeated failure; provider not engaging.")
    catch_up("2026-03-05")
    complete(councils, case, "advise_on_termination", {"advised_on": "2026-03-05", "grounds": ["breach_of_contract"],
                                                       "termination_mechanism": "Clause 34.", "legal_advice": "Risky."})
    complete(councils, case, "decide_termination", {"legal_consulted": True, "termination_decision": "do_not_terminate",
                                                     "termination_reason": "Legal risk; try Level 2 first.",
                                                     "joint_approach": False})
    assert open_elements(councils, case) == ["decide_action"]
    assert len(data(councils, case)["decisions_taken"]) == 1


def test_a_provider_called_in_again_within_12_months_of_a_level_1_goes_to_level_2(councils, sessions):
    at(2026, 3, 2)
    first = performance_case_at_decision(councils, "moderate")
    assert data(councils, first)["recommended_action"] == "level_1_qpip"
    decide_action(councils, first, "level_1_qpip")
    level_1_meeting_and_plan(councils, first)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, first, "2026-05-15", "completed", "good_progress")
    decide_level_outcome(councils, first, 1, "no_further_action")
    assert refresh(councils, first).status == CaseStatus.COMPLETED

    at(2026, 11, 2)  # further concerns within 12 months of the Level 1
    second = performance_case_at_decision(councils, "moderate")
    d = data(councils, second)
    assert d["recommended_action"] == "level_2_qpip"
    assert any("called in again within 12 months" in r for r in d["action_suggestion"]["reasons"])
    decide_action(councils, second, "level_2_qpip")
    assert open_elements(councils, second) == ["request_level_2_meeting"]


def test_a_concern_more_than_12_months_later_starts_again_at_level_1(councils, sessions):
    at(2026, 3, 2)
    first = performance_case_at_decision(councils, "moderate")
    decide_action(councils, first, "level_1_qpip")
    at(2027, 3, 3)
    second = performance_case_at_decision(councils, "moderate")
    assert data(councils, second)["recommended_action"] == "level_1_qpip"


def test_a_provider_closing_at_level_2_moves_every_resident_and_tells_radar(councils, sessions):
    at(2026, 3, 2)
    case = performance_case_at_decision(councils, "high")
    decide_action(councils, case, "level_2_qpip")
    [radar] = cases_of(councils, "lancashire_radar")
    level_2_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 4, 27, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-04-27", "behind", "little_progress")
    decide_level_outcome(councils, case, 2, "provider_decides_to_close", reason="The owner gave notice of closure.")
    at(2026, 4, 28)
    complete(councils, case, "record_provider_closure", {"closure_notified_on": "2026-04-28",
                                                         "planned_closure_date": "2026-06-30",
                                                         "closure_policy": ["managing_provider_failure"]})
    complete(councils, case, "list_service_users", {"service_users": [{"reference": "AB", "funding": "lcc"},
                                                                      {"reference": "CD", "funding": "self_funder"}]})
    catch_up("2026-06-15")
    for ref in ("AB", "CD"):
        complete_for(councils, case, "arrange_alternative_service", ref, {
            "alternative_service": "Meadow View", "moved_on": "2026-06-15", "no_gap_in_care": True})
    case = refresh(councils, case)
    assert (case.status, case.error) == (CaseStatus.COMPLETED, None)
    assert data(councils, case)["performance_outcome"] == "provider_closed"
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-07-01", "updates_due_on": "2026-06-26",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Residents moved.", "contact_name": "Pat"})
    assert [f["outcome"] for f in data(councils, radar)["agenda_feedback"]] == ["provider_closed"]


def test_a_provider_that_does_not_engage_at_level_2_reaches_level_3_on_the_timers(councils, sessions):
    asked = at(2026, 4, 1, 10)
    case = action_case(councils, "high")
    decide_action(councils, case, "level_2_qpip")
    complete(councils, case, "request_level_2_meeting", {"level_2_reason": "risk_assessment", "senior_manager": "Sue Senior",
                                                         "meeting_requested_on": "2026-04-01",
                                                         "proposed_meeting_date": "2026-04-06"})
    advance_to(sessions, asked + _dt.timedelta(hours=48, minutes=1))
    complete(councils, case, "chase_step", {"chase_action": "No answer to calls or letters.", "chase_outcome": "chased"})
    advance_to(sessions, _dt.datetime(2026, 4, 8, 16, 1, tzinfo=UTC))  # chased again 2 working days later (Easter)
    complete(councils, case, "chase_step", {"chase_action": "Still no answer.", "chase_outcome": "no_longer_applies",
                                            "chase_withdrawn_reason": "The provider does not engage."})
    complete(councils, case, "decide_on_non_engagement", {"decided_on": "2026-04-08",
                                                          "non_engagement_reason": "No response in a week."})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("advise_on_termination", "legal")


def test_an_earlier_concern_closed_as_not_sufficient_does_not_count_as_being_called_in(councils):
    at(2026, 3, 2)
    first = start_performance_case(councils)
    assess_initially(councils, first, 10)
    decide_initial_outcome(councils, first, "not_sufficient")
    earlier_monitoring = action_case(councils, "low")
    decide_action(councils, earlier_monitoring, "routine_monitoring")
    at(2026, 6, 1)
    second = performance_case_at_decision(councils, "moderate")
    d = data(councils, second)
    assert (d["called_in_again"], d["recommended_action"]) == (False, "level_1_qpip")
