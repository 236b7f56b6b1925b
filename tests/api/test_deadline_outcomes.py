"""Each deadline's outcome, kept as the case changes: met, missed and by how much, withdrawn,
and what the audit trail says (the timeline and the chronology read it)."""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cases.scheduler import run_due_timers
from api.cases.service import terminate_case
from api.compliance.models import DeadlineOutcome
from api.compliance.tracking import late_words
from engine import clock
from engine.roles import Role
from tests.support.world import complete, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")  # a Tuesday
DUE = _dt.datetime(2026, 11, 26, 17, tzinfo=_dt.timezone.utc)  # two working days after the decision


def at(when: str, sessions=None) -> None:
    clock.set_clock(when)
    if sessions is not None:
        run_due_timers(sessions)


def outcomes(world, case) -> list[DeadlineOutcome]:
    world.session.expire_all()
    return list(world.session.scalars(select(DeadlineOutcome).where(DeadlineOutcome.case_id == case.id)))


def events(world, case, action) -> list[str]:
    return [e.detail for e in world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                                           AuditEvent.action == action))]


def decided(world, process="timers"):
    case = start(world, process)
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    return case


def test_a_deadline_met_is_recorded_with_its_rule(world):
    case = decided(world)
    [pending] = [o for o in outcomes(world, case) if o.timer_element_id == "provider_notice_overdue"]
    assert (pending.status, pending.due_at, pending.step_element_id) == ("pending", DUE, "notify_provider")
    assert pending.rule == "2 working days after 24 Nov 2026 (England bank holidays)"
    at("2026-11-25T11:00:00+00:00")
    complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": "2026-11-25"})
    [met] = [o for o in outcomes(world, case) if o.timer_element_id == "provider_notice_overdue"]
    assert (met.status, met.late_seconds, met.resolved_at) == ("met", 0, _dt.datetime(2026, 11, 25, 11, tzinfo=_dt.timezone.utc))
    assert events(world, case, "deadline_met") == ["Provider notice overdue: met, due 17:00 on 26 November 2026"]


def test_a_deadline_missed_says_by_how_much_once_the_step_is_done(world, sessions):
    case = decided(world)
    at("2026-11-26T17:01:00+00:00", sessions)
    [overdue] = [o for o in outcomes(world, case) if o.timer_element_id == "provider_notice_overdue"]
    assert overdue.status == "overdue"
    at("2026-11-28T12:00:00+00:00")
    complete(world, case, "notify_provider", {"notice_method": "email", "notice_sent_on": "2026-11-28"})
    [missed] = [o for o in outcomes(world, case) if o.timer_element_id == "provider_notice_overdue"]
    assert (missed.status, missed.resolution, late_words(missed.late_seconds)) == ("missed", "done", "1 day 19 hours")
    assert "Provider notice overdue: due 17:00 on 26 November 2026, missed by 1 day 19 hours (done)" in \
        events(world, case, "deadline_missed")


def test_a_repeating_reminder_is_not_a_deadline_and_interrupting_ones_count(world, sessions):
    case = decided(world)
    at("2026-11-26T10:00:00+00:00", sessions)  # the 48-hour response deadline (interrupting) has passed
    by_timer = {o.timer_element_id: o for o in outcomes(world, case)}
    assert set(by_timer) == {"provider_notice_overdue", "response_overdue"}
    assert (by_timer["response_overdue"].status, by_timer["response_overdue"].resolution) == ("missed", "no longer applies")


def test_terminating_a_case_withdraws_what_was_not_yet_due_and_closes_what_was_missed(world, sessions):
    case = decided(world)
    at("2026-11-26T10:00:00+00:00", sessions)
    world.session.expire_all()  # the scheduler changed the case in its own session
    terminate_case(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.HEAD_OF_SERVICE),
                   case_id=case.id, reason="Provider closed")
    by_timer = {o.timer_element_id: (o.status, o.resolution) for o in outcomes(world, case)}
    assert by_timer == {"provider_notice_overdue": ("withdrawn", "case ended"), "response_overdue": ("missed", "no longer applies")}


def test_a_missed_step_the_chaser_withdraws_counts_as_missed(world, sessions):
    case = decided(world, "chased_notice")
    at("2026-11-26T17:01:00+00:00", sessions)
    complete(world, case, "chase_step", {"chase_action": "Phoned", "chase_outcome": "no_longer_applies",
                                         "chase_withdrawn_reason": "The home has closed"}, role=Role.HEAD_OF_SERVICE)
    [missed] = outcomes(world, case)
    assert (missed.status, missed.resolution, missed.step_name) == ("missed", "no longer applies", "Notify the provider")
