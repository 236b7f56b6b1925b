"""Level 3 – Quality Improvement Process (seed 001, paragraphs 9.12-9.16, practice guide 10)."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.staffordshire_lse_steps import closure_contacts, instigate_closure_plan, review_closure_plan
from tests.processes.test_staffordshire_support import (
    UTC,
    at,
    cases_of,
    complete,
    data,
    decide_qip,
    fire_timers,
    hold_meeting,
    monitoring_visit,
    open_elements,
    open_tasks,
    qip_cycle,
    qip_set_up,
    record_qip_review,
    review_action_plan,
    schema,
    start,
    status,
    timers,
)
from tests.support.dates import catch_up

LEVEL_2_ACTIONS = [
    {"item_id": "L2-1", "concern": "Care plans out of date", "action": "Review every care plan",
     "owner": "Deputy manager", "due_date": "2026-10-30", "kind": "corrective", "status": "completed"},
    {"item_id": "L2-2", "concern": "Medicines audit", "action": "Weekly medicines audit",
     "owner": "Registered manager", "due_date": "2026-11-30", "kind": "developmental", "status": "open"},
]


def _qip(councils, tenant="staffordshire", **start_data):
    return start(councils, "quality_improvement_process", tenant=tenant, role=Role.QUALITY_IMPROVEMENT,
                 data=start_data)


def test_set_up_carries_open_level_2_actions_into_the_quality_improvement_action_plan(councils):
    at(2026, 11, 2)
    case = _qip(councils, action_plan=LEVEL_2_ACTIONS)
    qip_set_up(councils, case, "2026-12-01")
    current = data(councils, case)
    assert [i["item_id"] for i in current["action_plan"]] == ["L2-2", "QIP1-1", "QIP1-2"]
    assert current["action_plan"][1]["status"] == "open"
    assert current["qip_started_on"] == "2026-11-02"
    assert open_elements(councils, case) == ["monitoring_visit"]


def test_regulatory_action_by_cqc_must_be_described(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    with pytest.raises(Invalid):
        complete(councils, case, "qip_set_up", {
            "qip_purposes": ["regulatory_action"], "qip_lead": "QA manager", "qip_actions": [],
            "qip_contractual_actions": [], "qip_next_review_date": "2026-12-01"})


def test_contractual_action_issues_a_remedy_letter_and_asks_commissioners_to_prevent_new_placements(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01", contractual_actions=("remedy_letter", "prevent_new_placements"),
               grounds="Falls not reviewed; two hospital admissions")
    # the remedy letter goes to the provider; the monitoring visit runs alongside
    assert open_elements(councils, case) == ["send_notification"]
    [suspension] = cases_of(councils, "placement_suspension")
    assert data(councils, suspension)["recommended_suspension_grounds"] == "Falls not reviewed; two hospital admissions"
    assert data(councils, suspension)["suspension_recommended_by"] == "Level 3 Quality Improvement Process"
    assert open_elements(councils, suspension) == ["decide_suspension"]
    catch_up("2026-11-03")
    complete(councils, case, "send_notification", {
        "notification_method": "letter", "sent_on": "2026-11-03", "recipient": "Provider director",
        "summary": "Remedy letter: post-falls reviews within 14 days"})
    notice = data(councils, case)["notifications"][-1]
    assert notice["party"] == "provider" and notice["subject"].startswith("Remedy letter")
    assert open_elements(councils, case) == ["monitoring_visit"]
    assert data(councils, case)["qip_contractual_history"][-1]["actions"] == ["remedy_letter", "prevent_new_placements"]


def test_review_meetings_follow_the_practice_guide_10_agenda(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 11, 30)
    monitoring_visit(councils, case)
    review_action_plan(councils, case)
    current = data(councils, case)
    assert current["meeting_title"] == "Level 3 review meeting"
    agenda = current["meeting_agenda"]
    assert len(agenda) == 15  # items 1-13, 15 and 16: the published agenda has no item 14
    assert agenda[0].startswith("Meeting Details: Purpose of meeting; Review of Enquiries")
    assert agenda[3] == "Confidentiality statement to be agreed by all participants"
    assert agenda[9] == "Views of Provider \u2013 including update on Action Plan"
    assert agenda[12] == "Recommendation/update regarding any Contractual actions"
    assert agenda[13:] == ["Communication Plan", "Future Meetings"]
    hold_meeting(councils, case, next_meeting_date="2027-01-05")
    # the review is recorded under the guide's headings; details of service users are confidential
    props = schema("qip_review")["properties"]
    assert props["qip_confidentiality_agreed"]["const"] is True
    assert props["service_users_reviewed"]["x-confidential"] == {"hidden_from": ["partner", "viewer", "provider"]}
    assert props["qip_communication_plan"]["title"] == "15. Communication Plan"
    record_qip_review(councils, case)
    assert open_elements(councils, case) == ["decide_qip_next_step"]
    # the next review date agreed at the meeting is offered for the decision
    assert data(councils, case)["qip_next_review_date"] == "2027-01-05"


def test_each_cycle_reviews_the_action_plan_and_sets_the_next_review(councils, sessions):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 11, 30)
    suggested, _ = qip_cycle(councils, case, "continue", next_review_date="2027-01-05")
    assert suggested == "continue"
    assert open_elements(councils, case) == ["monitoring_visit"]
    assert timers(councils, case)["monitoring_visit_overdue"].due_at == _dt.datetime(2027, 1, 5, 17, tzinfo=UTC)
    current = data(councils, case)
    assert current["qip_reviews"][-1]["decided"] == "continue"
    # nothing was due and nothing is done yet: some progress, never good progress
    assert current["action_plan_reviews"][-1]["progress_outcome"] == "some_progress"


def test_a_monitoring_visit_not_done_by_the_review_date_is_chased_by_the_head_of_service(councils, sessions):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 1, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == ["monitoring_visit"]
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 1, 17, 1, tzinfo=UTC))
    roles = {t.element_id: t.role for t in open_tasks(councils.session, case)}
    assert roles == {"monitoring_visit": "quality_improvement", "chase_step": "head_of_service"}
    complete(councils, case, "chase_step", {"chase_action": "Visit booked for 4 December",
                                            "chase_outcome": "new_date_agreed", "chase_new_date": "2026-12-04"})
    assert open_elements(councils, case) == ["monitoring_visit"]
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 4, 17, 1, tzinfo=UTC))  # the agreed date passes
    assert sorted(open_elements(councils, case)) == ["chase_step", "monitoring_visit"]
    at(2026, 12, 7)
    complete(councils, case, "monitoring_visit", {"monitoring_visit_held": True, "monitoring_visit_date": "2026-12-07",
                                                  "monitoring_visit_findings": "Care plans updated"})
    assert "chase_step" not in open_elements(councils, case)  # the visit done: the chase ended with it


def test_good_progress_with_low_risk_suggests_de_escalating_to_level_2(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    suggested, _ = qip_cycle(councils, case, "de_escalate_level_2", progress="completed", risk="low")
    assert suggested == "de_escalate_level_2"
    assert status(councils, case) == CaseStatus.COMPLETED
    assert data(councils, case)["next_framework_step"] == "level_2"


def test_persistent_safeguarding_concerns_suggest_a_planning_meeting_to_consider_an_lse(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    suggested, _ = qip_cycle(councils, case, "consider_lse", safeguarding=True, risk="high")
    assert suggested == "consider_lse"
    assert data(councils, case)["next_framework_step"] == "planning_meeting"


def test_no_improvement_over_a_significant_period_suggests_level_5(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    at(2026, 12, 1)
    suggested, _ = qip_cycle(councils, case, "continue", progress="behind", progress_outcome="little_progress",
                             next_review_date="2027-05-04")
    assert suggested == "continue"  # too early for level 5
    at(2027, 5, 4)  # 26 weeks after the process started
    suggested, _ = qip_cycle(councils, case, "escalate_level_5", progress="behind", progress_outcome="little_progress")
    assert suggested == "escalate_level_5"
    assert data(councils, case)["next_framework_step"] == "level_5"


def test_deciding_against_the_suggestion_needs_a_reason(councils):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    monitoring_visit(councils, case)
    review_action_plan(councils, case)
    hold_meeting(councils, case)
    record_qip_review(councils, case)
    with pytest.raises(Invalid):
        complete(councils, case, "decide_qip_next_step", {
            "qip_recommended_next_step": "de_escalate_level_2", "qip_decision": "close",
            "qip_contractual_actions": []})
    decide_qip(councils, case, "close", reason="All concerns resolved at the meeting.")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["next_framework_step"] == "closed"
    assert current["qip_reviews"][-1]["reason"] == "All concerns resolved at the meeting."


def test_imminent_failure_contacts_social_care_and_instigates_urgent_closure_plans(councils, sessions):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    suggested, _ = qip_cycle(councils, case, "imminent_failure", imminent_failure=True, risk="extreme")
    assert suggested == "imminent_failure"
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("contact_social_care_and_commissioners", "contract_officer")
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-09")
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 9, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "service_closed")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["closure_outcome"] == "service_closed"
    assert current["next_framework_step"] == "service_closed"


def test_when_failure_is_averted_a_review_meeting_decides_the_next_step(councils, sessions):
    at(2026, 11, 2)
    case = _qip(councils)
    qip_set_up(councils, case, "2026-12-01")
    qip_cycle(councils, case, "imminent_failure", imminent_failure=True, risk="extreme")
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-09")
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 9, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "failure_averted")
    assert open_elements(councils, case) == ["prepare_meeting"]
    assert data(councils, case)["meeting_title"] == "Level 3 review meeting"
    hold_meeting(councils, case)
    record_qip_review(councils, case, risk="high")
    suggested = decide_qip(councils, case, "continue", next_review_date="2026-12-01")
    assert suggested == "continue"
    assert open_elements(councils, case) == ["monitoring_visit"]


def test_stoke_on_trent_runs_the_same_quality_improvement_process(councils):
    at(2026, 11, 2)
    case = _qip(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    qip_set_up(councils, case, "2026-12-01")
    assert open_elements(councils, case) == ["monitoring_visit"]
