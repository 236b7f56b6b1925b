"""engine.scoring.lancashire_progress: the QPIP review weighs the section 8 actions' outcomes (seed 002,
Appendix 1), and Radar's next meeting sees how each agreed intervention stands (seed 000)."""

from __future__ import annotations

import pytest

from engine.helpers import HELPER_NAMES
from engine.scoring import radar_intervention_statuses, section_8_action_statuses, suggest_qpip_outcome_on_evidence

NOTICE = {"action": "default_notice", "owner": "Cath", "due_on": "2026-03-06"}
VISIT = {"action": "validation_visit", "owner": "Pat", "due_on": "2026-03-13"}


def outcome(task, status="done", finding="improvement", result="Done."):
    return {**task, "status": status, "done_on": "2026-03-09", "result": result, "finding": finding}


def test_the_helpers_are_offered_to_diagram_scripts():
    assert {"suggest_qpip_outcome_on_evidence", "section_8_action_statuses", "radar_intervention_statuses"} <= HELPER_NAMES


def test_with_no_actions_the_plans_progress_decides():
    for level, progress, expected in ((1, "good_progress", "no_further_action"), (2, "little_progress", "escalate_to_level_3")):
        result = suggest_qpip_outcome_on_evidence(level, progress, [], [])
        assert (result["outcome"], result["summary"]) == (expected, ["No section 8 actions taken."])


@pytest.mark.parametrize("level, finding, expected", [
    (1, "worse", "escalate_to_level_2"), (2, "worse", "escalate_to_level_3"),
    (1, "no_improvement", "monitor_at_level_0"), (2, "not_yet_known", "continue_monitoring"),
    (1, "improvement", "no_further_action"), (2, "improvement", "de_escalate_and_end"),
])
def test_a_done_actions_finding_caps_good_progress_on_the_plan(level, finding, expected):
    result = suggest_qpip_outcome_on_evidence(level, "good_progress", [outcome(NOTICE, finding=finding)], [NOTICE])
    assert result["outcome"] == expected


@pytest.mark.parametrize("status", ["not_done", "partly_done"])
def test_an_action_not_fully_done_keeps_the_review_watching(status):
    result = suggest_qpip_outcome_on_evidence(1, "good_progress", [outcome(NOTICE, status=status)], [NOTICE])
    assert result["outcome"] == "monitor_at_level_0"
    assert any("Default notice (Cath) was" in r for r in result["reasons"])


def test_an_action_with_no_outcome_yet_is_outstanding_and_keeps_the_review_watching():
    result = suggest_qpip_outcome_on_evidence(2, "good_progress", [outcome(NOTICE)], [NOTICE, VISIT])
    assert [a["status"] for a in result["actions"]] == ["done", "outstanding"]
    assert result["summary"][1] == "Validation visit (Pat, due 2026-03-13): no outcome recorded yet"
    assert result["outcome"] == "continue_monitoring"


def test_an_action_that_no_longer_applies_weighs_nothing():
    withdrawn = {**NOTICE, "status": "no_longer_applies", "done_on": None, "result": "Provider sold.", "finding": None}
    assert suggest_qpip_outcome_on_evidence(1, "good_progress", [withdrawn], [NOTICE])["outcome"] == "no_further_action"


def test_the_actions_never_improve_on_the_plans_progress():
    result = suggest_qpip_outcome_on_evidence(1, "little_progress", [outcome(NOTICE)], [NOTICE])
    assert result["outcome"] == "escalate_to_level_2"


def test_outcomes_of_actions_decided_elsewhere_are_listed_after_the_decided_ones():
    rows = section_8_action_statuses([VISIT], [outcome(NOTICE), outcome(VISIT, finding="worse")])
    assert [r["action"] for r in rows] == ["validation_visit", "default_notice"]
    assert rows[0]["line"].startswith("Validation visit (Pat, due 2026-03-13): Done on 2026-03-09; concerns are worse")


@pytest.mark.parametrize("tasks, outcomes, message", [
    ("notice", [], "action_tasks must be a list of rows"),
    ([{"action": "default_notice"}], [], r"action_tasks\[0\] lacks owner, due_on"),
    ([], [{**NOTICE, "status": "finished"}], r"section_8_outcomes\[0\].status must be one of done"),
])
def test_bad_input_says_what_and_where(tasks, outcomes, message):
    with pytest.raises(ValueError, match=message):
        section_8_action_statuses(tasks, outcomes)


def test_a_qpip_level_other_than_1_or_2_is_refused():
    with pytest.raises(ValueError, match="QPIP level must be 1 or 2"):
        suggest_qpip_outcome_on_evidence(3, "good_progress", [], [])


def test_radar_interventions_are_due_overdue_or_as_their_owner_recorded():
    agreed = [{"id": "2026-03-02-1", "intervention": "validation_visit", "owner": "ICB", "due_on": "2026-03-20"},
              {"id": "2026-03-02-2", "intervention": "enhanced_monitoring", "owner": "Contracts", "due_on": "2026-04-20"},
              {"id": "2026-03-02-3", "intervention": "seek_legal_advice", "owner": "Contracts", "due_on": "2026-03-10"}]
    recorded = [{"id": "2026-03-02-3", "status": "done", "done_on": "2026-03-09", "result": "Breach notice possible."}]
    rows = radar_intervention_statuses(agreed, recorded, "2026-03-27")
    assert [r["status"] for r in rows] == ["overdue", "due", "done"]
    assert rows[2]["line"] == "Seek legal advice (Contracts, due 2026-03-10): done on 2026-03-09. Breach notice possible."


def test_radar_statuses_need_the_meeting_date():
    with pytest.raises(ValueError, match="on must be an ISO date"):
        radar_intervention_statuses([], [], None)
