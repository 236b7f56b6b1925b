"""Level 2: contact with the provider (seed 001, Level 2 guidance)."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_staffordshire_support import (
    QIP_ACTIONS, UTC, at, complete, data, fire_timers, hold_meeting, open_elements, open_tasks,
    plan_provider_contact, review_action_plan, review_level_2, send_notification, start, status, timers)


def _level_2(councils, tenant="staffordshire"):
    at(2026, 11, 2)
    return start(councils, "level_2_provider_contact", tenant=tenant, role=Role.CONTRACT_OFFICER)


def test_every_kind_of_contact_can_run_at_once(councils, sessions):
    case = _level_2(councils)
    plan_provider_contact(councils, case, risk="moderate", contact_types=(
        "contractual_action", "formal_meeting", "action_plan", "safeguarding_requirements"))
    roles = {t.element_id: t.role for t in open_tasks(councils.session, case)}
    assert roles == {"send_notification": "contract_officer", "prepare_meeting": "admin",
                     "agree_level_2_action_plan": "contract_officer",
                     "set_safeguarding_requirements": "safeguarding_lead"}
    assert data(councils, case)["meeting_title"] == "Level 2 formal meeting with the provider"
    send_notification(councils, case, summary="Default notice under clause 12")
    assert data(councils, case)["notifications"][0]["subject"] == "Contractual action: Default notice under clause 12"
    hold_meeting(councils, case)
    complete(councils, case, "set_safeguarding_requirements", {
        "safeguarding_requirements": "Falls risk assessments for every resident",
        "safeguarding_requirements_due": "2026-11-16", "individual_enquiries_raised": True})
    complete(councils, case, "agree_level_2_action_plan", {
        "level_2_actions": QIP_ACTIONS, "level_2_action_plan_review_date": "2026-12-01"})
    assert [i["item_id"] for i in data(councils, case)["action_plan"]] == ["L2-1", "L2-2"]
    # the action plan is reviewed on the agreed date
    assert timers(councils, case)["level_2_action_plan_due"].due_at == _dt.datetime(2026, 12, 1, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 1, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == []
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 1, 17, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["review_action_plan"]
    review_action_plan(councils, case, progress="behind", decision="little_progress", reason="Nothing done")
    # little progress: the concerns persist, so a multi-agency meeting should consider level 3 or 4
    assert data(councils, case)["level_2_recommended"] == "refer_planning"
    review_level_2(councils, case, "refer_planning")
    assert status(councils, case) == CaseStatus.COMPLETED
    assert data(councils, case)["next_framework_step"] == "planning_meeting"


def test_low_risk_after_a_formal_meeting_suggests_returning_to_level_1(councils):
    case = _level_2(councils)
    plan_provider_contact(councils, case, risk="low", contact_types=("formal_meeting",))
    hold_meeting(councils, case)
    suggested = review_level_2(councils, case, "de_escalate_level_1")
    assert suggested == "de_escalate_level_1"
    assert data(councils, case)["next_framework_step"] == "level_1"


def test_good_progress_on_the_action_plan_suggests_returning_to_level_1(councils, sessions):
    case = _level_2(councils)
    plan_provider_contact(councils, case, risk="moderate", contact_types=("action_plan",))
    complete(councils, case, "agree_level_2_action_plan", {
        "level_2_actions": QIP_ACTIONS, "level_2_action_plan_review_date": "2026-11-20"})
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 21, tzinfo=UTC))
    review_action_plan(councils, case, progress="completed")
    assert data(councils, case)["progress_outcome"] == "good_progress"
    suggested = review_level_2(councils, case, "continue_level_2", reason="One more month to be sure.")
    assert suggested == "de_escalate_level_1"
    assert data(councils, case)["next_framework_step"] == "level_2"


def test_moderate_risk_without_an_action_plan_suggests_continuing_at_level_2(councils):
    case = _level_2(councils)
    plan_provider_contact(councils, case, risk="moderate", contact_types=("safeguarding_requirements",))
    complete(councils, case, "set_safeguarding_requirements", {
        "safeguarding_requirements": "Night checks recorded", "safeguarding_requirements_due": "2026-11-16",
        "individual_enquiries_raised": True})
    with pytest.raises(Invalid):
        complete(councils, case, "review_level_2", {"level_2_recommended": "continue_level_2",
                                                    "level_2_decision": "resolved_close",
                                                    "level_2_review_notes": "Met"})
    suggested = review_level_2(councils, case, "resolved_close", reason="Requirements met in full.")
    assert suggested == "continue_level_2"
    assert data(councils, case)["next_framework_step"] == "closed"


def test_a_contractual_action_must_be_described(councils):
    case = _level_2(councils)
    with pytest.raises(Invalid):
        complete(councils, case, "plan_provider_contact", {
            "particular_concerns": "Late care calls", "level_2_risk_level": "moderate",
            "contact_types": ["contractual_action"]})
    with pytest.raises(Invalid):
        complete(councils, case, "plan_provider_contact", {
            "particular_concerns": "Late care calls", "level_2_risk_level": "moderate", "contact_types": []})
