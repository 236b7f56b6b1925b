"""Signing in and out, and the home page."""

from __future__ import annotations

import hmac
import secrets

from flask import flash, redirect, render_template, request, session, url_for

from ..auth import sign_in as check_sign_in, sign_out as clear_session
from ..errors import TooManyAttempts, Unauthorized
from . import bp, signed_in
from .redirects import same_site_path


@bp.get("/")
def home():
    return redirect(url_for("web.inbox"))


def _safe_next(target: str | None) -> str:
    return same_site_path(target, url_for("web.inbox"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    errors = []
    email = ""
    refused_status = None
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        password = request.form.get("password", "")
        sent = request.form.get("csrf_token", "")
        if not sent or not hmac.compare_digest(sent, session.get("csrf_token", "")):
            errors.append({"field": "email", "message": "The page had expired: sign in again"})
        elif not email:
            errors.append({"field": "email", "message": "Enter your email address"})
        if email and not password and not errors:
            errors.append({"field": "password", "message": "Enter your password"})
        if not errors:
            try:
                check_sign_in(email, password, request.remote_addr or "")
                return redirect(_safe_next(request.args.get("next")))
            except (Unauthorized, TooManyAttempts) as exc:  # too many from this address: 429
                errors.append({"field": "email", "message": exc.detail[0].upper() + exc.detail[1:]})
                refused_status = 429 if isinstance(exc, TooManyAttempts) else 400
    status = refused_status if errors and refused_status else (400 if errors else 200)
    if not session.get("csrf_token"):
        # A token before sign-in too, so another site cannot sign someone in to this one.
        session["csrf_token"] = secrets.token_urlsafe(32)
    return render_template("web/sign_in.html", page_title="Sign in", errors=errors, email=email), status


@bp.post("/sign-out")
@signed_in
def sign_out():
    clear_session()
    flash("You have signed out.", "success")
    return redirect(url_for("web.sign_in"))
