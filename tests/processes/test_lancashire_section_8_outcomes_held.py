"""Section 8 and Appendix 1 (seed 002): the outcome of a section 8 action recorded while no QPIP is
running (during monitoring and support, between two decisions) is held on the case, so the
monitoring review and the next QPIP review still weigh it. A suspension of new placements
(Appendix 6 chart 3) is such an action: its outcome reaches the review the same way."""

from __future__ import annotations

import datetime as _dt

from tests.processes.test_lancashire_helpers import (
    advance_to, appendix_7_plan, at, cases_of, catch_up, data, decide_level_outcome, hold_meeting, level_1_meeting_and_plan,
    review_action_plan,
)
from tests.processes.test_lancashire_qpip_section_8_outcomes import decided, decision_task, record_outcome
from tests.support.world import complete, open_elements

UTC = _dt.timezone.utc
LETTER = "Warning letter (Cath Contracts, Contracts Team, due 2026-03-13): Done on 2026-03-10; no improvement yet"


def monitored_with_a_warning_letter(councils, sessions):
    """Enhanced monitoring is decided with a warning letter; the letter's outcome is recorded before
    the monitoring review, with no QPIP running."""
    case = decided(councils, "enhanced_monitoring", [("warning_letter", "Cath Contracts, Contracts Team", "2026-03-13")])
    complete(councils, case, "monitor_and_support", {"monitoring_level": "standard", "risk_rating_reviewed": True,
                                                     "contract_risk_rating": "Amber", "monitoring_review_on": "2026-04-01"})
    at(2026, 3, 10)
    record_outcome(councils, case, "warning letter", "done", "no_improvement", on="2026-03-10",
                   result="Letter sent; the provider has not replied.")
    advance_to(sessions, _dt.datetime(2026, 4, 1, 16, 1, tzinfo=UTC))
    return case


def test_the_monitoring_review_sees_an_outcome_recorded_while_no_qpip_ran(councils, sessions):
    case = monitored_with_a_warning_letter(councils, sessions)
    assert open_elements(councils, case) == ["review_monitoring"]
    assert data(councils, case)["section_8_action_summary"] == [LETTER + ". Letter sent; the provider has not replied."]


def test_the_next_qpip_review_weighs_an_outcome_held_from_before_it_began(councils, sessions):
    case = monitored_with_a_warning_letter(councils, sessions)
    complete(councils, case, "review_monitoring", {"monitoring_reviewed_on": "2026-04-01", "monitoring_outcome": "reconsider",
                                                   "monitoring_findings": "Night staffing still short."})
    d = data(councils, case)
    complete(councils, case, "decide_action", {
        "recommended_action": d["recommended_action"], "decided_action": "level_1_qpip",
        "action_reason": "Concerns continue after monitoring.", "proportionality": "Night care still unsafe.",
        "possible_actions": [], "action_tasks": []})
    level_1_meeting_and_plan(councils, case, meeting_date="2026-04-06", plan_due="2026-04-20", plan_received="2026-04-14")
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    d = data(councils, case)
    assert d["section_8_action_summary"] == [LETTER + ". Letter sent; the provider has not replied."]
    # Good progress on the plan, but the letter found no improvement yet: level 0 monitoring, not closure.
    assert (d["qpip_review_evidence"]["plan_outcome"], d["recommended_level_1_outcome"]) == (
        "no_further_action", "monitor_at_level_0")
    assert "Warning letter (Cath Contracts, Contracts Team): no improvement yet" in decision_task(councils, case, 1).instructions
    decide_level_outcome(councils, case, 1, "monitor_at_level_0")
    assert open_elements(councils, case) == ["arrange_level_0_monitoring"]


def test_a_suspension_alongside_the_qpip_reaches_its_review_like_any_section_8_action(councils, sessions):
    case = decided(councils, "level_1_qpip", [])
    hold_meeting(councils, case, "2026-04-01")
    complete(councils, case, "record_level_1_meeting", {
        "provider_attended": True, "concerns_summary": "Night care.", "urgent_actions": "Hourly checks.",
        "level_1_plan_due_on": "2026-04-15", "level_1_review_on": "2026-05-15",
        "qpip_options": ["request_action_plan", "temporary_suspension"]})
    [suspension] = cases_of(councils, "lancashire_suspension_alongside")
    # Appendix 6 chart 3: while placements are suspended, the Head of Service moves to enhanced monitoring.
    at(2026, 4, 10)
    complete(councils, suspension, "decide_chart_3_option", {
        "chart_3_route": "enhanced_monitoring", "chart_3_decided_on": "2026-04-10",
        "chart_3_reason": "Improving; step up monitoring instead."})
    catch_up("2026-04-14")
    complete(councils, case, "receive_level_1_plan", appendix_7_plan("2026-04-14", "2026-05-01"))
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    d = data(councils, case)
    assert d["section_8_action_summary"] == [
        "Suspension of new placements (Head of Service): Done on 2026-04-10; no improvement yet. "
        "Enhanced monitoring decided while suspended (chart 4)."]
    assert d["recommended_level_1_outcome"] == "monitor_at_level_0"


def test_a_suspension_decided_in_the_case_reaches_the_next_qpip_review(councils, sessions):
    at(2026, 3, 2)
    case = decided(councils, "suspension", [])
    complete(councils, case, "decide_chart_3_option", {"chart_3_route": "enhanced_monitoring", "chart_3_decided_on": "2026-03-02",
                                                       "chart_3_reason": "Improving; step up monitoring instead."})
    d = data(councils, case)
    complete(councils, case, "decide_action", {
        "recommended_action": d["recommended_action"], "decided_action": "level_1_qpip",
        "action_reason": "A plan is needed as well.", "proportionality": "Night care still unsafe.",
        "possible_actions": [], "action_tasks": []})
    level_1_meeting_and_plan(councils, case)
    advance_to(sessions, _dt.datetime(2026, 5, 15, 16, 1, tzinfo=UTC))
    review_action_plan(councils, case, "2026-05-15", "completed", "good_progress")
    [line] = data(councils, case)["section_8_action_summary"]
    assert line.startswith("Suspension of new placements (Head of Service): Done on 2026-03-02; no improvement yet")
