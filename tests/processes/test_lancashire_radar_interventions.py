"""Radar Operating Procedure section 3 (seed 000): members "allocate responsibility and ownership of
actions". Each intervention Radar agrees from the menu is a tracked step for its owner (a role or
agency), due on its date, chased by the chair when overdue; what the owner records, or that it is
still overdue, is on the next meeting's agenda and form, and that meeting's decision records it."""

from __future__ import annotations

import datetime as _dt

from tests.processes.test_lancashire_helpers import UTC, advance_to, at, catch_up, complete_for, data, hold_meeting, send, referral
from tests.processes.test_lancashire_radar import ask_for_updates, decide, give_all_updates, radar_case
from tests.support.world import complete, open_tasks


def radar_agrees_interventions(councils):
    """A provider on Radar; the meeting on 20 March agrees two interventions, each with its owner and date."""
    at(2026, 3, 2)
    send(councils, "radar_referral", referral(councils))
    case = radar_case(councils)
    ask_for_updates(councils, case, meeting_date="2026-03-20")
    give_all_updates(councils, case)
    at(2026, 3, 20, 11)
    hold_meeting(councils, case, "2026-03-20")
    decide(councils, case, "high_extreme", "remain", intervention_tasks=[
        {"intervention": "validation_visit", "owner": "ICB quality team (Pat Partner)", "due_on": "2026-04-03"},
        {"intervention": "seek_legal_advice", "owner": "LCC Contracts (Cath Contracts)", "due_on": "2026-04-10"}])
    return case


def intervention_tasks(councils, case):
    return [t for t in open_tasks(councils.session, case) if t.element_id == "carry_out_intervention"]


def test_each_agreed_intervention_is_a_step_for_its_owner_by_its_date(councils):
    case = radar_agrees_interventions(councils)
    tasks = intervention_tasks(councils, case)
    assert {t.role for t in tasks} == {"partner"}
    assert sorted(("validation visit" in t.instructions, "2026-04-03" in t.instructions) for t in tasks) == [
        (False, False), (True, True)]
    [decision] = data(councils, case)["radar_decisions"]
    assert set(decision["interventions"]) == {"validation_visit", "seek_legal_advice"}


def test_radar_intervention_is_chased_when_overdue_and_its_outcome_recorded(councils, sessions):
    case = radar_agrees_interventions(councils)
    advance_to(sessions, _dt.datetime(2026, 4, 3, 16, 1, tzinfo=UTC))
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "chair" and "validation visit (ICB quality team (Pat Partner))" in chase.instructions
    # Chased, and chased again two working days later while still not done.
    complete_for(councils, case, "chase_step", "validation visit", {
        "chase_action": "Rang the ICB quality lead.", "chase_outcome": "chased"})
    advance_to(sessions, _dt.datetime(2026, 4, 8, 16, 1, tzinfo=UTC))  # Easter Monday is not a working day
    assert "chase_step" in [t.element_id for t in open_tasks(councils.session, case)]
    complete_for(councils, case, "carry_out_intervention", "validation visit", {
        "intervention_status": "done", "intervention_done_on": "2026-04-08",
        "intervention_result": "Night staffing below the agreed level."})
    assert "chase_step" not in [t.element_id for t in open_tasks(councils.session, case)]

    # The next meeting sees each intervention's status: one done, one overdue (nothing recorded).
    at(2026, 4, 14)
    ask_for_updates(councils, case, meeting_date="2026-04-17", due="2026-04-15")
    give_all_updates(councils, case)
    d = data(councils, case)
    assert d["intervention_status_summary"] == [
        "Validation visit (ICB quality team (Pat Partner), due 2026-04-03): done on 2026-04-08. "
        "Night staffing below the agreed level.",
        "Seek legal advice (LCC Contracts (Cath Contracts), due 2026-04-10): overdue"]
    assert any(item.startswith("Interventions agreed at earlier meetings: Validation visit") for item in d["meeting_agenda"])
    hold_meeting(councils, case, "2026-04-17")
    decide(councils, case, "high_extreme", "remain")
    latest = data(councils, case)["radar_decisions"][-1]
    assert [(o["intervention"], o["status"]) for o in latest["intervention_outcomes"]] == [
        ("validation_visit", "done"), ("seek_legal_advice", "overdue")]

    # The meeting after shows only what is not yet settled: the legal advice, now done.
    catch_up("2026-04-20")
    complete_for(councils, case, "carry_out_intervention", "legal advice", {
        "intervention_status": "partly_done", "intervention_done_on": "2026-04-20",
        "intervention_result": "Advice requested; awaiting counsel."})
    at(2026, 5, 12)
    ask_for_updates(councils, case, meeting_date="2026-05-15", due="2026-05-13")
    give_all_updates(councils, case)
    assert data(councils, case)["intervention_status_summary"] == [
        "Seek legal advice (LCC Contracts (Cath Contracts), due 2026-04-10): partly done on 2026-04-20. "
        "Advice requested; awaiting counsel."]


def test_an_intervention_the_chair_says_no_longer_applies_is_reported_so(councils, sessions):
    case = radar_agrees_interventions(councils)
    advance_to(sessions, _dt.datetime(2026, 4, 10, 16, 1, tzinfo=UTC))
    [chase] = [t for t in open_tasks(councils.session, case)
               if t.element_id == "chase_step" and "legal advice" in t.instructions]
    assert chase.role == "chair"
    complete_for(councils, case, "chase_step", "legal advice", {
        "chase_action": "Discussed with Contracts.", "chase_outcome": "no_longer_applies",
        "chase_withdrawn_reason": "The provider now engages; no breach notice is in view."})
    assert [t.instructions for t in intervention_tasks(councils, case) if "legal advice" in t.instructions] == []
    at(2026, 4, 14)
    ask_for_updates(councils, case, meeting_date="2026-04-17", due="2026-04-15")
    give_all_updates(councils, case)
    assert data(councils, case)["intervention_status_summary"][1] == (
        "Seek legal advice (LCC Contracts (Cath Contracts), due 2026-04-10): no longer applies. "
        "The provider now engages; no breach notice is in view.")
