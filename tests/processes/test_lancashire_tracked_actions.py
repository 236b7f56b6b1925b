"""Section 8 (seed 002): each corrective or remedial action chosen with the decision (warning letter,
default notice, validation visit, removal of staff, fee band change, renegotiation ...) is a step for
its owner, due on its date and chased when missed, alongside the level the case goes to; the
outcomes are fed back to Radar's next agenda."""

from __future__ import annotations

import datetime as _dt

from tests.processes.test_lancashire_helpers import LANCS, advance_to, at, cases_of, catch_up, complete_for, data, timers
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def decided_with_actions(councils):
    at(2026, 3, 2)
    case = start(councils, "lancashire_performance_action", tenant=LANCS, data={"overall_risk_level": "extreme"})
    complete(councils, case, "decide_action", {
        "recommended_action": data(councils, case)["recommended_action"], "decided_action": "level_2_qpip",
        "proportionality": "Serious concerns about night care.",
        "possible_actions": ["warning_letter", "validation_visit"],
        "action_tasks": [{"action": "warning_letter", "owner": "Cath Contracts, Contracts Team", "due_on": "2026-03-06"},
                         {"action": "validation_visit", "owner": "Pat Partner, ICB", "due_on": "2026-03-13"}]})
    return case


def test_each_chosen_action_is_a_step_for_its_owner_alongside_the_level(councils):
    case = decided_with_actions(councils)
    assert sorted(open_elements(councils, case)) == ["carry_out_action", "carry_out_action", "request_level_2_meeting"]
    actions = [t for t in open_tasks(councils.session, case) if t.element_id == "carry_out_action"]
    assert {t.role for t in actions} == {"contract_officer"}
    assert any("warning letter" in t.instructions and "2026-03-06" in t.instructions for t in actions)


def test_an_action_missing_its_date_is_chased_and_its_outcome_reaches_radar(councils, sessions):
    case = decided_with_actions(councils)
    [radar] = cases_of(councils, "lancashire_radar")
    assert timers(councils, case)["action_overdue"].due_at in (_dt.datetime(2026, 3, 6, 17, tzinfo=UTC),
                                                               _dt.datetime(2026, 3, 13, 17, tzinfo=UTC))
    advance_to(sessions, _dt.datetime(2026, 3, 6, 17, 1, tzinfo=UTC))
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "head_of_service" and "warning letter" in chase.instructions
    catch_up("2026-03-09")
    complete_for(councils, case, "carry_out_action", "warning letter", {
        "action_status": "done", "action_done_on": "2026-03-09", "action_result": "Warning letter sent.",
        "action_finding": "not_yet_known"})
    assert "chase_step" not in open_elements(councils, case)
    catch_up("2026-03-12")
    complete_for(councils, case, "carry_out_action", "validation visit", {
        "action_status": "partly_done", "action_done_on": "2026-03-12", "action_result": "Night staffing still short.",
        "action_finding": "no_improvement"})
    outcomes = data(councils, case)["tracked_action_outcomes"]
    assert {o["action"]: o["status"] for o in outcomes} == {"warning_letter": "done", "validation_visit": "partly_done"}
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-03-27", "updates_due_on": "2026-03-20",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Visit done.", "contact_name": "Pat"})
    [fed_back] = data(councils, radar)["agenda_feedback"]
    assert fed_back["outcome"] == "section_8_actions" and len(fed_back["actions"]) == 2
