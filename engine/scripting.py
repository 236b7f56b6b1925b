"""The restricted environment every diagram expression runs in.

Scripts, pre/post scripts, gateway conditions, timer expressions, message payloads and
correlations are all Python text written by process owners. None of them may reach the
machine: they run under RestrictedPython with

* no imports, no classes, no names or attributes starting with ``_`` and none of the
  builtins that open files or evaluate code (refused when the text is compiled, so
  ``concerns validate`` reports them before anything is deployed);
* a small whitelist of builtins and the engine's own helpers (scoring, calendar, clock and
  read-only facts about the case's provider);
* a CPU-time, wall-clock and memory budget (``engine.script_budget``), enforced by a tick the
  compiler inserts in every loop body, function and iteration, and by a watchdog thread that
  stops a script between any two bytecodes, ticks or not;
* size checks before each operation that can make a value far bigger than its operands in one
  step (``engine.script_guards``): powers, repetitions, ``+``, ``%`` and f-string formats,
  padding and joining text, ``str()`` of a list that holds one big list many times.

Compiled code is cached by text, so each expression is compiled once per process.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import decimal
import sys
import traceback
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence

from .errors import ScriptError, ScriptTimeout
from .script_budget import MAX_SCRIPT_MEMORY, WATCHDOG, Budget, TimeUp
from .script_compiler import SAFE_BUILTIN_NAMES, check_expression, check_script, compile_expression, compile_script
from .script_guards import (
    GUARDED_BUILTINS,
    MAX_SEQUENCE_LENGTH,
    GuardedPrintCollector,
    guarded_add,
    guarded_format_value,
    guarded_getattr,
    guarded_lshift,
    guarded_mod,
    guarded_mul,
    guarded_pow,
    inplace,
    write_guard,
)

__all__ = [
    "DEFAULT_CPU_SECONDS",
    "ScriptContext",
    "builtin_names",
    "compile_expression",
    "compile_script",
    "check_expression",
    "check_script",
    "evaluate",
    "execute",
    "helper_names",
]

DEFAULT_CPU_SECONDS = 1.0
MAX_STORED_ITEMS = 2 * MAX_SEQUENCE_LENGTH  # items in everything one script stores

# --------------------------------------------------------------------------- run-time guards


def _getitem(obj: Any, key: Any) -> Any:
    return obj[key]


def _internal_import(name: str, *args: Any, **kwargs: Any) -> Any:
    """Only for the interpreter itself: ``datetime.strftime`` and ``strptime`` import ``time`` and
    ``_strptime`` through the builtins of the calling frame. Scripts cannot name ``__import__``
    (names starting with "_" are refused when they are compiled), so nothing else reaches this."""
    if name not in ("time", "_strptime"):
        raise ImportError(f"scripts cannot import {name}")
    return builtins.__import__(name, *args, **kwargs)


_BUILTINS = {name: getattr(builtins, name) for name in SAFE_BUILTIN_NAMES}
_BUILTINS.update(GUARDED_BUILTINS)
_BUILTINS.update({"None": None, "True": True, "False": False, "__import__": _internal_import})



def builtin_names() -> frozenset[str]:
    """The builtins every script has (the engine's helpers come on top)."""
    return frozenset(_BUILTINS)


_STATIC_GUARDS = {
    "__builtins__": _BUILTINS,
    "__name__": "script",
    "__metaclass__": type,
    "_getattr_": guarded_getattr,
    "_getitem_": _getitem,
    "_write_": write_guard,
    "_inplacevar_": inplace,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_pow_": guarded_pow,
    "_mul_": guarded_mul,
    "_lshift_": guarded_lshift,
    "_add_": guarded_add,
    "_mod_": guarded_mod,
    "_format_value_": guarded_format_value,
    "_starred_": lambda value: value,
    "_apply_": lambda f, *a, **kw: f(*a, **kw),
    "_print_": GuardedPrintCollector,
}

_STORABLE = (str, int, float, bool, type(None), _dt.date, _dt.datetime, decimal.Decimal)


# --------------------------------------------------------------------------- context


@dataclass
class ScriptContext:
    """What a case's expressions may see besides their task data.

    ``helpers`` maps names to functions or read-only values. ``on_explain`` receives the
    human explanation a deadline helper produces ("2 working days after 24 Dec 2026"), so
    the runtime can show staff where each deadline came from.
    """

    helpers: Mapping[str, Any] = field(default_factory=dict)
    cpu_seconds: float = DEFAULT_CPU_SECONDS

    def names(self) -> frozenset[str]:
        return frozenset(self.helpers)


def helper_names(context: ScriptContext | None) -> frozenset[str]:
    return context.names() if context else frozenset()


def _globals_for(context: ScriptContext | None, budget: Budget, data: Mapping[str, Any]) -> dict:
    helpers = context.helpers if context else {}
    clashes = sorted(set(helpers) & set(data))
    if clashes:
        raise ScriptError(
            "the case data has field(s) named like engine helpers: "
            + ", ".join(clashes)
            + ". Rename the form field(s) so scripts can still call the helper(s)"
        )
    env = dict(_STATIC_GUARDS)
    env["_getiter_"] = budget.iterate
    env["_tick_"] = budget.tick
    env.update(helpers)
    env.update(data)
    return env


def _runtime_error(exc: BaseException, source: str) -> ScriptError:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<script>":
            line = frame.lineno
    lines = source.splitlines()
    source_line = lines[line - 1] if line and 0 < line <= len(lines) else None
    return ScriptError(f"{type(exc).__name__}: {exc}", line=line, source_line=source_line)


def _run(code, env: dict, budget: Budget, source: str, mode: str):
    previous = sys.getrecursionlimit()
    try:
        with WATCHDOG.watching(budget):
            result = eval(code, env) if mode == "eval" else exec(code, env)  # noqa: S307 - restricted code
    except TimeUp:
        raise _over_budget(budget) from None
    except ScriptError:
        raise
    except MemoryError:
        raise ScriptTimeout("the script asked for more memory than the server has; is it building a very large value?") from None
    except RecursionError as exc:
        raise ScriptError("RecursionError: the script calls itself too deeply", line=_runtime_error(exc, source).line) from None
    except Exception as exc:  # the script's own error: report it with its line
        raise _runtime_error(exc, source) from exc
    finally:
        sys.setrecursionlimit(previous)
    if budget.expired:
        raise _over_budget(budget)
    return result


def _over_budget(budget: Budget) -> ScriptTimeout:
    if budget.out_of_memory:
        return ScriptTimeout(f"the script used more than {MAX_SCRIPT_MEMORY // (1024 * 1024)} MB of memory; "
                             "is it building a very large list?")
    return ScriptTimeout(f"the script used more than its {budget.seconds:g} s of CPU time; is there an endless loop?")


def evaluate(source: str, data: Mapping[str, Any], context: ScriptContext | None = None, extra: Mapping[str, Any] | None = None) -> Any:
    """Evaluate an expression against task data (which it cannot change)."""
    code = compile_expression(source)
    budget = Budget(context.cpu_seconds if context else DEFAULT_CPU_SECONDS)
    env = _globals_for(context, budget, {**(extra or {}), **data})
    return _run(code, env, budget, source, "eval")


def execute(source: str, data: dict, context: ScriptContext | None = None, extra: Mapping[str, Any] | None = None) -> None:
    """Run a script. Names it assigns become task data; names it deletes leave the data.

    Only storable values may be assigned (text, numbers, booleans, dates, lists and dicts of
    them), because task data is saved as JSON.
    """
    code = compile_script(source)
    budget = Budget(context.cpu_seconds if context else DEFAULT_CPU_SECONDS)
    env = _globals_for(context, budget, {**(extra or {}), **data})
    before = dict(env)
    _run(code, env, budget, source, "exec")
    hidden = set(_STATIC_GUARDS) | {"_getiter_", "_tick_"} | set(context.helpers if context else ()) | set(extra or ())
    for name in list(data):
        if name not in env:
            del data[name]
    helpers = context.helpers if context else {}
    for name, value in env.items():
        if name in helpers and helpers[name] is not value:
            raise ScriptError(f"the script assigns '{name}', which is the name of an engine helper; "
                              "choose another name so the value is kept and the helper still works")
        if name in hidden and before.get(name) is value:
            continue
        if name.startswith("_") or name in hidden:
            continue
        if name in data and data[name] is value and before.get(name) is value:
            continue
        if callable(value) or isinstance(value, type(sys)):
            continue  # functions a script defines for itself are not data
        _check_storable(name, value)
        data[name] = value


def _check_storable(name: str, value: Any) -> None:
    # Counts every item it checks: a list holding one big list a thousand times is cheap in
    # memory but a thousand copies once saved as JSON.
    counted = [0]
    _check_storable_item(name, value, 0, counted)


def _check_storable_item(name: str, value: Any, depth: int, counted: list[int]) -> None:
    counted[0] += 1
    if counted[0] > MAX_STORED_ITEMS:
        raise ScriptError(f"'{name}' would store more than {MAX_STORED_ITEMS:,} items in the case; store less")
    if depth > 50:
        raise ScriptError(f"the value stored in '{name}' is nested too deeply")
    if isinstance(value, _STORABLE):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_storable_item(name, item, depth + 1, counted)
        return
    if isinstance(value, (dict, MappingProxyType)):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ScriptError(f"the dict stored in '{name}' has a non-text key {key!r}; use text keys")
            _check_storable_item(name, item, depth + 1, counted)
        return
    if isinstance(value, (set, frozenset)):
        raise ScriptError(f"'{name}' holds a set, which cannot be stored; use sorted(...) to make it a list")
    raise ScriptError(
        f"'{name}' holds a {type(value).__name__}, which cannot be stored in the case; "
        "store text, numbers, true/false, dates, lists or dicts"
    )
