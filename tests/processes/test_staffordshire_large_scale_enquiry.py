"""Level 4 - Large Scale Enquiry (seed 001, paragraphs 9.17-9.22, practice guide 9)."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.staffordshire_lse_steps import (
    assert_no_names_in,
    coordinate_enquiries,
    decide_exclusions,
    decide_lse,
    instigate_closure_plan,
    closure_contacts,
    lse_discussion,
    lse_meeting,
    lse_set_up,
    review_closure_plan,
    start_lse,
)
from tests.processes.test_staffordshire_support import (
    UTC,
    at,
    cases_of,
    complete,
    data,
    fire_timers,
    hold_meeting,
    open_elements,
    open_tasks,
    schema,
    status,
    timers,
)

POLICE_ITEMS = ["item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15"]
EXCLUDED_MARK = "(provider excluded: police investigation into the management)"


# --------------------------------------------------------------------------- practice guide 9

def test_the_first_meeting_is_the_planning_discussion_on_the_practice_guide_9_agenda(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    assert open_elements(councils, case) == ["decide_provider_exclusions"]
    assert data(councils, case)["recommended_provider_excluded_items"] == []
    decide_exclusions(councils, case)
    assert open_elements(councils, case) == ["prepare_meeting"]
    current = data(councils, case)
    assert current["meeting_title"] == "Large Scale Enquiry planning discussion"
    agenda = current["meeting_agenda"]
    assert len(agenda) == 17
    assert agenda[3] == "Confidentiality statements to be agreed by all participants"
    assert agenda[5] == "Names of adults who may have been abused inc details of safeguarding referrals"
    assert agenda[12] == "Contractual Action e.g. Suspension of Placements"
    assert agenda[13] == ("(a) Enquiry Planning; (b) Protection and Support Plan (Service Provider); "
                          "(c) Protection and Support Plan (Other Agencies)")
    assert agenda[16] == "Future meetings"
    assert not any(EXCLUDED_MARK in item for item in agenda)
    assert current["provider_excluded_items"] == []
    # the lead manager leads; the safeguarding lead records each meeting under the agenda's headings
    hold_meeting(councils, case)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("record_lse_discussion", "safeguarding_lead")


def test_the_confidentiality_statement_must_be_agreed_by_all(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    statement = schema("lse_discussion")["properties"]["lse_confidentiality_agreed"]
    assert statement["description"].startswith("Any information disclosed as part of these discussions")
    with pytest.raises(Invalid):
        complete(councils, case, "record_lse_discussion", {"lse_confidentiality_agreed": False})


def test_names_of_adults_are_confidential_and_police_items_hidden_from_partners_while_police_investigate():
    props = schema("lse_discussion")["properties"]
    assert props["adults_who_may_have_been_abused"]["x-confidential"] == {"hidden_from": ["partner", "viewer", "provider"]}
    for field in ("criminal_offences", "current_agency_information", "enquiry_planning", "s42_enquiries",
                  "protection_plan_other_agencies", "information_sharing"):
        assert props[field]["x-confidential"] == {"hidden_from": ["partner", "provider"],
                                                  "when": "police_investigation_active"}, field
    assert props["excluded_items_minutes"]["x-confidential"] == {"hidden_from": ["partner", "provider"]}
    # the provider's own plan and the communication plan are shared with the provider, unless the chair excludes them
    assert props["protection_plan_provider"]["x-confidential"]["hidden_from"] == ["provider"]
    assert props["protection_plan_provider"]["x-confidential"]["when"] == "'item_14b' in (provider_excluded_items or [])"
    assert props["communication_plan"]["x-confidential"]["when"] == "'item_16' in (provider_excluded_items or [])"


# --------------------------------------------------------------------------- 9.19 police investigation

def test_the_provider_is_excluded_from_items_while_a_police_investigation_into_the_management_is_active(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case, police=True)
    current = data(councils, case)
    assert current["police_investigation_active"] is True
    # "this will always be the case where there are active police investigations into the management":
    # the recommendation, which the LSE chair accepts
    assert current["recommended_provider_excluded_items"] == POLICE_ITEMS
    decide_exclusions(councils, case)
    current = data(councils, case)
    assert current["provider_excluded_items"] == POLICE_ITEMS
    agenda = current["meeting_agenda"]
    assert agenda[5].endswith(EXCLUDED_MARK) and agenda[6].endswith(EXCLUDED_MARK)
    assert agenda[8].endswith(EXCLUDED_MARK) and agenda[14].endswith(EXCLUDED_MARK)
    assert "(a) Enquiry Planning " + EXCLUDED_MARK in agenda[13]
    assert "(b) Protection and Support Plan (Service Provider);" in agenda[13]
    assert not agenda[9].endswith(EXCLUDED_MARK)  # current provider information
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=True)
    current = data(councils, case)
    assert current["police_investigation_active"] is True
    assert current["lse_exclusion_log"] == [{
        "meeting": "Large Scale Enquiry planning discussion", "date": "2026-11-02",
        "police_investigation_active": True, "provider_excluded_items": POLICE_ITEMS}]
    decide_lse(councils, case, "continue")

    # the police close their investigation before the next meeting: the chair lifts the exclusions, saying so
    at(2026, 11, 30)
    coordinate_enquiries(councils, case)
    decide_exclusions(councils, case, [], reason="The police closed their investigation on 27 November.")
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=False)
    current = data(councils, case)
    assert current["meetings_held"][-1]["title"] == "Large Scale Enquiry meeting 2"
    assert current["police_investigation_active"] is False
    assert current["lse_exclusion_log"][-1]["provider_excluded_items"] == []


def test_a_police_investigation_starting_later_excludes_the_provider_from_the_next_meeting(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case, police=False)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=True)
    decide_lse(councils, case, "continue")
    coordinate_enquiries(councils, case)
    assert data(councils, case)["recommended_provider_excluded_items"] == POLICE_ITEMS
    decide_exclusions(councils, case)
    current = data(councils, case)
    assert current["provider_excluded_items"] == POLICE_ITEMS
    assert current["meeting_agenda"][6] == "Criminal Offences " + EXCLUDED_MARK


# --------------------------------------------------------------------------- 9.20 meetings until safe

def test_meetings_continue_until_users_of_the_service_are_safe_then_the_lse_ends(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    suggested, _ = lse_meeting(councils, case, "continue")
    assert suggested == "continue"
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    at(2026, 11, 30)
    coordinate_enquiries(councils, case)
    suggested, _ = lse_meeting(councils, case, "adults_safe", adults_safe=True, risk="low", de_escalate_to="level_3")
    assert suggested == "adults_safe"
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["next_framework_step"] == "level_3"
    assert [d["decided"] for d in current["lse_decisions"]] == ["continue", "adults_safe"]
    assert current["meetings_held"][-1]["title"] == "Large Scale Enquiry meeting 2"
    # the closing update for the next quarterly report to the Safeguarding Adults Board
    closing = current["sab_lse_updates"][-1]["sab_update"]
    assert closing["status"] == "closed" and closing["meetings_held"] == 2
    assert_no_names_in(current["sab_lse_updates"])


def test_deciding_against_the_suggestion_needs_a_reason(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, adults_safe=True, risk="low")
    with pytest.raises(Invalid):
        complete(councils, case, "decide_lse_next_step", {"lse_recommended_next_step": "adults_safe",
                                                          "lse_decision": "continue"})
    decide_lse(councils, case, "continue", reason="Two enquiries are still open.")
    assert data(councils, case)["lse_decisions"][-1]["reason"] == "Two enquiries are still open."


def test_after_a_significant_period_with_high_risk_the_lse_suggests_level_5(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    at(2027, 5, 4)  # 26 weeks later: the council's significant period
    coordinate_enquiries(councils, case)
    suggested, _ = lse_meeting(councils, case, "escalate_level_5", risk="extreme")
    assert suggested == "escalate_level_5"
    assert status(councils, case) == CaseStatus.COMPLETED
    assert data(councils, case)["next_framework_step"] == "level_5"


# --------------------------------------------------------------------------- 9.18 suspension

def test_a_recommended_suspension_starts_a_case_in_which_the_commissioners_decide(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, recommend_suspension=True)
    [suspension] = cases_of(councils, "placement_suspension")
    assert suspension.provider_id == case.provider_id
    [task] = open_tasks(councils.session, suspension)
    assert (task.element_id, task.role) == ("decide_suspension", "head_of_service")
    current = data(councils, suspension)
    assert current["suspension_recommended_by"] == "Large Scale Enquiry"
    assert current["recommended_suspension_grounds"] == "Unsafe moving and handling"
    # the LSE carries on meanwhile
    assert open_elements(councils, case) == ["decide_lse_next_step"]


def test_a_suspension_recommended_once_starts_one_case(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", recommend_suspension=True)
    coordinate_enquiries(councils, case)
    lse_meeting(councils, case, "continue")
    assert len(cases_of(councils, "placement_suspension")) == 1


# --------------------------------------------------------------------------- 9.22 quarterly SAB report

def test_imminent_failure_during_the_lse_instigates_urgent_closure_plans(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    suggested, _ = lse_meeting(councils, case, "imminent_failure", imminent_failure=True)
    assert suggested == "imminent_failure"
    assert open_elements(councils, case) == ["contact_social_care_and_commissioners"]
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-16")
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 16, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "service_closed")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["next_framework_step"] == "service_closed"
    assert current["sab_lse_updates"][-1]["sab_update"]["status"] == "closed"


def test_when_failure_is_averted_the_lse_meetings_continue(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "imminent_failure", imminent_failure=True)
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-16")
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 16, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "failure_averted")
    # No meeting set the next one: the LSE meets again at once (the review ended after 17:00, so it is chased
    # now, and the chaser agrees the date).
    assert sorted(open_elements(councils, case)) == ["chase_step", "coordinate_enquiries"]


def test_stoke_on_trent_runs_the_same_large_scale_enquiry(councils):
    at(2026, 11, 2)
    case = start_lse(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    lse_set_up(councils, case, police=True)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=True)
    assert data(councils, case)["provider_excluded_items"] == POLICE_ITEMS


# --------------------------------------------------------------------------- practice guide 9 item 17

def test_the_next_lse_meeting_date_is_a_timer_and_the_meeting_is_chased_once_it_passes(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", next_meeting_date="2026-11-30")
    assert timers(councils, case)["next_lse_meeting_overdue"].due_at == _dt.datetime(2026, 11, 30, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 30, 17, 1, tzinfo=UTC))
    assert sorted(open_elements(councils, case)) == ["chase_step", "coordinate_enquiries"]
    complete(councils, case, "chase_step", {"chase_action": "Rang the chair: the police could not attend",
                                            "chase_outcome": "new_date_agreed", "chase_new_date": "2026-12-07"})
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    coordinate_enquiries(councils, case)  # the next meeting comes: the chase ends with the step
    assert open_elements(councils, case) == ["decide_provider_exclusions"]
