"""Section 8 and Appendix 1 (seed 002): the outcomes of the section 8 actions taken on a provider
(a default notice, a validation visit ...) reach the QPIP review that decides whether the provider
has made progress. The reviewer sees each action's outcome, and the suggested outcome weighs them
with the progress on the provider's plan; Radar is still told of them all."""

from __future__ import annotations

import datetime as _dt

from tests.processes.test_lancashire_helpers import (
    LANCS, advance_to, at, cases_of, catch_up, complete_for, data, decide_level_outcome, level_1_meeting_and_plan, refresh,
    level_2_meeting_and_plan, review_action_plan,
)
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def decided(councils, level, actions):
    """The Contract Officer decides a QPIP level with section 8 actions, each with its owner and date."""
    at(2026, 3, 2)
    case = start(councils, "lancashire_performance_action", tenant=LANCS, data={"overall_risk_level": "extreme"})
    complete(councils, case, "decide_action", {
        "recommended_action": data(councils, case)["recommended_action"], "decided_action": level,
        "action_reason": "Level chosen for the test.", "proportionality": "Serious concerns about night care.",
        "possible_actions": [a for a, _, _ in actions],
        "action_tasks": [{"action": a, "owner": owner, "due_on": due} for a, owner, due in actions]})
    return case


def record_outcome(councils, case, mentioned, status, finding, result="Done as agreed.", on="2026-03-09"):
    catch_up(on)
    complete_for(councils, case, "carry_out_action", mentioned, {
        "action_status": status, "action_done_on": on, "action_result": result, "action_finding": finding})


def decision_task(councils, case, level):
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == f"decide_level_{level}_outcome"]
    return task


def test_qpip_review_sees_the_outcome_of_a_default_notice(councils, sessions):
    case = decided(councils, "level_1_qpip", [("default_notice", "Cath Contracts, Contracts Team", "2026-03-06")])
    level_1_meeting_and_plan(councils, case)
    record_outcome(councils, case, "default notice", "done", "worse",
                   result="Default notice issued; the provider disputes it and night checks still missed.")
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    d = data(councils, case)
    [line] = d["section_8_action_summary"]
    assert line.startswith("Default notice (Cath Contracts, Contracts Team, due 2026-03-06): Done on 2026-03-09")
    assert "night checks still missed" in line
    # Good progress on the plan, but the default notice found things worse: Appendix 1's little progress.
    assert (d["qpip_review_evidence"]["plan_outcome"], d["recommended_level_1_outcome"]) == (
        "no_further_action", "escalate_to_level_2")
    task = decision_task(councils, case, 1)
    assert "Default notice (Cath Contracts, Contracts Team) found the concerns worse" in task.instructions
    decide_level_outcome(councils, case, 1, "escalate_to_level_2")
    assert open_elements(councils, case) == ["request_level_2_meeting"]


def test_an_action_without_its_outcome_keeps_a_good_review_at_level_0_monitoring(councils, sessions):
    case = decided(councils, "level_1_qpip", [("validation_visit", "Pat Partner, ICB", "2026-06-01")])
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    d = data(councils, case)
    assert d["section_8_action_summary"] == ["Validation visit (Pat Partner, ICB, due 2026-06-01): no outcome recorded yet"]
    assert d["recommended_level_1_outcome"] == "monitor_at_level_0"


def test_actions_that_showed_improvement_leave_the_plans_suggestion_alone(councils, sessions):
    case = decided(councils, "level_1_qpip", [("warning_letter", "Cath Contracts, Contracts Team", "2026-03-06")])
    level_1_meeting_and_plan(councils, case)
    record_outcome(councils, case, "warning letter", "done", "improvement")
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    assert data(councils, case)["recommended_level_1_outcome"] == "no_further_action"


def test_the_level_2_review_sees_outcomes_from_level_1_and_radar_still_gets_them(councils, sessions):
    case = decided(councils, "level_1_qpip", [("default_notice", "Cath Contracts, Contracts Team", "2026-03-06"),
                                              ("validation_visit", "Pat Partner, ICB", "2026-04-20")])
    [radar] = cases_of(councils, "lancashire_radar")
    level_1_meeting_and_plan(councils, case)
    record_outcome(councils, case, "default notice", "done", "no_improvement")
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "behind", "little_progress")
    decide_level_outcome(councils, case, 1, "escalate_to_level_2")
    level_2_meeting_and_plan(councils, case, requested_on="2026-05-18", meeting_date="2026-05-20",
                             plan_received="2026-05-22")
    # The validation visit was chased past its date (it stays open) and is done during Level 2.
    record_outcome(councils, case, "validation visit", "done", "improvement", on="2026-05-26",
                   result="Night staffing now at the agreed level.")
    advance_to(sessions, _dt.datetime(2026, 6, 10, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-06-10", "completed", "good_progress")
    d = data(councils, case)
    assert [line.split(" (")[0] for line in d["section_8_action_summary"]] == ["Default notice", "Validation visit"]
    # The default notice found no improvement yet: not "de-escalate and end", but continued monitoring.
    assert d["recommended_level_2_outcome"] == "continue_monitoring"
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-06-19", "updates_due_on": "2026-06-12",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Visit done.", "contact_name": "Pat"})
    fed_back = [f for f in data(councils, radar)["agenda_feedback"] if f["outcome"] == "section_8_actions"]
    assert [a["action"] for a in fed_back[0]["actions"]] == ["default_notice", "validation_visit"]


def test_an_action_done_after_its_date_reaches_the_qpip_review_before_any_chase(councils, sessions):
    # The plan is received on 2026-04-14, after the notice's date, before any timer run chased it.
    case = decided(councils, "level_1_qpip", [("default_notice", "Cath Contracts, Contracts Team", "2026-03-06")])
    level_1_meeting_and_plan(councils, case)
    record_outcome(councils, case, "default notice", "done", "worse", on="2026-04-14")
    assert (refresh(councils, case).status, refresh(councils, case).error) == ("running", None)
    assert [a["action"] for a in data(councils, case)["tracked_action_outcomes"]] == ["default_notice"]
    assert "carry_out_action" not in open_elements(councils, case)


def monitored_at_level_0(councils, sessions, actions):
    """A Level 1 QPIP whose review found good progress while an action is still out: the chair
    keeps the provider at level 0 monitoring, to be reviewed on 3 August."""
    case = decided(councils, "level_1_qpip", actions)
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    decide_level_outcome(councils, case, 1, "monitor_at_level_0")
    complete(councils, case, "arrange_level_0_monitoring", {"level_0_arrangements": "Monthly returns checked.",
                                                            "level_0_review_on": "2026-08-03"})
    return case


def test_the_level_0_review_sees_an_outcome_recorded_during_the_monitoring(councils, sessions):
    case = monitored_at_level_0(councils, sessions, [("validation_visit", "Pat Partner, ICB", "2026-06-01")])
    advance_to(sessions, _dt.datetime(2026, 6, 22, 10, tzinfo=UTC))
    record_outcome(councils, case, "validation visit", "done", "worse", on="2026-06-22",
                   result="Night checks missed again; two falls unreported.")
    advance_to(sessions, _dt.datetime(2026, 8, 3, 16, 1, tzinfo=UTC))
    [review] = [t for t in open_tasks(councils.session, case) if t.element_id == "review_level_0_monitoring"]
    [line] = data(councils, case)["section_8_action_summary"]
    assert line.startswith("Validation visit (Pat Partner, ICB, due 2026-06-01): Done on 2026-06-22")
    # Appendix 1: further concerns at level 0 call the provider in again; the review is told which.
    assert "found the concerns worse or new concerns" in review.instructions and "two falls unreported" in review.instructions
    complete(councils, case, "review_level_0_monitoring", {"monitoring_reviewed_on": "2026-08-03",
                                                           "monitoring_outcome": "reconsider",
                                                           "monitoring_findings": "The validation visit found new concerns."})
    assert open_elements(councils, case) == ["request_level_2_meeting"]


def test_an_outcome_recorded_while_the_decision_is_open_reaches_that_decision(councils, sessions):
    case = decided(councils, "level_1_qpip", [("default_notice", "Cath Contracts, Contracts Team", "2026-06-01")])
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    assert data(councils, case)["recommended_level_1_outcome"] == "monitor_at_level_0"  # the notice is still out
    # The decision waits a few days; meanwhile the notice's owner records that things are worse.
    at(2026, 5, 18)
    record_outcome(councils, case, "default notice", "done", "worse", on="2026-05-18",
                   result="Default notice issued; night checks still missed.")
    d = data(councils, case)
    [line] = d["section_8_action_summary"]
    assert line.startswith("Default notice (Cath Contracts, Contracts Team, due 2026-06-01): Done on 2026-05-18")
    assert d["recommended_level_1_outcome"] == "escalate_to_level_2"
    assert "Default notice (Cath Contracts, Contracts Team) found the concerns worse" in decision_task(councils, case, 1).instructions
    decide_level_outcome(councils, case, 1, "escalate_to_level_2")
    assert open_elements(councils, case) == ["request_level_2_meeting"]
