"""Relocation of one resident when a care home closes (seed 004, 4.12):
processes/wales/home_closure_resident_move.bpmn."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_wales_steps import at, data_of, do, open_steps, ready, status, task_data, tick
from tests.support.world import start

TENANT = "bridgend"
KEY = "home_closure_resident_move"


def for_resident(name):
    return lambda data: data.get("resident", {}).get("name") == name


def allocate(world, case, name, *, nurse=False):
    answer = {"care_manager_name": "Rhian Morgan", "care_manager_organisation": "Bridgend care management team",
              "nurse_assessor_needed": nurse}
    if nurse:
        answer["nurse_assessor_name"] = "Nia Thomas"
    do(world, case, "allocate_care_manager", answer, for_resident(name))


def assess(world, case, name, *, nurse=False):
    do(world, case, "assess_needs", {
        "assessment_source": "completed", "health_and_social_care_needs": "Dementia; needs help with personal care.",
        "equipment_and_aids": "Profiling bed, hoist, walking frame.", "equipment_can_move": "partly",
        "alternative_equipment": "Hoist from the community equipment service.", "transfer_assistance": "ambulance",
        "medication_and_appointments": "Donepezil; memory clinic in March.",
        "personal_items": "Photographs, armchair, radio.", "finances_held": "GBP 40 in the home's safe.",
        "preferred_routine": "Rises late; tea at 4pm.", "significant_relationships": "Close friend in room 12.",
        "mental_capacity": "lacks_capacity", "capacity_assessment": "Best interests meeting with daughter.",
        "moving_risk_assessment": "Risk of distress; move with a familiar carer.",
        "equality_impact": "Welsh speaker: new home must offer care in Welsh.", "family_informed": True,
        "family_legal_rights": "Daughter holds Lasting Power of Attorney (health and welfare).",
        "family_involvement": "Daughter will pack personal items."}, for_resident(name))
    if nurse:
        do(world, case, "nurse_assessor_review", {
            "nursing_review": "CHC eligible; nursing needs unchanged.", "gp_risk_assessment": "requested",
            "fitness_to_travel": "Fit to travel by ambulance.", "medication_risks": "Controlled drugs: two nurses "
            "to transfer with the MAR chart.", "clinical_records": "Copied and sent with the resident.",
            "clinical_handover": "Nurse to nurse handover on the day."}, for_resident(name))


def offer_self_funder_support(world, case, name):
    offers = task_data(world, case, "offer_self_funder_support", for_resident(name))["self_funder_offer"]
    answer = [dict(o, offered=True, response="declined" if n % 2 else "accepted") for n, o in enumerate(offers)]
    do(world, case, "offer_self_funder_support", {"self_funder_offer": answer}, for_resident(name))


def choose_and_move(world, case, name, new_home, move_on, review_on):
    do(world, case, "choose_new_home", {
        "new_home": new_home, "chosen_by": "family", "choice_support": "Choice leaflet; two visits.",
        "placement_meeting": "none", "moving_with_group": False, "planned_move_on": move_on}, for_resident(name))
    do(world, case, "arrange_transport", {
        "transport": "medical", "transport_booked_for": move_on,
        "belongings_transport": "Council van for the armchair."}, for_resident(name))
    do(world, case, "share_care_plan", {
        "care_plan_written": True, "transitional_support": "Care manager visits weekly for a month.",
        "care_plan_shared_on": move_on}, for_resident(name))
    assert task_data(world, case, "record_move", for_resident(name))["moved_to"] == new_home
    do(world, case, "record_move", {"moved_to": new_home, "moved_on": move_on, "belongings_moved": True,
                                    "post_move_review_on": review_on}, for_resident(name))


def review(world, case, name, on, *, move_again=False):
    do(world, case, "review_after_move", {
        "reviewed_on": on, "settling_in": "Settling well." if not move_again else "Distressed at night.",
        "settled": not move_again, "has_to_move_again": move_again}, for_resident(name))


def move_resident(world, sessions, case, name, *, funding="council", nurse=False, move_on="2027-02-01",
                  review_on="2027-02-15", new_home="Ty Newydd"):
    """Every step for one resident, the review after the move included."""
    allocate(world, case, name, nurse=nurse)
    assess(world, case, name, nurse=nurse)
    if funding == "self_funder":
        offer_self_funder_support(world, case, name)
    do(world, case, "arrange_advocacy", {"advocacy": "imca", "advocacy_referred_on": "2027-01-12",
                                         "advocate": "Advocacy West Glamorgan"}, for_resident(name))
    choose_and_move(world, case, name, new_home, move_on, review_on)
    assert tick(sessions, f"{review_on}T09:00:01") >= 1
    review(world, case, name, review_on)


def start_move(world, name="Olwen Davies", funding="council"):
    at("2027-01-10T10:00:00")
    return start(world, KEY, tenant=TENANT, data={"resident": {"name": name, "funding": funding}},
                 role=Role.CHAIR)


def test_a_council_funded_resident_moves_and_is_reviewed(councils, sessions):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    # no nurse assessor: the care manager assesses alone; not a self funder: straight to advocacy
    assert open_steps(councils, case) == ["assess_needs"]
    assess(councils, case, "Olwen Davies")
    assert open_steps(councils, case) == ["arrange_advocacy"]
    do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident("Olwen Davies"))
    choose_and_move(councils, case, "Olwen Davies", "Ty Newydd", "2027-02-01", "2027-02-15")
    assert open_steps(councils, case) == []                  # waiting for the review date
    assert tick(sessions, "2027-02-15T08:59:00") == 0
    assert tick(sessions, "2027-02-15T09:00:01") == 1
    review(councils, case, "Olwen Davies", "2027-02-15")
    assert status(councils, case) == "completed"
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome == {"name": "Olwen Davies", "funding": "council", "self_funder": False,
                       "care_manager": "Rhian Morgan", "new_home": "Ty Newydd", "moved_on": "2027-02-01",
                       "reviewed_on": "2027-02-15", "settled": True, "moves": 1}


def test_a_chc_resident_also_gets_a_nurse_assessor_review(councils, sessions):
    case = start_move(councils, "Emrys Hughes", "chc")
    allocate(councils, case, "Emrys Hughes", nurse=True)
    assert open_steps(councils, case) == ["assess_needs", "nurse_assessor_review"]
    assert {t.element_id: t.role for t in ready(councils, case)}["nurse_assessor_review"] == "partner"
    assess(councils, case, "Emrys Hughes", nurse=True)
    assert open_steps(councils, case) == ["arrange_advocacy"]


def test_a_self_funder_must_be_offered_all_eight_kinds_of_support(councils):
    case = start_move(councils, "Megan Lloyd", "self_funder")
    allocate(councils, case, "Megan Lloyd")
    assess(councils, case, "Megan Lloyd")
    offers = task_data(councils, case, "offer_self_funder_support", for_resident("Megan Lloyd"))["self_funder_offer"]
    assert [o["offer"] for o in offers] == [
        "An up to date assessment of needs", "Transport to view a new home of their choice",
        "Support in moving or transferring personal possessions",
        "The same level of information on the closure process as others", "Relevant support to carers and families",
        "Details of vacancies within the area", "Details of local advocacy services",
        "Support in relocating with an alternate provider"]
    with pytest.raises(Invalid):       # every item must be offered, even if declined
        do(councils, case, "offer_self_funder_support", {"self_funder_offer": [
            dict(o, offered=False, response="declined") for o in offers]}, for_resident("Megan Lloyd"))
    offer_self_funder_support(councils, case, "Megan Lloyd")
    assert open_steps(councils, case) == ["arrange_advocacy"]
    offered = data_of(councils, case)["self_funder_offer"]
    assert len(offered) == 8 and all(o["offered"] for o in offered)


def test_a_resident_who_has_to_move_again_chooses_another_home(councils, sessions):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    assess(councils, case, "Olwen Davies")
    do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident("Olwen Davies"))
    choose_and_move(councils, case, "Olwen Davies", "Ty Newydd", "2027-02-01", "2027-02-15")
    tick(sessions, "2027-02-15T09:00:01")
    review(councils, case, "Olwen Davies", "2027-02-15", move_again=True)
    assert open_steps(councils, case) == ["choose_new_home"]
    choose_and_move(councils, case, "Olwen Davies", "Plas Hyfryd", "2027-03-01", "2027-03-15")
    tick(sessions, "2027-03-15T09:00:01")
    review(councils, case, "Olwen Davies", "2027-03-15")
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome["new_home"] == "Plas Hyfryd" and outcome["moves"] == 2 and outcome["moved_on"] == "2027-03-01"
