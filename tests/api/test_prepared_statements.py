"""api/prepared.py: statements compiled once and run as the driver's SQL give what SQLAlchemy
would give, on SQLite and PostgreSQL, and refuse what they cannot do the same way."""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import bindparam, event, insert, select, update

from api import prepared
from api.audit.models import AuditEvent
from api.prepared import Prepared, PreparedStatementError
from api.tenants.models import Tenant

AT = _dt.datetime(2026, 11, 24, 9, 30, tzinfo=_dt.timezone.utc)
COLUMNS = ("actor", "at", "action", "detail", "before", "after")
INSERT = insert(AuditEvent).values({name: bindparam(name) for name in COLUMNS})
READ = select(AuditEvent.id, AuditEvent.at, AuditEvent.before, AuditEvent.after, AuditEvent.detail) \
    .where(AuditEvent.action == bindparam("action")).order_by(AuditEvent.id)


def event_values(n: int, **changes) -> dict:
    return {"actor": f"officer {n}", "at": AT + _dt.timedelta(hours=n), "action": "noted", "detail": f"note {n}",
            "before": None, "after": {"risk": n, "named": ["Rose", "Ivy"]}, **changes}


def test_a_prepared_read_gives_the_rows_and_types_sqlalchemy_gives(session):
    session.add_all([AuditEvent(**event_values(1)), AuditEvent(**event_values(2, before={"risk": 1}))])
    session.flush()
    connection = session.connection()

    rows = Prepared(READ).rows(connection, {"action": "noted"})

    assert rows == connection.execute(READ, {"action": "noted"}).all()
    assert [row.at for row in rows] == [AT + _dt.timedelta(hours=1), AT + _dt.timedelta(hours=2)]  # aware, in UTC
    assert rows[1].before == {"risk": 1} and rows[0].after["named"] == ["Rose", "Ivy"]
    assert Prepared(READ).first(connection, {"action": "none such"}) is None


def test_a_prepared_insert_stores_what_sqlalchemy_stores(session):
    connection = session.connection()
    connection.execute(INSERT, event_values(1))

    Prepared(INSERT).run(connection, event_values(1, action="prepared"))

    stored = "SELECT actor, at, detail, before, after FROM audit_event WHERE action = {} ORDER BY id"
    mark = "?" if connection.dialect.name == "sqlite" else "%(action)s"
    by_sqlalchemy = connection.exec_driver_sql(stored.format(mark), _one(connection, "noted")).all()
    by_prepared = connection.exec_driver_sql(stored.format(mark), _one(connection, "prepared")).all()
    assert by_prepared == by_sqlalchemy  # the same text, the same instant, JSON null for a None, not SQL NULL
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "prepared"))
    assert (event.at, event.before, event.after) == (AT + _dt.timedelta(hours=1), None, event_values(1)["after"])


def _one(connection, value):
    return (value,) if connection.dialect.name == "sqlite" else {"action": value}


def test_a_prepared_write_runs_once_per_parameter_set_and_counts_the_rows_it_changed(session):
    connection = session.connection()
    assert Prepared(INSERT).run(connection, [event_values(n) for n in range(1, 4)]) == 3
    assert Prepared(INSERT).run(connection, []) == 0
    assert [row.detail for row in Prepared(READ).rows(connection, {"action": "noted"})] == ["note 1", "note 2", "note 3"]

    session.add(Tenant(slug="county", name="County Council", region="england", folders=["shared"]))
    session.flush()
    rename = Prepared(update(Tenant).where(Tenant.slug == "county", Tenant.name == bindparam("was"))
                      .values(name=bindparam("now")))
    assert rename.run(connection, {"was": "County Council", "now": "Shire Council"}) == 1
    assert rename.run(connection, {"was": "County Council", "now": "Shire Council"}) == 0  # changed since: a collision


def test_a_prepared_statement_is_compiled_once_and_seen_by_the_engines_events(session, monkeypatch):
    compiled, seen = [], []
    real_compile = prepared._compile
    monkeypatch.setattr(prepared, "_compile", lambda *args: compiled.append(args) or real_compile(*args))
    connection = session.connection()

    def count(_connection, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(connection.engine, "before_cursor_execute", count)
    try:
        read = Prepared(READ)
        for _ in range(3):
            read.rows(connection, {"action": "noted"})
    finally:
        event.remove(connection.engine, "before_cursor_execute", count)
    assert len(compiled) == 1
    assert len([sql for sql in seen if sql.startswith("SELECT audit_event.id")]) == 3


def test_a_statement_it_cannot_run_as_sqlalchemy_would_is_refused_with_the_reason(session):
    connection = session.connection()
    with pytest.raises(PreparedStatementError, match="'ids' is a list"):
        Prepared(select(AuditEvent.id).where(AuditEvent.id.in_(bindparam("ids", expanding=True)))).rows(connection, {"ids": [1]})
    with pytest.raises(PreparedStatementError, match="audit_event.at, audit_event.detail: a Python-side default"):
        Prepared(insert(AuditEvent).values(actor=bindparam("actor"), action=bindparam("action"))).run(
            connection, {"actor": "officer", "action": "noted"})
    with pytest.raises(PreparedStatementError, match="needs a value for the parameter 'action'"):
        Prepared(READ).rows(connection, {})
    with pytest.raises(PreparedStatementError, match="only a SELECT gives rows"):
        Prepared(INSERT).rows(connection, event_values(1))
