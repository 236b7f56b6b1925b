"""The suite's calendar: no test may pass or fail with the date it runs on.

Two tools, registered as a pytest plugin by ``tests/conftest.py``:

- ``--today YYYY-MM-DD`` runs the whole suite as if it were that date (10:00 in London,
  the clock ticking from there). Every reading of the system clock moves: the engine clock's
  real time, ``time.time()``, signed cookies, token expiry. A test that types dates but reads
  "now" fails under it at once. ``.ci/run`` uses it with a date whose two-working-day and
  four-week timescales cross a weekend and the Christmas and New Year bank holidays.
- ``@pytest.mark.clock("2026-11-24T09:00:00+00:00")`` fixes the engine clock for one test
  before any of its fixtures run, so API tokens, sessions and cases all start at that instant.
  Tests that move time later call ``engine.clock.set_clock`` or ``advance``, or ``catch_up``
  to the day a person records something that happened (a form refuses a later date).
"""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo

import pytest

from engine import clock

__all__ = ["catch_up", "today_instant"]

LONDON = ZoneInfo("Europe/London")
_travel = None


def pytest_addoption(parser):
    parser.addoption(
        "--today", metavar="YYYY-MM-DD", default=None,
        help="run the suite as if today were this date (10:00 London time, the clock ticking from there)",
    )


def today_instant(text: str) -> _dt.datetime:
    """10:00 London time on the given ISO date, as an aware instant."""
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"--today {text!r}: give a date as YYYY-MM-DD, for example --today 2025-12-23") from None
    return _dt.datetime.combine(day, _dt.time(10), tzinfo=LONDON)


def catch_up(day: str, hour: int = 9) -> None:
    """The engine clock moves on to ``day`` (``hour``:00 UTC), never back: a date about the past
    (``x-not-after: today``) is refused until the clock has reached it."""
    if clock.now().date() < _dt.date.fromisoformat(day):
        clock.set_clock(_dt.datetime.combine(_dt.date.fromisoformat(day), _dt.time(hour), tzinfo=_dt.timezone.utc))


def pytest_configure(config):
    global _travel
    text = config.getoption("--today", default=None)
    if not text:
        return
    import time_machine

    _travel = time_machine.travel(today_instant(text), tick=True)
    _travel.start()


def pytest_unconfigure(config):
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config):
    text = config.getoption("--today", default=None)
    return f"running as if today were {text} (--today)" if text else None


@pytest.fixture(autouse=True)
def _clock_from_marker(request):
    """Fix the engine clock before the test's other fixtures when it is marked ``clock``."""
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield None
        return
    if not marker.args:
        raise pytest.UsageError(f"{request.node.nodeid}: @pytest.mark.clock needs an aware ISO 8601 instant")
    previous = clock.set_clock(marker.args[0])
    yield clock.now()
    clock.set_clock(previous)
