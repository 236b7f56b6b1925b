"""Suspension (seed 002, Appendix 6 chart 3): the shared suspension of placements, with the chart 3
routes while it is in force (termination, immediate or with notice; enhanced monitoring, chart 4),
lifting back to standard monitoring, and a temporary suspension agreed at a QPIP running alongside it."""

from __future__ import annotations

import pytest

from api.cases.models import CaseStatus
from engine.roles import Role
from tests.processes.test_lancashire_helpers import (
    LANCS, at, cases_of, catch_up, data, decide_action, hold_meeting, level_1_meeting_and_plan, refresh,
)
from tests.support.world import complete, open_elements, open_tasks, start


def suspended(councils):
    at(2026, 3, 2)
    case = start(councils, "lancashire_performance_action", tenant=LANCS, data={"overall_risk_level": "high"})
    decide_action(councils, case, "suspension", reason="Radar partners recommend suspension pending investigation.")
    [radar] = cases_of(councils, "lancashire_radar")
    assert data(councils, radar)["referral"]["criteria"] == ["contract_suspension"]
    roles = {t.element_id: t.role for t in open_tasks(councils.session, case)}
    assert roles == {"decide_suspension": "head_of_service", "decide_chart_3_option": "head_of_service"}
    catch_up("2026-03-03")
    complete(councils, case, "decide_suspension", {
        "suspension_decision": "suspend", "suspension_decided_on": "2026-03-03",
        "suspension_decision_reason": "Pending improvements.", "suspension_grounds": "Unsafe night staffing.",
        "suspension_scope": "all_new_placements", "suspended_from": "2026-03-04", "remedy_timescale": "2026-04-30"})
    catch_up("2026-03-04")
    complete(councils, case, "confirm_suspension_in_writing", {
        "letter_sent_on": "2026-03-04", "recipients": [{"name": "Sue Senior", "organisation": "Rosewood House Ltd"}],
        "letter_grounds": "Unsafe night staffing.", "remedy_timescale": "2026-04-30", "actions_in_action_plan": True})
    return case


def test_lifting_the_suspension_returns_the_provider_to_standard_monitoring(councils):
    case = suspended(councils)
    catch_up("2026-04-30")
    complete(councils, case, "review_suspension", {
        "suspension_reviewed_on": "2026-04-30", "service_users_reassessed": True, "failures_remedied": True,
        "review_outcome": "lift", "suspension_review_notes": "Current residents re-assessed; care safe."})
    complete(councils, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": "2026-05-01"})
    catch_up("2026-05-01")
    complete(councils, case, "notify_lifting", {"notice_sent_on": "2026-05-01", "notice_method": "letter",
                                                "notice_recipients": [{"name": "Sue Senior", "organisation": "Rosewood"}]})
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "suspension_standard_monitoring"


@pytest.mark.parametrize("route", ["immediate_termination", "termination_with_notice"])
def test_termination_while_suspended_goes_to_level_3(councils, route):
    case = suspended(councils)
    catch_up("2026-03-20")
    complete(councils, case, "decide_chart_3_option", {"chart_3_route": route, "chart_3_decided_on": "2026-03-20",
                                                       "chart_3_reason": "Investigation substantiated neglect."})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("advise_on_termination", "legal")
    assert data(councils, case)["performance_outcome"] == "suspension_" + route


def test_enhanced_monitoring_while_suspended_is_decided_again_as_chart_4(councils):
    case = suspended(councils)
    catch_up("2026-03-20")
    complete(councils, case, "decide_chart_3_option", {"chart_3_route": "enhanced_monitoring",
                                                       "chart_3_decided_on": "2026-03-20",
                                                       "chart_3_reason": "Improving; step up monitoring instead."})
    assert open_elements(councils, case) == ["decide_action"]
    d = data(councils, case)
    assert d["recommended_action"] == "enhanced_monitoring"
    assert any("chart 4" in r for r in d["action_suggestion"]["reasons"])


def test_a_temporary_suspension_agreed_at_a_qpip_runs_alongside_it(councils):
    at(2026, 4, 1)
    case = start(councils, "lancashire_qpip_level_1", tenant=LANCS)
    hold_meeting(councils, case, "2026-04-01")
    complete(councils, case, "record_level_1_meeting", {
        "provider_attended": True, "concerns_summary": "Night care.", "urgent_actions": "Hourly checks.",
        "level_1_plan_due_on": "2026-04-15", "level_1_review_on": "2026-05-15",
        "qpip_options": ["request_action_plan", "temporary_suspension"]})
    assert open_elements(councils, case) == ["receive_level_1_plan"]
    [alongside] = cases_of(councils, "lancashire_suspension_alongside")
    assert sorted(open_elements(councils, alongside)) == ["decide_chart_3_option", "decide_suspension"]
    assert alongside.provider_id == case.provider_id


def test_a_qpip_without_a_suspension_starts_none(councils):
    at(2026, 4, 1)
    case = start(councils, "lancashire_qpip_level_1", tenant=LANCS, role=Role.CONTRACT_OFFICER)
    level_1_meeting_and_plan(councils, case, meeting_date="2026-04-01")
    assert cases_of(councils, "lancashire_suspension_alongside") == []
