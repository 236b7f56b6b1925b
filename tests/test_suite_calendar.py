"""The suite's own calendar proof: ``--today`` moves every clock a test could read, and
``@pytest.mark.clock`` fixes the engine clock before any fixture runs."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from engine import clock

ROOT = Path(__file__).resolve().parent.parent
PROBE = '''
import datetime, time
from engine import clock

def test_now_is_the_day_asked_for():
    assert clock.now().date().isoformat() == "2025-12-23"
    assert datetime.date.today().isoformat() == "2025-12-23"
    assert datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).date().isoformat() == "2025-12-23"
'''


@pytest.fixture
def pytester(pytester, monkeypatch):
    """A pytester whose subprocesses import this project's test plugin."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


def test_today_option_runs_the_suite_as_if_it_were_that_date(pytester):
    pytester.makepyfile(test_probe=PROBE)
    result = pytester.runpytest_subprocess("-p", "tests.support.dates", "--today", "2025-12-23")
    result.assert_outcomes(passed=1)
    assert "running as if today were 2025-12-23" in result.stdout.str()


def test_a_test_that_reads_the_wall_clock_fails_under_another_date(pytester):
    pytester.makepyfile(test_probe=PROBE)
    result = pytester.runpytest_subprocess("-p", "tests.support.dates", "--today", "2027-06-01")
    result.assert_outcomes(failed=1)


def test_today_refuses_a_date_it_cannot_read(pytester):
    pytester.makepyfile(test_probe=PROBE)
    result = pytester.runpytest_subprocess("-p", "tests.support.dates", "--today", "23/12/2025")
    assert result.ret != 0
    assert "give a date as YYYY-MM-DD" in result.stderr.str()


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_the_clock_marker_fixes_the_engine_clock_before_the_test(app):
    assert clock.now() == _dt.datetime(2026, 11, 24, 9, tzinfo=_dt.timezone.utc)
