"""Validation helpers and the risk levels every region's tables share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

__all__ = ["RISK_LEVELS"]

# ---------------------------------------------------------------------------------------------
# Validation helpers (private)
# ---------------------------------------------------------------------------------------------


def _where(where: str | None) -> str:
    return f" ({where})" if where else ""


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, bool):
        return f"{value!r} (a yes/no value)"
    if isinstance(value, float):
        return f"{value!r} (a decimal number)"
    if value is None:
        return "nothing (None)"
    return repr(value)


def _rating(value: Any, name: str, where: str | None = None, *, hint: str = "") -> int:
    """Return ``value`` if it is a whole number 1-5, else raise a ValueError that says how to fix it."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        fix = f"; {hint}" if hint else ""
        raise ValueError(f"{name} must be a whole number from 1 to 5, got {_describe(value)}{_where(where)}{fix}")
    return value


def _mapping(value: Any, name: str, where: str | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(
            f"{name} must be a dictionary of named values, got {type(value).__name__}{_where(where)}"
        )
    return value


def _list_of_rows(value: Any, name: str) -> Sequence[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValueError(f"{name} must be a list of rows (dictionaries), got {type(value).__name__}")
    return value


def _check_keys(
    given: Mapping[str, Any],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    what: str,
    where: str | None = None,
) -> None:
    unknown = sorted(str(k) for k in given if k not in required and k not in optional)
    missing = [k for k in required if k not in given]
    problems = []
    if unknown:
        problems.append("unknown key(s) " + ", ".join(repr(k) for k in unknown))
    if missing:
        problems.append("missing key(s) " + ", ".join(repr(k) for k in missing))
    if problems:
        allowed = ", ".join(list(required) + list(optional))
        raise ValueError(f"{what}{_where(where)}: " + "; ".join(problems) + f". The keys are: {allowed}")


def _thresholds(cls: type, value: Any, name: str) -> Any:
    """Accept an instance of ``cls``, None (defaults) or a dict overriding some defaults."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        allowed = [f.name for f in fields(cls)]
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            raise ValueError(
                f"{name}: unknown setting(s) " + ", ".join(repr(k) for k in unknown)
                + f". The settings are: {', '.join(allowed)}"
            )
        return cls(**dict(value))
    raise ValueError(
        f"{name} must be a dictionary of settings, a {cls.__name__} or None, got {type(value).__name__}"
    )


def _int_setting(value: Any, name: str, low: int, high: int, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        none = " or None to switch it off" if allow_none else ""
        raise ValueError(f"threshold {name} must be a whole number from {low} to {high}{none}, got {_describe(value)}")


# ---------------------------------------------------------------------------------------------
# Risk levels shared by Lancashire Appendices 4 and 5
# ---------------------------------------------------------------------------------------------

#: The four risk levels of Lancashire Appendix 4, lowest first (section 4: "Low risk, Moderate
#: risk, High risk, Extreme risk").
RISK_LEVELS: tuple[str, ...] = ("low", "moderate", "high", "extreme")
_LEVEL_RANK = {level: rank for rank, level in enumerate(RISK_LEVELS)}
