"""Errors as RFC 9457 problem details: ``type``, ``title``, ``status``, ``detail``, and
``errors`` (field paths and messages) for validation failures. No stack trace ever leaves."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from engine.errors import EngineError

from ..errors import ServiceError

__all__ = ["problem", "register_problem_handlers"]

log = logging.getLogger(__name__)
PROBLEM_TYPE = "about:blank"


def problem(status: int, detail: str, *, title: str | None = None, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _field_errors(messages: Any, path: list[str] | None = None) -> list[dict]:
    """Flatten webargs/marshmallow messages ({location: {field: [msg]}}) into field paths."""
    path = path or []
    found: list[dict] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            found.extend(_field_errors(value, path + [str(key)]))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for message in messages:
            found.append({"field": "/" + "/".join(path), "path": path, "message": message})
    elif isinstance(messages, list):
        for value in messages:
            found.extend(_field_errors(value, path))
    else:
        found.append({"field": "/" + "/".join(path), "path": path, "message": str(messages)})
    return found


def _location_free(errors: list[dict]) -> list[dict]:
    # webargs prefixes the location ("json", "query", "files"); keep it in `path`, drop it from `field`.
    for error in errors:
        if error["path"] and error["path"][0] in ("json", "query", "form", "files", "headers", "view_args"):
            error["location"] = error["path"][0]
            error["path"] = error["path"][1:]
            error["field"] = "/" + "/".join(error["path"])
    return errors


def register_problem_handlers(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        return problem(error.status, error.detail, title=error.title, errors=error.errors or None)

    @app.errorhandler(EngineError)
    def _engine_error(error: EngineError):
        return problem(422, str(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = _location_free(_field_errors(data.get("messages"))) if data.get("messages") else None
        detail = error.description or HTTPStatus(error.code).phrase
        if errors:
            detail = "The request is not valid: " + "; ".join(f"{e['field'] or '(body)'}: {e['message']}" for e in errors)
        headers = {"Allow": error.valid_methods} if getattr(error, "valid_methods", None) else None
        if error.code == 405 and getattr(error, "valid_methods", None):
            headers = {"Allow": ", ".join(error.valid_methods)}
        return problem(error.code or 500, detail, errors=errors, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        return problem(500, "Something went wrong on our side. It has been logged; please try again or contact support.")
