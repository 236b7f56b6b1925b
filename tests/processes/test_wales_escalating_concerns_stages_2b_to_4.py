"""Escalating Concerns, Stages 2b to 4: the notices, the initial JIMP, the JIMP cycle, suspension of placements
and the ending (seed 004): processes/wales/escalating_concerns.bpmn."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from api.errors import Invalid
from tests.processes.test_wales_escalating_concerns import (
    RED_ROW, assess_risk, cap_dap, decide_higher_risk, into_jimp_loop, jimp, raise_concerns, risk_meeting,
    stage_2b_notices, to_stage_2b,
)
from tests.processes.test_wales_steps import (
    at, cases_of, data_of, do, do_not_suspend, hold_meeting, open_steps, pan_wales, party_is, ready, review_plan,
    status, task_data, tick, timers,
)
from tests.support.dates import catch_up


# ------------------------------------------------------------------------------------------ Stage 2b

def test_red_leads_to_stage_2b_with_deadlines_across_the_welsh_christmas_bank_holidays(councils):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    data = data_of(councils, case)
    assert data["risk_rating_recommendation"] == "red" and data["ec_decision"] == "red"
    # closure is not suspected: neighbouring authorities are not told (4.5)
    assert open_steps(councils, case) == ["complete_appendix_4", "decide_suspension", "prepare_meeting",
                                          "send_notification"]
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


def chase(councils, case, step_name, outcome="chased", **answers):
    do(councils, case, "chase_step", {"chase_action": "Phoned the officer responsible; promised today.",
                                      "chase_outcome": outcome, **answers},
       lambda d: d.get("chased_step") == step_name)


def test_missed_two_working_day_deadlines_are_chased_by_the_lead_officer_until_done(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    assert tick(sessions, "2026-12-29T17:00:00") == 0
    assert tick(sessions, "2026-12-30T16:59:59") == 0
    assert "chase_step" not in open_steps(councils, case)
    assert tick(sessions, "2026-12-30T17:00:01") == 2
    chases = ready(councils, case, "chase_step")
    assert sorted(t.data["chased_step"] for t in chases) == [
        "Notify the provider (responsible individual and home manager)",
        "Send the PAN Wales notification and notify social work teams"]
    assert {t.role for t in chases} == {"ec_lead_officer"}    # Stage 2b: the council's lead officer coordinates
    # the deadlines do not interrupt: the notices can still be sent
    assert ready(councils, case, "send_notification", party_is("Responsible individual"))
    assert ready(councils, case, "complete_appendix_4")
    chase(councils, case, "Notify the provider (responsible individual and home manager)")
    chase(councils, case, "Send the PAN Wales notification and notify social work teams", "new_date_agreed",
          chase_new_date="2027-01-04")
    # chased again two working days later, and once the agreed date has passed, while neither is done
    assert tick(sessions, "2027-01-04T17:00:01") >= 1
    assert len(ready(councils, case, "chase_step")) == 2
    stage_2b_notices(councils, case, "2027-01-05")
    # sending the notices ends their chases
    assert "chase_step" not in open_steps(councils, case)


def test_notices_sent_on_time_do_not_escalate(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    stage_2b_notices(councils, case, "2026-12-29")
    assert "provider_notice_overdue" not in timers(councils, case)
    assert tick(sessions, "2026-12-31T09:00:00") == 0
    assert "chase_step" not in open_steps(councils, case)


def test_late_initial_jimp_is_chased(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    stage_2b_notices(councils, case, "2026-12-29")
    do_not_suspend(councils, case, "2026-12-29")
    assert tick(sessions, "2027-01-21T17:00:01") == 1
    assert ready(councils, case, "chase_step")[0].data["chased_step"] == "Convene the initial JIMP"
    chase(councils, case, "Convene the initial JIMP", "new_date_agreed", chase_new_date="2027-01-25")
    hold_meeting(councils, case, "2027-01-25", next_on="2027-02-22")
    assert open_steps(councils, case) == ["maintain_cap_dap"]


def test_further_stage_2b_actions_are_those_agreed(councils):
    case = to_stage_2b(councils, urgent=True, contractual=True, regulatory=True, closure_suspected=True)
    steps = open_steps(councils, case)
    for step in ("commence_urgent_safety_actions", "commence_contractual_action", "record_regulatory_action"):
        assert step in steps
    roles = {t.element_id: t.role for t in ready(councils, case)}
    assert roles["commence_urgent_safety_actions"] == "safeguarding_lead"
    assert roles["record_regulatory_action"] == "partner"
    do(councils, case, "commence_urgent_safety_actions", {
        "urgent_actions": [{"action": "Daily nurse assessor visits", "owner": "ABMU HB", "commenced_on": "2026-12-24"}]})
    catch_up("2026-12-29")
    do(councils, case, "commence_contractual_action", {
        "breaches": "Clause 12 (medication)", "remedy_actions": "Audit within 14 days",
        "notice_of_breach_sent_on": "2026-12-29"})
    do(councils, case, "record_regulatory_action", {
        "regulatory_action": "Non-compliance notice", "regulatory_action_on": "2026-12-29", "shared_with_jimp": True})
    do_not_suspend(councils, case, "2026-12-29")
    # the initial JIMP is held before the notices are recorded: every branch's records still reach the case
    hold_meeting(councils, case, "2027-01-14", next_on="2027-02-11")
    stage_2b_notices(councils, case, "2026-12-29", neighbours=True)
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
    catch_up("2027-04-12")
    do(councils, case, "senior_officer_decision", {
        "senior_officer_decision": "end", "senior_officer_name": "Head of Adult Social Care",
        "ended_on": "2027-04-12", "senior_officer_reason": "Sufficient progress, sustained over two months.",
        "suspension_at_end": "none"})
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
    assert len(steps) == 1 and steps[0].role == "ec_strategic_lead"
    catch_up("2027-02-18")
    do(councils, case, "strategic_group_consideration", {
        "strategic_referral_to": "strategic_group", "strategic_considered_on": "2027-02-18",
        "strategic_outcome": "continue", "strategic_actions": "Revised CAP with tighter timescales."})
    assert open_steps(councils, case) == ["maintain_cap_dap"]
    cap_dap(councils, case, "2027-03-11")
    jimp(councils, case, sessions, "2027-03-11", "little_progress", "refer_to_strategic_group",
         recommended="refer_to_strategic_group")
    catch_up("2027-03-15")
    do(councils, case, "strategic_group_consideration", {
        "strategic_referral_to": "strategic_lead", "strategic_considered_on": "2027-03-15",
        "strategic_outcome": "home_closure", "strategic_actions": "Work with the provider towards closure."})
    # Escalating Concerns closes with its PAN Wales end notice; the closure is referred to a Home Operational
    # Support Group for the same provider
    assert task_data(councils, case, "complete_appendix_4")["pan_wales_stage"] == "end"
    pan_wales(councils, case, "2027-03-16", closed_on="2027-03-15")
    assert status(councils, case) == "completed"
    assert data_of(councils, case)["pan_wales_end_notice"]["closed_on"] == "2027-03-15"
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
    assert cases_of(councils, "home_closure_referral") == []     # the end notice goes first
    pan_wales(councils, case, "2027-02-12", closed_on="2027-02-11")
    assert status(councils, case) == "completed"
    assert len(cases_of(councils, "home_closure_referral")) == 1


def test_neighbouring_authorities_are_consulted_only_when_closure_is_suspected(councils):
    case = to_stage_2b(councils, closure_suspected=True)
    assert task_data(councils, case, "send_notification", party_is("Neighbouring authorities"))
    quiet = to_stage_2b(councils)
    assert not ready(councils, quiet, "send_notification", party_is("Neighbouring authorities"))


@pytest.mark.parametrize("tenant", ["swansea", "neath-port-talbot"])
def test_every_western_bay_council_runs_the_regional_procedure(councils, tenant):
    case = to_stage_2b(councils, tenant=tenant)
    assert timers(councils, case)["provider_notice_overdue"].due_at == datetime(2026, 12, 30, 17, 0,
                                                                                tzinfo=timezone.utc)
