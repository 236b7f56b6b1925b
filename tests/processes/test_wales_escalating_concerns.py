"""Escalating Concerns (Western Bay, seed 004): processes/wales/escalating_concerns.bpmn.

Bridgend is used throughout; Swansea and Neath Port Talbot run the same regional diagram.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.processes.test_wales_steps import (
    at, cases_of, data_of, do, do_not_suspend, hold_meeting, lift_suspension, open_steps, pan_wales, party_is,
    ready, review_plan, send_notice, status, suspend, task_data, tick, timers,
)
from tests.support.world import start

TENANT = "bridgend"
KEY = "escalating_concerns"

AMBER_ROW = {
    "minimum_standard": "NMS 15: Medication", "incident_date": "2026-11-02",
    "description": "Medication records incomplete on two units.", "who_is_at_risk": "Residents on unit 2",
    "dates_discussed": ["2026-11-05"], "action_already_taken": "Raised at the contract monitoring visit.",
    "further_action_required": "yes", "impact": 2, "engagement": 2,
}
RED_ROW = dict(AMBER_ROW, minimum_standard="NMS 13: Health care", impact=4, engagement=4,
               description="Pressure ulcers not reported; residents at risk of severe harm.")


# ------------------------------------------------------------------------------------------ steps

def raise_concerns(councils, tenant=TENANT, **answers):
    case = start(councils, KEY, tenant=tenant)
    do(councils, case, "record_concerns", {
        "raised_by_agency": "social_services", "raised_by_name": "Ceri Jones", "raised_by_designation": "Care manager",
        "raised_by_contact": "ceri.jones@example.test", "concerns_received_on": "2026-11-10",
        "concern_trigger": "accumulating_issues", "concerns_summary": "Repeated medication errors.",
        "shared_with_contracting_team": True, "raised_with_provider": "ri_or_rm",
        "difficulty_at_other_homes": False, "financial_difficulty": False, "other_detriments": False, **answers})
    return case


def decide_higher_risk(councils, case, decided=None, serious=False):
    recommended = task_data(councils, case, "confirm_higher_risk")["recommended_higher_risk"]
    answer = {"recommended_higher_risk": recommended,
              "decided_higher_risk": recommended if decided is None else decided, "serious_concerns_now": serious}
    if answer["decided_higher_risk"] != recommended:
        answer["higher_risk_reason"] = "Known to the team from another authority."
    do(councils, case, "confirm_higher_risk", answer)
    return recommended


def assess_risk(councils, case, rows, on="2026-12-15"):
    do(councils, case, "complete_risk_assessment", {
        "care_home_name": task_data(councils, case, "complete_risk_assessment")["care_home_name"],
        "number_of_beds": 30, "completed_by_name": "Ceri Jones", "completed_by_designation": "Care manager",
        "completed_by_contact": "01656 000000", "date_completed": on, "invoking_agency": "social_services",
        "line_manager": "Team manager, care management", "risk_issues": rows,
        "information_sources": ["cssiw_reports", "safeguarding", "complaints"]})
    send_notice(councils, case, on)   # circulated to all stakeholders before the meeting


def risk_meeting(councils, case, on, decided=None, reason=None):
    hold_meeting(councils, case, on)
    recommended = task_data(councils, case, "record_risk_assessment_decision")["recommended_ec_outcome"]
    answer = {"recommended_ec_outcome": recommended, "decided_ec_outcome": decided or recommended,
              "decision_date": on, "risk_assessment_finalised": True}
    if reason:
        answer["ec_decision_reason"] = reason
    do(councils, case, "record_risk_assessment_decision", answer)
    return recommended


def agree_arrangements(councils, case, *, urgent=False, contractual=False, regulatory=False, jimp_on="2027-01-14"):
    do(councils, case, "agree_escalating_concerns_arrangements", {
        "lead_officer": "Head of Adult Social Care", "jimp_chair": "Principal Officer, Commissioning",
        "jimp_membership": ["care_management", "safeguarding", "contracting", "nurse_assessor", "cssiw"],
        "jimp_coordinator": "Contracting Officer", "jimp_minute_taker": "Business support",
        "provider_notice_by": "Contracting Officer", "provider_notice_method": "in_writing",
        "pan_wales_by": "Contracting Officer", "initial_jimp_planned_on": jimp_on,
        "urgent_safety_actions_needed": urgent, "contractual_action_needed": contractual,
        "regulatory_action_needed": regulatory,
        "suspension_to_be_considered": "Commissioners to consider under clause 12 of the contract.",
        "inform_residents_and_relatives": True, "self_funder_information_requested": True,
        "neighbouring_authorities": "Neath Port Talbot, Swansea",
        "advocacy_arrangements": "Advocacy service briefed; IMCA referrals where needed."})


def to_stage_2b(councils, decided_on="2026-12-24", tenant=TENANT, **arrangements):
    """A red risk rating decided on ``decided_on`` and arrangements agreed: the stage 2b notices are due."""
    at(f"{decided_on}T10:00:00")
    case = raise_concerns(councils, tenant=tenant)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [RED_ROW], on=decided_on)
    risk_meeting(councils, case, decided_on)
    agree_arrangements(councils, case, **arrangements)
    return case


def stage_2b_notices(councils, case, on):
    send_notice(councils, case, on, party_is("Responsible individual"))
    pan_wales(councils, case, on, where=lambda d: d.get("pan_wales_stage") == "start")
    send_notice(councils, case, on, party_is("Neighbouring authorities"))


def cap_dap(councils, case, next_jimp, items=None):
    plan = items or [
        {"item_id": "1", "concern": "Medication administration records incomplete",
         "why_needed": "Risk assessment row 1: NMS 15", "action": "Audit MAR charts weekly; retrain staff",
         "owner": "Registered manager", "kind": "corrective", "due_date": "2027-02-28"},
        {"item_id": "2", "concern": "Care plans not person-centred",
         "why_needed": "Risk assessment row 2: NMS 13", "action": "Rewrite care plans with residents",
         "owner": "Deputy manager", "kind": "developmental", "due_date": "2027-04-30"},
    ]
    existing = task_data(councils, case, "maintain_cap_dap").get("action_plan")
    do(councils, case, "maintain_cap_dap", {
        "action_plan": existing or plan, "monitoring_arrangements": "Health board nurse assessor and contracting "
        "officer visit fortnightly.", "satisfactory_level": "Full compliance with NMS 13 and 15.",
        "plan_maintained_by": "Contracting Officer", "shared_with_provider_on": "2027-01-15",
        "provider_plan_requested": True, "next_jimp_date": next_jimp})


def jimp(councils, case, sessions, on, progress, decided, *, recommended=None, done=(), **extra):
    """Wait for the agreed JIMP date, hold the JIMP, review the CAP / DAP (completing the actions
    ``done`` with evidence) and decide the recommendation."""
    assert tick(sessions, f"{on}T09:00:01") >= 1
    hold_meeting(councils, case, on)
    review_plan(councils, case, progress, on, done=done)
    data = task_data(councils, case, "jimp_progress_decision")
    if recommended:
        assert data["recommended_jimp_outcome"] == recommended
    answer = {"recommended_jimp_outcome": data["recommended_jimp_outcome"], "jimp_outcome": decided,
              "progress_sustained": decided == "recommend_ending", "suspension_removal": "not_applicable"}
    if decided == "recommend_ending":
        answer["unmet_targets"] = "Developmental action 2 continues under contract monitoring; low risk."
    if decided != data["recommended_jimp_outcome"] or decided == "home_closure":
        answer["jimp_outcome_reason"] = "The panel's judgement on the evidence."
    answer.update(extra)
    do(councils, case, "jimp_progress_decision", answer)


def into_jimp_loop(councils, sessions, suspension=None):
    """Red case decided 24 December 2026, every Stage 2b action done on time, initial JIMP held."""
    case = to_stage_2b(councils)
    stage_2b_notices(councils, case, "2026-12-29")
    if suspension is None:
        do_not_suspend(councils, case, "2026-12-29")
    else:
        suspension(councils, case)
    at("2027-01-14T10:00:00")
    hold_meeting(councils, case, "2027-01-14", next_on="2027-02-11")
    cap_dap(councils, case, "2027-02-11")
    return case


# ------------------------------------------------------------------------------------------ Stage 1 / 2a

def test_amber_risk_assessment_leads_to_contract_management(councils):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    assert decide_higher_risk(councils, case) is False
    assess_risk(councils, case, [AMBER_ROW])
    data = data_of(councils, case)
    assert data["risk_rating_recommendation"] == "amber"
    assert data["risk_issue_ratings"] == [{"minimum_standard": "NMS 15: Medication", "score": 4,
                                           "level_of_ongoing_risk": "amber", "in_aggregate": True}]
    assert risk_meeting(councils, case, "2026-12-17") == "amber"
    assert open_steps(councils, case) == ["manage_under_contract_management"]
    do(councils, case, "manage_under_contract_management", {
        "agency_actions": [
            {"agency": "social_services", "action_type": "contractual_action", "details": "Default notice",
             "owner": "Contracting Officer", "due_date": "2027-01-15"},
            {"agency": "regulator", "action_type": "regulatory_action", "details": "Focused inspection",
             "owner": "CSSIW inspector"}],
        "provider_told_of_breaches": True})
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["ec_decision"] == "amber"
    assert "provider_notices" not in data and "pan_wales_start_notice" not in data


def test_rows_needing_no_further_action_are_shown_but_left_out_of_the_overall_level(councils):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    addressed = dict(RED_ROW, further_action_required="no", action_already_taken="Resolved: reporting in place.")
    assess_risk(councils, case, [AMBER_ROW, addressed])
    data = data_of(councils, case)
    assert [r["in_aggregate"] for r in data["risk_issue_ratings"]] == [True, False]
    assert data["risk_issue_ratings"][1]["level_of_ongoing_risk"] == "red"
    assert data["risk_rating_recommendation"] == "amber"
    assert "left out, no further action required: NMS 13: Health care" in data["risk_assessment_rating"]["reasons"]


def test_the_meeting_sees_the_councils_grid_as_the_basis_of_the_suggestion(councils):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW])
    hold_meeting(councils, case, "2026-12-17")
    step = ready(councils, case, "record_risk_assessment_decision")[0]
    assert "Basis of the suggestion" in step.instructions
    assert "impact x engagement is 9 or more" in step.instructions
    assert "| 4 | red | red | red | red | red |" in step.instructions
    assert "| 1 | green | green | amber | amber | amber |" in step.instructions


def test_meeting_may_overrule_the_matrix_with_a_reason(councils):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW])
    hold_meeting(councils, case, "2026-12-17")
    from api.errors import Invalid
    with pytest.raises(Invalid):   # differing from the matrix without a reason is refused
        do(councils, case, "record_risk_assessment_decision", {
            "recommended_ec_outcome": "amber", "decided_ec_outcome": "red", "decision_date": "2026-12-17",
            "risk_assessment_finalised": True})
    do(councils, case, "record_risk_assessment_decision", {
        "recommended_ec_outcome": "amber", "decided_ec_outcome": "red", "decision_date": "2026-12-17",
        "risk_assessment_finalised": True, "ec_decision_reason": "Twelve concerns in six weeks: accumulating."})
    data = data_of(councils, case)
    assert data["ec_decision"] == "red" and data["ec_decision_differs"] is True
    assert open_steps(councils, case) == ["agree_escalating_concerns_arrangements"]


@pytest.mark.parametrize("final, next_step", [("red", "agree_escalating_concerns_arrangements"),
                                              ("amber", "manage_under_contract_management")])
def test_inconclusive_outcome_goes_to_the_coordination_group(councils, final, next_step):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW, AMBER_ROW])
    risk_meeting(councils, case, "2026-12-17", decided="inconclusive", reason="Agencies disagreed.")
    assert open_steps(councils, case) == ["coordination_group_decision"]
    do(councils, case, "coordination_group_decision", {
        "coordination_group_outcome": final, "coordination_group_decision_date": "2026-12-22",
        "coordination_group_reason": "Considered all agency information."})
    assert open_steps(councils, case) == [next_step]
    data = data_of(councils, case)
    assert data["ec_decision"] == final and data["decision_date"] == "2026-12-22"


# ------------------------------------------------------------------------------------------ Appendix 1

def red_case_started(councils, on):
    """A case started on ``on`` that reached Escalating Concerns (red) the same day."""
    at(f"{on}T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [RED_ROW], on=on)
    risk_meeting(councils, case, on)
    agree_arrangements(councils, case)
    return case


def amber_case_started(councils, on):
    at(f"{on}T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW], on=on)
    risk_meeting(councils, case, on)
    return case


def test_higher_risk_flag_fires_after_two_escalating_concerns_cases_in_24_months(councils):
    red_case_started(councils, "2025-03-03")
    red_case_started(councils, "2026-01-12")
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils)
    assert task_data(councils, case, "confirm_higher_risk")["recommended_higher_risk"] is True
    data = data_of(councils, case)
    assert data["previous_escalating_concerns"] == 2
    assert data["early_indicators"] == ["In Escalating Concerns 2 or more times in the last 24 months (2 previous cases)"]


def test_cases_that_stopped_at_amber_do_not_count_towards_twice_in_24_months(councils):
    red_case_started(councils, "2025-03-03")
    amber_case_started(councils, "2026-01-12")
    amber_case_started(councils, "2026-06-01")
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils)
    assert task_data(councils, case, "confirm_higher_risk")["recommended_higher_risk"] is False
    assert data_of(councils, case)["previous_escalating_concerns"] == 1


def test_cases_older_than_24_months_do_not_count(councils):
    red_case_started(councils, "2023-06-01")
    red_case_started(councils, "2024-06-03")
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils)
    assert task_data(councils, case, "confirm_higher_risk")["recommended_higher_risk"] is False
    assert data_of(councils, case)["previous_escalating_concerns"] == 0


def test_other_early_indicators_flag_a_higher_risk_provider(councils):
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils, financial_difficulty=True, early_indicator_details="Late payment of staff.")
    assert task_data(councils, case, "confirm_higher_risk")["recommended_higher_risk"] is True
    assert data_of(councils, case)["early_indicators"] == ["Is, or is reasonably believed to be, in financial difficulty"]


def contract_management_review(councils, case, sessions, on, progress, decided, next_on=None, done=()):
    assert tick(sessions, f"{on}T09:00:01") >= 1
    hold_meeting(councils, case, on)
    review_plan(councils, case, progress, on, done=done)
    data = task_data(councils, case, "review_level_of_risk")
    answer = {"recommended_cm_outcome": data["recommended_cm_outcome"], "cm_outcome": decided,
              "risk_review_notes": "Reviewed against the Escalating Concerns Policy."}
    if decided != data["recommended_cm_outcome"]:
        answer["cm_outcome_reason"] = "Judgement of the contracting officer."
    if next_on:
        answer["next_contract_management_meeting"] = next_on
    do(councils, case, "review_level_of_risk", answer)
    return data["recommended_cm_outcome"]


def higher_risk_case(councils):
    at("2026-10-01T10:00:00")
    case = raise_concerns(councils, other_detriments=True,
                          early_indicator_details="Post-dated resignation of eight senior carers.")
    assert decide_higher_risk(councils, case) is True
    assert open_steps(councils, case) == ["prepare_meeting"]
    hold_meeting(councils, case, "2026-10-05", actions=[
        {"action": "Recruit agency senior carers", "owner": "Registered manager", "organisation": "Provider",
         "due_date": "2026-11-30"}])
    plan = task_data(councils, case, "agree_prevention_plan")["action_plan"]
    assert plan == [{"item_id": "1", "concern": "Recruit agency senior carers", "action": "Recruit agency senior carers",
                     "owner": "Registered manager (Provider)", "due_date": "2026-11-30"}]
    do(councils, case, "agree_prevention_plan", {
        "action_plan": plan, "monitoring_arrangements": "Weekly staffing returns.", "partners_informed": True,
        "continuity_plans": "provider", "decommissioning_proposed": False,
        "next_contract_management_meeting": "2026-11-02"})
    return case


def test_higher_risk_provider_gets_contract_management_then_triggers_escalating_concerns(councils, sessions):
    case = higher_risk_case(councils)
    assert tick(sessions, "2026-11-02T08:59:00") == 0       # not before the agreed date
    contract_management_review(councils, case, sessions, "2026-11-02", "some_progress", "continue",
                               next_on="2026-12-01")
    assert open_steps(councils, case) == ["agree_prevention_plan"]
    plan = task_data(councils, case, "agree_prevention_plan")["action_plan"]
    do(councils, case, "agree_prevention_plan", {
        "action_plan": plan, "monitoring_arrangements": "Weekly staffing returns.", "partners_informed": True,
        "continuity_plans": "both", "decommissioning_proposed": False,
        "next_contract_management_meeting": "2026-12-01"})
    assert contract_management_review(councils, case, sessions, "2026-12-01", "little_progress",
                                      "trigger_escalating_concerns") == "trigger_escalating_concerns"
    assert open_steps(councils, case) == ["complete_risk_assessment"]
    assert [r["decided"] for r in data_of(councils, case)["contract_management_reviews"]] == [
        "continue", "trigger_escalating_concerns"]


def test_contract_management_review_with_nothing_completed_continues(councils, sessions):
    case = higher_risk_case(councils)
    assert contract_management_review(councils, case, sessions, "2026-11-02", "good_progress", "continue",
                                      next_on="2026-12-01") == "continue"


def test_contract_management_review_recommends_concerns_addressed_on_evidence(councils, sessions):
    case = higher_risk_case(councils)
    assert contract_management_review(councils, case, sessions, "2026-11-02", "good_progress", "concerns_addressed",
                                      done=("1",)) == "concerns_addressed"
    assert status(councils, case) == "completed"


def test_contract_management_can_prevent_escalation(councils, sessions):
    case = higher_risk_case(councils)
    contract_management_review(councils, case, sessions, "2026-11-02", "good_progress", "concerns_addressed")
    assert status(councils, case) == "completed"


def test_serious_concerns_go_straight_to_the_risk_assessment_even_for_a_higher_risk_provider(councils):
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils, concern_trigger="serious_concern", financial_difficulty=True,
                          early_indicator_details="Administration rumoured.")
    decide_higher_risk(councils, case, serious=True)
    assert open_steps(councils, case) == ["complete_risk_assessment"]


# ------------------------------------------------------------------------------------------ Stage 2b

def test_red_leads_to_stage_2b_with_deadlines_across_the_welsh_christmas_bank_holidays(councils):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    data = data_of(councils, case)
    assert data["risk_rating_recommendation"] == "red" and data["ec_decision"] == "red"
    assert open_steps(councils, case) == [
        "complete_appendix_4", "decide_suspension", "prepare_meeting", "send_notification", "send_notification"]
    due = timers(councils, case)
    # 24 Dec 2026 is a Thursday; 25 Dec and 28 Dec (Boxing Day substitute) are Welsh bank holidays:
    # working day 1 is Tuesday 29 Dec, working day 2 is Wednesday 30 Dec, due at 17:00.
    deadline = datetime(2026, 12, 30, 17, 0, tzinfo=timezone.utc)
    assert due["provider_notice_overdue"].due_at == deadline
    assert due["pan_wales_notice_overdue"].due_at == deadline
    assert due["provider_notice_overdue"].rule == "2 working days after 24 Dec 2026 (Wales bank holidays)"
    assert due["provider_notice_overdue"].attached_to == "notify_provider"
    assert due["pan_wales_notice_overdue"].attached_to == "send_pan_wales_notification"
    assert not due["provider_notice_overdue"].interrupting
    # the initial JIMP within four weeks of the risk assessment meeting
    assert due["initial_jimp_overdue"].due_at == datetime(2027, 1, 21, 17, 0, tzinfo=timezone.utc)


def test_missed_two_working_day_deadlines_escalate_to_the_lead_officer(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    assert tick(sessions, "2026-12-29T17:00:00") == 0
    assert tick(sessions, "2026-12-30T16:59:59") == 0
    assert "escalate_provider_notice" not in open_steps(councils, case)
    assert tick(sessions, "2026-12-30T17:00:01") == 2
    steps = open_steps(councils, case)
    assert "escalate_provider_notice" in steps and "escalate_pan_wales_notice" in steps
    # the deadlines do not interrupt: the notices can still be sent
    assert ready(councils, case, "send_notification", party_is("Responsible individual"))
    assert ready(councils, case, "complete_appendix_4")
    escalation = ready(councils, case, "escalate_provider_notice")[0]
    assert escalation.role == "head_of_service"
    do(councils, case, "escalate_provider_notice", {
        "deadline_action": "Phoned the responsible individual and confirmed in writing.",
        "deadline_action_on": "2026-12-31"})
    do(councils, case, "escalate_pan_wales_notice", {
        "deadline_action": "Contracting officer on leave; notice completed by the team manager.",
        "deadline_action_on": "2026-12-31", "new_target_date": "2027-01-04"})
    stage_2b_notices(councils, case, "2026-12-31")
    assert "escalate_provider_notice" not in open_steps(councils, case)


def test_notices_sent_on_time_do_not_escalate(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    stage_2b_notices(councils, case, "2026-12-29")
    assert "provider_notice_overdue" not in timers(councils, case)
    assert tick(sessions, "2026-12-31T09:00:00") == 0
    assert "escalate_provider_notice" not in open_steps(councils, case)


def test_late_initial_jimp_escalates(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    stage_2b_notices(councils, case, "2026-12-29")
    do_not_suspend(councils, case, "2026-12-29")
    assert tick(sessions, "2027-01-21T17:00:01") == 1
    assert "escalate_initial_jimp" in open_steps(councils, case)
    do(councils, case, "escalate_initial_jimp", {"deadline_action": "Chair appointed; JIMP set for 25 January.",
                                                 "deadline_action_on": "2027-01-22"})
    hold_meeting(councils, case, "2027-01-25", next_on="2027-02-22")
    assert open_steps(councils, case) == ["maintain_cap_dap"]


def test_further_stage_2b_actions_are_those_agreed(councils):
    case = to_stage_2b(councils, urgent=True, contractual=True, regulatory=True)
    steps = open_steps(councils, case)
    for step in ("commence_urgent_safety_actions", "commence_contractual_action", "record_regulatory_action"):
        assert step in steps
    roles = {t.element_id: t.role for t in ready(councils, case)}
    assert roles["commence_urgent_safety_actions"] == "safeguarding_lead"
    assert roles["record_regulatory_action"] == "partner"
    do(councils, case, "commence_urgent_safety_actions", {
        "urgent_actions": [{"action": "Daily nurse assessor visits", "owner": "ABMU HB", "commenced_on": "2026-12-24"}]})
    do(councils, case, "commence_contractual_action", {
        "breaches": "Clause 12 (medication)", "remedy_actions": "Audit within 14 days",
        "notice_of_breach_sent_on": "2026-12-29"})
    do(councils, case, "record_regulatory_action", {
        "regulatory_action": "Non-compliance notice", "regulatory_action_on": "2026-12-29", "shared_with_jimp": True})
    do_not_suspend(councils, case, "2026-12-29")
    # the initial JIMP is held before the notices are recorded: every branch's records still reach the case
    hold_meeting(councils, case, "2027-01-14", next_on="2027-02-11")
    stage_2b_notices(councils, case, "2026-12-29")
    assert open_steps(councils, case) == ["maintain_cap_dap"]
    data = data_of(councils, case)
    assert data["urgent_actions"][0]["owner"] == "ABMU HB"
    assert data["regulatory_action"] == "Non-compliance notice"
    assert [n["party"] for n in data["provider_notices"]] == [
        f"Responsible individual and home manager of {data['provider_name']}"]
    assert data["pan_wales_start_notice"]["stage"] == "start"
    assert data["pan_wales_start_notice"]["status"] == "escalating_concerns"
    assert len(data["pan_wales_start_notices"]) == 2       # PAN Wales network and the social work teams
    assert len(data["neighbouring_authority_notices"]) == 1
    assert [n["party"].split(":")[0].split(" of ")[0] for n in data["notifications"]] == [
        "All stakeholders", "Responsible individual and home manager",
        "PAN Wales Commissioning Network (Commissioning Team, Caerphilly", "The council's social work teams",
        "Neighbouring authorities"]
    assert [m["title"] for m in data["meetings_held"]] == [
        "Multi-agency risk assessment / information sharing meeting",
        "Initial Joint Inter-agency Monitoring Panel (JIMP)"]


def test_jimp_membership_must_include_care_management_safeguarding_and_contracting(councils):
    at("2026-12-24T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [RED_ROW], on="2026-12-24")
    risk_meeting(councils, case, "2026-12-24")
    from api.errors import Invalid
    with pytest.raises(Invalid):
        do(councils, case, "agree_escalating_concerns_arrangements", {
            "lead_officer": "Head of Adult Social Care", "jimp_chair": "Principal Officer",
            "jimp_membership": ["care_management", "contracting", "cssiw"], "jimp_coordinator": "Contracting Officer",
            "jimp_minute_taker": "Business support", "provider_notice_by": "Contracting Officer",
            "provider_notice_method": "telephone", "pan_wales_by": "Contracting Officer",
            "initial_jimp_planned_on": "2027-01-14", "urgent_safety_actions_needed": False,
            "contractual_action_needed": False, "regulatory_action_needed": False,
            "suspension_to_be_considered": "Not proposed.", "inform_residents_and_relatives": False,
            "self_funder_information_requested": False, "advocacy_arrangements": "Usual arrangements."})


def test_each_cap_dap_action_is_corrective_or_developmental(councils, sessions):
    case = to_stage_2b(councils)
    stage_2b_notices(councils, case, "2026-12-29")
    do_not_suspend(councils, case, "2026-12-29")
    hold_meeting(councils, case, "2027-01-14", next_on="2027-02-11")
    from api.errors import Invalid
    with pytest.raises(Invalid):
        cap_dap(councils, case, "2027-02-11", items=[
            {"item_id": "1", "concern": "Medication", "why_needed": "Risk assessment row 1",
             "action": "Audit", "owner": "Registered manager", "due_date": "2027-02-28"}])
    cap_dap(councils, case, "2027-02-11")
    assert [i["kind"] for i in data_of(councils, case)["action_plan"]] == ["corrective", "developmental"]


# ------------------------------------------------------------------------------------------ Stages 3 and 4

def test_three_jimps_end_escalating_concerns_with_the_pan_wales_end_notice(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    assert tick(sessions, "2027-02-11T08:59:00") == 0      # the next JIMP waits for its agreed date
    jimp(councils, case, sessions, "2027-02-11", "some_progress", "continue", recommended="continue")
    cap_dap(councils, case, "2027-03-11")
    # corrective action 1 (due 28 February) completed with evidence: good, not yet sustained
    jimp(councils, case, sessions, "2027-03-11", "good_progress", "continue", recommended="continue", done=("1",))
    cap_dap(councils, case, "2027-04-08")
    jimp(councils, case, sessions, "2027-04-08", "good_progress", "recommend_ending", recommended="recommend_ending")
    assert open_steps(councils, case) == ["senior_officer_decision"]
    do(councils, case, "senior_officer_decision", {
        "senior_officer_decision": "end", "senior_officer_name": "Head of Adult Social Care",
        "ended_on": "2027-04-12", "senior_officer_reason": "Sufficient progress, sustained over two months."})
    assert open_steps(councils, case) == ["complete_appendix_4"]
    assert task_data(councils, case, "complete_appendix_4")["pan_wales_stage"] == "end"
    pan_wales(councils, case, "2027-04-13")
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert [m["title"] for m in data["meetings_held"]][-4:] == [
        "Initial Joint Inter-agency Monitoring Panel (JIMP)", "Joint Inter-agency Monitoring Panel (JIMP)",
        "Joint Inter-agency Monitoring Panel (JIMP)", "Joint Inter-agency Monitoring Panel (JIMP)"]
    assert [j["decided"] for j in data["jimp_decisions"]] == ["continue", "continue", "recommend_ending"]
    assert [j["evidenced_progress"] for j in data["jimp_decisions"]] == ["some_progress", "good_progress",
                                                                         "good_progress"]
    assert data["pan_wales_end_notice"]["stage"] == "end"
    assert data["pan_wales_end_notice"]["closed_on"] == "2027-04-12"
    assert data["suspension_status"] == "not_suspended"


def test_senior_officer_may_decide_not_to_end_yet(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "recommend_ending")
    do(councils, case, "senior_officer_decision", {
        "senior_officer_decision": "continue", "senior_officer_name": "Head of Adult Social Care",
        "senior_officer_reason": "Progress not yet sustained."})
    assert open_steps(councils, case) == ["maintain_cap_dap"]


def test_recommending_ending_needs_sustained_progress(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    assert tick(sessions, "2027-02-11T09:00:01") == 1
    hold_meeting(councils, case, "2027-02-11")
    review_plan(councils, case, "good_progress", "2027-02-11")
    from api.errors import Invalid
    with pytest.raises(Invalid):
        do(councils, case, "jimp_progress_decision", {
            "recommended_jimp_outcome": "recommend_ending", "jimp_outcome": "recommend_ending",
            "progress_sustained": False, "suspension_removal": "not_applicable", "unmet_targets": "None"})


def test_first_jimp_with_no_action_completed_does_not_recommend_ending(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    # nothing is overdue yet, but nothing is completed: the panel is told to continue, whatever the review said
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "continue", recommended="continue")
    decision = data_of(councils, case)["jimp_decisions"][0]
    assert decision["evidenced_progress"] == "some_progress" and decision["recommended"] == "continue"


def test_an_action_marked_completed_without_evidence_does_not_count(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    assert tick(sessions, "2027-03-11T09:00:01") == 1
    hold_meeting(councils, case, "2027-03-11")
    data = task_data(councils, case, "review_action_plan")
    plan = [dict(i, progress="completed", completed_on="2027-02-20") for i in data["action_plan"]]
    do(councils, case, "review_action_plan", {
        "action_plan_reviewed_on": "2027-03-11", "action_plan": plan, "progress_outcome": "good_progress",
        "recommended_progress_outcome": data["action_plan_summary"]["recommended_outcome"],
        "outcome_reason": "Provider reports both done.", "review_summary": "Provider's word only."})
    progress = task_data(councils, case, "jimp_progress_decision")["jimp_progress"]
    assert progress["done"] == 0 and progress["completed_without_evidence"] == ["1", "2"]
    assert progress["recommended"] == "refer_to_strategic_group"


def test_overdue_corrective_action_not_done_recommends_the_strategic_group(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-03-11", "some_progress", "refer_to_strategic_group",
         recommended="refer_to_strategic_group")
    assert open_steps(councils, case) == ["strategic_group_consideration"]


def test_no_improvement_goes_to_the_strategic_group(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    # the panel may refer before anything falls due, giving its reason
    jimp(councils, case, sessions, "2027-02-11", "little_progress", "refer_to_strategic_group",
         recommended="continue")
    steps = ready(councils, case, "strategic_group_consideration")
    assert len(steps) == 1 and steps[0].role == "head_of_service"
    do(councils, case, "strategic_group_consideration", {
        "strategic_referral_to": "strategic_group", "strategic_considered_on": "2027-02-18",
        "strategic_outcome": "continue", "strategic_actions": "Revised CAP with tighter timescales."})
    assert open_steps(councils, case) == ["maintain_cap_dap"]
    cap_dap(councils, case, "2027-03-11")
    jimp(councils, case, sessions, "2027-03-11", "little_progress", "refer_to_strategic_group",
         recommended="refer_to_strategic_group")
    do(councils, case, "strategic_group_consideration", {
        "strategic_referral_to": "strategic_lead", "strategic_considered_on": "2027-03-15",
        "strategic_outcome": "home_closure", "strategic_actions": "Work with the provider towards closure."})
    # Escalating Concerns closes; the closure is referred to a Home Operational Support Group for the same provider
    assert status(councils, case) == "completed"
    referrals = cases_of(councils, "home_closure_referral")
    assert len(referrals) == 1 and referrals[0].provider_id == case.provider_id
    hosg = referrals[0]
    assert open_steps(councils, hosg) == ["record_closure_notification"]
    referral = data_of(councils, hosg)["closure_referral"]
    assert referral["referred_from"] == "escalating_concerns"
    assert referral["referral_reason"] == "Work with the provider towards closure."
    assert data_of(councils, hosg)["closure_notified_by"] == "escalating_concerns"


def test_jimp_may_refer_a_closure_directly(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "some_progress", "home_closure")
    assert status(councils, case) == "completed"
    assert len(cases_of(councils, "home_closure_referral")) == 1


def test_suspended_placements_must_be_lifted_before_escalating_concerns_ends(councils, sessions):
    case = into_jimp_loop(councils, sessions,
                          suspension=lambda c, k: suspend(c, k, "2026-12-29", "2027-03-31"))
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "recommend_ending",
         suspension_removal="recommend_removal")
    do(councils, case, "senior_officer_decision", {
        "senior_officer_decision": "end", "senior_officer_name": "Head of Adult Social Care",
        "ended_on": "2027-02-15", "senior_officer_reason": "Failures remedied."})
    # the end notice waits for the suspension to be lifted
    assert open_steps(councils, case) == ["review_suspension"]
    lift_suspension(councils, case, "2027-02-16")
    assert open_steps(councils, case) == ["complete_appendix_4"]
    pan_wales(councils, case, "2027-02-17")
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["suspension_status"] == "lifted" and data["lifted_on"] == "2027-02-16"
    assert [j["decided"] for j in data["jimp_decisions"]] == ["recommend_ending"]


@pytest.mark.parametrize("tenant", ["swansea", "neath-port-talbot"])
def test_every_western_bay_council_runs_the_regional_procedure(councils, tenant):
    case = to_stage_2b(councils, tenant=tenant)
    assert timers(councils, case)["provider_notice_overdue"].due_at == datetime(2026, 12, 30, 17, 0,
                                                                                tzinfo=timezone.utc)
