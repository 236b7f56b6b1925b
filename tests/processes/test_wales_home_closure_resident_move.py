"""Relocation of one resident when a care home closes (seed 004, 4.12):
processes/wales/home_closure_resident_move.bpmn."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_wales_steps import at, data_of, do, open_steps, ready, status, task_data, tick
from tests.support.dates import catch_up
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
    catch_up(move_on)  # the care plan goes with the resident on the day of the move
    do(world, case, "share_care_plan", {
        "care_plan_written": True, "transitional_support": "Care manager visits weekly for a month.",
        "care_plan_shared_on": move_on}, for_resident(name))
    assert task_data(world, case, "record_move", for_resident(name))["moved_to"] == new_home
    do(world, case, "record_move", {"moved_to": new_home, "moved_on": move_on, "belongings_moved": True,
                                    "post_move_review_on": review_on}, for_resident(name))


def review(world, case, name, on, *, move_again=False):
    catch_up(on)
    do(world, case, "review_after_move", {
        "reviewed_on": on, "settling_in": "Settling well." if not move_again else "Distressed at night.",
        "settled": not move_again, "has_to_move_again": move_again}, for_resident(name))


def cancel_contract(world, case, name, on="2027-02-01", *, contract="cancelled"):
    answer = {"individual_contract": contract, "funding_authority_informed": True,
              "individual_financial_arrangements": "Paid to the day the resident left; money held returned."}
    if contract == "cancelled":
        answer["individual_contract_cancelled_on"] = on
        catch_up(on)
    do(world, case, "cancel_individual_contract", answer, for_resident(name))


def other_outcome(world, case, name, outcome, on, **answers):
    catch_up(on)
    do(world, case, "record_other_outcome", {"other_outcome": outcome, "other_outcome_on": on,
                                             "other_outcome_details": f"{name}: {outcome} on {on}.", **answers},
       for_resident(name))


def move_resident(world, sessions, case, name, *, funding="council", nurse=False, move_on="2027-02-01",
                  review_on="2027-02-15", new_home="Ty Newydd"):
    """Every step for one resident until they have left the closing home (the review follows later)."""
    allocate(world, case, name, nurse=nurse)
    assess(world, case, name, nurse=nurse)
    if funding == "self_funder":
        offer_self_funder_support(world, case, name)
    catch_up("2027-01-12")
    do(world, case, "arrange_advocacy", {"advocacy": "imca", "advocacy_referred_on": "2027-01-12",
                                         "advocate": "Advocacy West Glamorgan"}, for_resident(name))
    choose_and_move(world, case, name, new_home, move_on, review_on)
    cancel_contract(world, case, name, move_on, contract="not_applicable" if funding == "self_funder" else "cancelled")


def start_move(world, name="Olwen Davies", funding="council"):
    at("2027-01-10T10:00:00")
    return start(world, KEY, tenant=TENANT, data={"resident": {"name": name, "funding": funding}},
                 role=Role.CHAIR)


def test_a_council_funded_resident_moves_and_the_contract_is_cancelled_at_once(councils, sessions):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    # no nurse assessor: the care manager assesses alone; not a self funder: straight to advocacy
    assert open_steps(councils, case) == ["assess_needs", "record_other_outcome"]
    assess(councils, case, "Olwen Davies")
    assert open_steps(councils, case) == ["arrange_advocacy", "record_other_outcome"]
    do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident("Olwen Davies"))
    choose_and_move(councils, case, "Olwen Davies", "Ty Newydd", "2027-02-01", "2027-02-15")
    # the move ends the chance of another outcome; the individual contract is cancelled immediately
    steps = ready(councils, case)
    assert [(t.element_id, t.role) for t in steps] == [("cancel_individual_contract", "contract_officer")]
    cancel_contract(councils, case, "Olwen Davies", "2027-02-01")
    assert status(councils, case) == "completed"
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome == {"name": "Olwen Davies", "funding": "council", "self_funder": False,
                       "care_manager": "Rhian Morgan", "left_by": "moved", "new_home": "Ty Newydd",
                       "moved_on": "2027-02-01", "moves": 1, "outcome_on": None, "details": None,
                       "individual_contract": "cancelled", "post_move_review_on": "2027-02-15"}


def test_a_chc_resident_also_gets_a_nurse_assessor_review(councils, sessions):
    case = start_move(councils, "Emrys Hughes", "chc")
    allocate(councils, case, "Emrys Hughes", nurse=True)
    assert open_steps(councils, case) == ["assess_needs", "nurse_assessor_review", "record_other_outcome"]
    assert {t.element_id: t.role for t in ready(councils, case)}["nurse_assessor_review"] == "partner"
    assess(councils, case, "Emrys Hughes", nurse=True)
    assert open_steps(councils, case) == ["arrange_advocacy", "record_other_outcome"]


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
    assert open_steps(councils, case) == ["arrange_advocacy", "record_other_outcome"]
    offered = data_of(councils, case)["self_funder_offer"]
    assert len(offered) == 8 and all(o["offered"] for o in offered)


def test_a_resident_who_dies_before_moving_ends_with_the_contract_cancelled(councils):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    assess(councils, case, "Olwen Davies")
    from api.errors import Invalid
    with pytest.raises(Invalid):       # what follows a death must be recorded
        other_outcome(councils, case, "Olwen Davies", "died", "2027-01-20")
    other_outcome(councils, case, "Olwen Davies", "died", "2027-01-20", next_of_kin_informed=True,
                  belongings_arrangements="Daughter collects belongings; GBP 40 returned to the estate.")
    assert open_steps(councils, case) == ["cancel_individual_contract"]   # the move's open steps ended
    cancel_contract(councils, case, "Olwen Davies", "2027-01-20")
    assert status(councils, case) == "completed"
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome["left_by"] == "died" and outcome["outcome_on"] == "2027-01-20" and outcome["new_home"] is None


def test_a_resident_in_hospital_is_moved_on_discharge_after_a_fresh_assessment(councils, sessions):
    case = start_move(councils, "Emrys Hughes", "chc")
    allocate(councils, case, "Emrys Hughes", nurse=True)
    other_outcome(councils, case, "Emrys Hughes", "hospital", "2027-01-15", hospital_name="Princess of Wales Hospital",
                  expected_discharge_on="2027-02-01")
    assert open_steps(councils, case) == []                       # waiting for the expected date of discharge
    assert tick(sessions, "2027-02-01T09:00:01") == 1
    do(councils, case, "plan_after_discharge", {
        "discharge_outcome": "new_discharge_date", "discharge_planned_on": "2027-02-01",
        "discharge_details": "Not yet medically fit.", "expected_discharge_on": "2027-02-08"}, for_resident("Emrys Hughes"))
    assert tick(sessions, "2027-02-08T09:00:01") == 1
    do(councils, case, "plan_after_discharge", {
        "discharge_outcome": "new_home_needed", "discharge_planned_on": "2027-02-08",
        "discharge_details": "Medically fit; needs nursing care."}, for_resident("Emrys Hughes"))
    assert open_steps(councils, case) == ["assess_needs", "nurse_assessor_review", "record_other_outcome"]
    assess(councils, case, "Emrys Hughes", nurse=True)
    do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident("Emrys Hughes"))
    choose_and_move(councils, case, "Emrys Hughes", "Plas Hyfryd", "2027-02-10", "2027-02-24")
    cancel_contract(councils, case, "Emrys Hughes", "2027-02-10")
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome["left_by"] == "moved" and outcome["new_home"] == "Plas Hyfryd"


def test_a_self_funder_may_move_privately(councils):
    case = start_move(councils, "Megan Lloyd", "self_funder")
    allocate(councils, case, "Megan Lloyd")
    other_outcome(councils, case, "Megan Lloyd", "moves_privately", "2027-01-25", moved_privately_to="Bryn Awel, Porthcawl",
                  support_offered=True, belongings_arrangements="Family moving her furniture.")
    cancel_contract(councils, case, "Megan Lloyd", contract="not_applicable")
    outcome = data_of(councils, case)["resident_outcome"]
    assert outcome["left_by"] == "moves_privately" and outcome["new_home"] == "Bryn Awel, Porthcawl"
    assert outcome["individual_contract"] == "not_applicable"


@pytest.mark.parametrize("decision, next_steps", [
    ({"declined_outcome": "moves_with_support", "best_interests_decision": "Best interests meeting with IMCA."},
     ["assess_needs", "record_other_outcome"]),
    ({"declined_outcome": "own_arrangements", "own_arrangements_to": "Her son's home, Maesteg",
      "own_arrangements_on": "2027-02-03"}, ["cancel_individual_contract"]),
])
def test_a_resident_who_declines_moves_after_all_or_makes_own_arrangements(councils, decision, next_steps):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    other_outcome(councils, case, "Olwen Davies", "declines", "2027-01-20", declined="move", has_capacity=True)
    catch_up("2027-01-27")
    do(councils, case, "decide_after_declining", {"declined_decided_on": "2027-01-27", **decision},
       for_resident("Olwen Davies"))
    assert open_steps(councils, case) == next_steps


def test_a_resident_listed_in_error_leaves_the_list(councils):
    case = start_move(councils)
    allocate(councils, case, "Olwen Davies")
    other_outcome(councils, case, "Olwen Davies", "removed", "2027-01-12", removal_reason="listed_in_error")
    cancel_contract(councils, case, "Olwen Davies", contract="not_applicable")
    assert data_of(councils, case)["resident_outcome"]["left_by"] == "removed"


def start_review(world, moved):
    return start(world, "home_closure_post_move_review", tenant=TENANT, data={"moved_resident": moved},
                 role=Role.QUALITY_IMPROVEMENT)


MOVED = {"name": "Olwen Davies", "funding": "council", "self_funder": False, "care_manager": "Rhian Morgan",
         "left_by": "moved", "new_home": "Ty Newydd", "moved_on": "2027-02-01", "moves": 1, "outcome_on": None,
         "details": None, "individual_contract": "cancelled", "post_move_review_on": "2027-02-15"}


def test_a_resident_is_reviewed_following_the_move(councils, sessions):
    at("2027-02-01T10:00:00")
    case = start_review(councils, MOVED)
    assert tick(sessions, "2027-02-15T08:59:00") == 0
    assert tick(sessions, "2027-02-15T09:00:01") == 1
    review(councils, case, "Olwen Davies", "2027-02-15")
    assert status(councils, case) == "completed"
    reviewed = data_of(councils, case)["reviewed_resident"]
    assert reviewed["reviewed_on"] == "2027-02-15" and reviewed["settled"] is True


def test_a_resident_who_has_to_move_again_chooses_another_home(councils, sessions):
    at("2027-02-01T10:00:00")
    case = start_review(councils, MOVED)
    tick(sessions, "2027-02-15T09:00:01")
    review(councils, case, "Olwen Davies", "2027-02-15", move_again=True)
    assert open_steps(councils, case) == ["choose_new_home", "record_other_outcome"]
    choose_and_move(councils, case, "Olwen Davies", "Plas Hyfryd", "2027-03-01", "2027-03-15")
    assert open_steps(councils, case) == []     # the closing home's contract was cancelled at the first move
    tick(sessions, "2027-03-15T09:00:01")
    review(councils, case, "Olwen Davies", "2027-03-15")
    reviewed = data_of(councils, case)["reviewed_resident"]
    assert reviewed["new_home"] == "Plas Hyfryd" and reviewed["moves"] == 2 and reviewed["moved_on"] == "2027-03-01"
