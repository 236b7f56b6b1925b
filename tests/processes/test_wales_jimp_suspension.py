"""Escalating Concerns and suspension of placements (seed 004, 4.10): a suspension decided at any JIMP runs
beside the JIMP rounds; the panel sees it, may recommend removing it (to whoever authorises lifting), and a
running suspension never holds back the end notice. processes/wales/ec_stage_3_jimp.bpmn and
processes/shared/suspension_of_placements.bpmn."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from api.errors import Invalid
from tests.processes.test_wales_escalating_concerns import cap_dap, into_jimp_loop, jimp
from tests.processes.test_wales_steps import (
    data_of, do, hold_meeting, open_steps, pan_wales, RECIPIENTS, ready, review_plan, status, suspend, task_data, tick,
    timers,
)
from tests.support.dates import catch_up


def test_a_running_suspension_does_not_hold_back_the_end_notice(councils, sessions):
    case = into_jimp_loop(councils, sessions,
                          suspension=lambda c, k: suspend(c, k, "2026-12-29", "2027-03-31"))
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "recommend_ending",
         suspension_removal="recommend_removal", suspension_removal_grounds=REMEDIED)
    catch_up("2027-02-15")
    with pytest.raises(Invalid, match="suspension_at_end"):      # the senior officer says where the suspension stands
        do(councils, case, "senior_officer_decision", {
            "senior_officer_decision": "end", "senior_officer_name": "Head of Adult Social Care",
            "ended_on": "2027-02-15", "senior_officer_reason": "Failures remedied."})
    do(councils, case, "senior_officer_decision", {
        "senior_officer_decision": "end", "senior_officer_name": "Head of Adult Social Care",
        "ended_on": "2027-02-15", "senior_officer_reason": "Failures remedied.", "suspension_at_end": "continues"})
    # the end notice is offered at once, beside the panel's recommendation awaiting the lifting decision
    assert open_steps(councils, case) == ["authorise_lifting", "complete_appendix_4"]
    pan_wales(councils, case, "2027-02-16")
    assert status(councils, case) == "running"          # the suspension runs on to its lifting
    do(councils, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": "2027-02-17"})
    catch_up("2027-02-17")
    do(councils, case, "notify_lifting", {"notice_sent_on": "2027-02-17", "notice_method": "letter",
                                          "notice_recipients": RECIPIENTS})
    assert status(councils, case) == "completed"


REMEDIED = "Medication audits clean since January; the default in clause 12 is remedied."


def _suspended_then_removal_recommended(councils, sessions):
    """Placements suspended at the second JIMP; the next JIMP recommends removing the suspension."""
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "some_progress", "continue", suspend_placements_now=True)
    suspend(councils, case, "2027-02-11", "2027-03-31")
    catch_up("2027-02-25")
    do(councils, case, "review_suspension", {
        "suspension_reviewed_on": "2027-02-25", "service_users_reassessed": True, "failures_remedied": False,
        "review_outcome": "continue", "next_review_date": "2027-04-30", "suspension_review_notes": "Not yet."})
    cap_dap(councils, case, "2027-03-11")
    assert "authorise_lifting" not in open_steps(councils, case)
    jimp(councils, case, sessions, "2027-03-11", "good_progress", "continue", done=("1",),
         suspension_removal="recommend_removal", suspension_removal_grounds=REMEDIED)
    return case


def test_a_later_jimp_recommends_removal_and_the_decider_lifts_the_suspension(councils, sessions):
    case = _suspended_then_removal_recommended(councils, sessions)
    [decision] = ready(councils, case, "authorise_lifting")
    assert decision.role == "head_of_service"
    assert "The JIMP panel recommends removing the suspension" in decision.instructions
    assert REMEDIED in decision.instructions and "2027-03-11" in decision.instructions
    recorded = data_of(councils, case)["jimp_decisions"][-1]
    assert (recorded["suspension_removal"], recorded["suspension_removal_grounds"]) == ("recommend_removal", REMEDIED)
    do(councils, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": "2027-03-12"})
    catch_up("2027-03-12")
    do(councils, case, "notify_lifting", {"notice_sent_on": "2027-03-12", "notice_method": "letter",
                                          "notice_recipients": RECIPIENTS})
    assert "await_next_review" not in timers(councils, case)     # the suspension has ended
    assert "maintain_cap_dap" in open_steps(councils, case)      # Escalating Concerns goes on
    data = data_of(councils, case)
    assert data["suspension_status"] == "lifted" and data["lifted_on"] == "2027-03-12"
    assert [(r["outcome"], r.get("recommended_by")) for r in data["suspension_reviews"]][-1] == (
        "lift_authorised", "The JIMP panel")


def test_the_decider_may_keep_the_suspension_with_a_reason(councils, sessions):
    case = _suspended_then_removal_recommended(councils, sessions)
    with pytest.raises(Invalid):      # keeping it needs the reason and the next review date
        do(councils, case, "authorise_lifting", {"lift_authorised": False})
    do(councils, case, "authorise_lifting", {
        "lift_authorised": False, "authorisation_notes": "Night staffing still relies on agency nurses.",
        "next_review_date": "2027-04-15"})
    assert timers(councils, case)["await_next_review"].due_at == datetime(2027, 4, 15, 16, 0, tzinfo=timezone.utc)
    assert "authorise_lifting" not in open_steps(councils, case)
    assert tick(sessions, "2027-04-15T16:00:01") >= 1
    assert "review_suspension" in open_steps(councils, case)


def test_a_jimp_recommending_removal_does_not_also_suspend(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    with pytest.raises(Invalid):
        jimp(councils, case, sessions, "2027-02-11", "some_progress", "continue", suspend_placements_now=True,
             suspension_removal="recommend_removal", suspension_removal_grounds=REMEDIED)
    with pytest.raises(Invalid):      # the grounds go to whoever authorises lifting
        do(councils, case, "jimp_progress_decision", {
            "recommended_jimp_outcome": "continue", "jimp_outcome": "continue", "progress_sustained": False,
            "suspension_removal": "recommend_removal"})


def test_suspension_of_placements_can_be_decided_at_any_jimp(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "little_progress", "continue", suspend_placements_now=True)
    steps = open_steps(councils, case)
    assert "decide_suspension" in steps and "maintain_cap_dap" in steps
    suspend(councils, case, "2027-02-11", "2027-04-30")
    assert "maintain_cap_dap" in open_steps(councils, case)


# 4.10: the JIMP panel sees whether a suspension of placements is in force in the case (it runs beside the
# JIMP rounds), and recommends removing one only while one is.

def test_the_panel_sees_the_suspension_in_force_beside_it(councils, sessions):
    case = into_jimp_loop(councils, sessions, suspension=lambda c, k: suspend(c, k, "2026-12-29", "2027-03-31"))
    assert tick(sessions, "2027-02-11T09:00:01") >= 1
    hold_meeting(councils, case, "2027-02-11")
    review_plan(councils, case, "some_progress", "2027-02-11")
    [decision] = ready(councils, case, "jimp_progress_decision")
    assert "**A suspension of placements is in force** (from 2026-12-29)" in decision.instructions
    data = task_data(councils, case, "jimp_progress_decision")
    assert (data["suspension_in_force"], data["suspension_in_force_from"]) == (True, "2026-12-29")
    answer = {"recommended_jimp_outcome": data["recommended_jimp_outcome"], "jimp_outcome": "continue",
              "jimp_outcome_reason": "The panel's judgement.", "progress_sustained": False,
              "suspension_removal": "not_applicable"}
    with pytest.raises(Invalid, match="suspension_removal"):     # "No suspension in place" is not an answer while one is in force
        do(councils, case, "jimp_progress_decision", answer)
    do(councils, case, "jimp_progress_decision", {**answer, "suspension_removal": "continue_suspension"})


def test_a_panel_with_no_suspension_in_force_cannot_recommend_removing_one(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    with pytest.raises(Invalid, match="suspension_removal"):
        jimp(councils, case, sessions, "2027-02-11", "some_progress", "continue",
             suspension_removal="recommend_removal", suspension_removal_grounds=REMEDIED)
    [decision] = ready(councils, case, "jimp_progress_decision")
    assert "No suspension of placements is in force in this case." in decision.instructions


def test_a_recommendation_made_while_lifting_is_being_authorised_waits_for_the_suspension(councils, sessions):
    from api.cases.held_messages import held_messages

    case = _suspended_then_removal_recommended(councils, sessions)
    assert "authorise_lifting" in open_steps(councils, case)
    cap_dap(councils, case, "2027-04-08")
    jimp(councils, case, sessions, "2027-04-08", "good_progress", "continue", done=("1",),
         suspension_removal="recommend_removal", suspension_removal_grounds="Second panel: still remedied.")
    [held] = held_messages(councils.session, case.id)       # the decider is still on the first recommendation
    assert held.name == "suspension_removal_recommended"
    do(councils, case, "authorise_lifting", {
        "lift_authorised": False, "authorisation_notes": "Waiting for the April audit.", "next_review_date": "2027-05-20"})
    [decision] = ready(councils, case, "authorise_lifting")   # at once, with the second panel's grounds
    assert "Second panel: still remedied." in decision.instructions and "2027-04-08" in decision.instructions
    assert held_messages(councils.session, case.id) == []
