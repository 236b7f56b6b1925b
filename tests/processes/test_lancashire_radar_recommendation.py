"""Radar recommendation to the relevant officer (seed 000 section 3): Radar recommends a
suspension or a Level 1/2 QPIP; when no performance case of the provider is waiting for Radar's
view, the recommendation starts one; the officer follows the procedure and feeds the outcome back
to the Group."""

from __future__ import annotations


from api.cases.models import CaseStatus
from tests.processes.test_lancashire_helpers import (
    at, cases_of, catch_up, data, hold_meeting, referral, refresh, send,
)
from tests.support.world import complete, open_elements, open_tasks


def radar_recommends(councils, outcome="recommend_suspension"):
    at(2026, 3, 2)
    send(councils, "radar_referral", referral(councils))
    [radar] = cases_of(councils, "lancashire_radar")
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-03-20", "updates_due_on": "2026-03-16",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    complete(councils, radar, "give_partner_update", {"update_summary": "Serious concerns.", "contact_name": "Pat"})
    hold_meeting(councils, radar, "2026-03-20")
    complete(councils, radar, "record_radar_decision", {
        "radar_risk_level": "high_extreme", "radar_outcome": outcome, "radar_outcome_reason": "Significant concerns.",
        "lead_officer": "Cath Contracts", "lead_organisation": "lcc"})
    return radar


def test_a_recommendation_starts_a_case_for_the_relevant_officer(councils):
    radar = radar_recommends(councils, "recommend_suspension")
    [case] = cases_of(councils, "lancashire_radar_recommendation")
    assert case.provider_id == radar.provider_id
    d = data(councils, case)
    assert d["radar_recommendation"]["recommendation"] == "suspension"
    assert d["recommended_action"] == "suspension"
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_action", "contract_officer")
    assert "Radar recommended" in task.instructions
    assert "request_partner_updates" in open_elements(councils, radar)  # the provider stays on Radar


def test_the_recommendation_is_sent_once_and_the_outcome_is_fed_back_to_radar(councils):
    radar = radar_recommends(councils, "recommend_level_1_qpip")
    [case] = cases_of(councils, "lancashire_radar_recommendation")
    assert data(councils, case)["recommended_action"] == "level_1_qpip"
    complete(councils, case, "decide_action", {"recommended_action": "level_1_qpip", "decided_action": "routine_monitoring",
                                               "action_reason": "The provider has already put things right.",
                                               "proportionality": "Low risk now."})
    complete(councils, case, "monitor_and_support", {"monitoring_level": "standard", "risk_rating_reviewed": True,
                                                     "monitoring_review_on": "2026-03-21"})
    # Radar carries on: its next steps must not send the recommendation again.
    complete(councils, radar, "request_partner_updates", {"radar_meeting_date": "2026-04-17", "updates_due_on": "2026-04-16",
                                                          "partner_agencies": ["Integrated Care Board (ICB)"]})
    assert len(cases_of(councils, "lancashire_radar_recommendation")) == 1
    assert len(data(councils, radar)["known_referrals"]) == 1


def test_the_officer_may_suspend_and_radar_hears_the_outcome(councils, sessions):
    radar = radar_recommends(councils, "recommend_suspension")
    [case] = cases_of(councils, "lancashire_radar_recommendation")
    complete(councils, case, "decide_action", {"recommended_action": "suspension", "decided_action": "suspension",
                                               "proportionality": "Pending investigation."})
    catch_up("2026-03-23")
    complete(councils, case, "decide_suspension", {"suspension_decision": "do_not_suspend", "suspension_decided_on": "2026-03-23",
                                                   "suspension_decision_reason": "The provider agreed a voluntary pause."})
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "suspension_not_suspended"
    radar = refresh(councils, radar)
    assert radar.status == CaseStatus.RUNNING, radar.error
