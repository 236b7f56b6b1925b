"""Shared sub-process `suspension_of_placements`: the contractual decision, written confirmation with
the grounds for default and the timescale to remedy it, reviews on their dates until lifting is
recommended, authorisation and notice of lifting."""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import select

from api.cases.models import CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data
from api.errors import Invalid
from engine import clock
from tests.support.dates import catch_up
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc

SUSPEND = {
    "suspension_decision": "suspend",
    "suspension_decided_on": "2026-03-02",
    "suspension_decision_reason": "Serious medication errors; residents at risk.",
    "suspension_grounds": "Breach of clause 12 (medicines management) of the residential care contract.",
    "suspension_scope": "all_new_placements",
    "suspended_from": "2026-03-02",
    "remedy_timescale": "2026-04-30",
    "commissioners_deciding": [{"commissioner": "Swansea Council", "decision": "suspend"},
                               {"commissioner": "Swansea Bay UHB", "decision": "do_not_suspend",
                                "notes": "Continuing NHS funded placements while monitoring"}],
}
LETTER = {
    "letter_sent_on": "2026-03-03",
    "recipients": [{"name": "Registered manager", "organisation": "Rosewood House"}],
    "letter_grounds": SUSPEND["suspension_grounds"],
    "remedy_timescale": "2026-04-30",
    "actions_in_action_plan": True,
}


def _review(outcome, review_date, next_review=None, **extra):
    data = {"suspension_reviewed_on": review_date, "service_users_reassessed": True, "failures_remedied": outcome == "lift",
            "review_outcome": outcome, "suspension_review_notes": f"Reviewed on {review_date}.", **extra}
    if next_review:
        data["next_review_date"] = next_review
    return data


def _reviewed(councils, case, outcome, review_date, next_review=None, **extra):
    """The review recorded on the day it was held."""
    catch_up(review_date)
    complete(councils, case, "review_suspension", _review(outcome, review_date, next_review, **extra))


def _timers(session, case):
    session.expire_all()
    return {t.element_id: t for t in session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}


def _suspended(councils, tenant="swansea"):
    clock.set_clock(_dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    case = start(councils, "suspension_of_placements", tenant=tenant)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_suspension", "head_of_service")
    complete(councils, case, "decide_suspension", SUSPEND)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("confirm_suspension_in_writing", "contract_officer")
    assert "confirmed in writing" in task.instructions and "2026-04-30" in task.instructions
    catch_up("2026-03-03")
    complete(councils, case, "confirm_suspension_in_writing", LETTER)
    return case


@pytest.mark.clock("2026-03-02T09:00:00+00:00")
def test_head_of_service_decides_not_to_suspend(councils):
    # the caller's own decision date (e.g. of a risk level) must survive the sub-process
    case = start(councils, "suspension_of_placements", tenant="lancashire", data={"decision_date": "2026-02-27"})
    complete(councils, case, "decide_suspension", {
        "suspension_decision": "do_not_suspend", "suspension_decided_on": "2026-03-02",
        "suspension_decision_reason": "Risks are managed through the Level 1 QPIP.",
    })
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["suspension_status"] == "not_suspended"
    assert data["suspended_from"] is None and data["lifted_on"] is None and data["suspension_reviews"] == []
    assert data["decision_date"] == "2026-02-27" and data["suspension_decided_on"] == "2026-03-02"


@pytest.mark.clock("2026-03-02T09:00:00+00:00")
def test_a_suspension_needs_grounds_scope_start_and_remedy_timescale(councils):
    case = start(councils, "suspension_of_placements", tenant="lancashire")
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "decide_suspension", {
            "suspension_decision": "suspend", "suspension_decided_on": "2026-03-02", "suspension_decision_reason": "Risk.",
        })
    assert {e["field"] for e in raised.value.errors} == {
        "/suspension_grounds", "/suspension_scope", "/suspended_from", "/remedy_timescale"}
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "decide_suspension", {**SUSPEND, "suspension_scope": "specified_services"})
    assert [e["field"] for e in raised.value.errors] == ["/specified_services"]
    assert open_elements(councils, case) == ["decide_suspension"]


def test_suspension_reviewed_until_lifted_then_authorised_and_notified(councils, sessions):
    case = _suspended(councils)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("review_suspension", "quality_improvement")
    assert case_data(councils.session, case)["suspension_status"] == "suspended"

    # first review: continue, next review on 1 April (British Summer Time: 17:00 London is 16:00 UTC)
    with pytest.raises(Invalid) as raised:
        _reviewed(councils, case, "continue", "2026-03-16")
    assert [e["field"] for e in raised.value.errors] == ["/next_review_date"]
    _reviewed(councils, case, "continue", "2026-03-16", "2026-04-01")
    assert open_elements(councils, case) == []
    timer = _timers(councils.session, case)["await_next_review"]
    assert timer.due_at == _dt.datetime(2026, 4, 1, 16, tzinfo=UTC)
    assert "1 Apr 2026" in timer.rule

    clock.set_clock(_dt.datetime(2026, 4, 1, 15, 59, tzinfo=UTC))
    run_due_timers(sessions)
    assert open_elements(councils, case) == []
    clock.set_clock(_dt.datetime(2026, 4, 1, 16, 1, tzinfo=UTC))
    run_due_timers(sessions)
    assert open_elements(councils, case) == ["review_suspension"]

    # second review: recommend lifting; the head of service authorises; notice goes to the provider
    _reviewed(councils, case, "lift", "2026-04-02")
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("authorise_lifting", "head_of_service")
    assert "The review on 2026-04-02 recommends lifting" in task.instructions
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "authorise_lifting", {"lift_authorised": True})
    assert [e["field"] for e in raised.value.errors] == ["/lifted_on"]
    complete(councils, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": "2026-04-03"})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("notify_lifting", "contract_officer")
    catch_up("2026-04-03")
    complete(councils, case, "notify_lifting", {
        "notice_sent_on": "2026-04-03", "notice_method": "letter",
        "notice_recipients": [{"name": "Registered manager", "organisation": "Rosewood House"}],
    })
    councils.session.refresh(case)
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["suspension_status"] == "lifted"
    assert (data["suspended_from"], data["lifted_on"], data["notice_sent_on"]) == ("2026-03-02", "2026-04-03", "2026-04-03")
    assert [(r["step"], r["review_date"], r["outcome"]) for r in data["suspension_reviews"]] == [
        ("review", "2026-03-16", "continue"), ("review", "2026-04-02", "lift"),
        ("authorisation", "2026-04-03", "lift_authorised")]
    assert data["suspension_reviews"][0]["next_review_date"] == "2026-04-01"
    assert data["commissioners_deciding"][1]["decision"] == "do_not_suspend"


def test_lifting_not_authorised_waits_for_the_next_review(councils, sessions):
    case = _suspended(councils, tenant="bridgend")
    assert case.definition.folder == "shared"
    _reviewed(councils, case, "lift", "2026-03-20")
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "authorise_lifting", {"lift_authorised": False})
    assert {e["field"] for e in raised.value.errors} == {"/authorisation_notes", "/next_review_date"}
    complete(councils, case, "authorise_lifting", {
        "lift_authorised": False, "authorisation_notes": "Improvements not yet sustained.",
        "next_review_date": "2026-04-20"})
    assert open_elements(councils, case) == []
    assert _timers(councils.session, case)["await_next_review"].due_at == _dt.datetime(2026, 4, 20, 16, tzinfo=UTC)
    clock.set_clock(_dt.datetime(2026, 4, 20, 16, 1, tzinfo=UTC))
    run_due_timers(sessions)
    assert open_elements(councils, case) == ["review_suspension"]
    reviews = case_data(councils.session, case)["suspension_reviews"]
    assert reviews[-1]["outcome"] == "lift_not_authorised" and reviews[-1]["next_review_date"] == "2026-04-20"


def test_reassessment_not_done_needs_notes(councils):
    case = _suspended(councils, tenant="reading")
    with pytest.raises(Invalid) as raised:
        _reviewed(councils, case, "continue", "2026-03-16", "2026-04-01", service_users_reassessed=False)
    assert [e["field"] for e in raised.value.errors] == ["/reassessment_notes"]


# A panel's recommendation to remove the suspension (Western Bay 4.10: "Recommendations to remove suspensions of
# placements will be made by the JIMP panel"; "Each organisation has arrangements for authorising" them) reaches a
# suspension in force as the message suspension_removal_recommended, correlated on the provider.

def _recommend_removal(councils, case, provider_id=None):
    from api.actors import Actor
    from api.cases.service import deliver_message

    provider_id = provider_id or case.provider_id
    payload = {"provider_id": provider_id, "recommended_by": "The JIMP panel", "recommended_on": "2026-03-20",
               "grounds": "Medication audits clean for six weeks."}
    return deliver_message(councils.session, tenant=councils.tenants["swansea"], actor=Actor.system("tests"),
                           name="suspension_removal_recommended", correlation={"provider_id": provider_id},
                           payload=payload)


def test_a_recommendation_to_remove_interrupts_the_wait_for_the_next_review(councils):
    case = _suspended(councils)
    _reviewed(councils, case, "continue", "2026-03-16", "2026-05-01")
    _recommend_removal(councils, case)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("authorise_lifting", "head_of_service")
    assert "The JIMP panel recommends removing the suspension" in task.instructions
    assert "Medication audits clean for six weeks." in task.instructions
    assert "await_next_review" not in _timers(councils.session, case)
    complete(councils, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": "2026-03-23"})
    assert open_elements(councils, case) == ["notify_lifting"]
    decision = case_data(councils.session, case)["suspension_reviews"][-1]
    assert (decision["outcome"], decision["recommended_by"]) == ("lift_authorised", "The JIMP panel")
    assert decision["recommendation"]["grounds"] == "Medication audits clean for six weeks."


def test_a_recommendation_during_a_review_goes_to_the_decider_who_may_keep_the_suspension(councils):
    case = _suspended(councils)
    assert open_elements(councils, case) == ["review_suspension"]
    _recommend_removal(councils, case)
    assert open_elements(councils, case) == ["authorise_lifting"]     # the review under way gives way
    complete(councils, case, "authorise_lifting", {
        "lift_authorised": False, "authorisation_notes": "Staffing still relies on agency nurses.",
        "next_review_date": "2026-04-20"})
    assert _timers(councils.session, case)["await_next_review"].due_at == _dt.datetime(2026, 4, 20, 16, tzinfo=UTC)
    data = case_data(councils.session, case)
    decision = data["suspension_reviews"][-1]
    assert (decision["outcome"], decision["recommended_by"], decision["notes"]) == (
        "lift_not_authorised", "The JIMP panel", "Staffing still relies on agency nurses.")
    assert data["panel_removal_recommendation"] is None and data["suspension_status"] == "suspended"


def test_a_recommendation_for_another_provider_does_not_reach_the_suspension(councils):
    from api.errors import NotFound

    case = _suspended(councils)
    with pytest.raises(NotFound):
        _recommend_removal(councils, case, provider_id=case.provider_id + 999)
    assert open_elements(councils, case) == ["review_suspension"]
