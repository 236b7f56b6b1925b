"""Rendering a step's instructions (a Jinja template in the diagram) within limits.

A template runs in Jinja's immutable sandbox with the scripts' size checks
(``engine.template_sandbox``), watched by the scripts' watchdog, and also: for at most ``MAX_RENDER_SECONDS`` of wall
clock, producing at most ``MAX_INSTRUCTIONS_CHARS`` characters (``range`` ticks the clock on
every item, so nested loops that print nothing stop too). A template that fails or runs over
shows its text as written: instructions never stop a case.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Mapping

from .template_sandbox import TemplateSandbox
from .script_budget import WATCHDOG, Budget, TimeUp

__all__ = ["render_instructions", "MAX_INSTRUCTIONS_CHARS", "MAX_RENDER_SECONDS", "MAX_TEMPLATE_RANGE"]

MAX_INSTRUCTIONS_CHARS = 50_000
MAX_RENDER_SECONDS = 0.5
MAX_TEMPLATE_RANGE = 10_000


class _OverBudget(Exception):
    pass


class _Clock:
    def __init__(self):
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OverBudget()

    def range(self, *args: int):
        numbers = range(*args)
        if len(numbers) > MAX_TEMPLATE_RANGE:
            raise _OverBudget()
        for number in numbers:
            self.check()
            yield number


_environment = TemplateSandbox()


@functools.lru_cache(maxsize=1024)
def _compiled(template: str):
    """Instructions are the same few texts on every change: compile each once."""
    return _environment.from_string(template)


def render_instructions(template: str | None, data: Mapping[str, Any]) -> str:
    if not template:
        return ""
    clock = _Clock()
    pieces: list[str] = []
    size = 0
    try:
        # The watchdog stops a template between bytecodes even where no piece is produced.
        with WATCHDOG.watching(Budget(MAX_RENDER_SECONDS)):
            for piece in _compiled(template).generate(**{**data, "range": clock.range}):
                size += len(piece)
                if size > MAX_INSTRUCTIONS_CHARS:
                    raise _OverBudget()
                clock.check()
                pieces.append(piece)
    except (Exception, TimeUp):  # noqa: BLE001 - a template's own fault (1/0, missing data, too long) shows it as written
        return template[:MAX_INSTRUCTIONS_CHARS]
    return "".join(pieces)
