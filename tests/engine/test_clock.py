"""The engine clock, and SpiffWorkflow timers firing against it."""

import threading
from datetime import date, datetime, time, timedelta, timezone

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer
from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from engine import clock
from engine.calendar import working_days_deadline
from engine.clock import (
    ClockDatetime,
    advance,
    frozen_clock,
    install_spiff_clock,
    is_frozen,
    now,
    set_clock,
    uninstall_spiff_clock,
)

UTC = timezone.utc


@pytest.fixture(autouse=True)
def _real_clock_after_each_test():
    set_clock(None)
    yield
    set_clock(None)


@pytest.fixture
def spiff_clock():
    already = spiff_timer.datetime is ClockDatetime
    install_spiff_clock()
    yield
    if not already:
        uninstall_spiff_clock()


# --- the clock -------------------------------------------------------------


def test_now_is_real_aware_utc_time_by_default():
    before = datetime.now(UTC)
    current = now()
    after = datetime.now(UTC)
    assert current.tzinfo is not None and current.utcoffset() == timedelta(0)
    assert before <= current <= after
    assert not is_frozen()


def test_set_clock_fixes_time_and_none_returns_to_real_time():
    at = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    assert set_clock(at) is None
    assert now() == at and is_frozen()
    assert set_clock(None) == at
    assert not is_frozen()


def test_set_clock_stores_utc_from_any_offset_or_iso_string():
    set_clock(datetime.fromisoformat("2026-07-01T17:00:00+01:00"))
    assert now() == datetime(2026, 7, 1, 16, tzinfo=UTC)
    assert now().tzinfo is UTC
    set_clock("2026-12-24T09:00:00Z")
    assert now() == datetime(2026, 12, 24, 9, tzinfo=UTC)


def test_naive_datetimes_are_rejected_with_advice():
    with pytest.raises(ValueError, match="naive.*aware"):
        set_clock(datetime(2026, 12, 24, 9, 0))
    with pytest.raises(ValueError, match="naive"):
        set_clock("2026-12-24T09:00:00")
    with pytest.raises(ValueError, match="ISO 8601"):
        set_clock("Christmas Eve")
    with pytest.raises(TypeError):
        set_clock(date(2026, 12, 24))


def test_frozen_clock_restores_the_previous_clock_even_after_advancing():
    outer = datetime(2026, 1, 1, tzinfo=UTC)
    with frozen_clock(outer):
        with frozen_clock(datetime(2026, 6, 1, tzinfo=UTC)) as inner:
            assert now() == inner
            advance(timedelta(days=3))
            assert now() == inner + timedelta(days=3)
        assert now() == outer
    assert not is_frozen()


def test_advance_moves_a_frozen_clock_and_returns_the_new_time():
    with frozen_clock(datetime(2026, 12, 24, 9, tzinfo=UTC)):
        assert advance(timedelta(hours=48)) == datetime(2026, 12, 26, 9, tzinfo=UTC)
        assert now() == datetime(2026, 12, 26, 9, tzinfo=UTC)


def test_advance_on_the_real_clock_is_an_error():
    with pytest.raises(RuntimeError, match="fixed clock"):
        advance(timedelta(hours=1))


def test_the_clock_is_process_wide():
    at = datetime(2026, 12, 24, 9, tzinfo=UTC)
    seen = []
    with frozen_clock(at):
        t = threading.Thread(target=lambda: seen.append(now()))
        t.start()
        t.join()
    assert seen == [at]


# --- ClockDatetime --------------------------------------------------------


def test_clock_datetime_now_reads_the_engine_clock():
    with frozen_clock(datetime(2026, 12, 24, 9, tzinfo=UTC)):
        assert ClockDatetime.now(UTC) == datetime(2026, 12, 24, 9, tzinfo=UTC)
        assert ClockDatetime.now(timezone(timedelta(hours=1))).hour == 10
        assert ClockDatetime.utcnow() == datetime(2026, 12, 24, 9)
        assert ClockDatetime.now().tzinfo is None


def test_clock_datetime_otherwise_behaves_like_datetime():
    c = ClockDatetime
    assert c.fromisoformat("2026-12-24T09:00:00+00:00") == datetime(2026, 12, 24, 9, tzinfo=UTC)
    assert c.combine(date(2026, 12, 24), time(9), UTC) == datetime(2026, 12, 24, 9, tzinfo=UTC)
    assert c.fromisocalendar(2026, 52, 4) == datetime(2026, 12, 24)
    assert c(2026, 12, 24) == datetime(2026, 12, 24)
    # Never leaks subclass instances; isinstance agrees with datetime both ways.
    for value in (c.fromisoformat("2026-12-24"), c.combine(date(2026, 1, 1), time()), c(2026, 1, 1)):
        assert type(value) is datetime
    assert isinstance(datetime(2026, 1, 1), c)
    assert isinstance(c(2026, 1, 1), datetime)
    assert not isinstance(date(2026, 1, 1), c)
    assert issubclass(c, datetime)


def test_install_spiff_clock_is_idempotent_and_reversible():
    already = spiff_timer.datetime is ClockDatetime
    original = clock._spiff_originals.get("datetime", spiff_timer.datetime)
    install_spiff_clock()
    install_spiff_clock()
    assert spiff_timer.datetime is ClockDatetime
    uninstall_spiff_clock()
    assert spiff_timer.datetime is original is datetime
    if already:
        install_spiff_clock()


# --- SpiffWorkflow timers ------------------------------------------------

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  id="defs" targetNamespace="http://example.org/provider-concerns">
  <bpmn:process id="{pid}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:intermediateCatchEvent id="wait" name="Wait">
      <bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="timer">
        {timer}
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def _workflow(pid, timer_xml, data=None):
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(BPMN.format(pid=pid, timer=timer_xml).encode())
    wf = BpmnWorkflow(parser.get_spec(pid))
    if data:
        wf.data.update(data)
        wf.get_tasks()[0].data.update(data)
    return wf


def _tick(wf):
    wf.refresh_timers()
    wf.do_engine_steps()
    return wf.completed


def test_a_48_hour_timer_fires_only_once_the_clock_passes_its_due_time(spiff_clock):
    start = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    with frozen_clock(start):
        wf = _workflow(
            "wait_48h",
            '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT48H"</bpmn:timeDuration>',
        )
        wf.do_engine_steps()
        assert not wf.completed
        (waiting,) = [t for t in wf.get_tasks() if t.task_spec.name == "wait"]
        assert waiting.internal_data["event_value"] == "2026-12-26T09:00:00+00:00"

        advance(timedelta(hours=47, minutes=59, seconds=59))
        assert not _tick(wf)
        advance(timedelta(seconds=1))  # exactly due: not yet past it
        assert not _tick(wf)
        advance(timedelta(microseconds=1))
        assert _tick(wf)


def test_a_working_days_deadline_timer_fires_after_5pm_on_the_due_day(spiff_clock):
    due = working_days_deadline("2026-12-24", 2, "wales")  # 2026-12-30T17:00:00+00:00
    with frozen_clock(datetime(2026, 12, 24, 9, tzinfo=UTC)):
        wf = _workflow(
            "wait_deadline",
            '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">due</bpmn:timeDate>',
            data={"due": due},
        )
        wf.do_engine_steps()
        assert not wf.completed

        set_clock(datetime(2026, 12, 30, 16, 59, tzinfo=UTC))
        assert not _tick(wf)
        set_clock(datetime(2026, 12, 30, 17, 0, 1, tzinfo=UTC))
        assert _tick(wf)


def test_without_the_spiff_clock_a_frozen_clock_does_not_reach_spiff():
    already = spiff_timer.datetime is ClockDatetime
    uninstall_spiff_clock()
    try:
        with frozen_clock(datetime(2000, 1, 1, tzinfo=UTC)):
            wf = _workflow(
                "wait_real",
                '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT1H"</bpmn:timeDuration>',
            )
            wf.do_engine_steps()
            (waiting,) = [t for t in wf.get_tasks() if t.task_spec.name == "wait"]
            assert not waiting.internal_data["event_value"].startswith("2000-")
    finally:
        if already:
            install_spiff_clock()
