"""A fresh database for a benchmark: a SQLite file, or a new schema in a PostgreSQL database,
with the app, its session factory and one session; everything is dropped afterwards."""

from __future__ import annotations

import itertools
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

from bench._support import ROOT

from api import create_app
from api.db import make_engine
from api.definitions import service as definitions_service
from api.models import Base

__all__ = ["BenchDatabase", "database", "FIXTURES"]

FIXTURES = ROOT / "tests" / "fixtures"
_schemas = itertools.count(1)


@dataclass
class BenchDatabase:
    app: object
    url: str
    sessions: object
    session: object


def _with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@contextmanager
def database(url: str):
    """``url`` "sqlite" for a temporary SQLite file, else a PostgreSQL URL to make a schema in."""
    definitions_service.clear_spec_cache()
    tmp = tempfile.TemporaryDirectory(prefix="concerns-bench-")
    schema = None if url == "sqlite" else f"bench_{os.getpid()}_{next(_schemas)}"
    if schema:
        admin = make_engine(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    db_url = f"sqlite:///{tmp.name}/bench.db" if schema is None else _with_schema(url, schema)
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "bench", "CHECK_EXPLORE_PATHS": 0,
                      "PROCESSES_DIR": str(FIXTURES / "processes"), "FORMS_DIR": str(FIXTURES / "forms")})
    engine = app.extensions["concerns"]["engine"]
    Base.metadata.create_all(engine)
    sessions = app.extensions["concerns"]["sessions"]
    session = sessions()
    try:
        yield BenchDatabase(app, db_url, sessions, session)
    finally:
        session.close()
        engine.dispose()
        if schema:
            with admin.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            admin.dispose()
        tmp.cleanup()
