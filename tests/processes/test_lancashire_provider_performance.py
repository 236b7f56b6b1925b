"""Managing Provider Performance (seed 002, section 5): concern, Appendix 3 initial assessment and
its four outcomes, Radar for the inconclusive, information gathering (section 8 a-f), the
Appendix 4/5 risk assessment of a sample group, then the decision and escalation plan."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.test_lancashire_helpers import (
    advance_to, assess_initially, assess_risk, assess_service_user_by_team, at, cases_of, catch_up, complete_for, data,
    decide_action, decide_initial_outcome, gather_information, hold_meeting, holistic_row, level_2_meeting_and_plan,
    observation_checklist,
    refresh, review_action_plan, sample_group_under_assessment, send_notification, start_performance_case, timers,
)
from tests.support.world import complete, open_elements, open_tasks

UTC = _dt.timezone.utc

def test_the_concern_is_recorded_then_scored_on_appendix_3(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assert open_elements(councils, case) == ["initial_assessment"]
    assess_initially(councils, case, 27)
    d = data(councils, case)
    assert d["appendix_3_total"] == 27
    assert d["recommended_initial_outcome"] == "refer_to_radar"
    assert d["concern_route"] == "reactive" and d["concern_sources"] == ["safeguarding", "whistle_blower"]
    [task] = open_tasks(councils.session, case)
    assert task.element_id == "decide_initial_outcome" and "27" in task.instructions


@pytest.mark.parametrize("total, suggested", [(8, "not_sufficient"), (15, "not_sufficient"), (16, "monitor"),
                                              (23, "monitor"), (24, "refer_to_radar"), (31, "refer_to_radar"),
                                              (32, "implement_procedure"), (40, "implement_procedure")])
def test_the_appendix_3_total_suggests_one_of_the_four_outcomes(councils, total, suggested):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, total)
    assert data(councils, case)["recommended_initial_outcome"] == suggested


def test_not_sufficient_to_warrant_the_procedure_closes_the_case(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 12)
    decide_initial_outcome(councils, case, "not_sufficient", category="isolated_issue")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["initial_outcome"] == "not_sufficient"


def monitored_until_review(councils, sessions):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 18)
    decide_initial_outcome(councils, case, "monitor", category="isolated_issue")
    complete(councils, case, "arrange_routine_monitoring", {
        "monitoring_arrangements": ["provider_returns", "next_contract_review"], "monitoring_review_on": "2026-06-01"})
    assert timers(councils, case)["routine_review_due"].due_at == _dt.datetime(2026, 6, 1, 16, tzinfo=UTC)
    advance_to(sessions, _dt.datetime(2026, 6, 1, 15, 59, tzinfo=UTC))
    assert open_elements(councils, case) == []
    advance_to(sessions, _dt.datetime(2026, 6, 1, 16, 1, tzinfo=UTC))
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("review_routine_monitoring", "contract_officer")
    return case


def test_a_situation_to_monitor_is_reviewed_on_its_review_date(councils, sessions):
    case = monitored_until_review(councils, sessions)
    complete(councils, case, "review_routine_monitoring", {"monitoring_reviewed_on": "2026-06-01", "monitoring_outcome": "resolved",
                                                           "monitoring_findings": "Returns on time; no complaints."})
    assert refresh(councils, case).status == CaseStatus.COMPLETED


def test_concerns_continuing_at_the_monitoring_review_step_up(councils, sessions):
    case = monitored_until_review(councils, sessions)
    complete(councils, case, "review_routine_monitoring", {"monitoring_reviewed_on": "2026-06-01",
                                                           "monitoring_outcome": "reconsider",
                                                           "monitoring_findings": "Two more complaints."})
    assert open_elements(councils, case) == ["decide_initial_outcome"]


def test_an_outcome_other_than_the_suggestion_needs_a_reason(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 12)
    with pytest.raises(Invalid, match="initial_outcome_reason"):
        decide_initial_outcome(councils, case, "implement_procedure")
    decide_initial_outcome(councils, case, "implement_procedure",
                           reason="A single answer scored 5: possible injury to a service user.")
    assert open_elements(councils, case) == ["gather_information"]


def test_an_inconclusive_assessment_refers_the_provider_to_radar_and_waits_for_its_view(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 27)
    decide_initial_outcome(councils, case, "refer_to_radar")
    assert open_elements(councils, case) == ["await_radar_view"]
    [radar] = cases_of(councils, "lancashire_radar")
    assert radar.provider_id == case.provider_id
    referral = data(councils, radar)["referral"]
    assert referral["route"] == "initial_assessment"
    assert referral["summary"] == "Residents left in wet beds overnight."


def test_radar_removing_the_provider_closes_the_waiting_case(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 27)
    decide_initial_outcome(councils, case, "refer_to_radar")
    [radar] = cases_of(councils, "lancashire_radar")
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-03-20",
                                                          "updates_due_on": "2026-03-16",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Nothing new.", "contact_name": "Pat"})
    hold_meeting(councils, radar, "2026-03-20")
    complete(councils, radar, "record_radar_decision", {"radar_risk_level": "no_low", "radar_outcome": "remove",
                                                        "quorate_agreed": True, "removal_grounds": "assurance_gained"})
    catch_up("2026-03-21")
    complete(councils, radar, "notify_alerter", {"notification_method": "email", "sent_on": "2026-03-21",
                                                 "recipient": "Contracts Team", "summary": "Removed from Radar."})
    assert refresh(councils, radar).status == CaseStatus.COMPLETED
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["radar_removal"]["grounds"] == "assurance_gained"


def test_discussions_at_radar_lead_to_the_outcome_being_decided_again(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 27)
    decide_initial_outcome(councils, case, "refer_to_radar")
    catch_up("2026-03-20")
    complete(councils, case, "await_radar_view", {"discussions_held_on": "2026-03-20",
                                                  "discussion_notes": "The CSU has similar concerns."})
    assert open_elements(councils, case) == ["decide_initial_outcome"]
    decide_initial_outcome(councils, case, "implement_procedure", reason="Step up: the CSU has similar concerns.")
    assert open_elements(councils, case) == ["gather_information"]


def test_implementing_the_procedure_gathers_information_visits_and_reviews_service_users(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure", category="serious_concerns")
    gather_information(councils, case, visit=True, reviews=True)
    assert sorted(open_elements(councils, case)) == ["record_visit", "review_service_users"]
    [visit] = [t for t in open_tasks(councils.session, case) if t.element_id == "record_visit"]
    assert visit.role == "contract_officer" and visit.form == "professional_observation_checklist.schema.json"
    catch_up("2026-03-10")
    complete(councils, case, "record_visit", observation_checklist(no=("enough_staff", "care_files_up_to_date")))
    assert open_elements(councils, case) == ["review_service_users"]
    at(2026, 3, 11)
    complete(councils, case, "review_service_users", {
        "reviews": [{"service_user": "AB", "reviewer_role": "quality_improvement", "reviewed_on": "2026-03-11",
                     "views": "Feels rushed at night."}], "reviews_summary": "One review completed."})
    assert open_elements(councils, case) == ["choose_sample_group"]
    assert data(councils, case)["monitoring_visits"][0]["answered_no"] == 2


def test_high_risk_in_the_sample_group_needs_immediate_action_then_the_overall_level(councils):
    case = sample_group_under_assessment(councils)
    roles = {(t.element_id, t.role) for t in open_tasks(councils.session, case)}
    assert roles == {("assess_qi_domains", "quality_improvement"), ("assess_health_domains", "partner"),
                     ("assess_ipc_domains", "partner"), ("assess_safeguarding_domains", "safeguarding_lead"),
                     ("assess_contracts_domains", "contract_officer")}
    assert len(open_tasks(councils.session, case)) == 10  # five teams for each of the two service users
    assess_service_user_by_team(councils, case, "AB", [
        holistic_row("skin_including_tissue_viability", su=(4, 3), others=(2, 2)),  # 12 high
        holistic_row("continence", su=(2, 2))])
    assess_service_user_by_team(councils, case, "CD", [holistic_row("staffing", su=(2, 3))])
    [ab] = [a for a in data(councils, case)["sample_assessments"] if a["service_user"] == "AB"]
    assert [r["domain"] for r in ab["by_team"]["health"]] == ["skin_including_tissue_viability", "continence"]
    d = data(councils, case)
    assert d["recommended_risk_level"] == "high"
    assert d["immediate_action_domains"] == ["AB: skin_including_tissue_viability"]
    assert open_elements(councils, case) == ["take_immediate_action"]
    catch_up("2026-03-12")
    complete(councils, case, "take_immediate_action", {
        "immediate_actions": [{"service_user": "AB", "risk": "Pressure ulcer", "action_taken": "District nurse",
                               "taken_by": "QI practitioner", "taken_on": "2026-03-12"}],
        "safeguarding_referral_made": True})
    assert open_elements(councils, case) == ["assess_overall_risk"]


def test_the_overall_level_may_be_lowered_by_mitigating_factors_with_a_reason(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure")
    gather_information(councils, case)
    with pytest.raises(Invalid, match="risk_level_reason"):
        assess_risk(councils, case, {"AB": [holistic_row("staffing", su=(3, 3))]}, overall="moderate")
    complete(councils, case, "assess_overall_risk", {
        "mitigating_factors": [{"factor": "New manager in post", "comment": "Experienced"}],
        "service_user_views": "Content.", "recommended_risk_level": "high", "overall_risk_level": "moderate",
        "risk_level_reason": "A new, experienced manager and agency staff cover nights.",
        "remedial_action": "Action plan.", "form_completed_by": "Cath", "provider_feedback": "Phone, 13 March",
        "designation": "Contract Officer", "organisation": "LCC", "email": "cath@lancashire.example",
        "completed_on": "2026-03-13", "signature": "Cath"})
    d = data(councils, case)
    assert d["overall_risk_level"] == "moderate"
    assert d["overall_risk_action"].startswith("Service provider develops and implements action plan")
    assert d["recommended_action"] == "level_1_qpip"
    assert open_elements(councils, case) == ["decide_action"]


def test_low_risk_is_monitored_and_the_outcome_is_fed_back(councils, sessions):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure")
    gather_information(councils, case)
    assess_risk(councils, case, {"AB": [holistic_row("record_keeping", su=(1, 2))]})
    assert data(councils, case)["recommended_action"] == "routine_monitoring"
    decide_action(councils, case, "routine_monitoring")
    complete(councils, case, "monitor_and_support", {"monitoring_level": "standard", "risk_rating_reviewed": True,
                                                     "monitoring_review_on": "2026-06-01"})
    advance_to(sessions, _dt.datetime(2026, 6, 1, 17, 1, tzinfo=UTC))
    at(2026, 6, 2)
    complete(councils, case, "review_monitoring", {"monitoring_reviewed_on": "2026-06-02", "monitoring_outcome": "resolved",
                                                   "monitoring_findings": "Returns on time."})
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "returned_to_standard_monitoring"


def test_inconclusive_then_radar_recommends_level_2_then_little_progress_then_level_3_termination(councils, sessions):
    """The whole road: an inconclusive initial assessment goes to Radar; Radar recommends a Level 2
    QPIP; the provider makes little progress; the Head of Service terminates with Legal Services;
    the outcome is fed back to Radar."""
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 27)
    decide_initial_outcome(councils, case, "refer_to_radar")
    [radar] = cases_of(councils, "lancashire_radar")

    # Radar: pre-meeting updates, the meeting, a recommendation of a Level 2 QPIP.
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-03-20", "updates_due_on": "2026-03-16",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Two safeguarding enquiries.", "contact_name": "Pat"})
    hold_meeting(councils, radar, "2026-03-20")
    complete(councils, radar, "record_radar_decision", {
        "radar_risk_level": "high_extreme", "radar_outcome": "recommend_level_2_qpip",
        "radar_interventions_agreed": ["enhanced_monitoring", "reassess_service_users"],
        "radar_outcome_reason": "A significant number of concerns.", "lead_officer": "Quinn QI",
        "lead_organisation": "lcc"})

    # The waiting performance case hears it: no second performance case is started.
    assert cases_of(councils, "lancashire_radar_recommendation") == []
    assert data(councils, case)["radar_recommendation"]["recommendation"] == "level_2_qpip"
    assert data(councils, case)["recommended_action"] == "level_2_qpip"
    decide_action(councils, case, "level_2_qpip")
    assert [c.id for c in cases_of(councils, "lancashire_radar")] == [radar.id]  # automatic inclusion joined it

    # Level 2: response within 48 hours, meeting, plan, improvements in 2 weeks, little progress.
    level_2_meeting_and_plan(councils, case, requested_on="2026-03-23", meeting_date="2026-03-27", weeks=2,
                             plan_received="2026-04-01")
    advance_to(sessions, _dt.datetime(2026, 4, 10, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-04-10", "behind", "little_progress")
    assert data(councils, case)["recommended_level_2_outcome"] == "escalate_to_level_3"
    complete(councils, case, "decide_level_2_outcome", {"recommended_level_2_outcome": "escalate_to_level_3",
                                                        "level_2_outcome": "escalate_to_level_3"})

    # Level 3: Legal Services, then the Head of Service terminates; placements cease; residents move.
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("advise_on_termination", "legal")
    catch_up("2026-04-13")
    complete(councils, case, "advise_on_termination", {"advised_on": "2026-04-13", "grounds": ["cannot_provide_services"],
                                                       "termination_mechanism": "Three months' notice.",
                                                       "legal_advice": "Terminate with notice."})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_termination", "head_of_service")
    complete(councils, case, "decide_termination", {"legal_consulted": True, "termination_decision": "terminate_with_notice",
                                                     "termination_date": "2026-07-14",
                                                     "termination_reason": "No sustainable improvement.",
                                                     "joint_approach": True})
    complete(councils, case, "cease_new_placements", {"ceased_from": "2026-04-15", "commissioners_informed": ["ICB"]})
    send_notification(councils, case, "2026-04-15", "Rosewood House Ltd")
    complete(councils, case, "list_service_users", {"service_users": [{"reference": "AB", "funding": "lcc"}]})
    catch_up("2026-06-01")
    complete(councils, case, "arrange_alternative_service", {"alternative_service": "Oakfield", "moved_on": "2026-06-01",
                                                             "no_gap_in_care": True})
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "contract_terminated"

    # Radar is told the outcome and sees it on the next agenda.
    radar = refresh(councils, radar)
    assert radar.status == CaseStatus.RUNNING, radar.error
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-06-19", "updates_due_on": "2026-06-16",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Notice served.", "contact_name": "Pat"})
    d = data(councils, radar)
    assert [f["outcome"] for f in d["agenda_feedback"]] == ["contract_terminated"]
    assert [r["route"] for r in d["agenda_referrals"]] == ["initial_assessment", "automatic"]


def test_two_teams_recording_the_same_domain_keep_the_graver_grading_and_both_findings(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure")
    gather_information(councils, case)
    complete(councils, case, "choose_sample_group", {"sample_service_users": [{"reference": "AB"}],
                                                     "provider_type": "residential_home"})
    for team, rows in (("qi", []), ("ipc", []), ("safeguarding", []),
                       ("health", [holistic_row("drug_therapies_and_medication", su=(2, 2), issues="Late doses.")]),
                       ("contracts", [holistic_row("drug_therapies_and_medication", su=(3, 3), issues="MAR gaps.")])):
        complete_for(councils, case, f"assess_{team}_domains", "AB", {"holistic_rows": rows})
    [ab] = data(councils, case)["sample_assessments"]
    assert data(councils, case)["recommended_risk_level"] == "high"
    [medication] = ab["assessment"]["domains"]
    assert (medication["domain"], medication["care_issues"]) == ("drug_therapies_and_medication", "Late doses. / MAR gaps.")
