"""Lancashire Radar Operating Procedure v2.0 (seed 000): one Radar case per provider, monthly
meetings with partners' pre-meeting updates, decisions by risk level, recommendations to the
relevant officer, the 12-month peer review, and removal with the alerter notified."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_lancashire_helpers import (
    LANCS, advance_to, at, cases_of, complete_for, data, hold_meeting, referral, refresh, send, send_notification, timers,
)
from tests.support.world import complete, open_elements, open_tasks, start

AGENCIES = ["Lancashire County Council Contracts", "Lancashire County Council Quality Improvement",
            "Integrated Care Board (ICB)", "Commissioning Support Unit (CSU)", "Safeguarding Adults"]


def refer_early_alert(councils, **kw):
    """A partner refers the provider to Radar as an Early Alert through the referral form."""
    case = start(councils, "lancashire_radar_referral", tenant=LANCS, role=Role.PARTNER)
    complete(councils, case, "refer_provider", {
        "referral_route": "early_alert", "early_alert_criteria": ["complaints", "leadership_culture"],
        "concern_summary": "High levels of complaints; the manager is implicated.", "alerter_name": kw.get("alerter", "Ann Alerter"),
        "alerter_organisation": kw.get("organisation", "Integrated Care Board (ICB)"),
        "alerter_email": "ann.alerter@icb.example", "referred_on": "2026-03-02"})
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    return case


def radar_case(councils):
    [case] = [c for c in cases_of(councils, "lancashire_radar") if c.status == CaseStatus.RUNNING]
    return case


def ask_for_updates(councils, case, meeting_date="2026-03-20", due="2026-03-16", agencies=None):
    complete(councils, case, "request_partner_updates", {"radar_meeting_date": meeting_date, "updates_due_on": due,
                                                         "partner_agencies": agencies or AGENCIES[:2]})


def give_all_updates(councils, case):
    while "give_partner_update" in open_elements(councils, case):
        complete(councils, case, "give_partner_update", {"update_summary": "No new information.",
                                                         "contact_name": "Pat Partner"})


def decide(councils, case, level, outcome, **extra):
    complete(councils, case, "record_radar_decision", {"radar_risk_level": level, "radar_outcome": outcome, **extra})


def one_meeting(councils, case, meeting_date="2026-03-20", level="moderate", outcome="remain", **extra):
    ask_for_updates(councils, case, meeting_date=meeting_date)
    give_all_updates(councils, case)
    hold_meeting(councils, case, meeting_date)
    decide(councils, case, level, outcome, **extra)


# ---------------------------------------------------------------------------------------------


def test_an_early_alert_starts_a_radar_case_for_the_provider(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    assert case.provider_id == councils.providers[LANCS]
    assert open_elements(councils, case) == ["request_partner_updates"]
    [task] = open_tasks(councils.session, case)
    assert task.role == "admin"
    agenda = data(councils, case)["known_referrals"]
    assert [(r["route"], r["criteria"], r["alerter"]["name"]) for r in agenda] == [
        ("early_alert", ["complaints", "leadership_culture"], "Ann Alerter")]


def test_a_second_referral_of_the_same_provider_joins_the_open_case(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    send(councils, "radar_referral", referral(councils, route="any_other_business", alerter="Sam Safeguarding",
                                              organisation="Safeguarding Adults", criteria=["partner_issue"]))
    refer_early_alert(councils, alerter="Cath Contracts", organisation="Lancashire County Council")
    assert [c.id for c in cases_of(councils, "lancashire_radar")] == [case.id]
    ask_for_updates(councils, case)
    give_all_updates(councils, case)
    agenda = data(councils, case)["agenda_referrals"]
    assert [r["alerter"]["name"] for r in agenda] == ["Ann Alerter", "Sam Safeguarding", "Cath Contracts"]
    assert data(councils, case)["meeting_agenda"][1].endswith("3 referral(s)")


def test_partners_give_their_updates_before_each_meeting(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    ask_for_updates(councils, case, agencies=AGENCIES[:3])
    updates = [t for t in open_tasks(councils.session, case) if t.element_id == "give_partner_update"]
    assert len(updates) == 3 and {t.role for t in updates} == {"partner"}
    give_all_updates(councils, case)
    assert open_elements(councils, case) == ["prepare_meeting"]
    assert sorted(u["agency"] for u in data(councils, case)["partner_updates"]) == sorted(AGENCIES[:3])


def test_updates_not_in_by_the_due_date_are_chased_without_stopping_the_updates(councils, sessions):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    ask_for_updates(councils, case, due="2026-03-16")
    complete(councils, case, "give_partner_update", {"update_summary": "Visit planned.", "contact_name": "Pat"})
    due = timers(councils, case)["update_overdue"]
    assert due.due_at == _dt.datetime(2026, 3, 16, 17, tzinfo=_dt.timezone.utc)
    advance_to(sessions, _dt.datetime(2026, 3, 16, 16, 59, tzinfo=_dt.timezone.utc))
    assert "chase_step" not in open_elements(councils, case)
    advance_to(sessions, _dt.datetime(2026, 3, 16, 17, 1, tzinfo=_dt.timezone.utc))
    assert sorted(open_elements(councils, case)) == ["chase_step", "give_partner_update"]
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "admin"
    complete(councils, case, "chase_step", {"chase_action": "Phoned the CSU.", "chase_outcome": "chased"})
    give_all_updates(councils, case)
    assert open_elements(councils, case) == ["prepare_meeting"]
    assert all(u["given"] for u in data(councils, case)["partner_updates"])


def test_the_meeting_goes_ahead_on_its_date_with_missing_updates_recorded(councils, sessions):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    ask_for_updates(councils, case, meeting_date="2026-03-20", due="2026-03-16", agencies=AGENCIES[:3])
    complete_for(councils, case, "give_partner_update", AGENCIES[0], {"update_summary": "Visit planned.",
                                                                       "contact_name": "Pat"})
    assert timers(councils, case)["meeting_date_reached"].due_at == _dt.datetime(2026, 3, 19, 17, tzinfo=_dt.timezone.utc)
    advance_to(sessions, _dt.datetime(2026, 3, 19, 16, 59, tzinfo=_dt.timezone.utc))
    assert "prepare_meeting" not in open_elements(councils, case)
    advance_to(sessions, _dt.datetime(2026, 3, 19, 17, 1, tzinfo=_dt.timezone.utc))
    assert open_elements(councils, case) == ["prepare_meeting"]
    updates = {u["agency"]: u for u in data(councils, case)["partner_updates"]}
    assert [a for a, u in updates.items() if u["given"]] == [AGENCIES[0]]
    assert {updates[a]["missing_because"] for a in AGENCIES[1:3]} == {"not_given_before_the_meeting"}
    assert data(councils, case)["meeting_agenda"][0].endswith("1 given; missing from " + ", ".join(AGENCIES[1:3]))
    hold_meeting(councils, case, "2026-03-20")
    assert open_elements(councils, case) == ["record_radar_decision"]


def test_a_provider_stays_on_the_agenda_for_the_next_meeting(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    one_meeting(councils, case, level="moderate", outcome="remain", radar_interventions_agreed=["targeted_monitoring"])
    assert open_elements(councils, case) == ["request_partner_updates"]
    [decision] = data(councils, case)["radar_decisions"]
    assert decision["recommended_outcome"] == "remain" and decision["interventions"] == ["targeted_monitoring"]
    assert decision["actions"][0]["owner"] == "Pat Partner"
    # The next month: updates again, another meeting, another decision.
    one_meeting(councils, case, meeting_date="2026-04-17", level="high_extreme", outcome="remain",
                radar_interventions_agreed=["enhanced_monitoring", "validation_visit"])
    assert [d["meeting_date"] for d in data(councils, case)["radar_decisions"]] == ["2026-03-20", "2026-04-17"]
    assert len(data(councils, case)["meetings_held"]) == 2


def test_removal_needs_the_quorate_to_agree_and_a_reason_when_risk_is_not_low(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    ask_for_updates(councils, case)
    give_all_updates(councils, case)
    hold_meeting(councils, case, "2026-03-20")
    with pytest.raises(Invalid):  # removal without the quorate agreeing
        decide(councils, case, "no_low", "remove", removal_grounds="risk_mitigated", quorate_agreed=False)
    with pytest.raises(Invalid):  # moderate risk suggests staying on the agenda: a reason is required to remove
        decide(councils, case, "moderate", "remove", removal_grounds="assurance_gained", quorate_agreed=True)
    with pytest.raises(Invalid):  # a recommendation names the relevant officer
        decide(councils, case, "high_extreme", "recommend_level_2_qpip", radar_outcome_reason="Many concerns")
    decide(councils, case, "moderate", "remove", removal_grounds="assurance_gained", quorate_agreed=True,
           radar_outcome_reason="The provider's own action plan gives satisfactory assurance.")
    assert open_elements(councils, case) == ["send_notification"]


def test_removal_from_radar_notifies_every_alerter_and_closes_the_case(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    refer_early_alert(councils, alerter="Sam Safeguarding", organisation="Safeguarding Adults")
    one_meeting(councils, case, level="low_moderate", outcome="remove", removal_grounds="risk_mitigated",
                quorate_agreed=True)
    [task] = open_tasks(councils.session, case)
    assert task.element_id == "send_notification" and task.role == "contract_officer"
    assert data(councils, case)["notification_party"] == (
        "Alerter: Ann Alerter (Integrated Care Board (ICB)); Sam Safeguarding (Safeguarding Adults)")
    assert "Removal of" in data(councils, case)["notification_subject"]
    send_notification(councils, case, "2026-03-21", "Ann Alerter; Sam Safeguarding")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["notifications"][0]["party"].startswith("Alerter: Ann Alerter")
    assert timers(councils, case) == {}
    # The provider is off Radar: a new referral starts a new case.
    refer_early_alert(councils, alerter="Later Alerter")
    assert len(cases_of(councils, "lancashire_radar")) == 2


def test_the_12_month_peer_review_fires_while_the_provider_is_on_radar(councils, sessions):
    start_at = at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    review = timers(councils, case)["twelve_months_on_radar"]
    assert review.due_at == start_at.replace(year=2027)
    advance_to(sessions, _dt.datetime(2027, 3, 1, 9, tzinfo=_dt.timezone.utc))
    assert "arrange_peer_review" not in open_elements(councils, case)
    advance_to(sessions, _dt.datetime(2027, 3, 2, 9, 1, tzinfo=_dt.timezone.utc))
    assert "arrange_peer_review" in open_elements(councils, case)
    complete(councils, case, "arrange_peer_review", {
        "peer_review_partners": [{"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)"}],
        "peer_review_due_on": "2027-03-31", "peer_review_scope": "Risk assessment and escalation."})
    complete(councils, case, "carry_out_peer_review", {
        "peer_reviewed_on": "2027-03-25", "risk_assessment_up_to_date": False, "escalation_process_followed": True,
        "peer_review_findings": "The risk assessment is from 2026.",
        "peer_review_recommendations": "Update the risk assessment before the next meeting."})
    assert timers(councils, case)["twelve_months_on_radar"].due_at > _dt.datetime(2028, 3, 1, tzinfo=_dt.timezone.utc)
    assert refresh(councils, case).status == CaseStatus.RUNNING
