"""Urgent closure plan on imminent failure (seed 001, paragraphs 9.16 and 9.1)."""

from __future__ import annotations

import datetime as _dt

from api.cases.models import CaseStatus
from engine.roles import Role
from tests.processes.staffordshire_lse_steps import closure_contacts, instigate_closure_plan, review_closure_plan
from tests.processes.test_staffordshire_support import (
    UTC,
    at,
    complete,
    data,
    fire_timers,
    open_elements,
    open_tasks,
    start,
    status,
    timers,
)


def _closure(councils, when=(2026, 12, 24, 10)):
    at(*when)
    return start(councils, "urgent_closure_plan", tenant="staffordshire", role=Role.CONTRACT_OFFICER)


def test_contacts_not_made_within_a_working_day_are_chased_by_the_head_of_service(councils, sessions):
    # Identified on Christmas Eve: the next working day ends at 17:00 on 29 December (bank holidays).
    case = _closure(councils)
    overdue = timers(councils, case)["closure_contacts_overdue"]
    assert overdue.due_at == _dt.datetime(2026, 12, 29, 17, tzinfo=UTC)
    assert overdue.interrupting is False
    assert "1 working day after 24 Dec 2026" in overdue.rule
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 29, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == ["contact_social_care_and_commissioners"]
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 29, 17, 1, tzinfo=UTC))
    roles = {t.element_id: t.role for t in open_tasks(councils.session, case)}
    assert roles == {"contact_social_care_and_commissioners": "contract_officer",
                     "chase_step": "head_of_service"}
    complete(councils, case, "chase_step", {"chase_action": "Rang the Social Care team myself",
                                            "chase_outcome": "chased"})
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 30, 17, 1, tzinfo=UTC))  # a working day later: chased again
    assert sorted(open_elements(councils, case)) == ["chase_step", "contact_social_care_and_commissioners"]
    closure_contacts(councils, case)
    assert open_elements(councils, case) == ["instigate_urgent_closure_plan"]


def test_the_closure_plan_is_reviewed_on_its_dates_until_the_service_closes(councils, sessions):
    case = _closure(councils, when=(2026, 11, 2, 9))
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-09")
    assert timers(councils, case)["closure_plan_review_due"].due_at == _dt.datetime(2026, 11, 9, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 9, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "continue", next_review_date="2026-11-16")
    assert open_elements(councils, case) == []
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 16, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "service_closed")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert [r["outcome"] for r in current["closure_reviews"]] == ["continue", "service_closed"]
    assert current["section_48_applies"] is True
    assert current["next_framework_step"] == "service_closed"


def test_failure_averted_ends_the_closure_plan_and_the_service_continues(councils, sessions):
    case = _closure(councils, when=(2026, 11, 2, 9))
    closure_contacts(councils, case)
    instigate_closure_plan(councils, case, "2026-11-09")
    fire_timers(councils, sessions, _dt.datetime(2026, 11, 9, 17, 1, tzinfo=UTC))
    review_closure_plan(councils, case, "failure_averted")
    assert status(councils, case) == CaseStatus.COMPLETED
    current = data(councils, case)
    assert current["closure_outcome"] == "failure_averted"
    assert current.get("next_framework_step") is None
