"""Home Operational Support Group for a care home closure (seed 004, 4.11, 4.12, Appendices 6 and 7):
processes/wales/home_operational_support_group.bpmn."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from tests.processes.test_wales_home_closure_resident_move import (
    allocate, assess, choose_and_move, for_resident, move_resident, review,
)
from tests.processes.test_wales_steps import (
    at, data_of, do, hold_meeting, open_steps, pan_wales, party_is, ready, send_notice, status, task_data, tick,
)
from tests.support.world import start

TENANT = "bridgend"
KEY = "home_operational_support_group"

RESIDENTS = [
    {"name": "Olwen Davies", "room": "1", "funding": "council", "next_of_kin": "Sian Davies (daughter)",
     "next_of_kin_contact": "07700 900001"},
    {"name": "Emrys Hughes", "room": "2", "funding": "chc", "next_of_kin": "Alun Hughes (son)"},
    {"name": "Megan Lloyd", "room": "3", "funding": "self_funder", "next_of_kin": "Tom Lloyd (nephew)"},
    {"name": "Idris Rees", "room": "4", "funding": "other_local_authority",
     "funding_body": "Cardiff Council", "next_of_kin": "None known"},
    {"name": "Betsan Owen", "room": "5", "funding": "fnc", "next_of_kin": "Gwen Owen (sister)"},
]


def notify_closure(world, notified_by="regulator", certainty="intended", **extra):
    at("2027-01-04T10:00:00")
    case = start(world, KEY, tenant=TENANT)
    answer = {"closure_notified_by": notified_by, "closure_notified_on": "2027-01-04", "closure_type": "voluntary",
              "closure_certainty": certainty, "closure_scope": "home", "expected_closure_date": "2027-03-31",
              "emergency_closure": False, "closure_details": "The provider intends to close the home.",
              "regulator_notified_partners": True, **extra}
    do(world, case, "record_closure_notification", answer)
    return case


def set_up_hosg(world, case):
    """Initial HOSG, its arrangements, the Appendix 7 checklist and the residents."""
    hold_meeting(world, case, "2027-01-05")
    do(world, case, "agree_hosg_arrangements", {
        "hosg_chair": "Principal Officer, Commissioning", "hosg_coordinator": "Contracting Officer",
        "hosg_minute_taker": "Business support", "hosg_lead_officer": "Team manager, care management",
        "other_funded_assessments": "Cardiff Council assesses its own resident; we share our information.",
        "funder_notification_arrangements": "Contracting officer writes to every funding authority.",
        "review_meeting_frequency": "weekly", "first_review_meeting_on": "2027-01-12"})
    checklist = task_data(world, case, "agree_closure_checklist")["closure_checklist"]
    agreed = []
    for row in checklist:
        if row["item"] == 2:        # no emergency closure: alternative heating, hot water, food not needed
            agreed.append(dict(row, applies=False))
        else:
            agreed.append(dict(row, named_lead=f"Named officer for task {row['item']}", action_by="2027-02-28"))
    do(world, case, "agree_closure_checklist", {"closure_checklist": agreed})
    do(world, case, "list_residents", {"residents": RESIDENTS, "residents_list_obtained_on": "2027-01-06"})


def complete_responsibilities(world, case, agency):
    rows = task_data(world, case, f"{agency}_closure_responsibilities")[f"{agency}_responsibilities"]
    done = [dict(r, status="completed", responsible_officer="Named officer", completed_on="2027-02-20",
                 outcome="Done.") for r in rows]
    do(world, case, f"{agency}_closure_responsibilities", {f"{agency}_responsibilities": done})
    return rows


def test_a_closure_with_five_residents_finishes_only_when_every_resident_has_moved_and_been_reviewed(
        councils, sessions):
    case = notify_closure(councils)
    assert open_steps(councils, case) == ["prepare_meeting"]
    set_up_hosg(councils, case)
    steps = open_steps(councils, case)
    assert steps.count("allocate_care_manager") == 5           # one relocation per resident, self funder included
    for step in ("council_closure_responsibilities", "health_board_closure_responsibilities",
                 "care_home_closure_responsibilities", "regulator_closure_responsibilities", "complete_appendix_4",
                 "send_notification"):
        assert step in steps

    # Appendix 6: each of the 47 key responsibilities goes to the agencies ticked for it
    data = data_of(councils, case)
    assert len(data["closure_responsibilities"]) == 47 and len(data["closure_checklist"]) == 33
    council = complete_responsibilities(councils, case, "council")
    health = complete_responsibilities(councils, case, "health_board")
    home = complete_responsibilities(councils, case, "care_home")
    regulator = complete_responsibilities(councils, case, "regulator")
    assert len(council) == 43 and len(health) == 43 and len(home) == 10 and len(regulator) == 4
    assert [r["item"] for r in regulator] == [1, 4, 7, 38]
    assert [r["item"] for r in home] == [1, 3, 17, 18, 20, 22, 24, 32, 35, 36]
    assert 19 not in [r["item"] for r in council] and 19 in [r["item"] for r in health]
    assert next(r for r in health if r["item"] == 17)["note"] == "Health board: CHC residents"
    roles = {t.element_id: t.role for t in ready(councils, case)}
    assert roles.get("allocate_care_manager") == "chair"

    # other councils and health boards funding residents; PAN Wales with the status HOSG
    assert task_data(councils, case, "send_notification", party_is("funding residents"))["notification_party"] == (
        "Other local authorities and health boards funding residents: Cardiff Council")
    send_notice(councils, case, "2027-01-07", party_is("funding residents"))
    assert task_data(councils, case, "complete_appendix_4")["pan_wales_status"] == "hosg"
    pan_wales(councils, case, "2027-01-07")

    # weekly HOSG review meetings until every resident has moved
    assert tick(sessions, "2027-01-12T09:00:01") == 1
    hold_meeting(councils, case, "2027-01-12")
    do(councils, case, "decide_further_hosg_review", {"review_progress_notes": "Assessments under way.",
                                                      "further_review_needed": True,
                                                      "next_hosg_review_on": "2027-01-19"})
    assert tick(sessions, "2027-01-19T09:00:01") == 1
    hold_meeting(councils, case, "2027-01-19")
    do(councils, case, "decide_further_hosg_review", {"review_progress_notes": "Moves booked.",
                                                      "further_review_needed": False})

    # four residents move and are reviewed; one self funder among them
    move_resident(councils, sessions, case, "Olwen Davies", review_on="2027-02-15")
    move_resident(councils, sessions, case, "Emrys Hughes", funding="chc", nurse=True, review_on="2027-02-16")
    move_resident(councils, sessions, case, "Megan Lloyd", funding="self_funder", review_on="2027-02-17")
    move_resident(councils, sessions, case, "Idris Rees", review_on="2027-02-18")
    assert "cancel_contracts" not in open_steps(councils, case)

    # the fifth has moved but not yet been reviewed: the closure still waits
    allocate(councils, case, "Betsan Owen", nurse=True)
    assess(councils, case, "Betsan Owen", nurse=True)
    do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident("Betsan Owen"))
    choose_and_move(councils, case, "Betsan Owen", "Plas Hyfryd", "2027-02-22", "2027-03-08")
    assert open_steps(councils, case) == []
    assert status(councils, case) == "running"
    assert tick(sessions, "2027-03-08T09:00:01") == 1
    review(councils, case, "Betsan Owen", "2027-03-08")
    assert open_steps(councils, case) == ["cancel_contracts"]
    data = data_of(councils, case)
    assert data["residents_moved_and_reviewed"] == 5
    outcomes = {o["name"]: o for o in data["resident_outcomes"]}
    assert set(outcomes) == {r["name"] for r in RESIDENTS}
    assert outcomes["Megan Lloyd"]["self_funder"] is True
    assert all(o["moved_on"] and o["reviewed_on"] for o in outcomes.values())

    # closing out: contracts, PAN Wales end notice, debrief and evaluation
    do(councils, case, "cancel_contracts", {
        "individual_contracts_cancelled_on": "2027-03-09", "overarching_contract_cancelled_on": "2027-03-09",
        "health_board_contracts_cancelled_on": "2027-03-09",
        "financial_arrangements": "Final invoices reconciled; residents' monies returned.",
        "home_closed_on": "2027-03-09"})
    assert task_data(councils, case, "complete_appendix_4")["pan_wales_stage"] == "end"
    pan_wales(councils, case, "2027-03-10")
    hold_meeting(councils, case, "2027-03-15")
    outcomes = task_data(councils, case, "confirm_closure_outcomes")["closure_checklist_outcomes"]
    assert len(outcomes) == 33 and outcomes[0]["named_lead"] == "Named officer for task 1"
    do(councils, case, "confirm_closure_outcomes", {
        "closure_checklist_outcomes": [dict(o, outcome="not_needed" if o["item"] == 2 else "completed")
                                       for o in outcomes],
        "closure_evaluation": "Every resident moved safely."})
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["pan_wales_end_notice"]["closed_on"] == "2027-03-09"
    assert data["pan_wales_start_notice"]["status"] == "hosg"
    assert [n["party"] for n in data["funding_authority_notices"]] == [
        "Other local authorities and health boards funding residents: Cardiff Council"]
    assert [m["title"] for m in data["meetings_held"]] == [
        "Initial Home Operational Support Group (HOSG)", "HOSG review meeting", "HOSG review meeting",
        "HOSG debrief meeting and evaluation"]


def test_every_checklist_task_needs_a_named_person_and_an_action_by_date(councils):
    case = notify_closure(councils)
    hold_meeting(councils, case, "2027-01-05")
    do(councils, case, "agree_hosg_arrangements", {
        "hosg_chair": "Chair", "hosg_coordinator": "Coordinator", "hosg_minute_taker": "Minutes",
        "hosg_lead_officer": "Lead", "other_funded_assessments": "Case by case.",
        "funder_notification_arrangements": "By letter.", "review_meeting_frequency": "monthly",
        "first_review_meeting_on": "2027-02-04"})
    checklist = task_data(councils, case, "agree_closure_checklist")["closure_checklist"]
    assert [(r["item"], r["lead_person"]) for r in checklist[:4]] == [
        (1, "Care Manager / OT / Nurse Assessor / GP"), (2, "HOSG Chair"), (3, "Care Manager / Nurse Assessor"),
        (4, "C&C Team")]
    assert checklist[19]["lead_person"] == "CSSIW"
    with pytest.raises(Invalid):
        do(councils, case, "agree_closure_checklist", {"closure_checklist": checklist})
    with pytest.raises(Invalid):
        do(councils, case, "agree_closure_checklist", {"closure_checklist": [
            dict(r, named_lead="Someone", action_by="2027-02-28") for r in checklist[:32]]})


def test_a_possible_closure_needs_the_notification_of_other_authorities_considered(councils):
    at("2027-01-04T10:00:00")
    case = start(councils, KEY, tenant=TENANT)
    answer = {"closure_notified_by": "provider", "closure_notified_on": "2027-01-04", "closure_type": "planned",
              "closure_certainty": "possible", "closure_scope": "unit", "emergency_closure": False,
              "closure_details": "The provider may close its nursing unit.", "regulator_notified_partners": False}
    with pytest.raises(Invalid):
        do(councils, case, "record_closure_notification", answer)
    do(councils, case, "record_closure_notification", dict(
        answer, possible_closure_notification="Not yet: risk of legal challenge; Cardiff to be told if confirmed."))
    assert open_steps(councils, case) == ["prepare_meeting"]
