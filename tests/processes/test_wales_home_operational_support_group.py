"""Home Operational Support Group for a care home closure (seed 004, 4.11, 4.12, Appendices 6 and 7):
processes/wales/home_operational_support_group.bpmn."""

from __future__ import annotations

import pytest

from engine.roles import Role

from api.errors import Invalid
from tests.processes.test_wales_home_closure_resident_move import (
    allocate, cancel_contract, for_resident, move_resident, other_outcome, review,
)
from tests.processes.test_wales_steps import (
    at, data_of, do, hold_meeting, open_steps, pan_wales, party_is, ready, send_notice, status, task_data, tick,
)
from tests.support.dates import catch_up
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
    catch_up("2027-01-06")
    do(world, case, "list_residents", {"residents": RESIDENTS, "residents_list_obtained_on": "2027-01-06"})


def complete_responsibilities(world, case, agency, on="2027-01-06"):
    """Every responsibility of the agency recorded as completed on ``on`` (by then, the clock's day)."""
    rows = task_data(world, case, f"{agency}_closure_responsibilities")[f"{agency}_responsibilities"]
    done = [dict(r, status="completed", responsible_officer="Named officer", completed_on=on,
                 outcome="Done.") for r in rows]
    catch_up(on)
    do(world, case, f"{agency}_closure_responsibilities", {f"{agency}_responsibilities": done})
    return rows


def follow_the_checklist(world, case, sessions):
    """Appendix 7: every task is reminded two working days before its action-by date (Sunday 28 February:
    Thursday 25 February) and the chair records the feedback."""
    assert "confirm_checklist_task" not in open_steps(world, case)
    assert tick(sessions, "2027-02-25T09:00:01") == 32
    tasks = ready(world, case, "confirm_checklist_task")
    assert len(tasks) == 32 and tasks[0].role == "chair"
    for task in tasks:
        item = task.data["checklist_task"]["item"]
        answer = {"checklist_task_status": "completed", "checklist_feedback": f"Task {item} done."}
        if item == 27:   # politicians not yet told: a new date agreed, reminded again
            answer = {"checklist_task_status": "new_date", "checklist_feedback": "Awaiting the Cabinet member.",
                      "new_action_by": "2027-03-10"}
        do(world, case, "confirm_checklist_task", answer, lambda d, i=item: d["checklist_task"]["item"] == i)
    assert tick(sessions, "2027-03-08T09:00:01") >= 1          # two working days before 10 March
    do(world, case, "confirm_checklist_task", {"checklist_task_status": "completed",
                                               "checklist_feedback": "Cabinet member and AM briefed."})


def review_meetings(world, case, sessions):
    assert tick(sessions, "2027-01-12T09:00:01") == 1
    hold_meeting(world, case, "2027-01-12")
    do(world, case, "decide_further_hosg_review", {"review_progress_notes": "Assessments under way.",
                                                   "further_review_needed": True, "next_hosg_review_on": "2027-01-19"})
    assert tick(sessions, "2027-01-19T09:00:01") == 1
    hold_meeting(world, case, "2027-01-19")
    do(world, case, "decide_further_hosg_review", {"review_progress_notes": "Moves booked.",
                                                   "further_review_needed": False})


LATE = {"name": "Gwilym Price", "room": "6", "funding": "council", "next_of_kin": "Ann Price (wife)",
        "added_because": "Admitted for respite on 8 January; not on the provider's list."}


def responsibilities_and_notices(councils, case, sessions):
    """Appendix 6 responsibilities, the notices to funders and PAN Wales, and the HOSG review meetings."""
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
    review_meetings(councils, case, sessions)


def six_residents_leave(councils, case, sessions):
    """One dies, one goes into hospital, a self funder moves privately, one is added late, two move."""
    # Betsan Owen dies before she moves; Emrys Hughes goes into hospital and stays in NHS care
    allocate(councils, case, "Betsan Owen", nurse=True)
    other_outcome(councils, case, "Betsan Owen", "died", "2027-01-20", next_of_kin_informed=True,
                  belongings_arrangements="Sister collects belongings.")
    cancel_contract(councils, case, "Betsan Owen", "2027-01-20")
    allocate(councils, case, "Emrys Hughes", nurse=True)
    other_outcome(councils, case, "Emrys Hughes", "hospital", "2027-01-21",
                  hospital_name="Princess of Wales Hospital", expected_discharge_on="2027-01-28")
    # Megan Lloyd, a self funder, moves privately
    allocate(councils, case, "Megan Lloyd")
    other_outcome(councils, case, "Megan Lloyd", "moves_privately", "2027-01-25", moved_privately_to="Bryn Awel",
                  support_offered=True, belongings_arrangements="Nephew moves her furniture.")
    cancel_contract(councils, case, "Megan Lloyd", contract="not_applicable")
    # Gwilym Price, not on the provider's list, is added late and starts moving at once
    do(councils, case, "update_residents_list", {"residents_change": "add", "residents_added": [LATE]})
    assert len(ready(councils, case, "allocate_care_manager", for_resident("Gwilym Price"))) == 1
    assert tick(sessions, "2027-01-28T09:00:01") == 1
    do(councils, case, "plan_after_discharge", {
        "discharge_outcome": "stays_in_nhs_care", "discharge_planned_on": "2027-01-28",
        "discharge_details": "Transferred to an NHS continuing care ward."}, for_resident("Emrys Hughes"))
    cancel_contract(councils, case, "Emrys Hughes", "2027-01-28")
    move_resident(councils, sessions, case, "Olwen Davies", review_on="2027-02-15")
    move_resident(councils, sessions, case, "Idris Rees", review_on="2027-02-16")
    move_resident(councils, sessions, case, "Gwilym Price", move_on="2027-02-10", review_on="2027-02-24")
    assert "cancel_contracts" not in open_steps(councils, case)   # the list is not yet complete
    do(councils, case, "update_residents_list", {"residents_change": "list_complete"})


def contracts_cancelled_then_reviews(councils, case, sessions):
    # every resident has left: the contracts are cancelled at once, before the reviews following the moves
    assert "cancel_contracts" in open_steps(councils, case)
    data = data_of(councils, case)
    outcomes = {o["name"]: o["left_by"] for o in data["resident_outcomes"]}
    assert outcomes == {"Olwen Davies": "moved", "Emrys Hughes": "hospital", "Megan Lloyd": "moves_privately",
                        "Idris Rees": "moved", "Betsan Owen": "died", "Gwilym Price": "moved"}
    do(councils, case, "cancel_contracts", {
        "individual_contracts_cancelled_on": "2027-02-10", "overarching_contract_cancelled_on": "2027-02-10",
        "health_board_contracts_cancelled_on": "2027-02-10",
        "financial_arrangements": "Final invoices reconciled; residents' monies returned.",
        "home_closed_on": "2027-02-10"})
    for name, on in (("Olwen Davies", "2027-02-15"), ("Idris Rees", "2027-02-16"), ("Gwilym Price", "2027-02-24")):
        assert tick(sessions, f"{on}T09:00:01") == 1
        review(councils, case, name, on)
    follow_the_checklist(councils, case, sessions)


def closure_closed_out(councils, case):
    # closing out: PAN Wales end notice, debrief and evaluation
    assert task_data(councils, case, "complete_appendix_4")["pan_wales_stage"] == "end"
    pan_wales(councils, case, "2027-03-10")
    hold_meeting(councils, case, "2027-03-15")
    outcomes = task_data(councils, case, "confirm_closure_outcomes")["closure_checklist_outcomes"]
    assert len(outcomes) == 33 and outcomes[0]["named_lead"] == "Named officer for task 1"
    do(councils, case, "confirm_closure_outcomes", {
        "closure_checklist_outcomes": [dict(o, outcome="not_needed" if o["item"] == 2 else "completed")
                                       for o in outcomes],
        "closure_evaluation": "Every resident left safely."})
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["pan_wales_end_notice"]["closed_on"] == "2027-02-10"
    assert sorted(r["name"] for r in data["reviewed_residents"]) == ["Gwilym Price", "Idris Rees", "Olwen Davies"]
    assert [c["status"] for c in data["checklist_followed"]].count("completed") == 32
    assert [m["title"] for m in data["meetings_held"]] == [
        "Initial Home Operational Support Group (HOSG)", "HOSG review meeting", "HOSG review meeting",
        "HOSG debrief meeting and evaluation"]


def test_a_closure_with_six_residents_completes_when_one_dies_one_goes_into_hospital_one_moves_privately_and_one_is_added_late(
        councils, sessions):
    case = notify_closure(councils)
    assert open_steps(councils, case) == ["prepare_meeting"]
    set_up_hosg(councils, case)
    steps = open_steps(councils, case)
    assert steps.count("allocate_care_manager") == 5           # one relocation per resident, self funder included
    for step in ("council_closure_responsibilities", "health_board_closure_responsibilities",
                 "care_home_closure_responsibilities", "regulator_closure_responsibilities", "complete_appendix_4",
                 "send_notification", "update_residents_list"):
        assert step in steps

    responsibilities_and_notices(councils, case, sessions)
    six_residents_leave(councils, case, sessions)
    contracts_cancelled_then_reviews(councils, case, sessions)
    closure_closed_out(councils, case)


def test_the_closure_can_be_called_off_with_a_reason_ending_what_is_open(councils, sessions):
    case = notify_closure(councils)
    set_up_hosg(councils, case)
    allocate(councils, case, "Olwen Davies")
    from api.cases.service import take_case_action
    slug = "bridgend"
    take_case_action(councils.session, tenant=councils.tenants[slug], actor=councils.actor(slug, Role.CHAIR),
                case_id=case.id, name="call_off_closure", data={
                    "call_off_reason": "new_owner", "called_off_on": "2027-01-06",
                    "call_off_details": "Ty Gwyn Care Ltd takes the home on from 1 February; no one moves.",
                    "residents_and_families_informed": True, "partners_informed": True})
    assert status(councils, case) == "completed"
    assert open_steps(councils, case) == []
    assert tick(sessions, "2027-03-01T09:00:01") == 0          # no timer is left waiting
    assert data_of(councils, case)["call_off_reason"] == "new_owner"


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


def test_funders_and_pan_wales_are_not_told_of_a_merely_possible_closure(councils):
    case = notify_closure(councils, notified_by="provider", certainty="possible",
                          possible_closure_notification="Not yet: risk of legal challenge.")
    set_up_hosg(councils, case)
    steps = open_steps(councils, case)
    assert "complete_appendix_4" not in steps and "send_notification" not in steps
    assert steps.count("allocate_care_manager") == 5


def test_a_closure_group_started_by_the_regulator_links_to_the_escalating_concerns_case_for_the_home(councils):
    from tests.processes.test_wales_escalating_concerns import to_stage_2b
    running = to_stage_2b(councils)
    case = notify_closure(councils, notified_by="regulator")
    assert data_of(councils, case)["linked_escalating_concerns_cases"] == [running.id]
    hold_meeting(councils, case, "2027-01-05")
    step = ready(councils, case, "agree_hosg_arrangements")[0]
    assert f"Escalating Concerns is running for this home (case {running.id})" in step.instructions


def test_residents_can_be_added_more_than_once_while_the_closure_runs(councils, sessions):
    case = notify_closure(councils)
    set_up_hosg(councils, case)
    do(councils, case, "update_residents_list", {"residents_change": "add", "residents_added": [LATE]})
    move_resident(councils, sessions, case, "Gwilym Price", move_on="2027-02-10", review_on="2027-02-24")
    second = dict(LATE, name="Nest Morgan", room="7", added_because="Returned from hospital to the home.")
    do(councils, case, "update_residents_list", {"residents_change": "add", "residents_added": [second]})
    assert len(ready(councils, case, "allocate_care_manager", for_resident("Nest Morgan"))) == 1
    assert len(ready(councils, case, "allocate_care_manager")) == 6
