"""Deadlines in words for staff: ``"24 Dec 2026"``, ``"2 working days after the decision on
24 Dec 2026 (Wales bank holidays)"``. Each deadline function of :mod:`engine.calendar` has an
``explain_*`` partner here."""

from __future__ import annotations

import datetime as _dt

from .calendar import (
    _MONTHS, DEFAULT_TZ, DateLike, _closures, _count, _region, _to_date, _to_datetime, _zone,
)

__all__ = [
    "plural",
    "format_date",
    "format_deadline",
    "explain_working_days_deadline",
    "explain_calendar_days_deadline",
    "explain_agreed_date_deadline",
    "explain_weeks_deadline",
    "explain_hours_deadline",
]


def format_date(d: DateLike) -> str:
    """A date as staff read it: ``"24 Dec 2026"`` (not locale dependent).

    An aware datetime is shown as its Europe/London date.
    """
    day = _to_date(d, "date")
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_deadline(when: DateLike, tz: str = DEFAULT_TZ) -> str:
    """A deadline instant as staff read it, in ``tz``: ``"17:00 on 30 Dec 2026"``.

    Takes the ISO string a deadline function returns (or an aware datetime).
    A plain date is shown as ``"30 Dec 2026"``.
    """
    value = when
    if isinstance(value, str):
        text = value.strip()
        try:
            value = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"Invalid deadline {when!r}: expected an ISO 8601 date-time such as "
                "'2026-12-30T17:00:00+00:00'."
            ) from None
        if len(text) <= 10:  # a bare date
            return format_date(value.date())
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(_zone(tz))
        return f"{value:%H:%M} on {format_date(value.date())}"
    if isinstance(value, _dt.date):
        return format_date(value)
    raise ValueError(
        f"Invalid deadline {when!r} ({type(when).__name__}): expected an aware datetime or "
        "ISO 8601 string such as '2026-12-30T17:00:00+00:00'."
    )


def plural(n: int, unit: str) -> str:
    """'1 day', '3 days'."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _anchor(d: DateLike, after: str | None, tz: str | _dt.tzinfo = DEFAULT_TZ) -> str:
    when = format_date(_to_date(d, "date", tz))
    if after is None or not str(after).strip():
        return when
    return f"{str(after).strip()} on {when}"


def explain_working_days_deadline(
    d: DateLike,
    n: int,
    region: Region | str,
    closures: Iterable[DateLike] = (),
    after: str | None = None,
) -> str:
    """The rule behind :func:`working_days_deadline`, in words for staff.

    ``"2 working days after 24 Dec 2026 (Wales bank holidays)"``; with
    ``after="the decision"``: ``"2 working days after the decision on
    24 Dec 2026 (Wales bank holidays)"``.  If the council has closure days
    the bracket reads ``"(Wales bank holidays and council closure days)"``.
    """
    count = _count(n)
    reg = _region(region)
    closed = _closures(closures)
    calendar = f"{reg.label} bank holidays"
    if closed:
        calendar += " and council closure days"
    return f"{plural(count, 'working day')} after {_anchor(d, after)} ({calendar})"


def explain_calendar_days_deadline(d: DateLike, n: int, after: str | None = None) -> str:
    """The rule behind :func:`calendar_days_deadline`: ``"14 days after 24 Dec 2026"``."""
    return f"{plural(_count(n), 'day')} after {_anchor(d, after)}"


def explain_agreed_date_deadline(d: DateLike) -> str:
    """The rule behind :func:`agreed_date_deadline`: ``"the date agreed, 8 Jan 2027"``."""
    return f"the date agreed, {format_date(d)}"


def explain_weeks_deadline(d: DateLike, n: int, after: str | None = None) -> str:
    """The rule behind :func:`weeks_deadline`: ``"4 weeks after 24 Dec 2026"``."""
    return f"{plural(_count(n, 'number of weeks'), 'week')} after {_anchor(d, after)}"


def explain_hours_deadline(d: DateLike, n: int, tz: str = DEFAULT_TZ) -> str:
    """The rule behind :func:`hours_deadline`: ``"48 hours after 24 Nov 2026 09:30"``."""
    moment = _to_datetime(d, tz).astimezone(_zone(tz))
    return f"{plural(_count(n, 'number of hours'), 'hour')} after {format_date(moment.date())} {moment:%H:%M}"
