"""Escalating Concerns (Western Bay, seed 004): processes/wales/escalating_concerns.bpmn.

Bridgend is used throughout; Swansea and Neath Port Talbot run the same regional diagram.
"""

from __future__ import annotations

import pytest

from tests.processes.test_wales_steps import (
    at, data_of, do, do_not_suspend, hold_meeting, open_steps, pan_wales, party_is, ready, review_plan,
    send_notice, status, task_data, tick,
)
from tests.support.dates import catch_up
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

def raise_concerns(councils, tenant=TENANT, received_on="2026-11-10", **answers):
    case = start(councils, KEY, tenant=tenant)
    catch_up(received_on)
    do(councils, case, "record_concerns", {
        "raised_by_agency": "social_services", "raised_by_name": "Ceri Jones", "raised_by_designation": "Care manager",
        "raised_by_contact": "ceri.jones@example.test", "concerns_received_on": received_on,
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
    catch_up(on)
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
    catch_up(on)
    do(councils, case, "record_risk_assessment_decision", answer)
    return recommended


def agree_arrangements(councils, case, **answers):
    do(councils, case, "agree_escalating_concerns_arrangements", arrangements(**answers))


def arrangements(*, urgent=False, contractual=False, regulatory=False, jimp_on="2027-01-14", closure_suspected=False,
                 **extra):
    """The Stage 2b arrangements agreed, the initial JIMP planned for ``jimp_on``."""
    return {
        "lead_officer": "Head of Adult Social Care", "jimp_chair": "Principal Officer, Commissioning",
        "jimp_membership": ["care_management", "safeguarding", "contracting", "nurse_assessor", "cssiw"],
        "jimp_coordinator": "Contracting Officer", "jimp_minute_taker": "Business support",
        "provider_notice_by": "Contracting Officer", "provider_notice_method": "in_writing",
        "pan_wales_by": "Contracting Officer", "initial_jimp_planned_on": jimp_on,
        "urgent_safety_actions_needed": urgent, "contractual_action_needed": contractual,
        "regulatory_action_needed": regulatory,
        "suspension_to_be_considered": "Commissioners to consider under clause 12 of the contract.",
        "inform_residents_and_relatives": True, "self_funder_information_requested": True,
        "neighbouring_authorities": "Neath Port Talbot, Swansea", "closure_suspected": closure_suspected,
        "advocacy_arrangements": "Advocacy service briefed; IMCA referrals where needed.", **extra}


def to_stage_2b(councils, decided_on="2026-12-24", tenant=TENANT, **answers):
    """A red risk rating decided on ``decided_on`` and arrangements agreed: the stage 2b notices are due."""
    case = to_arrangements(councils, decided_on, tenant)
    agree_arrangements(councils, case, **answers)
    return case


def to_arrangements(councils, decided_on="2026-12-24", tenant=TENANT):
    """A red risk rating decided at the risk assessment meeting of ``decided_on``: the arrangements are next."""
    at(f"{decided_on}T10:00:00")
    case = raise_concerns(councils, tenant=tenant)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [RED_ROW], on=decided_on)
    risk_meeting(councils, case, decided_on)
    return case


def stage_2b_notices(councils, case, on, *, neighbours=False):
    send_notice(councils, case, on, party_is("Responsible individual"))
    pan_wales(councils, case, on, where=lambda d: d.get("pan_wales_stage") == "start")
    if neighbours:
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
    catch_up("2027-01-15")
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

def test_amber_risk_assessment_leads_to_contract_management(councils, sessions):
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
        "provider_told_of_breaches": True, "follow_up_on": "2027-01-18"})
    assert open_steps(councils, case) == []                     # waiting for the agencies' follow-up
    assert tick(sessions, "2027-01-18T09:00:01") == 1
    follow_up(councils, case)
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["ec_decision"] == "amber"
    assert [f["agency"] for f in data["stage_2a_follow_ups"][0]["agencies"]] == ["social_services", "regulator"]
    assert "provider_notices" not in data and "pan_wales_start_notice" not in data


def follow_up(councils, case, new_concern=False):
    rows = task_data(councils, case, "record_agency_follow_up")["agency_follow_up"]
    answer = {"agency_follow_up": [dict(r, follow_up="Done as agreed.", follow_up_status="done") for r in rows],
              "followed_up_on": "2027-01-18", "new_concern_raised": new_concern}
    if new_concern:
        answer["new_concern_summary"] = "Two unexplained falls reported by the district nurse."
    do(councils, case, "record_agency_follow_up", answer)


def test_a_new_concern_after_stage_2a_re_enters_stage_1(councils, sessions):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW])
    risk_meeting(councils, case, "2026-12-17")
    do(councils, case, "manage_under_contract_management", {
        "agency_actions": [{"agency": "health_board", "action_type": "contract_monitoring",
                            "details": "Nurse assessor visits", "owner": "ABMU HB"}],
        "provider_told_of_breaches": True, "follow_up_on": "2027-01-18"})
    assert tick(sessions, "2027-01-18T09:00:01") == 1
    follow_up(councils, case, new_concern=True)
    assert open_steps(councils, case) == ["record_concerns"]


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
    catch_up("2026-12-17")
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
    catch_up("2026-12-22")
    do(councils, case, "coordination_group_decision", {
        "coordination_group_outcome": final, "coordination_group_decision_date": "2026-12-22",
        "coordination_group_reason": "Considered all agency information."})
    assert open_steps(councils, case) == [next_step]
    data = data_of(councils, case)
    assert data["ec_decision"] == final and data["decision_date"] == "2026-12-22"
