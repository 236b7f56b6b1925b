"""Radar Operating Procedure section 3 (seed 000): members "allocate responsibility and ownership of
actions", and "the relevant officer from LCC/ICB/CSU will follow their respective organisation's
policy/procedure". Each intervention Radar agrees from the menu is a tracked step for its owner, in
the lane of the owner's organisation (processes/lancashire/lancashire_radar_intervention.bpmn), due
on its date, chased by the chair when overdue; what the owner records, or that it is still overdue,
is on the next meeting's agenda and form, and that meeting's decision records it."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import complete_task
from api.errors import Forbidden, Invalid
from tests.processes.test_lancashire_helpers import (
    LANCS, UTC, advance_to, at, catch_up, complete_for, data, hold_meeting, send, referral,
)
from tests.processes.test_lancashire_radar import ask_for_updates, decide, give_all_updates, radar_case
from tests.support.world import open_tasks


ICB_VISIT = {"intervention": "validation_visit", "owner": "ICB quality team (Pat Partner)", "owner_agency": "icb",
             "due_on": "2026-04-03"}
LCC_LEGAL_ADVICE = {"intervention": "seek_legal_advice", "owner": "LCC Contracts (Cath Contracts)", "owner_agency": "lcc",
                    "due_on": "2026-04-10"}
COUNCIL_OFFICERS = "contract_officer quality_improvement"  # either of LCC's Radar teams may record it


def radar_meets(councils):
    """A provider on Radar, its first meeting held on 20 March and its decision yet to be recorded."""
    at(2026, 3, 2)
    send(councils, "radar_referral", referral(councils))
    case = radar_case(councils)
    ask_for_updates(councils, case, meeting_date="2026-03-20")
    give_all_updates(councils, case)
    at(2026, 3, 20, 11)
    hold_meeting(councils, case, "2026-03-20")
    return case


def radar_agrees_interventions(councils, *tasks):
    """The meeting on 20 March agrees interventions, each with its owner, organisation and date."""
    case = radar_meets(councils)
    decide(councils, case, "high_extreme", "remain", intervention_tasks=list(tasks or (ICB_VISIT, LCC_LEGAL_ADVICE)))
    return case


def intervention_tasks(councils, case):
    return [t for t in open_tasks(councils.session, case) if t.element_id == "carry_out_intervention"]


def test_each_agreed_intervention_is_a_step_for_its_owner_by_its_date(councils):
    case = radar_agrees_interventions(councils)
    tasks = intervention_tasks(councils, case)
    assert sorted((t.role, "validation visit" in t.instructions) for t in tasks) == [
        (COUNCIL_OFFICERS, False), ("icb_nurse_assessor", True)]
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


def owner_completes(councils, case, mentioned, role):
    [task] = [t for t in intervention_tasks(councils, case) if mentioned in t.instructions]
    return complete_task(councils.session, tenant=councils.tenants[LANCS], actor=councils.actor(LANCS, role), task_id=task.id,
                         data={"intervention_status": "done", "intervention_done_on": "2026-03-27",
                               "intervention_result": "Done as the organisation's procedure sets out."})


def test_an_intervention_is_recorded_only_by_the_organisation_that_owns_it(councils):
    case = radar_agrees_interventions(councils)
    # The ICB's validation visit: not the council's officers, nor any partner agency's base role.
    at(2026, 3, 27)
    for other in ("contract_officer", "quality_improvement", "partner"):
        with pytest.raises(Forbidden):
            owner_completes(councils, case, "validation visit", other)
    # The council's legal advice: not the ICB's nurse assessor, nor any partner.
    for other in ("icb_nurse_assessor", "partner"):
        with pytest.raises(Forbidden):
            owner_completes(councils, case, "legal advice", other)
    owner_completes(councils, case, "validation visit", "icb_nurse_assessor")
    owner_completes(councils, case, "legal advice", "quality_improvement")
    assert intervention_tasks(councils, case) == []
    at(2026, 4, 14)
    ask_for_updates(councils, case, meeting_date="2026-04-17", due="2026-04-15")
    give_all_updates(councils, case)
    assert [line.split(": ")[1] for line in data(councils, case)["intervention_status_summary"]] == [
        "done on 2026-03-27. Done as the organisation's procedure sets out."] * 2


def test_a_csu_led_intervention_goes_to_the_nhs_role_lancashire_has(councils):
    case = radar_agrees_interventions(councils, {**ICB_VISIT, "owner": "CSU quality team (Sam Support)", "owner_agency": "csu"})
    [task] = intervention_tasks(councils, case)
    assert task.role == "icb_nurse_assessor"


def test_each_intervention_agreed_must_name_its_owners_organisation(councils):
    case = radar_meets(councils)
    with pytest.raises(Invalid) as refused:
        decide(councils, case, "high_extreme", "remain",
               intervention_tasks=[{k: v for k, v in ICB_VISIT.items() if k != "owner_agency"}])
    assert [(e["field"], e["message"]) for e in refused.value.errors] == [
        ("/intervention_tasks/0/owner_agency", "Owner's organisation is required")]
