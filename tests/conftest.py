"""Fixtures in the style of Flask's tutorial: ``app``, ``client``, ``runner``, a fresh database per test.

Database tests run on SQLite, and again on PostgreSQL when ``TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from api import create_app
from api.actors import Actor
from api.definitions import service as definitions_service
from api.models import Base
from engine import clock

pytest_plugins = ["tests.support.dates", "pytester"]

FIXTURES = Path(__file__).parent / "fixtures"
BASE_PG_URL = os.environ.get("TEST_DATABASE_URL")
# Each test run gets its own PostgreSQL schema, so runs sharing a database cannot disturb each other.
PG_SCHEMA = f"test_run_{os.getpid()}"
PG_URL = (BASE_PG_URL + ("&" if "?" in BASE_PG_URL else "?")
          + f"options=-csearch_path%3D{PG_SCHEMA}&application_name={PG_SCHEMA}") if BASE_PG_URL else None
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@functools.cache
def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from api.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def stamp_current_migration(engine) -> None:
    """Mark a schema made by ``create_all`` as migrated, as ``concerns db upgrade`` would leave it,
    so the commands that refuse an unmigrated database run against it."""
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.exec_driver_sql("DELETE FROM alembic_version")
        connection.exec_driver_sql(f"INSERT INTO alembic_version (version_num) VALUES ('{_head_revision()}')")


@pytest.fixture(scope="session")
def _pg_schema():
    """Create the PostgreSQL schema once per run; each test then starts from empty tables."""
    if not PG_URL:
        return None
    from api.db import make_engine

    admin = make_engine(BASE_PG_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {PG_SCHEMA}")
    engine = make_engine(PG_URL)
    Base.metadata.create_all(engine)
    stamp_current_migration(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    engine = request.getfixturevalue("_pg_schema")
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        # A connection an earlier test of this worker left in a transaction (a browser test's server
        # thread) would hold the tables and hang the TRUNCATE: end it. Only this worker's, by name.
        connection.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %(name)s "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()", {"name": PG_SCHEMA})
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return PG_URL


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "PROCESSES_DIR": str(FIXTURES / "processes"),
        "FORMS_DIR": str(FIXTURES / "forms"),
        # The explorer is tested on its own (tests/api/test_explorer.py); checks in other tests stay quick.
        "CHECK_EXPLORE_PATHS": 0,
        # Evidence and letters are written here, never into the repository's instance/ folder.
        "FILES_DIR": str(tmp_path / "files"),
    })
    engine = app.extensions["concerns"]["engine"]
    if engine.dialect.name == "sqlite":
        Base.metadata.create_all(engine)
        stamp_current_migration(engine)
    definitions_service.clear_spec_cache()
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sessions(app):
    return app.extensions["concerns"]["sessions"]


@pytest.fixture
def session(sessions):
    with sessions() as session:
        yield session


@pytest.fixture
def system():
    return Actor.system("tests")


@pytest.fixture(autouse=True)
def _real_clock_after_test():
    yield
    clock.set_clock(None)


@pytest.fixture
def world(session):
    from tests.support.world import build_world

    return build_world(session)


@pytest.fixture
def http(client, world, session):
    """The API, as a user of each role in each fixture council (bearer tokens)."""
    from tests.support.http import api_users

    return api_users(client, world, session)


@pytest.fixture
def councils(session):
    """The demo councils with every shipped procedure deployed, a provider each and a user per role."""
    from engine.definitions import ProcessLibrary
    from tests.support.world import build_world

    root = Path(__file__).resolve().parent.parent
    return build_world(session, ProcessLibrary(root / "processes", root / "forms"))
