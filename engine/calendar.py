"""Working days and deadlines for councils in England and Wales.

A working day is a Monday to Friday that is neither a bank holiday in the
council's region nor one of the council's own closure days.  Bank holidays
come from the ``holidays`` package, offline (``holidays.country_holidays("GB",
subdiv="ENG" | "WLS")``), including substitute days such as "Boxing Day
(observed)" and one-off days such as the 2022 state funeral.

Every function accepts a ``date``, a ``datetime`` or an ISO 8601 string
(``"2026-12-24"`` or ``"2026-12-24T10:30:00+00:00"``), because BPMN scripts pass
ISO strings from task data.  An aware datetime is first converted to
Europe/London (or the ``tz`` given) and its local date used; a naive datetime is
read as wall-clock time and its date part used.  Bad values raise
``ValueError`` naming the value and the expected form.

Deadlines are returned as aware ISO 8601 strings in UTC, e.g.
``"2026-12-30T17:00:00+00:00"``, directly usable as a SpiffWorkflow
``timeDate`` value.  "Within N working days of D" is due at the end of the Nth
working day after D: 17:00 Europe/London unless another hour is given (16:00
UTC while British Summer Time applies).

Each deadline function has an ``explain_*`` partner giving the rule in words
for staff, e.g. ``"2 working days after the decision on 24 Dec 2026 (Wales
bank holidays)"``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "Region",
    "DEFAULT_HOUR",
    "DEFAULT_TZ",
    "bank_holidays",
    "is_working_day",
    "add_working_days",
    "working_days_between",
    "working_days_deadline",
    "calendar_days_deadline",
    "agreed_date_deadline",
    "explain_agreed_date_deadline",
    "weeks_deadline",
    "hours_deadline",
    "explain_hours_deadline",
    "explain_working_days_deadline",
    "explain_calendar_days_deadline",
    "explain_weeks_deadline",
    "format_date",
    "format_deadline",
]

DateLike = Union[_dt.date, _dt.datetime, str]
"""A ``date``, ``datetime`` or ISO 8601 date / date-time string."""

DEFAULT_HOUR = 17
DEFAULT_TZ = "Europe/London"

# Guards against a runaway count from a bad script value (about 20 years).
_MAX_DAYS = 5000

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Region(StrEnum):
    """The council's region, which decides its bank holidays."""

    ENGLAND = "england"
    WALES = "wales"

    @property
    def label(self) -> str:
        """``"England"`` or ``"Wales"``."""
        return self.value.capitalize()


_SUBDIV = {Region.ENGLAND: "ENG", Region.WALES: "WLS"}


# --------------------------------------------------------------------------
# Input parsing
# --------------------------------------------------------------------------


def _region(region: Region | str) -> Region:
    if isinstance(region, Region):
        return region
    if isinstance(region, str):
        try:
            return Region(region.strip().lower())
        except ValueError:
            pass
    valid = ", ".join(repr(r.value) for r in Region)
    raise ValueError(f"Unknown region {region!r}: use one of {valid}.")


def _zone(tz: str | _dt.tzinfo) -> _dt.tzinfo:
    if isinstance(tz, _dt.tzinfo):
        return tz
    if isinstance(tz, str):
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValueError(f"Unknown time zone {tz!r}: use an IANA name such as 'Europe/London'.")


def _to_date(value: DateLike, what: str = "date", tz: str | _dt.tzinfo = DEFAULT_TZ) -> _dt.date:
    """Turn a date, datetime or ISO string into a calendar date."""
    original = value
    if isinstance(value, str):
        text = value.strip()
        parsed: _dt.date | _dt.datetime | None = None
        if len(text) <= 10:
            try:
                parsed = _dt.date.fromisoformat(text)
            except ValueError:
                parsed = None
        if parsed is None:
            try:
                parsed = _dt.datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    f"Invalid {what} {original!r}: expected an ISO 8601 date such as "
                    "'2026-12-24' or date-time such as '2026-12-24T10:30:00+00:00'."
                ) from None
        value = parsed
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(_zone(tz))
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise ValueError(
        f"Invalid {what} {original!r} ({type(original).__name__}): expected a date, a datetime "
        "or an ISO 8601 string such as '2026-12-24'."
    )


def _count(n: object, what: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        else:
            raise ValueError(
                f"Invalid {what} {n!r}: expected a whole number of days (0 or more), e.g. 2."
            )
    if n < 0:
        raise ValueError(
            f"Invalid {what} {n}: the number of days must be 0 or more. Deadlines count "
            "forward from the event; for an earlier reminder use a smaller number."
        )
    if n > _MAX_DAYS:
        raise ValueError(f"Invalid {what} {n}: at most {_MAX_DAYS} days are supported.")
    return n


def _hour(hour: object) -> int:
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ValueError(f"Invalid hour {hour!r}: expected a whole number from 0 to 23, e.g. 17.")
    return hour


def _closures(closures: Iterable[DateLike] | None) -> frozenset[_dt.date]:
    if closures is None:
        return frozenset()
    if isinstance(closures, (str, _dt.date)):
        raise ValueError(
            f"Invalid closures {closures!r}: expected a list of dates, e.g. ['2026-12-31']."
        )
    return frozenset(_to_date(c, f"closure day (closures[{i}])") for i, c in enumerate(closures))


# --------------------------------------------------------------------------
# Bank holidays
# --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _bank_holidays_for_year(region: Region, year: int) -> Mapping[_dt.date, str]:
    found = holidays.country_holidays("GB", subdiv=_SUBDIV[region], years=year)
    return MappingProxyType(dict(sorted(found.items())))


def bank_holidays(year: int, region: Region | str) -> Mapping[_dt.date, str]:
    """The region's bank holidays in ``year``, as a read-only ``{date: name}`` map.

    Includes substitute days ("Boxing Day (observed)") and one-off holidays.
    Cached per region and year.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"Invalid year {year!r}: expected a whole number such as 2026.")
    return _bank_holidays_for_year(_region(region), year)


def _is_working(day: _dt.date, region: Region, closed: frozenset[_dt.date]) -> bool:
    return (
        day.weekday() < 5
        and day not in _bank_holidays_for_year(region, day.year)
        and day not in closed
    )


# --------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------


def is_working_day(
    d: DateLike, region: Region | str, closures: Iterable[DateLike] = ()
) -> bool:
    """True if ``d`` is a Monday to Friday that is not a bank holiday in ``region``
    and not one of the council's ``closures``."""
    return _is_working(_to_date(d, "date"), _region(region), _closures(closures))


def _add_working_days(
    start: _dt.date, n: int, region: Region, closed: frozenset[_dt.date]
) -> _dt.date:
    day = start
    if n == 0:
        while not _is_working(day, region, closed):
            day += _dt.timedelta(days=1)
        return day
    counted = 0
    while counted < n:
        day += _dt.timedelta(days=1)
        if _is_working(day, region, closed):
            counted += 1
    return day


def add_working_days(
    d: DateLike, n: int, region: Region | str, closures: Iterable[DateLike] = ()
) -> str:
    """The ISO date (``"YYYY-MM-DD"``) of the Nth working day after ``d``.

    Days are counted from the day after ``d``, so ``d`` itself never counts
    and ``d`` need not be a working day: 2 working days after Thursday
    24 Dec 2026 in Wales is Wednesday 30 Dec 2026 (25 and 28 Dec are bank
    holidays, 26-27 Dec a weekend).

    ``n = 0`` gives ``d`` if it is a working day, otherwise the next working
    day.  Negative ``n`` raises ``ValueError``: deadlines only count forward.
    """
    start = _to_date(d, "date")
    return _add_working_days(start, _count(n), _region(region), _closures(closures)).isoformat()


def working_days_between(
    start: DateLike, end: DateLike, region: Region | str, closures: Iterable[DateLike] = ()
) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    So for a working day ``end`` on or after ``start``,
    ``add_working_days(start, working_days_between(start, end, r), r) == end``.
    The same day gives 0.  If ``end`` is before ``start`` the result is
    negative: minus the number of working days after ``end`` up to and
    including ``start`` (e.g. how many working days overdue).
    """
    a, b = _to_date(start, "start date"), _to_date(end, "end date")
    reg, closed = _region(region), _closures(closures)
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    if (b - a).days > _MAX_DAYS * 2:
        raise ValueError(
            f"Dates {a.isoformat()} and {b.isoformat()} are too far apart to count working days."
        )
    count = 0
    day = a
    while day < b:
        day += _dt.timedelta(days=1)
        if _is_working(day, reg, closed):
            count += 1
    return sign * count


# --------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------


def _at_hour(day: _dt.date, hour: int, tz: str | _dt.tzinfo) -> str:
    local = _dt.datetime.combine(day, _dt.time(_hour(hour)), _zone(tz))
    return local.astimezone(_dt.timezone.utc).isoformat()


def working_days_deadline(
    d: DateLike,
    n: int,
    region: Region | str,
    closures: Iterable[DateLike] = (),
    hour: int = DEFAULT_HOUR,
    tz: str = DEFAULT_TZ,
) -> str:
    """When "within ``n`` working days of ``d``" falls due.

    The end of the Nth working day after ``d`` (see :func:`add_working_days`),
    at ``hour``:00 in ``tz`` (17:00 Europe/London by default), as an aware ISO
    8601 string in UTC: ``"2026-12-30T17:00:00+00:00"`` in winter,
    ``"...T16:00:00+00:00"`` in British Summer Time.  Usable directly as a
    SpiffWorkflow ``timeDate`` value.
    """
    start = _to_date(d, "date", tz)
    due = _add_working_days(start, _count(n), _region(region), _closures(closures))
    return _at_hour(due, hour, tz)


def calendar_days_deadline(
    d: DateLike, n: int, hour: int = DEFAULT_HOUR, tz: str = DEFAULT_TZ
) -> str:
    """When "within ``n`` days of ``d``" (calendar days) falls due: ``hour``:00 in
    ``tz`` on the date ``n`` days after ``d``, whatever day of the week, as an
    aware ISO 8601 string in UTC.  ``n = 0`` is the end of ``d`` itself."""
    start = _to_date(d, "date", tz)
    return _at_hour(start + _dt.timedelta(days=_count(n)), hour, tz)


def agreed_date_deadline(d: DateLike, hour: int = DEFAULT_HOUR, tz: str = DEFAULT_TZ) -> str:
    """When a date a person agreed falls due: ``hour``:00 in ``tz`` on that date, as an aware
    ISO 8601 string in UTC (a new date agreed for an overdue step is a timer too)."""
    return _at_hour(_to_date(d, "date", tz), hour, tz)


def weeks_deadline(d: DateLike, n: int, hour: int = DEFAULT_HOUR, tz: str = DEFAULT_TZ) -> str:
    """When "within ``n`` weeks of ``d``" falls due: ``hour``:00 in ``tz`` on the
    same weekday ``n`` weeks after ``d`` (calendar based; bank holidays are
    not skipped), as an aware ISO 8601 string in UTC."""
    start = _to_date(d, "date", tz)
    weeks = _count(n, "number of weeks")
    if weeks * 7 > _MAX_DAYS:
        raise ValueError(f"Invalid number of weeks {n}: at most {_MAX_DAYS // 7} are supported.")
    return _at_hour(start + _dt.timedelta(weeks=weeks), hour, tz)


def _to_datetime(value: DateLike, tz: str | _dt.tzinfo = DEFAULT_TZ) -> _dt.datetime:
    """A moment: an aware datetime as it is, a naive one in ``tz``, a plain date at its start in ``tz``."""
    if isinstance(value, str) and len(value.strip()) > 10:
        try:
            value = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"Invalid date-time {value!r}: expected ISO 8601, e.g. 2026-11-24T09:30:00+00:00.") from None
    if isinstance(value, _dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=_zone(tz))
    return _dt.datetime.combine(_to_date(value, "date", tz), _dt.time(0), _zone(tz))


def hours_deadline(d: DateLike, n: int, tz: str = DEFAULT_TZ) -> str:
    """When "within ``n`` hours of ``d``" falls due: exactly ``n`` hours after the moment ``d``
    (a plain date counts from its midnight in ``tz``), as an aware ISO 8601 string in UTC."""
    hours = _count(n, "number of hours")
    if hours > _MAX_DAYS * 24:
        raise ValueError(f"Invalid number of hours {n}: at most {_MAX_DAYS * 24} are supported.")
    return (_to_datetime(d, tz) + _dt.timedelta(hours=hours)).astimezone(_dt.timezone.utc).isoformat()


# The rule in words for staff (explain_*, format_*) lives beside the arithmetic, in its own module.
from .calendar_words import (  # noqa: E402
    explain_agreed_date_deadline, explain_calendar_days_deadline, explain_hours_deadline, explain_weeks_deadline,
    explain_working_days_deadline, format_date, format_deadline,
)
