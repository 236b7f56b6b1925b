"""A cycle timer fires once per period, and each firing is in the audit trail and the scheduler's count.

The diagram is SpiffWorkflow's timer-cycle.bpmn (tests/fixtures/foreign/spiff_timer_cycle) with its
script's call of SpiffWorkflow's test-only ``custom_function()`` replaced by a count, and a cycle
of hours instead of tenths of a second: "Get coffee" waits for a person while, every hour, three
times, the coffee is refilled.
"""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cases.scheduler import run_due_timers
from api.definitions.service import deploy_compiled
from engine import clock
from engine.definitions import SourceFile, compile_source
from engine.importing import mechanical_fixes
from engine.roles import Role
from tests.support.foreign import CORPUS, Deployed, start_case
from tests.support.world import start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

UTC = _dt.timezone.utc
STARTED = _dt.datetime(2026, 11, 24, 9, tzinfo=UTC)


def _refill_every_hour_three_times():
    text = (CORPUS / "spiff_timer_cycle" / "timer-cycle.bpmn").read_text()
    text = text.replace("print('refill count = %d'%custom_function())", "refill_count = refill_count + 1")
    text = text.replace('"R2/PT0.1S"', '"R3/PT1H"').replace('<bpmn:process id="timer"', '<bpmn:process id="coffee_refills"')
    # The coffee breaks are manual tasks: someone takes them, so they go into an officer's lane.
    imported = mechanical_fixes(text.encode(), lane_role=Role.CONTRACT_OFFICER)
    [process], problems = compile_source(SourceFile("shared", "processes/shared/coffee_refills.bpmn", imported.bpmn),
                                         forms=lambda name: None)
    assert problems == []
    return process


def test_each_hourly_refill_fires_in_its_own_hour():
    run = start_case(Deployed({"coffee_refills": _refill_every_hour_three_times()}, []), "coffee_refills")
    fired = []
    for hour in range(1, 5):
        clock.set_clock(STARTED + _dt.timedelta(hours=hour, seconds=1))
        fired.append([t.due_at.hour for t in run.fire_due_timers()])
    assert fired == [[10], [11], [12], []]


def test_a_scheduler_three_hours_late_fires_all_three_refills_each_with_its_due_time():
    run = start_case(Deployed({"coffee_refills": _refill_every_hour_three_times()}, []), "coffee_refills")
    clock.set_clock(STARTED + _dt.timedelta(hours=5))
    assert [t.due_at.hour for t in run.fire_due_timers()] == [10, 11, 12]
    assert run.fire_due_timers() == []


def test_every_refill_is_in_the_audit_trail_and_the_scheduler_counts_each_even_when_late(world, sessions):
    deploy_compiled(world.session, processes=[_refill_every_hour_three_times()], actor=world.actor("alpha", "contract_officer"))
    case = start(world, "coffee_refills")
    counted = []
    clock.set_clock(STARTED + _dt.timedelta(hours=1, seconds=1))
    counted.append(run_due_timers(sessions).timers)
    clock.set_clock(STARTED + _dt.timedelta(hours=6))  # the scheduler was down: two refills are overdue
    counted.append(run_due_timers(sessions).timers)
    world.session.expire_all()
    events = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "timer_fired")
                                   .order_by(AuditEvent.id)).all()
    assert counted == [1, 2]
    assert [e.detail.split("due ")[1][:16] for e in events] == ["2026-11-24T10:00", "2026-11-24T11:00", "2026-11-24T12:00"]
