"""The names a case's expressions may use besides their data.

Helpers are built per case so they can carry the case's region, the council's closure days,
its thresholds and read-only facts about the provider, without a script ever reaching the
database: facts come through a callback the service layer supplies.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from zoneinfo import ZoneInfo
from typing import Any, Callable, Mapping

from . import calendar, calendar_words, clock, scoring
from .settings import effective_thresholds
from .stage_facts import running_stage
from .script_budget import WATCHDOG
from .scripting import DEFAULT_CPU_SECONDS, ScriptContext

__all__ = ["CaseFacts", "build_context", "HELPER_NAMES"]

_LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class CaseFacts:
    """What the engine knows about the case's council and provider.

    ``count_cases(process_key, months)`` answers "how many cases of this process, or that ran
    it as a stage (a call activity), has the provider had in the last N months" (this one
    included); the service layer provides it. Given a third argument, an element id, it counts
    only the cases that reached that step (e.g. Escalating Concerns cases that reached red).
    """

    region: str = "england"
    closure_days: tuple[str, ...] = ()
    working_day_ends: int = 17
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    provider: Mapping[str, Any] = field(default_factory=dict)
    count_cases: Callable[..., int] | None = None
    #: ``running_cases(process_key)``: ids of the provider's running cases of that process.
    running_cases: Callable[[str], list[int]] | None = None
    cpu_seconds: float = DEFAULT_CPU_SECONDS


# SpiffArena scripts read the time with ``time.time()``; the module itself could ``sleep`` (which no
# CPU budget sees), so scripts get only its readings, from the engine clock.
_TIME = SimpleNamespace(time=lambda: clock.now().timestamp(), strftime=lambda fmt: clock.now().strftime(fmt))


def build_context(facts: CaseFacts, explain: Callable[[str], None] | None = None) -> ScriptContext:
    """The restricted environment's helpers for one case."""
    note = explain or (lambda text: None)
    helpers = _scoring_helpers()
    helpers.update(
        {
            "region": facts.region,
            "provider": MappingProxyType(dict(facts.provider)),
            # Every declared council setting, the council's value else its default (engine/settings/).
            "thresholds": MappingProxyType(effective_thresholds(facts.thresholds)),
        }
    )
    helpers.update(_working_day_helpers(facts))
    helpers.update(_deadline_helpers(facts, note))
    helpers.update(_date_helpers())
    helpers.update(_provider_history_helpers(facts))
    helpers["running_stage"] = running_stage  # this case's own stages beside the step (engine/stage_facts.py)
    # As SpiffArena's scripts have them (issue 25); "now" is the engine clock's.
    helpers.update({"datetime": clock.ClockDatetime, "timedelta": _dt.timedelta, "time": _TIME})
    return ScriptContext(helpers=helpers, cpu_seconds=facts.cpu_seconds)


def _scoring_helpers() -> dict[str, Any]:
    """The published procedures' scoring functions and tables (engine/scoring/), classes left out."""
    return {name: getattr(scoring, name) for name in scoring.__all__ if not isinstance(getattr(scoring, name), type)}


def _by_name(*functions: Callable) -> dict[str, Callable]:
    """Helpers keyed by the name scripts call them by.

    A script that calls one with the wrong arguments sees Python's TypeError, which names the
    function by its qualified name: each is named as the script calls it ("add_days() missing 1
    required positional argument: 'n'"), not by where it is defined in this module.
    """
    for function in functions:
        function.__qualname__ = function.__name__
    return {function.__name__: function for function in functions}


def _working_day_helpers(facts: CaseFacts) -> dict[str, Callable]:
    """Working days in the case's region (or the one a script names), less the council's closure days."""
    region, closures = facts.region, facts.closure_days

    def add_working_days(d, n, region_=None):
        return calendar.add_working_days(d, n, region_ or region, closures)

    def working_days_between(start, end, region_=None):
        return calendar.working_days_between(start, end, region_ or region, closures)

    def is_working_day(d, region_=None):
        return calendar.is_working_day(d, region_ or region, closures)

    return _by_name(add_working_days, working_days_between, is_working_day)


def _deadline_helpers(facts: CaseFacts, note: Callable[[str], None]) -> dict[str, Callable]:
    """Deadlines and timer cycles, each explained in words through ``note`` so staff can see where it came from.

    One counted in days, weeks or to an agreed date falls due at the hour the council's working day ends.
    """
    region, closures, hour = facts.region, facts.closure_days, facts.working_day_ends

    def working_days_deadline(d, n, region_=None):
        result = calendar.working_days_deadline(d, n, region_ or region, closures, hour=hour)
        note(calendar.explain_working_days_deadline(d, n, region_ or region, closures))
        return result

    def calendar_days_deadline(d, n):
        note(calendar.explain_calendar_days_deadline(d, n))
        return calendar.calendar_days_deadline(d, n, hour=hour)

    def agreed_date_deadline(d):
        note(calendar.explain_agreed_date_deadline(d))
        return calendar.agreed_date_deadline(d, hour=hour)

    def weeks_deadline(d, n):
        note(calendar.explain_weeks_deadline(d, n))
        return calendar.weeks_deadline(d, n, hour=hour)

    def hours_deadline(d, n):
        note(calendar.explain_hours_deadline(d, n))
        return calendar.hours_deadline(d, n)

    def repeat_every_days(start, days):
        # An ISO 8601 repeating interval for a cycle timer: first at ``start``, then every ``days`` days.
        n = int(days)
        if n < 1:
            raise ValueError(f"repeat_every_days needs a whole number of days of at least 1, not {days!r}")
        note(f"every {calendar_words.plural(n, 'day')} from {calendar.format_deadline(start)}")
        return f"R/{start}/P{n}D"

    return _by_name(working_days_deadline, calendar_days_deadline, weeks_deadline, agreed_date_deadline,
                    hours_deadline, repeat_every_days)


def _date_helpers() -> dict[str, Callable]:
    """Today's date and the time by the engine clock, and plain date arithmetic."""

    def today() -> str:
        return clock.now().astimezone(_LONDON).date().isoformat()

    def now() -> str:
        return clock.now().isoformat()

    def add_days(d, n):
        return (_dt.date.fromisoformat(str(d)[:10]) + _dt.timedelta(days=int(n))).isoformat()

    return {"format_date": calendar.format_date, **_by_name(today, now, add_days)}


def _provider_history_helpers(facts: CaseFacts) -> dict[str, Callable]:
    """The provider's other cases, read through the service layer's callbacks (none: no cases)."""

    def cases_in_last_months(process_key: str, months: int = 24, reached: str | None = None) -> int:
        if facts.count_cases is None:
            return 0
        with WATCHDOG.host_call():  # a database read: not to be interrupted half way
            if reached:
                return int(facts.count_cases(str(process_key), int(months), str(reached)))
            return int(facts.count_cases(str(process_key), int(months)))

    def running_cases(process_key: str) -> list[int]:
        if facts.running_cases is None:
            return []
        with WATCHDOG.host_call():
            return [int(i) for i in facts.running_cases(str(process_key))]

    return _by_name(cases_in_last_months, running_cases)


HELPER_NAMES = frozenset(build_context(CaseFacts()).helpers)
