"""Level 4 - Large Scale Enquiry (seed 001, paragraphs 9.17-9.22, practice guide 9)."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from engine.scoring import lse_indicators
from tests.processes.staffordshire_lse_steps import (
    coordinate_enquiries,
    decide_exclusions,
    decide_lse,
    instigate_closure_plan,
    closure_contacts,
    lse_discussion,
    lse_meeting,
    lse_set_up,
    review_closure_plan,
)
from tests.processes.test_staffordshire_support import (
    ADULTS,
    LSE_FACTS_MANY,
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
    start,
    status,
    task_data,
    timers,
)

POLICE_ITEMS = ["item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15"]
EXCLUDED_MARK = "(provider excluded: police investigation into the management)"


def _lse(councils, tenant="staffordshire", **start_data):
    facts = dict(LSE_FACTS_MANY, concerns_predominantly_safeguarding=True)
    return start(councils, "large_scale_enquiry", tenant=tenant, role=Role.SAFEGUARDING_LEAD,
                 data={"lse_factor_summary": lse_indicators(facts), **start_data})


def _no_names_in(value):
    text = json.dumps(value, ensure_ascii=False).lower()
    for adult in ADULTS + [{"name": "Edith Marsh"}]:
        for part in [adult["name"]] + adult["name"].split():
            assert part.lower() not in text, f"{part!r} appears in {text}"


# --------------------------------------------------------------------------- practice guide 9

def test_the_first_meeting_is_the_planning_discussion_on_the_practice_guide_9_agenda(councils):
    at(2026, 11, 2)
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils)
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
    _no_names_in(current["sab_lse_updates"])


def test_deciding_against_the_suggestion_needs_a_reason(councils):
    at(2026, 11, 2)
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", recommend_suspension=True)
    coordinate_enquiries(councils, case)
    lse_meeting(councils, case, "continue")
    assert len(cases_of(councils, "placement_suspension")) == 1


# --------------------------------------------------------------------------- 9.22 quarterly SAB report

def test_each_quarter_an_anonymised_lse_update_is_produced_for_the_safeguarding_adults_board(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", next_meeting_date="2027-01-11")
    quarter_end = timers(councils, case)["quarter_end_reached"]
    assert quarter_end.due_at == _dt.datetime(2026, 12, 31, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 31, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 31, 17, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["share_sab_lse_update"]

    current = data(councils, case)
    sab, qsism = current["sab_lse_update"], current["qsism_lse_update"]
    assert sab["quarter"] == "2026 Q4" and sab["status"] == "open"
    assert sab["adults_who_may_have_been_abused"] == 2
    assert sab["section_42_enquiries"] == {"total": 2, "open": 1, "concluded": 1}
    assert sab["concern_themes"] == ["Poor moving and handling with inappropriate techniques or equipment",
                                     "Skin integrity needs not being met"]
    assert len(sab["paragraph_9_5_factors"]) == 4
    assert sab["summary"].startswith("Large Scale Enquiry at a care home (residential), open (started 2 Nov 2026)")
    # anonymised: no names of adults anywhere, and not even the provider's name for the Board
    _no_names_in(sab)
    assert "Rosewood" not in json.dumps(sab)
    # QSISM hears the specific organisational concerns, with any adult's name taken out
    assert qsism["provider"] == "Rosewood House (staffordshire)"
    assert qsism["organisational_concerns"] == ("Systemic moving and handling failures; slings not assessed. "
                                                "[name removed]'s ulcer was not reported.")
    assert qsism["regulatory_issues"] == "CQC warning notice; [name removed]'s care plan not followed."
    _no_names_in(qsism)

    complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": True,
                                                      "shared_with_sab_on": "2027-01-14",
                                                      "shared_with_qsism_on": "2027-01-20"})
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    current = data(councils, case)
    assert current["sab_lse_updates"][0]["shared_with_sab_on"] == "2027-01-14"
    assert current["sab_next_update_due"] == "2027-03-31"
    # the next quarter ends in British Summer Time: 17:00 London is 16:00 UTC
    assert timers(councils, case)["quarter_end_reached"].due_at == _dt.datetime(2027, 3, 31, 16, tzinfo=UTC)


def test_the_update_cannot_be_shared_without_confirming_it_holds_no_personal_data(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    fire_timers(councils, sessions, _dt.datetime(2027, 1, 1, tzinfo=UTC))
    with pytest.raises(Invalid):
        complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": False,
                                                          "shared_with_sab_on": "2027-01-14"})


def test_a_quarter_that_ends_during_a_meeting_is_reported_once_the_meeting_is_recorded(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    at(2026, 12, 30)
    coordinate_enquiries(councils, case)  # the next meeting is being arranged as the quarter ends
    fire_timers(councils, sessions, _dt.datetime(2027, 1, 4, 9, tzinfo=UTC))
    assert open_elements(councils, case) == ["decide_provider_exclusions"]
    lse_meeting(councils, case, "continue", risk="moderate")
    fire_timers(councils, sessions)
    assert open_elements(councils, case) == ["share_sab_lse_update"]
    sab = data(councils, case)["sab_lse_update"]
    assert (sab["quarter"], sab["meetings_held"], sab["current_risk_level"]) == ("2026 Q4", 2, "moderate")


# --------------------------------------------------------------------------- 9.16 imminent failure

def test_imminent_failure_during_the_lse_instigates_urgent_closure_plans(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
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
    case = _lse(councils)
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
    case = _lse(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    lse_set_up(councils, case, police=True)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=True)
    assert data(councils, case)["provider_excluded_items"] == POLICE_ITEMS


# --------------------------------------------------------------------------- practice guide 9 item 17

def test_the_next_lse_meeting_date_is_a_timer_and_the_meeting_is_chased_once_it_passes(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
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


def test_a_quarter_timer_several_quarters_late_reports_each_missed_quarter_in_turn(councils, sessions):
    at(2026, 11, 2)
    case = _lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", next_meeting_date="2027-09-30")
    # Nothing ran the timers from Christmas until August: three quarters ended meanwhile.
    late = _dt.datetime(2027, 8, 2, 9, tzinfo=UTC)
    reported = []
    for _ in range(3):
        fire_timers(councils, sessions, late)
        assert open_elements(councils, case) == ["share_sab_lse_update"]
        reported.append(task_data(councils, case, "share_sab_lse_update")["sab_lse_update"]["quarter"])
        complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": True,
                                                          "shared_with_sab_on": "2027-08-02"})
    assert reported == ["2026 Q4", "2027 Q1", "2027 Q2"]
    fire_timers(councils, sessions, late)
    assert open_elements(councils, case) == ["coordinate_enquiries"]  # the current quarter is not over yet
    assert timers(councils, case)["quarter_end_reached"].due_at == _dt.datetime(2027, 9, 30, 16, tzinfo=UTC)
    assert [u["shared_with_sab_on"] for u in data(councils, case)["sab_lse_updates"]] == ["2027-08-02"] * 3


def test_the_closing_lse_update_is_reviewed_and_shared_before_the_lse_ends(councils):
    at(2026, 11, 2)
    case = _lse(councils)
    lse_set_up(councils, case)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, adults_safe=True, risk="low")
    complete(councils, case, "decide_lse_next_step", {
        "lse_recommended_next_step": "adults_safe", "lse_decision": "adults_safe", "lse_de_escalate_to": "close",
        "lse_outcome_summary": "Users of the service are safe from abuse or neglect."})
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "share_closing_lse_update"]
    assert task.role == "safeguarding_lead" and "## Closing LSE update" in task.instructions
    complete(councils, case, "share_closing_lse_update", {"no_personal_data_confirmed": True,
                                                          "shared_with_sab_on": "2026-11-09",
                                                          "shared_with_qsism_on": "2026-11-10"})
    assert status(councils, case) == CaseStatus.COMPLETED
    closing = data(councils, case)["sab_lse_updates"][-1]
    assert closing["sab_update"]["status"] == "closed"
    assert (closing["shared_with_sab_on"], closing["shared_with_qsism_on"]) == ("2026-11-09", "2026-11-10")
