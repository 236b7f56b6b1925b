"""Escalating Concerns, Appendix 1: higher risk providers and the contract management that may prevent
escalation (seed 004): processes/wales/escalating_concerns.bpmn."""

from __future__ import annotations

from tests.processes.test_wales_escalating_concerns import (
    AMBER_ROW, RED_ROW, agree_arrangements, assess_risk, decide_higher_risk, raise_concerns, risk_meeting,
)
from tests.processes.test_wales_steps import (
    at, data_of, do, hold_meeting, open_steps, review_plan, status, task_data, tick,
)


# ------------------------------------------------------------------------------------------ Appendix 1

def red_case_started(councils, on):
    """A case started on ``on`` that reached Escalating Concerns (red) the same day."""
    at(f"{on}T10:00:00")
    case = raise_concerns(councils, received_on=on)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [dict(RED_ROW, incident_date=on, dates_discussed=[on])], on=on)
    risk_meeting(councils, case, on)
    agree_arrangements(councils, case)
    return case


def amber_case_started(councils, on):
    at(f"{on}T10:00:00")
    case = raise_concerns(councils, received_on=on)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [dict(AMBER_ROW, incident_date=on, dates_discussed=[on])], on=on)
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
    case = raise_concerns(councils, received_on="2026-10-01", other_detriments=True,
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
