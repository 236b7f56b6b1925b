"""The Jinja sandbox templates run in (instructions, letters), with the scripts' size checks.

Jinja's own sandbox keeps templates away from the machine, but not from making a huge value
in one step (``'a' * 10**9``, ``'x' | center(10**9)``, the text of a list that holds one big
list many times). Arithmetic, the text methods and the filters that can do that are checked
here before they run, with ``engine.script_guards``; ``+`` and ``*`` count what their result
would print, so no template can build a value whose text is huge. Templates cannot change
data (Jinja's immutable sandbox).
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .script_guards import (
    MAX_FORMAT_WIDTH,
    check_length,
    check_renderable,
    guard_method,
    guarded_mod,
    guarded_mul,
    guarded_pow,
    rendered_size,
)

__all__ = ["TemplateSandbox"]


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _template_mul(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and _is_count(count):
            check_length(rendered_size(seq) * max(count, 0), "repeating that")
    return guarded_mul(left, right)  # and numbers as long as scripts allow


def _template_add(left: Any, right: Any) -> Any:
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        check_length(rendered_size(left) + rendered_size(right), "joining these two")
    return left + right


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": _template_mul, "+": _template_add, "**": guarded_pow, "%": guarded_mod}


def _checked(check: Callable[..., None], original: Callable[..., Any]) -> Callable[..., Any]:
    """``original`` (a Jinja filter) with ``check`` run on the same arguments first."""
    @functools.wraps(original)
    def filter_(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return original(*args, **kwargs)
    return filter_


def _width(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    if _is_count(width):
        check_length(width, "padding to that width")


def _indent(text: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    lines = str(text).count("\n") + 1
    check_length(len(str(text)) + lines * (width if _is_count(width) else len(str(width))), "the indented text")


def _batch(value: Any, linecount: Any, *_: Any, **__: Any) -> None:
    if _is_count(linecount):
        check_length(linecount, "a batch that size")


def _text_of(_context: Any, value: Any, *args: Any, **kwargs: Any) -> None:
    check_renderable(value)


def _text_of_value(value: Any, *args: Any, **kwargs: Any) -> None:
    check_renderable(value)


def _joined(_context: Any, value: Any, separator: Any = "", *_: Any, **__: Any) -> None:
    items = list(value) if not isinstance(value, (list, tuple, str)) else value
    check_length(rendered_size(list(items)) + len(str(separator)) * len(items), "the joined text")


def _replaced(_context: Any, text: Any, old: Any, new: Any, count: Any = None) -> None:
    text, old, new = str(text), str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    check_length(len(text) + found * max(len(new) - len(old), 0), "the text after replace")


def _summed(_environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> None:
    if isinstance(start, (str, list, tuple)):
        check_length(rendered_size(start) + rendered_size(list(iterable)), "the sum")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, undefined: type[Undefined] = StrictUndefined) -> None:
        super().__init__(undefined=undefined, autoescape=False, finalize=self._finalize)
        checks = {"center": _width, "indent": _indent, "batch": _batch, "string": _text_of_value,
                  "pprint": _text_of_value, "tojson": _text_of, "join": _joined, "replace": _replaced, "sum": _summed}
        for name, check in checks.items():
            self.filters[name] = _checked(check, self.filters[name])
        self.filters["format"] = lambda value, *args, **kwargs: guarded_mod(str(value), kwargs or args)

    @staticmethod
    def _finalize(value: Any) -> Any:
        check_renderable(value)  # what {{ ... }} prints
        return value

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return _BINOPS[operator](left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._guarded(obj, attribute, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        return self._guarded(obj, argument, value) if isinstance(argument, str) else value

    @staticmethod
    def _guarded(obj: Any, name: str, value: Any) -> Any:
        if isinstance(obj, str) and name in ("format", "format_map"):
            raise ValueError(f"'{name}' is not allowed in templates; use the format filter with widths of at most {MAX_FORMAT_WIDTH:,}")
        return guard_method(obj, name, value)
