"""Dates about the past, in the shipped procedures (issue 24): a date saying when something
happened (advice given, a concern received, a notice sent, an action taken) is refused when it is
after today, in plain words naming the field; today itself is accepted. "Today" is the engine
clock's day in London. Planned dates on the same steps (a termination date, the next meeting)
may still be in the future."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_lancashire_helpers import (
    LANCS, assess_initially, assess_service_user_by_team, decide_initial_outcome, gather_information, holistic_row,
    start_performance_case,
)
from tests.processes.test_wales_escalating_concerns import AMBER_ROW, decide_higher_risk, raise_concerns
from tests.processes.test_wales_steps import ready
from tests.support.world import complete, open_elements, start

pytestmark = pytest.mark.clock("2026-12-04T10:00:00+00:00")
TODAY, TOMORROW = "2026-12-04", "2026-12-05"


def _refusals(councils, case, element_id: str, data: dict) -> list[tuple[str, str]]:
    with pytest.raises(Invalid) as refused:
        complete(councils, case, element_id, data)
    assert element_id in open_elements(councils, case)  # nothing was saved
    return [(e["field"], e["message"]) for e in refused.value.errors]


def _legal_advice(advised_on: str) -> dict:
    return {"advised_on": advised_on, "grounds": ["breach_of_contract"], "termination_mechanism": "Clause 34.",
            "legal_advice": "Terminate with notice."}


def test_lancashire_legal_advice_dated_tomorrow_is_refused_and_today_accepted(councils):
    case = start(councils, "lancashire_decommissioning", tenant=LANCS, role=Role.HEAD_OF_SERVICE,
                 data={"decommission_reason": "termination"})
    assert _refusals(councils, case, "advise_on_termination", _legal_advice(TOMORROW)) == [
        ("/advised_on", "Date of advice must be today or in the past")]
    complete(councils, case, "advise_on_termination", _legal_advice(TODAY))
    # the date the contract ends is planned, and may be months ahead
    complete(councils, case, "decide_termination", {"legal_consulted": True, "termination_decision": "terminate_with_notice",
                                                     "termination_date": "2027-03-31", "joint_approach": False,
                                                     "termination_reason": "Improvement plans not achieved."})


def test_lancashire_immediate_action_taken_tomorrow_is_refused_on_its_row(councils):
    case = start_performance_case(councils, received_on=TODAY)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure")
    gather_information(councils, case)
    complete(councils, case, "choose_sample_group", {"sample_service_users": [{"reference": "AB"}],
                                                     "provider_type": "residential_home"})
    assess_service_user_by_team(councils, case, "AB", [holistic_row("skin_including_tissue_viability", su=(4, 3))])
    row = {"service_user": "AB", "risk": "Pressure ulcer", "action_taken": "District nurse visit",
           "taken_by": "QI practitioner"}
    assert _refusals(councils, case, "take_immediate_action", {
        "immediate_actions": [dict(row, taken_on=TODAY), dict(row, taken_on=TOMORROW)],
        "safeguarding_referral_made": True}) == [
        ("/immediate_actions/1/taken_on", "Date must be today or in the past")]


def test_welsh_concerns_received_tomorrow_are_refused(councils):
    case = start(councils, "escalating_concerns", tenant="bridgend")
    answers = {"raised_by_agency": "social_services", "raised_by_name": "Ceri Jones",
               "raised_by_designation": "Care manager", "raised_by_contact": "ceri.jones@example.test",
               "concern_trigger": "accumulating_issues", "concerns_summary": "Repeated medication errors.",
               "shared_with_contracting_team": True, "raised_with_provider": "ri_or_rm",
               "difficulty_at_other_homes": False, "financial_difficulty": False, "other_detriments": False}
    assert _refusals(councils, case, "record_concerns", {**answers, "concerns_received_on": TOMORROW}) == [
        ("/concerns_received_on", "Date the concerns were received must be today or in the past")]
    complete(councils, case, "record_concerns", {**answers, "concerns_received_on": TODAY})
    assert "record_concerns" not in open_elements(councils, case)


def test_a_welsh_risk_issue_discussed_tomorrow_is_refused_on_its_date(councils):
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    care_home = ready(councils, case, "complete_risk_assessment")[0].data["care_home_name"]
    answers = {"care_home_name": care_home, "number_of_beds": 30, "completed_by_name": "Ceri Jones",
               "completed_by_designation": "Care manager", "completed_by_contact": "01656 000000",
               "date_completed": TODAY, "invoking_agency": "social_services", "line_manager": "Team manager",
               "information_sources": ["safeguarding"],
               "risk_issues": [dict(AMBER_ROW, dates_discussed=["2026-11-05", TOMORROW])]}
    assert _refusals(councils, case, "complete_risk_assessment", answers) == [
        ("/risk_issues/0/dates_discussed/1", "Date discussed must be today or in the past")]


def test_a_shared_notification_sent_tomorrow_is_refused_in_every_region(councils):
    sent = {"notification_method": "email", "recipient": "Registered manager", "summary": "Notice sent."}
    for tenant in ("lancashire", "swansea", "staffordshire", "reading"):
        case = start(councils, "notify_party", tenant=tenant, data={"notification_party": "provider"})
        assert _refusals(councils, case, "send_notification", {**sent, "sent_on": TOMORROW}) == [
            ("/sent_on", "Date sent (or call made) must be today or in the past")]
        complete(councils, case, "send_notification", {**sent, "sent_on": TODAY})


def test_a_shared_suspension_decided_tomorrow_is_refused_but_may_start_later(councils):
    case = start(councils, "suspension_of_placements", tenant="swansea")
    decision = {"suspension_decision": "suspend", "suspension_decision_reason": "Unsafe medication practice.",
                "suspension_grounds": "Breach of clause 12.", "suspension_scope": "all_new_placements",
                "suspended_from": "2026-12-07", "remedy_timescale": "2027-01-29"}
    assert _refusals(councils, case, "decide_suspension", {**decision, "suspension_decided_on": TOMORROW}) == [
        ("/suspension_decided_on", "Date of the decision must be today or in the past")]
    complete(councils, case, "decide_suspension", {**decision, "suspension_decided_on": TODAY})
