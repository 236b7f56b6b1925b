"""Compiling a diagram's Python text under the scripts' policy (RestrictedPython, plus ours).

What is refused here is refused when a diagram is checked (``concerns validate``, the
modeller's Check), before anything runs: imports, classes, the builtins that open files or
evaluate code. The compiler also puts the run-time checks into the code: a tick in every loop
and function (``engine.script_budget``), and a size check before each operation that can make
a value far bigger than its operands (``engine.script_guards``).
"""

from __future__ import annotations

import ast
import functools

from RestrictedPython import RestrictingNodeTransformer, compile_restricted_eval, compile_restricted_exec

from .errors import ScriptCompileError

__all__ = ["SAFE_BUILTIN_NAMES", "check_expression", "check_script", "compile_expression", "compile_script"]


# Builtins that would let a script open files, evaluate code or walk the object graph.
# Refused at compile time with a message naming them, rather than a NameError at run time.
_FORBIDDEN_NAMES = {
    "open": "reading or writing files is not allowed in scripts",
    "exec": "running generated code is not allowed in scripts",
    "eval": "running generated code is not allowed in scripts",
    "compile": "running generated code is not allowed in scripts",
    "globals": "inspecting the interpreter is not allowed in scripts",
    "locals": "inspecting the interpreter is not allowed in scripts",
    "vars": "inspecting the interpreter is not allowed in scripts",
    "dir": "inspecting the interpreter is not allowed in scripts",
    "getattr": "dynamic attribute access is not allowed in scripts",
    "setattr": "dynamic attribute access is not allowed in scripts",
    "delattr": "dynamic attribute access is not allowed in scripts",
    "type": "inspecting types is not allowed in scripts",
    "object": "inspecting types is not allowed in scripts",
    "input": "scripts cannot ask for input",
    "breakpoint": "scripts cannot start a debugger",
    "help": "scripts cannot use help()",
    "exit": "scripts cannot stop the interpreter",
    "quit": "scripts cannot stop the interpreter",
    "memoryview": "memoryview is not allowed in scripts",
}

SAFE_BUILTIN_NAMES = (
    "abs", "all", "any", "bool", "dict", "divmod", "enumerate", "filter", "float", "format",
    "frozenset", "int", "isinstance", "len", "list", "map", "max", "min", "reversed", "round",
    "set", "sorted", "str", "sum", "tuple", "zip",
    "ArithmeticError", "Exception", "IndexError", "KeyError", "LookupError", "NameError", "TypeError",
    "ValueError", "ZeroDivisionError",
)


class _ScriptPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy, plus: no imports or classes, clear messages for forbidden
    builtins, and CPU ticks in every loop and function."""

    def visit_Import(self, node: ast.Import) -> ast.AST:
        names = ", ".join(alias.name for alias in node.names)
        self.error(node, f"'import {names}' is not allowed: scripts cannot import modules; use the helpers the engine provides")
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST:
        self.error(node, f"'from {node.module} import ...' is not allowed: scripts cannot import modules; use the helpers the engine provides")
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.error(node, "defining classes is not allowed in scripts")
        return node

    def visit_AsyncFunctionDef(self, node: ast.AST) -> ast.AST:
        self.error(node, "async functions are not allowed in scripts")
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if isinstance(node.ctx, ast.Load) and node.id in _FORBIDDEN_NAMES:
            self.error(node, f"'{node.id}' is not available: {_FORBIDDEN_NAMES[node.id]}")
        return super().visit_Name(node)

    def visit_While(self, node: ast.While) -> ast.AST:
        node = super().visit_While(node)
        node.body.insert(0, _tick_statement(node))
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node = super().visit_FunctionDef(node)
        node.body.insert(0, _tick_statement(node))
        return node

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        node = super().visit_Lambda(node)
        # `_tick_()` returns None, so `None or body` is the body.
        node.body = ast.fix_missing_locations(
            ast.copy_location(ast.BoolOp(op=ast.Or(), values=[_tick_call(node), node.body]), node.body)
        )
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = super().visit_BinOp(node)
        guard = _BINOP_GUARDS.get(type(node.op))
        if guard is None:
            return node
        call = ast.Call(func=ast.Name(guard, ast.Load()), args=[node.left, node.right], keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, node))

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        # f"{x:>8}" becomes f"{_format_value_(x, '>8'):>8}": the width and x are checked first.
        node = super().visit_FormattedValue(node)
        spec = node.format_spec
        if spec is not None and not all(isinstance(part, ast.Constant) for part in spec.values):
            self.error(node, "a format width taken from another value is not allowed in scripts; write the width as a number")
            return node
        text = "".join(str(part.value) for part in spec.values) if spec is not None else ""
        call = ast.Call(func=ast.Name("_format_value_", ast.Load()), args=[node.value, ast.Constant(text)], keywords=[])
        node.value = ast.fix_missing_locations(ast.copy_location(call, node.value))
        return node


    def visit_Starred(self, node: ast.Starred) -> ast.AST:
        # [*a, *a, ...] extends a list without any point where CPython looks for the watchdog's
        # interruption; a call between the parts gives it one.
        node = super().visit_Starred(node)
        if isinstance(node.ctx, ast.Load):
            call = ast.Call(func=ast.Name("_starred_", ast.Load()), args=[node.value], keywords=[])
            node.value = ast.fix_missing_locations(ast.copy_location(call, node.value))
        return node


# Operators whose result can be far bigger than their operands: checked before they run.
_BINOP_GUARDS = {ast.Pow: "_pow_", ast.Mult: "_mul_", ast.LShift: "_lshift_", ast.Add: "_add_", ast.Mod: "_mod_"}


def _tick_call(node: ast.AST) -> ast.Call:
    call = ast.Call(func=ast.Name("_tick_", ast.Load()), args=[], keywords=[])
    ast.copy_location(call, node)
    return ast.fix_missing_locations(call)


def _tick_statement(node: ast.AST) -> ast.Expr:
    stmt = ast.Expr(value=_tick_call(node))
    ast.copy_location(stmt, node)
    ast.fix_missing_locations(stmt)
    return stmt


def _compile(source: str, mode: str):
    if not isinstance(source, str) or not source.strip():
        raise ScriptCompileError("the expression is empty")
    compiler = compile_restricted_exec if mode == "exec" else compile_restricted_eval
    text = source if mode == "exec" else source.strip()
    result = compiler(text, filename="<script>", policy=_ScriptPolicy)
    if result.errors:
        raise _compile_error(result.errors[0], text)
    return result.code


def _compile_error(message: str, text: str) -> ScriptCompileError:
    # RestrictedPython reports "Line N: message" (or a SyntaxError text with "at statement").
    line = None
    if message.startswith("Line "):
        head, _, rest = message.partition(": ")
        try:
            line = int(head[5:])
            message = rest
        except ValueError:
            pass
    elif "SyntaxError" in message or "line" in message:
        for token in message.replace(",", " ").split():
            if token.isdigit():
                line = int(token)
                break
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else None
    return ScriptCompileError(message.rstrip("."), line=line, source_line=source_line)


@functools.lru_cache(maxsize=8192)
def compile_script(source: str):
    """Compile a script (statements) once; raises ScriptCompileError."""
    return _compile(source, "exec")


@functools.lru_cache(maxsize=8192)
def compile_expression(source: str):
    """Compile an expression (a condition, timer, payload) once; raises ScriptCompileError."""
    return _compile(source, "eval")


def check_script(source: str) -> None:
    """Raise ScriptCompileError if the script would be refused."""
    compile_script(source)


def check_expression(source: str) -> None:
    """Raise ScriptCompileError if the expression would be refused."""
    compile_expression(source)
