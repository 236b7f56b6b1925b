"""The REST API (/api/v1): flask-smorest + marshmallow, so validation and the OpenAPI
document come from one source. Committed as api/openapi.json; a test fails when it is stale."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api, Blueprint
from werkzeug.routing import IntegerConverter

from .links import OperationLinks
from .problems import register_problem_handlers

__all__ = ["init_rest", "OPENAPI_FILE"]

from ..config import ROOT

OPENAPI_FILE = ROOT / "api" / "openapi.json"

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A database id in a URL: 1 to 2**31-1, so an out-of-range id is a 404, not a database error."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def init_rest(app: Flask) -> Api:
    """The REST API on ``app``: its OpenAPI settings, id converter, blueprints, problem details and headers."""
    _configure_openapi(app)
    # Unknown fields are refused everywhere, query strings included.
    Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION = {}
    app.url_map.converters["id"] = IdConverter
    api = Api(app, spec_kwargs={"extra_plugins": [OperationLinks()]})
    api.register_converter(IdConverter, lambda converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    _register_blueprints(api)
    register_problem_handlers(app)
    app.after_request(_security_headers)
    return api


def _configure_openapi(app: Flask) -> None:
    """The OpenAPI document's title, version, location and security schemes, unless the app sets its own."""
    app.config.setdefault("API_TITLE", "Provider Concerns")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "Cases, tasks and procedures for commissioned care providers that give cause for concern. "
                                "Errors are RFC 9457 problem details."},
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A token from `concerns users token EMAIL`"},
            "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session",
                           "description": "Session from POST /api/v1/session; changes also need the X-CSRF-Token header"},
        }},
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
    })


def _register_blueprints(api: Api) -> None:
    # Imported here, not at the top: the views import this package (rest.common, MAX_ID).
    from ..cases.views import cases, messages, tasks
    from ..definitions.views import blp as definitions
    from ..drafts.views import blp as drafts
    from ..providers.views import blp as providers
    from ..users.views import blp as users
    from ..documents.views import blp as documents
    from ..chronology.views import blp as chronology
    from ..reports.views import blp as reports
    from ..case_migrations.views import blp as case_migrations

    for blueprint in (users, definitions, drafts, providers, cases, tasks, messages, documents, chronology, reports,
                      case_migrations):
        api.register_blueprint(blueprint)


def _security_headers(response):
    """Every response's security headers; API responses are never cached and may load nothing."""
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    else:
        # bpmn-js sets style attributes on the diagram's SVG, hence 'unsafe-inline' for styles only.
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                                    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
                                    "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
    return response
