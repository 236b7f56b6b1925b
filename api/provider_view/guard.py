"""A provider's user reaches the provider view and nothing else: every other page and every
REST endpoint answers as if it did not exist (404), whatever its id."""

from __future__ import annotations

from flask import Flask, redirect, request, session, url_for

from ..errors import NotFound

__all__ = ["install_provider_guard"]

# Signing in and out, and the look of the pages (GOV.UK Frontend's files).
_OPEN = {"web.sign_in", "web.sign_out", "web.static", "web.vendor", "web.govuk_assets", "static"}


def _provider_user():
    """The signed-in user if a provider's, found without reading the request body (the view
    itself checks the CSRF token, the upload size and the rest)."""
    from .. import get_session
    from ..auth import session_user
    from ..users.service import user_for_token

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if header:
        user = user_for_token(get_session(), token=token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    else:
        user = session_user(get_session())
    return user if user is not None and user.provider_id is not None else None


def _keep_to_provider_view():
    endpoint = request.endpoint or ""
    if endpoint in _OPEN or endpoint.startswith("web.provider_"):
        return None
    if not request.headers.get("Authorization") and "user_id" not in session:
        return None
    if _provider_user() is None:
        return None
    if request.method == "GET" and endpoint.startswith("web."):
        return redirect(url_for("web.provider_home"))
    raise NotFound("there is nothing here for a provider's user; the provider view is at /provider")


def install_provider_guard(app: Flask) -> None:
    app.before_request(_keep_to_provider_view)
