"""Size guards for the few operations where a short script text makes a huge value.

The watchdog (``engine.script_budget``) stops a script between bytecodes, but not inside one
C call: ``'a'.ljust(10**10)``, ``str([big] * 1000)`` or ``''.join([big] * 1000)`` each
allocate gigabytes in a single step. Each such operation is checked here *before* it runs,
and refused with a ValueError that says what to do instead. The limits are generous for a
procedure's scripts, which handle a case's answers.
"""

from __future__ import annotations

import builtins
import re
from typing import Any, Callable, Iterable, Iterator

from RestrictedPython.Guards import safer_getattr
from RestrictedPython.PrintCollector import PrintCollector

__all__ = [
    "GUARDED_BUILTINS", "GuardedPrintCollector", "GuardedStr", "MAX_EXPONENT", "MAX_FORMAT_WIDTH", "MAX_INT_BITS", "MAX_RANGE", "MAX_SEQUENCE_LENGTH",
    "check_format_spec", "check_length", "check_renderable", "guard_method", "rendered_size", "guarded_add", "guarded_format_value", "guarded_getattr", "guarded_lshift", "guarded_mod", "guarded_mul",
    "guarded_pow", "inplace", "write_guard",
]

MAX_SEQUENCE_LENGTH = 1_000_000  # items in a list or characters in a text
MAX_EXPONENT = 10_000
MAX_RANGE = 100_000
MAX_INT_BITS = 65_536  # about 19,700 digits
MAX_FORMAT_WIDTH = 10_000  # a width or precision in a format: f"{x:>20}", "%.2f"
_SEQUENCES = (str, bytes, list, tuple)
_NUMBER_IN_SPEC = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


def _refuse(message: str) -> None:
    raise ValueError(message)


def _too_big(bits: int) -> None:
    if bits > MAX_INT_BITS:
        _refuse(f"the number would have about {int(bits * 0.30103):,} digits; scripts work with numbers of "
                f"at most {int(MAX_INT_BITS * 0.30103):,} digits")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_length(length: int, what: str) -> None:
    if length > MAX_SEQUENCE_LENGTH:
        _refuse(f"{what} would hold {length:,} items or characters; scripts are limited to "
                f"{MAX_SEQUENCE_LENGTH:,}")


def rendered_size(value: Any, limit: int = MAX_SEQUENCE_LENGTH) -> int:
    """About how many characters ``value`` takes as text, counted only up to just past ``limit``.

    A list can hold the same big list a thousand times (cheap to build, a gigabyte to print),
    so the walk counts every item it would print, and stops as soon as that is too many.
    """
    if not isinstance(value, (list, tuple, dict, set, frozenset, str, bytes)):
        return 1
    pending, size = [value], 0
    while pending and size <= limit:
        item = pending.pop()
        if isinstance(item, (str, bytes)):
            size += len(item)
        elif isinstance(item, dict):
            size += len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            size += len(item)
            pending.extend(item)
        else:
            size += 1
    return size


def check_renderable(value: Any, what: str = "the text of this value") -> None:
    """Refuse turning ``value`` into text when the text would be huge."""
    check_length(rendered_size(value), what)


def check_format_spec(spec: str) -> None:
    if "{" in spec:
        _refuse("a format width taken from another value is not allowed in scripts; write the width as a number")
    for number in _NUMBER_IN_SPEC.findall(spec):
        if len(number) > 6 or int(number) > MAX_FORMAT_WIDTH:
            _refuse(f"the format '{spec}' asks for {number} characters; scripts allow at most {MAX_FORMAT_WIDTH:,}")


def guarded_format_value(value: Any, spec: str = "") -> Any:
    """Used by f-strings: ``f"{x:>8}"`` checks ``x`` and ``>8`` first (the compiler inserts it)."""
    check_format_spec(spec)
    check_renderable(value)
    return value


def guarded_pow(base: Any, exponent: Any, *modulo: Any) -> Any:
    if _is_int(exponent) and _is_int(base) and abs(base) > 1:
        if abs(exponent) > MAX_EXPONENT:
            _refuse(f"the power {base} ** {exponent} is too large to compute in a script")
        if exponent > 0 and not modulo:
            _too_big(base.bit_length() * exponent)
    return pow(base, exponent, *modulo)


def guarded_mul(left: Any, right: Any) -> Any:
    if _is_int(left) and _is_int(right):
        _too_big(left.bit_length() + right.bit_length())
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, _SEQUENCES) and _is_int(count) and len(seq) * count > MAX_SEQUENCE_LENGTH:
            _refuse(f"repeating a sequence {count} times is too large for a script (limit {MAX_SEQUENCE_LENGTH:,} items)")
    return left * right


def guarded_add(left: Any, right: Any) -> Any:
    if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        check_length(len(left) + len(right), "joining these two")
    return left + right


def guarded_mod(left: Any, right: Any) -> Any:
    """``"%8.2f" % x``: the widths and what is printed are checked first."""
    if isinstance(left, str):
        for width, precision in _PERCENT_SPEC.findall(left):
            for number in (width, precision):
                if number == "*":
                    _refuse("a '%*' width taken from a value is not allowed in scripts; write the width as a number")
                if number and (len(number) > 6 or int(number) > MAX_FORMAT_WIDTH):
                    _refuse(f"the format '{left[:40]}' asks for {number} characters; scripts allow at most {MAX_FORMAT_WIDTH:,}")
        check_renderable(right)
    return left % right


def guarded_lshift(left: Any, right: Any) -> Any:
    if isinstance(right, int) and right > MAX_EXPONENT:
        _refuse(f"shifting by {right} bits is too large for a script")
    if _is_int(left) and _is_int(right) and right > 0:
        _too_big(left.bit_length() + right)
    return left << right


# --------------------------------------------------------------------------- methods


def _padded(method: str) -> Callable[..., Any]:
    def pad(text: Any, width: Any = 0, *rest: Any) -> Any:
        if _is_int(width):
            check_length(width, f"{method}() to that width")
        return getattr(text, method)(width, *rest)
    return pad


def _replace(text: Any, old: Any, new: Any, count: int = -1) -> Any:
    if isinstance(old, type(text)) and isinstance(new, type(text)) and len(new) > len(old):
        found = text.count(old) if old else len(text) + 1
        if _is_int(count) and count >= 0:
            found = min(found, count)
        check_length(len(text) + found * (len(new) - len(old)), "the text after replace()")
    return text.replace(old, new, count)


def _expandtabs(text: Any, tabsize: int = 8) -> Any:
    if _is_int(tabsize) and tabsize > 0:
        tab = "\t" if isinstance(text, str) else b"\t"
        check_length(len(text) + text.count(tab) * tabsize, "the text after expandtabs()")
    return text.expandtabs(tabsize)


def _join(separator: Any, items: Iterable[Any]) -> Any:
    items = list(items)
    text = sum(len(item) for item in items if isinstance(item, (str, bytes)))
    check_length(text + len(separator) * max(len(items) - 1, 0), "the joined text")
    return separator.join(items)


def _translate(text: Any, table: Any) -> Any:
    if isinstance(table, dict):
        longest = max((len(v) for v in table.values() if isinstance(v, (str, bytes))), default=1)
        check_length(len(text) * max(longest, 1), "the text after translate()")
    return text.translate(table)


def _extend(target: list, items: Iterable[Any]) -> None:
    items = items if isinstance(items, (list, tuple, str, dict, set, frozenset)) else list(items)
    check_length(len(target) + len(items), "the list after extend()")
    target.extend(items)


_TEXT_METHODS: dict[str, Callable[..., Any]] = {
    **{name: _padded(name) for name in ("ljust", "rjust", "center", "zfill")},
    "replace": _replace, "expandtabs": _expandtabs, "join": _join, "translate": _translate,
}


def _bound(function: Callable[..., Any], target: Any) -> Callable[..., Any]:
    def method(*args: Any, **kwargs: Any) -> Any:
        return function(target, *args, **kwargs)
    return method


def guarded_getattr(obj: Any, name: str, default: Any = None) -> Any:
    """RestrictedPython's ``safer_getattr``, with the methods above checked before they run."""
    if obj is GuardedStr:
        obj = str
    return guard_method(obj, name, safer_getattr(obj, name, default))


def guard_method(obj: Any, name: str, value: Any) -> Any:
    """``value`` (``obj.name``), or a checked stand-in when it is a method that can make a huge value."""
    if isinstance(obj, (str, bytes)) and name in _TEXT_METHODS:
        return _bound(_TEXT_METHODS[name], obj)
    if obj in (str, bytes) and name in _TEXT_METHODS:
        return _TEXT_METHODS[name]
    if isinstance(obj, list) and name == "extend":
        return _bound(_extend, obj)
    return value


def write_guard(obj: Any) -> Any:
    if isinstance(obj, (dict, list, set)):
        return obj
    raise TypeError(f"scripts may only change lists, dicts and sets, not a {type(obj).__name__}")


_INPLACE = {
    "+=": guarded_add, "-=": lambda a, b: a - b, "*=": guarded_mul, "/=": lambda a, b: a / b,
    "//=": lambda a, b: a // b, "%=": guarded_mod, "**=": guarded_pow,
    "|=": lambda a, b: a | b, "&=": lambda a, b: a & b, "^=": lambda a, b: a ^ b,
    "<<=": guarded_lshift, ">>=": lambda a, b: a >> b,
}


def inplace(op: str, left: Any, right: Any) -> Any:
    return _INPLACE[op](left, right)


# --------------------------------------------------------------------------- builtins


class _GuardedStrType(type):
    """``str`` in scripts: the same type for ``isinstance``, checked when it makes text."""

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, str)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, str)

    def __call__(cls, *args: Any, **kwargs: Any) -> str:
        if args:
            check_renderable(args[0])
        return str(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return guarded_getattr(str, name)


class GuardedStr(metaclass=_GuardedStrType):
    """Stands for ``str`` in a script's builtins."""


class GuardedPrintCollector(PrintCollector):
    """``print`` in scripts (its text goes to the script's ``printed``), checked like ``str``."""

    def _call_print(self, *objects: Any, **kwargs: Any) -> None:
        for value in objects:
            check_renderable(value)
        super()._call_print(*objects, **kwargs)


def _repr(value: Any) -> str:
    check_renderable(value)
    return repr(value)


def _format(value: Any, spec: str = "") -> str:
    check_format_spec(str(spec))
    check_renderable(value)
    return format(value, spec)


def _sum(items: Iterable[Any], start: Any = 0) -> Any:
    if isinstance(start, _SEQUENCES):
        items = list(items)
        check_length(len(start) + sum(len(item) for item in items if isinstance(item, _SEQUENCES)), "the sum")
    return sum(items, start)


def _interruptible(make: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Any]]:
    # A generator runs bytecode between items, so the watchdog can stop list(zip(*huge)).
    # Not ``yield from``: CPython does not look for a pending interruption inside it.
    def iterate(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in make(*args, **kwargs):  # noqa: UP028
            yield item
    iterate.__name__ = make.__name__
    return iterate


def _limited_range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        _refuse(f"range() of {len(r)} items is too large for a script (limit {MAX_RANGE:,})")
    return r


GUARDED_BUILTINS: dict[str, Any] = {
    "str": GuardedStr, "repr": _repr, "format": _format, "sum": _sum, "range": _limited_range,
    **{name: _interruptible(getattr(builtins, name)) for name in ("zip", "map", "filter", "enumerate", "reversed")},
}
