"""Core statements compiled once per database and run as the driver's own SQL.

Every change to a case runs the same few statements (read its task and its parts, read the
rows it may rewrite, write its parts, its projections and its audit event). Given a statement
object, SQLAlchemy looks up its compiled form, then works out how to bind the parameters and
read the rows, on every execution: on SQLite that took about 40 µs a statement, where the
database took 5 to 15 (issue 17). A :class:`Prepared` statement does that work once for each
database dialect: it keeps the SQL, the order of its parameters and the type processors of its
parameters and columns (the same ones SQLAlchemy would use), and runs through
``Connection.exec_driver_sql``. So it stays in the session's transaction, fires the engine's
events (statement counts see it) and raises SQLAlchemy's own errors.

What it cannot do it refuses when first compiled, rather than do differently from SQLAlchemy:
a list parameter (``expanding``: its SQL changes with the list's length), or an INSERT or
UPDATE leaving a column to a Python-side default (give the value in the statement instead).
"""

from __future__ import annotations

import weakref
from collections import namedtuple
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from sqlalchemy import Connection
from sqlalchemy.sql import ClauseElement

__all__ = ["Prepared", "PreparedStatementError"]


class PreparedStatementError(TypeError):
    """A statement a Prepared cannot run as SQLAlchemy would, or a parameter it was not given."""


class _Form(NamedTuple):
    """A statement as one dialect runs it."""

    sql: str
    positional: bool
    # Per parameter as the SQL names it: (that name, the key the caller gives, a fixed value, its processor).
    binds: tuple[tuple[str, str, Any, Callable | None], ...]
    results: tuple[Callable | None, ...] | None  # a processor per column of a SELECT
    row: type | None


_REQUIRED = object()


class Prepared:
    """A Core statement, compiled once per dialect; run it with :meth:`rows`, :meth:`first` or :meth:`run`."""

    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._forms: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list:
        """The rows of a SELECT, as named tuples of the selected columns, values as SQLAlchemy gives them."""
        form = self._form(connection)
        processors = form.results
        if processors is None:
            raise PreparedStatementError("only a SELECT gives rows: run an INSERT, UPDATE or DELETE with run()")
        found = connection.exec_driver_sql(form.sql, _driver_params(form, params)).all()
        if not any(processors):
            return [form.row._make(row) for row in found]
        return [form.row._make([value if process is None else process(value) for process, value in zip(processors, row)])
                for row in found]

    def first(self, connection: Connection, params: Mapping[str, Any]):
        """The first row of a SELECT, or None."""
        found = self.rows(connection, params)
        return found[0] if found else None

    def run(self, connection: Connection, params: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> int:
        """Run an INSERT, UPDATE or DELETE once, or once per parameter set given in a list (the
        driver's ``executemany``); the number of rows it changed (as the driver counts them)."""
        form = self._form(connection)
        if isinstance(params, Mapping):
            return connection.exec_driver_sql(form.sql, _driver_params(form, params)).rowcount
        many = [_driver_params(form, one) for one in params]
        return connection.exec_driver_sql(form.sql, many).rowcount if many else 0

    def _form(self, connection: Connection) -> _Form:
        dialect = connection.dialect
        form = self._forms.get(dialect)
        if form is None:
            form = self._forms[dialect] = _compile(self.statement, dialect)
        return form


def _driver_params(form: _Form, params: Mapping[str, Any]):
    values = []
    for name, key, fixed, process in form.binds:
        value = params.get(key, fixed)
        if value is _REQUIRED:
            raise PreparedStatementError(f"the statement needs a value for the parameter '{key}'")
        values.append(value if process is None else process(value))
    if form.positional:
        return tuple(values)
    return {name: value for (name, *_rest), value in zip(form.binds, values)}


def _compile(statement: ClauseElement, dialect) -> _Form:
    compiled = statement.compile(dialect=dialect)
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    for bind in by_name.values():
        if bind.expanding:
            raise PreparedStatementError(f"the parameter '{bind.key}' is a list, whose SQL changes with its length; "
                                         "run this statement through SQLAlchemy")
    if getattr(compiled, "escaped_bind_names", None):
        raise PreparedStatementError(f"parameter names that need escaping: {sorted(compiled.escaped_bind_names)}")
    _refuse_python_defaults(statement, compiled)
    names = compiled.positiontup if compiled.positional else list(by_name)
    binds = []
    for name in names:
        bind = by_name[name]
        fixed = _REQUIRED if bind.required else bind.effective_value
        binds.append((name, bind.key, fixed, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    results, row = None, None
    if statement.is_select:
        columns = list(statement.selected_columns)
        # The DBAPI's type codes are not known before a row is read; no processor used here depends on them.
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        row = namedtuple("Row", [column.key or f"column_{i}" for i, column in enumerate(columns)], rename=True)
    return _Form(str(compiled), compiled.positional, tuple(binds), results, row)


def _refuse_python_defaults(statement: ClauseElement, compiled) -> None:
    """An INSERT or UPDATE run as the driver's SQL gets no column defaults from SQLAlchemy (it
    would compute them before running it: its "prefetch" columns)."""
    left = [*getattr(compiled, "insert_prefetch", ()), *getattr(compiled, "update_prefetch", ())]
    if left:
        names = ", ".join(f"{column.table.name}.{column.key}" for column in left)
        raise PreparedStatementError(f"{names}: a Python-side default; give a value in the statement")
