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

__all__ = ["create_app", "get_session", "MissingSecretKey"]

# Keys published in this project's history: a cookie signed with one would sign anyone in.
_KNOWN_KEYS = {"dev-only-change-me"}
MIN_SECRET_KEY_LENGTH = 16


class MissingSecretKey(RuntimeError):
    """The app was asked to start without a secret key of its own."""


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)  # the web blueprint serves /static
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=8 * 3600)
    app.config.from_mapping(defaults())
    if config:
        app.config.update(config)
    _require_secret_key(app.config.get("SECRET_KEY"), testing=bool(app.config.get("TESTING")))
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
    from .input_limits import install_input_limits
    from .rest import init_rest
    from .security_txt import install_security_txt

    install_input_limits(app)
    install_security_txt(app)

    init_rest(app)
    from .web import init_web

    init_web(app)
    register(app)
    return app


def _require_secret_key(key, *, testing: bool) -> None:
    if not key:
        raise MissingSecretKey("SECRET_KEY is not set: give the app a long random key of its own (for example "
                               "`SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')`); "
                               "`make run` keeps one in instance/secret_key")
    if key in _KNOWN_KEYS or (not testing and len(str(key)) < MIN_SECRET_KEY_LENGTH):
        raise MissingSecretKey(f"SECRET_KEY is a published or short key; use a random key of at least "
                               f"{MIN_SECRET_KEY_LENGTH} characters")


def get_session():
    """The request's (or command's) database session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["concerns"]["sessions"]()
    return g.db_session
