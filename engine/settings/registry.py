"""The declared council settings: what a council may set in ``[tenant.thresholds]``.

Each region declares its settings in its own module (``engine/settings/<folder>.py``) with
``declare(...)``. A setting belongs to a process folder: a council whose folders include it may
set it, and its procedures read it as ``thresholds["key"]`` (the council's value, else the
declared default). Nothing else decides a default, so a diagram never hides one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

__all__ = [
    "Kind", "WholeNumber", "Fraction", "YesNo", "Text", "OneOf", "TextList", "Table", "Checked",
    "Setting", "declare", "declared", "setting", "by_risk_level", "RISK_LEVELS", "defaults",
]

RISK_LEVELS = ("low", "moderate", "high", "extreme")


class Kind:
    """What values a setting takes; ``problems`` says what is wrong with one, in plain words."""

    def describe(self) -> str:
        raise NotImplementedError

    def problems(self, value: Any) -> list[tuple[str, str]]:
        """``(sub_key, message)`` pairs; ``sub_key`` is "" for the value itself."""
        raise NotImplementedError

    def shown(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class WholeNumber(Kind):
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""

    def describe(self) -> str:
        bounds = []
        if self.minimum is not None:
            bounds.append(f"at least {self.minimum}")
        if self.maximum is not None:
            bounds.append(f"at most {self.maximum}")
        return "a whole number" + (f" of {self.unit}" if self.unit else "") + (f", {' and '.join(bounds)}" if bounds else "")

    def problems(self, value: Any) -> list[tuple[str, str]]:
        wrong = isinstance(value, bool) or not isinstance(value, int)
        if wrong or (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return [("", f"must be {self.describe()}, got {value!r}")]
        return []

    def shown(self, value: Any) -> str:
        unit = self.unit[:-1] if value == 1 and self.unit.endswith("s") else self.unit
        return f"{value} {unit}".strip()


@dataclass(frozen=True)
class Fraction(Kind):
    """A share from 0 to 1, e.g. 0.5 for half."""

    def describe(self) -> str:
        return "a share from 0 to 1, e.g. 0.5 for half"

    def problems(self, value: Any) -> list[tuple[str, str]]:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            return [("", f"must be {self.describe()}, got {value!r}")]
        return []


@dataclass(frozen=True)
class YesNo(Kind):
    def describe(self) -> str:
        return "true or false"

    def problems(self, value: Any) -> list[tuple[str, str]]:
        return [] if isinstance(value, bool) else [("", f"must be true or false (no quotes), got {value!r}")]

    def shown(self, value: Any) -> str:
        return "Yes" if value else "No"


@dataclass(frozen=True)
class Text(Kind):
    def describe(self) -> str:
        return "text in quotes"

    def problems(self, value: Any) -> list[tuple[str, str]]:
        return [] if isinstance(value, str) else [("", f"must be text in quotes, got {value!r}")]


@dataclass(frozen=True)
class OneOf(Kind):
    choices: tuple[str, ...]

    def describe(self) -> str:
        return "one of " + ", ".join(f'"{c}"' for c in self.choices)

    def problems(self, value: Any) -> list[tuple[str, str]]:
        return [] if value in self.choices else [("", f"must be {self.describe()}, got {value!r}")]


@dataclass(frozen=True)
class TextList(Kind):
    def describe(self) -> str:
        return 'a list of texts, e.g. ["first", "second"]'

    def problems(self, value: Any) -> list[tuple[str, str]]:
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return []
        return [("", f"must be {self.describe()}, got {value!r}")]

    def shown(self, value: Any) -> str:
        return "; ".join(value)


@dataclass(frozen=True)
class Table(Kind):
    """A table of named parts, each of its own kind; a part left out takes the default's."""

    parts: tuple[tuple[str, Kind], ...]

    def describe(self) -> str:
        return "a table with " + ", ".join(name for name, _ in self.parts)

    def problems(self, value: Any) -> list[tuple[str, str]]:
        if not isinstance(value, dict):
            return [("", f"must be {self.describe()}, e.g. {{ {self.parts[0][0]} = ... }}, got {value!r}")]
        kinds = dict(self.parts)
        found: list[tuple[str, str]] = []
        for name, part in value.items():
            if name not in kinds:
                found.append((name, f"is not a part of this setting; its parts are: {', '.join(kinds)}"))
                continue
            found.extend((f"{name}.{sub}" if sub else name, message) for sub, message in kinds[name].problems(part))
        return found

    def shown(self, value: Any) -> str:
        kinds = dict(self.parts)
        return ", ".join(f"{name} {kinds[name].shown(part)}" for name, part in value.items() if name in kinds)


@dataclass(frozen=True)
class Checked(Kind):
    """A setting checked by the code that reads it (a region's scoring table): ``check`` raises
    ValueError saying what is wrong, or returns whatever it built. One rule, in one place."""

    description: str
    check: Callable[[Any], Any]

    def describe(self) -> str:
        return self.description

    def problems(self, value: Any) -> list[tuple[str, str]]:
        try:
            self.check(value)
        except ValueError as exc:
            return [("", f"is not valid: {exc}")]
        return []

    def shown(self, value: Any) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{k} {v}" for k, v in value.items()) or "the defaults"
        return str(value)


def by_risk_level(kind: Kind) -> Table:
    """One value per level of risk (low, moderate, high, extreme)."""
    return Table(tuple((level, kind) for level in RISK_LEVELS))


@dataclass(frozen=True)
class Setting:
    """One council setting: where a seed leaves a value to local judgement or arrangement."""

    key: str
    folder: str  # the process folder (region or council) whose procedures read it
    label: str  # what it is, in the seed's words, as a process owner reads it
    kind: Kind
    default: Any
    source: str = ""  # where the seed leaves it to the council, or why there is a default

    def value_for(self, thresholds: Mapping[str, Any]) -> Any:
        """The council's value, else the default; a table's missing parts take the default's."""
        # A copy, so that a script changing what it read never changes the declared default.
        if self.key not in thresholds:
            return copy.deepcopy(self.default)
        value = thresholds[self.key]
        if isinstance(self.kind, Table) and isinstance(self.default, dict) and isinstance(value, dict):
            return copy.deepcopy({**self.default, **value})
        return copy.deepcopy(value)


_DECLARED: dict[str, Setting] = {}


def declare(*settings: Setting) -> None:
    """Add a region's settings; a key is declared once across every region, and its default is valid."""
    for item in settings:
        if item.key in _DECLARED and _DECLARED[item.key] != item:
            raise ValueError(f"council setting {item.key!r} is declared twice ({_DECLARED[item.key].folder} and {item.folder})")
        wrong = item.kind.problems(item.default)
        if wrong:
            raise ValueError(f"council setting {item.key!r}: its default {wrong[0][0]} {wrong[0][1]}".replace("  ", " "))
        _DECLARED[item.key] = item


def declared(folders: Iterable[str] | None = None) -> list[Setting]:
    """Every declared setting, or those of the given folders, in declaration order."""
    if folders is None:
        return list(_DECLARED.values())
    wanted = set(folders)
    return [s for s in _DECLARED.values() if s.folder in wanted]


def setting(key: str) -> Setting | None:
    return _DECLARED.get(key)


def defaults() -> dict[str, Any]:
    """Every declared setting's default, by key."""
    return {key: item.default for key, item in _DECLARED.items()}
