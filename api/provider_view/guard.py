"""A provider's user reaches the provider view and nothing else: every other page and every
REST endpoint answers as if it did not exist (404), whatever its id."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for

from ..errors import NotFound, ServiceError

__all__ = ["install_provider_guard"]

# Signing in and out, and the look of the pages (GOV.UK Frontend's files).
_OPEN = {"web.sign_in", "web.sign_out", "web.static", "web.vendor", "web.govuk_assets", "static"}


def _provider_user():
    from ..auth import current_caller

    try:
        caller = current_caller()
    except ServiceError:
        return None  # not signed in, or refused: the view itself answers that
    return caller.user if caller.user.provider_id is not None else None


def _keep_to_provider_view():
    endpoint = request.endpoint or ""
    if endpoint in _OPEN or endpoint.startswith("web.provider_"):
        return None
    if not request.headers.get("Authorization") and "user_id" not in _session_keys():
        return None
    if _provider_user() is None:
        return None
    if request.method == "GET" and endpoint.startswith("web."):
        return redirect(url_for("web.provider_home"))
    raise NotFound("there is nothing here for a provider's user; the provider view is at /provider")


def _session_keys():
    from flask import session

    return session.keys()


def install_provider_guard(app: Flask) -> None:
    app.before_request(_keep_to_provider_view)
