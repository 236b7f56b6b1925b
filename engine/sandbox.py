"""Trying a script, condition or timer expression with sample data, before it is deployed.

It runs in the same restricted environment as a case (same policy, CPU budget and helpers),
so what the process owner sees is what a case would do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import ScriptError
from .helpers import CaseFacts, build_context
from .scripting import evaluate, execute
from .timer_bounds import check_timer_value

__all__ = ["TryKind", "TryResult", "try_code"]

MAX_CODE_CHARS = 20_000


class TryKind(StrEnum):
    SCRIPT = "script"
    CONDITION = "condition"
    TIMER = "timer"


@dataclass
class TryResult:
    ok: bool
    result: Any = None
    data: dict | None = None
    changed: list[str] = field(default_factory=list)
    explanation: str = ""
    error: str = ""
    line: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _plain(value: Any) -> Any:
    """Values as JSON shows them (dates as ISO text)."""
    return json.loads(json.dumps(value, default=str))


def try_code(kind: TryKind | str, code: str, data: dict, facts: CaseFacts | None = None) -> TryResult:
    """Run ``code`` as ``kind`` against a copy of ``data``; never raises for the code's own faults."""
    kind = TryKind(kind)
    if not code or not code.strip():
        return TryResult(ok=False, error=f"there is no {kind.value} to try: write it first")
    if len(code) > MAX_CODE_CHARS:
        return TryResult(ok=False, error=f"the {kind.value} is longer than {MAX_CODE_CHARS:,} characters")
    notes: list[str] = []
    context = build_context(facts or CaseFacts(), explain=notes.append)
    sample = json.loads(json.dumps(data))
    try:
        if kind is TryKind.SCRIPT:
            before = json.loads(json.dumps(sample))
            execute(code, sample, context)
            after = _plain(sample)
            changed = sorted(k for k in after.keys() | before.keys() if after.get(k, ...) != before.get(k, ...))
            return TryResult(ok=True, data=after, changed=changed)
        value = evaluate(code, sample, context)
        if kind is TryKind.CONDITION:
            return TryResult(ok=True, result=bool(value),
                             explanation=f"the flow is {'taken' if value else 'not taken'} (the expression gives {value!r})")
        check_timer_value(value)  # bounded as a case's timer is (ValueError below)
        return TryResult(ok=True, result=_plain(value), explanation="; ".join(notes))
    except ScriptError as exc:
        return TryResult(ok=False, error=exc.message, line=exc.line)
    except (ValueError, TypeError, KeyError) as exc:  # a helper refusing its arguments
        return TryResult(ok=False, error=str(exc))
