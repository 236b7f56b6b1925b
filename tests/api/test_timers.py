"""Statutory timescales: timers fire against the engine clock, once each, with their rule recorded."""

from __future__ import annotations

import datetime as _dt
import threading

import pytest
from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.cases.models import CaseStatus, CaseTimer
from api.cases.scheduler import run_due_timers
from engine import clock
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def _timers(session, case):
    session.expire_all()
    return {t.element_id: t for t in session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}


def _decided(world, tenant, decision_date, at):
    clock.set_clock(at)
    case = start(world, "timers", tenant=tenant)
    complete(world, case, "record_decision", {"decision_date": decision_date})
    return case


def test_two_working_days_after_christmas_eve_in_wales_skip_the_bank_holidays(world):
    case = _decided(world, "beta", "2026-12-24", _dt.datetime(2026, 12, 24, 10, tzinfo=UTC))
    notice = _timers(world.session, case)["provider_notice_overdue"]
    # 25 Dec (Fri) and 28 Dec (Boxing Day substitute) are bank holidays: due at the end of 30 Dec.
    assert notice.due_at == _dt.datetime(2026, 12, 30, 17, tzinfo=UTC)
    assert notice.rule == "2 working days after 24 Dec 2026 (Wales bank holidays)"
    assert notice.attached_to == "notify_provider" and notice.interrupting is False
    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "notify_provider"]
    assert task.due_at == notice.due_at and task.due_rule == notice.rule


def test_a_missed_provider_notice_escalates_without_stopping_the_notice(world, sessions):
    case = _decided(world, "beta", "2026-12-24", _dt.datetime(2026, 12, 24, 10, tzinfo=UTC))
    clock.set_clock(_dt.datetime(2026, 12, 30, 16, 59, tzinfo=UTC))
    run_due_timers(sessions)
    assert "chase_provider_notice" not in open_elements(world, case)
    clock.set_clock(_dt.datetime(2026, 12, 30, 17, 1, tzinfo=UTC))
    result = run_due_timers(sessions)
    assert result.timers >= 1
    elements = open_elements(world, case)
    assert "chase_provider_notice" in elements and "notify_provider" in elements


def test_no_senior_response_within_48_hours_interrupts_and_escalates(world, sessions):
    start_at = _dt.datetime(2026, 11, 24, 9, tzinfo=UTC)
    case = _decided(world, "alpha", "2026-11-24", start_at)
    assert _timers(world.session, case)["response_overdue"].due_at == start_at + _dt.timedelta(hours=48)
    clock.set_clock(start_at + _dt.timedelta(hours=48, minutes=1))
    run_due_timers(sessions)
    elements = open_elements(world, case)
    assert "escalate_no_response" in elements and "senior_response" not in elements


def test_the_intermediate_cooling_off_timer_waits_seven_days(world, sessions):
    start_at = _dt.datetime(2026, 11, 24, 9, tzinfo=UTC)
    case = _decided(world, "alpha", "2026-11-24", start_at)
    assert _timers(world.session, case)["cooling_off"].due_at == start_at + _dt.timedelta(days=7)
    complete(world, case, "senior_response", {"senior_response": "We will act"})
    complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": "2026-11-24"})
    clock.set_clock(start_at + _dt.timedelta(days=6))
    run_due_timers(sessions)
    world.session.refresh(case)
    assert case.status == CaseStatus.RUNNING
    clock.set_clock(start_at + _dt.timedelta(days=7, minutes=1))
    run_due_timers(sessions)
    world.session.refresh(case)
    assert case.status == CaseStatus.COMPLETED
    assert _timers(world.session, case) == {}


def test_each_timer_fires_exactly_once_with_several_schedulers(world, sessions):
    start_at = _dt.datetime(2026, 11, 24, 9, tzinfo=UTC)
    cases = [_decided(world, "alpha", "2026-11-24", start_at) for _ in range(6)]
    clock.set_clock(start_at + _dt.timedelta(days=30))
    errors: list[BaseException] = []

    def scheduler():
        try:
            run_due_timers(sessions)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=scheduler) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run_due_timers(sessions)  # anything a conflict postponed
    assert errors == []
    fired = world.session.execute(
        select(AuditEvent.case_id, AuditEvent.element_id, func.count())
        .where(AuditEvent.action == "timer_fired", AuditEvent.case_id.in_([c.id for c in cases]))
        .group_by(AuditEvent.case_id, AuditEvent.element_id)
    ).all()
    assert {count for _, _, count in fired} == {1}
    # every case: the 48-hour response timer, the provider-notice timer and the cooling-off timer
    assert len(fired) == 3 * len(cases)


def test_the_clock_cannot_be_given_a_naive_time():
    with pytest.raises(ValueError):
        clock.set_clock(_dt.datetime(2026, 1, 1))
