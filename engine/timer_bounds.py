"""Timer values a diagram may compute, bounded (issue 16, item 6).

A timer expression's value is an ISO 8601 duration (``"P3D"``), date-time, or cycle
(``"R4/P1W"``). SpiffWorkflow works a far-off value out step by step, so ``"P99999999Y"`` once
kept a server thread busy for minutes. A duration may be at most ``MAX_YEARS`` years, a date
must fall between 1900 and 2200, and a cycle repeats at most ``MAX_REPEATS`` times.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

__all__ = ["check_timer_value", "MAX_YEARS", "MAX_REPEATS"]

MAX_YEARS = 100
MAX_REPEATS = 10_000
_EARLIEST, _LATEST = 1900, 2200
_DURATION = re.compile(r"^P(?:(?P<Y>\d+(?:[.,]\d+)?)Y)?(?:(?P<M>\d+(?:[.,]\d+)?)M)?(?:(?P<W>\d+(?:[.,]\d+)?)W)?"
                       r"(?:(?P<D>\d+(?:[.,]\d+)?)D)?(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?"
                       r"(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$")
_DAYS = {"Y": 366, "M": 31, "W": 7, "D": 1, "h": 1 / 24, "m": 1 / 1440, "s": 1 / 86400}
_MAX_TEXT = 200


def _duration_days(text: str) -> float | None:
    found = _DURATION.match(text)
    if not found:
        return None
    return sum(float(v.replace(",", ".")) * _DAYS[k] for k, v in found.groupdict().items() if v)


def _check_part(text: str) -> None:
    days = _duration_days(text)
    if days is not None:
        if days > MAX_YEARS * 366:
            raise ValueError(f"the timer's duration '{text}' is longer than {MAX_YEARS} years")
        return
    year = re.match(r"^[+-]?(\d+)-", text)
    if year and not _EARLIEST <= int(year.group(1)) <= _LATEST:
        raise ValueError(f"the timer's date '{text}' is not between {_EARLIEST} and {_LATEST}")


def check_timer_value(value: Any) -> None:
    """Raise ValueError (saying what to change) if a timer's value is out of bounds."""
    if isinstance(value, _dt.datetime | _dt.date):
        if not _EARLIEST <= value.year <= _LATEST:
            raise ValueError(f"the timer's date {value.isoformat()} is not between {_EARLIEST} and {_LATEST}")
        return
    if isinstance(value, _dt.timedelta):
        if value > _dt.timedelta(days=MAX_YEARS * 366):
            raise ValueError(f"the timer's duration is longer than {MAX_YEARS} years")
        return
    if not isinstance(value, str):
        return
    text = value.strip()
    if len(text) > _MAX_TEXT:
        raise ValueError(f"the timer's value is {len(text)} characters long; a date, duration or cycle is far shorter")
    parts = text.split("/")
    if parts[0].startswith("R"):
        count = parts[0][1:]
        if count and (not count.isdigit() or int(count) > MAX_REPEATS):
            raise ValueError(f"the timer repeats '{count}' times; at most {MAX_REPEATS}")
        parts = parts[1:]
    for part in parts:
        _check_part(part)
