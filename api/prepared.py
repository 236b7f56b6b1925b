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
    names: tuple[str, ...] | None  # the parameters' names in the SQL, for a driver taking them by name
    fixed: tuple  # every parameter's value in order: the fixed ones bound already, None where the caller gives it
    given: tuple[tuple[int, str], ...]  # (position, key) of each parameter the caller gives
    processors: tuple[tuple[int, Callable], ...]  # (position, type processor) of given parameters that have one
    results: tuple[tuple[int, Callable], ...]  # (position, type processor) of a SELECT's columns that have one
    row: type | None  # a SELECT's rows: a named tuple of its columns


class Prepared:
    """A Core statement, compiled once per dialect; run it with :meth:`rows`, :meth:`first` or :meth:`run`."""

    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._forms: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list:
        """The rows of a SELECT, as named tuples of the selected columns, values as SQLAlchemy gives them."""
        form = self._form(connection)
        if form.row is None:
            raise PreparedStatementError("only a SELECT gives rows: run an INSERT, UPDATE or DELETE with run()")
        found = connection.exec_driver_sql(form.sql, _driver_params(form, params)).all()
        if not form.results:
            return [form.row._make(row) for row in found]
        rows = []
        for row in found:
            values = list(row)
            for position, process in form.results:
                values[position] = process(values[position])
            rows.append(form.row._make(values))
        return rows

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
    values = list(form.fixed)
    try:
        for position, key in form.given:
            values[position] = params[key]
    except KeyError as missing:
        raise PreparedStatementError(f"the statement needs a value for the parameter {missing}") from None
    for position, process in form.processors:
        values[position] = process(values[position])
    return tuple(values) if form.names is None else dict(zip(form.names, values))


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
    fixed, given, processors = [], [], []
    for position, name in enumerate(names):
        bind = by_name[name]
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if bind.required:
            fixed.append(None)
            given.append((position, bind.key))
            if process is not None:
                processors.append((position, process))
        else:
            fixed.append(bind.effective_value if process is None else process(bind.effective_value))
    results, row = [], None
    if statement.is_select:
        columns = list(statement.selected_columns)
        for position, column in enumerate(columns):
            # The DBAPI's type codes are not known before a row is read; no processor used here depends on them.
            process = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if process is not None:
                results.append((position, process))
        row = namedtuple("Row", [column.key or f"column_{i}" for i, column in enumerate(columns)], rename=True)
    return _Form(str(compiled), None if compiled.positional else tuple(names), tuple(fixed), tuple(given),
                 tuple(processors), tuple(results), row)


def _refuse_python_defaults(statement: ClauseElement, compiled) -> None:
    """An INSERT or UPDATE run as the driver's SQL gets no column defaults from SQLAlchemy (it
    would compute them before running it: its "prefetch" columns)."""
    left = [*getattr(compiled, "insert_prefetch", ()), *getattr(compiled, "update_prefetch", ())]
    if left:
        names = ", ".join(f"{column.table.name}.{column.key}" for column in left)
        raise PreparedStatementError(f"{names}: a Python-side default; give a value in the statement")
