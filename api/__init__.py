"""Provider Concerns web application: app factory, services, CLI.

``create_app(config)`` builds the Flask app; everything else (services, models, the
``concerns`` command) lives in the domain subpackages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, jsonify

from . import models  # noqa: F401  (every table known before the first query)
from .config import defaults
from .db import make_engine, make_session_factory

__all__ = ["create_app", "get_session"]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)  # the web blueprint serves /static
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=8 * 3600)
    app.config.from_mapping(defaults())
    if config:
        app.config.update(config)
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"][len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["concerns"] = {"engine": engine, "sessions": make_session_factory(engine)}

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    @app.get("/healthz")
    def health():
        return jsonify(status="ok")

    from .cli import register
    from .rest import init_rest

    init_rest(app)
    from .web import init_web

    init_web(app)
    register(app)
    return app


def get_session():
    """The request's (or command's) database session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["concerns"]["sessions"]()
    return g.db_session
