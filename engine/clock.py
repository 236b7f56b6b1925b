"""One settable clock for the whole engine.

Everything in the engine that needs "the current time" calls :func:`now`.
By default that is the real time; tests and the timer scheduler
(``concerns timers run --now ISO``) fix it for the whole process with
:func:`set_clock`, :func:`frozen_clock` and :func:`advance`.

The clock is process-wide: one module-level value guarded by a lock.  Fixing
it in one thread fixes it for every thread.

SpiffWorkflow's timer events read ``datetime.now(timezone.utc)`` inside
``SpiffWorkflow.bpmn.specs.event_definitions.timer``.
:func:`install_spiff_clock` points that module's ``datetime`` at
:class:`ClockDatetime`, whose ``now()`` reads this clock, so every timer in
every case fires against the engine's clock.

Timer expressions must produce *aware* ISO 8601 strings (for example the
output of :func:`engine.calendar.working_days_deadline`,
``"2026-12-30T17:00:00+00:00"``).  Spiff interprets a naive timer value in
its module-level ``LOCALTZ``, which it computes from the machine's local
offset at import time (a fixed offset, blind to BST changes).
:func:`install_spiff_clock` replaces that with Europe/London so a stray naive
value at least means London wall-clock time whatever the server's zone, but
do not rely on it: always emit an offset.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "now",
    "set_clock",
    "frozen_clock",
    "advance",
    "is_frozen",
    "install_spiff_clock",
    "uninstall_spiff_clock",
    "ClockDatetime",
]

_REAL_DATETIME = datetime
_lock = threading.RLock()
_fixed: datetime | None = None


def _plain_utc(value: datetime | str, what: str) -> datetime:
    """Return ``value`` as a plain (non-subclass) aware datetime in UTC."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = _REAL_DATETIME.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{what}: {text!r} is not an ISO 8601 date-time; pass an aware "
                "value with an offset, e.g. '2026-12-24T09:00:00+00:00'."
            ) from None
    if not isinstance(value, _REAL_DATETIME):
        raise TypeError(
            f"{what}: expected an aware datetime (or ISO 8601 string with an offset), "
            f"got {type(value).__name__} {value!r}."
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what}: {value.isoformat()!r} is a naive datetime; pass an aware datetime, "
            "e.g. datetime(2026, 12, 24, 9, 0, tzinfo=timezone.utc) or "
            "'2026-12-24T09:00:00+00:00'. The clock does not guess a time zone."
        )
    v = value.astimezone(timezone.utc)
    # Normalise any datetime subclass (e.g. ClockDatetime) to a plain datetime.
    return _REAL_DATETIME(
        v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=timezone.utc
    )


def now() -> datetime:
    """The engine's current time: an aware ``datetime`` in UTC.

    The real time unless the clock has been fixed with :func:`set_clock` or
    :func:`frozen_clock`, in which case it is that fixed instant (it does not
    tick; use :func:`advance` to move it).
    """
    with _lock:
        fixed = _fixed
    if fixed is not None:
        return fixed
    return _REAL_DATETIME.now(timezone.utc)


def is_frozen() -> bool:
    """True when the clock is fixed rather than following real time."""
    with _lock:
        return _fixed is not None


def set_clock(fixed: datetime | str | None) -> datetime | None:
    """Fix the process-wide clock at ``fixed``, or return to real time with ``None``.

    ``fixed`` must be aware (a ``datetime`` with ``tzinfo``, or an ISO 8601
    string with an offset such as ``'2026-12-24T09:00:00+00:00'`` or
    ``'...Z'``); naive values raise ``ValueError``.  It is stored in UTC.

    Returns the previous fixed instant (``None`` if the clock was real), so a
    caller can restore it.
    """
    global _fixed
    value = None if fixed is None else _plain_utc(fixed, "set_clock")
    with _lock:
        previous, _fixed = _fixed, value
    return previous


@contextmanager
def frozen_clock(at: datetime | str) -> Iterator[datetime]:
    """Fix the clock at ``at`` for the duration of a ``with`` block (for tests).

    Yields the fixed instant (UTC).  On exit the clock returns to whatever it
    was before (real time, or an outer frozen value), even if the block
    advanced it.
    """
    value = _plain_utc(at, "frozen_clock")
    previous = set_clock(value)
    try:
        yield value
    finally:
        set_clock(previous)


def advance(delta: timedelta) -> datetime:
    """Move a fixed clock by ``delta`` (may be negative) and return the new time.

    Raises ``RuntimeError`` if the clock is following real time: fix it first
    with :func:`set_clock` or :func:`frozen_clock`.
    """
    global _fixed
    if not isinstance(delta, timedelta):
        raise TypeError(f"advance: expected a timedelta, got {type(delta).__name__} {delta!r}.")
    with _lock:
        if _fixed is None:
            raise RuntimeError(
                "advance() needs a fixed clock; call set_clock(...) or use frozen_clock(...) first."
            )
        _fixed = _fixed + delta
        return _fixed


# --------------------------------------------------------------------------
# SpiffWorkflow integration
# --------------------------------------------------------------------------


class _ClockDatetimeMeta(type):
    """Make ``isinstance(x, ClockDatetime)`` agree with ``isinstance(x, datetime)``."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, _REAL_DATETIME)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _REAL_DATETIME)


class ClockDatetime(datetime, metaclass=_ClockDatetimeMeta):
    """A stand-in for ``datetime`` whose "now" is the engine clock.

    Constructing it, or calling any alternate constructor (``fromisoformat``,
    ``combine``, ``fromisocalendar``, ``fromtimestamp``, ``strptime`` ...),
    returns a plain ``datetime``, so nothing outside this module ever holds a
    ``ClockDatetime`` instance.  ``isinstance(d, ClockDatetime)`` is true for
    every ``datetime``.  Only ``now``, ``utcnow`` and ``today`` differ from
    ``datetime``: they read :func:`now`.
    """

    def __new__(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        return _REAL_DATETIME(*args, **kwargs)

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        current = now()
        if tz is None:
            # Like datetime.now(): naive local wall-clock time.
            return current.astimezone().replace(tzinfo=None)
        return current.astimezone(tz)

    @classmethod
    def utcnow(cls) -> datetime:  # type: ignore[override]
        return now().replace(tzinfo=None)

    @classmethod
    def today(cls) -> datetime:  # type: ignore[override]
        return cls.now()


_SPIFF_TIMER_MODULE = "SpiffWorkflow.bpmn.specs.event_definitions.timer"
_spiff_originals: dict[str, object] = {}


def install_spiff_clock(local_tz: str | None = "Europe/London") -> None:
    """Make SpiffWorkflow's timer events use the engine clock.  Idempotent.

    Replaces the name ``datetime`` in
    ``SpiffWorkflow.bpmn.specs.event_definitions.timer`` with
    :class:`ClockDatetime`.  With ``local_tz`` (default ``"Europe/London"``)
    also replaces that module's ``LOCALTZ`` -- the zone in which Spiff reads a
    naive timer value -- with that IANA zone instead of the machine's fixed
    offset; pass ``None`` to leave ``LOCALTZ`` alone.  Timer expressions
    should still always produce aware ISO strings.
    """
    import importlib

    module = importlib.import_module(_SPIFF_TIMER_MODULE)
    zone = None
    if local_tz is not None:
        try:
            zone = ZoneInfo(local_tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"install_spiff_clock: unknown time zone {local_tz!r}; use an IANA name "
                "such as 'Europe/London', or None."
            ) from None
    with _lock:
        if "datetime" not in _spiff_originals:
            _spiff_originals["datetime"] = module.datetime
            _spiff_originals["LOCALTZ"] = module.LOCALTZ
        module.datetime = ClockDatetime
        module.LOCALTZ = zone if zone is not None else _spiff_originals["LOCALTZ"]


def uninstall_spiff_clock() -> None:
    """Undo :func:`install_spiff_clock` (mainly for tests).  Idempotent."""
    import importlib

    module = importlib.import_module(_SPIFF_TIMER_MODULE)
    with _lock:
        if "datetime" in _spiff_originals:
            module.datetime = _spiff_originals.pop("datetime")
            module.LOCALTZ = _spiff_originals.pop("LOCALTZ")
