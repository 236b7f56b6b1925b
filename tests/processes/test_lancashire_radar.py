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
    LANCS, advance_to, at, cases_of, catch_up, complete_for, data, hold_meeting, referral, refresh, send, send_notification, timers,
)
from tests.support.world import complete, open_elements, open_tasks, start

AGENCIES = ["Lancashire County Council Contracts", "Lancashire County Council Quality Improvement",
            "Integrated Care Board (ICB)", "Commissioning Support Unit (CSU)", "Safeguarding Adults"]


def meeting_steps(councils, case) -> list[str]:
    """The case's open steps besides the peer review, which the chair may arrange at any time."""
    return [e for e in open_elements(councils, case) if e != "arrange_peer_review"]


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
    while "give_partner_update" in meeting_steps(councils, case):
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
    assert meeting_steps(councils, case) == ["request_partner_updates"]
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "request_partner_updates"]
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
    assert meeting_steps(councils, case) == ["prepare_meeting"]
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
    assert "chase_step" not in meeting_steps(councils, case)
    advance_to(sessions, _dt.datetime(2026, 3, 16, 17, 1, tzinfo=_dt.timezone.utc))
    assert sorted(meeting_steps(councils, case)) == ["chase_step", "give_partner_update"]
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "admin"
    complete(councils, case, "chase_step", {"chase_action": "Phoned the CSU.", "chase_outcome": "chased"})
    give_all_updates(councils, case)
    assert meeting_steps(councils, case) == ["prepare_meeting"]
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
    assert "prepare_meeting" not in meeting_steps(councils, case)
    advance_to(sessions, _dt.datetime(2026, 3, 19, 17, 1, tzinfo=_dt.timezone.utc))
    assert meeting_steps(councils, case) == ["prepare_meeting"]
    updates = {u["agency"]: u for u in data(councils, case)["partner_updates"]}
    assert [a for a, u in updates.items() if u["given"]] == [AGENCIES[0]]
    assert {updates[a]["missing_because"] for a in AGENCIES[1:3]} == {"not_given_before_the_meeting"}
    assert data(councils, case)["meeting_agenda"][0].endswith("1 given; missing from " + ", ".join(AGENCIES[1:3]))
    hold_meeting(councils, case, "2026-03-20")
    assert meeting_steps(councils, case) == ["record_radar_decision"]


def test_a_provider_stays_on_the_agenda_for_the_next_meeting(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    one_meeting(councils, case, level="moderate", outcome="remain", radar_interventions_agreed=["targeted_monitoring"])
    assert meeting_steps(councils, case) == ["request_partner_updates"]
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
    assert meeting_steps(councils, case) == ["notify_alerter"]


def test_removal_from_radar_is_told_to_each_alerter_by_the_organisation_that_brought_the_provider(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    refer_early_alert(councils, alerter="Sam Safeguarding", organisation="Safeguarding Adults")
    refer_early_alert(councils, alerter="Ian ICB", organisation="Integrated Care Board (ICB)")
    one_meeting(councils, case, level="low_moderate", outcome="remove", removal_grounds="risk_mitigated",
                quorate_agreed=True)
    notices = [t for t in open_tasks(councils.session, case) if t.element_id == "notify_alerter"]
    assert len(notices) == 2 and {t.role for t in notices} == {"partner"}
    assert {n["organisation"]: len(n["alerters"]) for n in data(councils, case)["alerter_notices"]} == {
        "Integrated Care Board (ICB)": 2, "Safeguarding Adults": 1}
    catch_up("2026-03-21")
    for organisation in ("Integrated Care Board (ICB)", "Safeguarding Adults"):
        complete_for(councils, case, "notify_alerter", organisation, {
            "notification_method": "email", "sent_on": "2026-03-21", "recipient": organisation + " alerters",
            "summary": "Removed from Radar: risk mitigated."})
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert sorted(n["organisation"] for n in data(councils, case)["alerter_notifications"]) == [
        "Integrated Care Board (ICB)", "Safeguarding Adults"]
    assert timers(councils, case) == {}
    # The provider is off Radar: a new referral starts a new case.
    refer_early_alert(councils, alerter="Later Alerter")
    assert len(cases_of(councils, "lancashire_radar")) == 2


def arrange_and_carry_out_peer_review(councils, case, due="2026-04-30", reviewed="2026-04-28"):
    complete(councils, case, "arrange_peer_review", {
        "peer_review_partners": [{"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)"}],
        "peer_review_due_on": due, "peer_review_scope": "Risk assessment and escalation."})
    catch_up(reviewed)
    complete(councils, case, "carry_out_peer_review", {
        "peer_reviewed_on": reviewed, "risk_assessment_up_to_date": False, "escalation_process_followed": True,
        "peer_review_findings": "The risk assessment is out of date.",
        "peer_review_recommendations": "Update the risk assessment before the next meeting."})


def test_the_chair_may_arrange_a_peer_review_at_any_time_and_its_findings_go_on_the_next_agenda(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "arrange_peer_review"]
    assert task.role == "chair"
    arrange_and_carry_out_peer_review(councils, case)
    one_meeting(councils, case, meeting_date="2026-05-15")
    agenda = data(councils, case)["meeting_agenda"]
    assert "Peer review findings: 2026-04-28: The risk assessment is out of date." in agenda
    assert "arrange_peer_review" in open_elements(councils, case)  # the next one, due 12 months on


def test_the_peer_review_is_due_by_12_months_on_radar_and_chased(councils, sessions):
    start_at = at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    assert timers(councils, case)["twelve_months_on_radar"].due_at == start_at.replace(year=2027)
    advance_to(sessions, _dt.datetime(2027, 3, 2, 9, 1, tzinfo=_dt.timezone.utc))
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "chair"
    complete(councils, case, "arrange_peer_review", {
        "peer_review_partners": [{"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)"}],
        "peer_review_due_on": "2027-03-31", "peer_review_scope": "Risk assessment and escalation."})
    assert "chase_step" not in open_elements(councils, case)
    assert timers(councils, case)["peer_review_due"].due_at == _dt.datetime(2027, 3, 31, 16, tzinfo=_dt.timezone.utc)
    advance_to(sessions, _dt.datetime(2027, 3, 31, 16, 1, tzinfo=_dt.timezone.utc))
    [chase] = [t for t in open_tasks(councils.session, case) if t.element_id == "chase_step"]
    assert chase.role == "chair"
    catch_up("2027-04-02")
    complete(councils, case, "carry_out_peer_review", {
        "peer_reviewed_on": "2027-04-02", "risk_assessment_up_to_date": True, "risk_assessment_date": "2027-03-20",
        "escalation_process_followed": True,
        "peer_review_findings": "Up to date.", "peer_review_recommendations": "None."})
    assert "chase_step" not in open_elements(councils, case)
    assert refresh(councils, case).status == CaseStatus.RUNNING


def test_a_recommendation_led_by_the_icb_goes_to_the_icb_not_the_councils_process(councils):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    one_meeting(councils, case, level="high_extreme", outcome="recommend_level_2_qpip",
                radar_outcome_reason="Significant number of concerns.", lead_officer="Ian ICB", lead_organisation="icb")
    assert cases_of(councils, "lancashire_radar_recommendation") == []
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "send_notification"]
    assert data(councils, case)["notification_party"] == "Integrated Care Board (ICB): Ian ICB"
    send_notification(councils, case, "2026-03-21", "Ian ICB")
    assert meeting_steps(councils, case) == ["request_partner_updates"]


def test_a_peer_review_that_no_longer_applies_is_recorded_on_the_agenda_and_the_next_is_due(councils, sessions):
    at(2026, 3, 2)
    refer_early_alert(councils)
    case = radar_case(councils)
    complete(councils, case, "arrange_peer_review", {
        "peer_review_partners": [{"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)"}],
        "peer_review_due_on": "2026-03-31", "peer_review_scope": "Risk assessment and escalation."})
    advance_to(sessions, _dt.datetime(2026, 3, 31, 16, 1, tzinfo=_dt.timezone.utc))
    complete(councils, case, "chase_step", {"chase_action": "Partners unavailable.", "chase_outcome": "no_longer_applies",
                                            "chase_withdrawn_reason": "The provider has since been inspected by CQC."})
    assert "arrange_peer_review" in open_elements(councils, case)
    one_meeting(councils, case, meeting_date="2026-04-17")
    assert any("Peer review not carried out: The provider has since been inspected by CQC." in item
               for item in data(councils, case)["meeting_agenda"])
