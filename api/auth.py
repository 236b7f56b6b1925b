"""Who is calling: an API client with a bearer token, or a signed-in person with a session
cookie (and then a CSRF token on every change). Sign-in is rate limited and locks out after
repeated failures."""

from __future__ import annotations

import datetime as _dt
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from flask import current_app, g, request, session
from sqlalchemy import select

from engine.roles import Role

from . import get_session
from .actors import Actor
from .db import utcnow
from .errors import Forbidden, TooManyAttempts, Unauthorized
from .tenants.models import Tenant
from .users.models import User
from .users.service import end_web_session, start_web_session, user_for_token, user_for_web_session, verify_password

__all__ = ["Caller", "current_caller", "require_role", "session_user", "sign_in", "sign_out",
           "MAX_FAILED_SIGN_INS", "LOCKOUT"]

MAX_FAILED_SIGN_INS = 5
LOCKOUT = _dt.timedelta(minutes=15)
_RATE_WINDOW_SECONDS = 60
_RATE_MAX_ATTEMPTS = 20
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class Caller:
    user: User
    tenant: Tenant
    actor: Actor
    via: str  # "token" or "session"


class _RateLimiter:
    """Attempts per key in a sliding window (per process; enough for one app server)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._hits: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


def sign_in_limiter() -> _RateLimiter:
    """The app's sign-in rate limiter (one per app, so separate apps never share counts)."""
    extensions = current_app.extensions["concerns"]
    if "sign_in_limiter" not in extensions:
        extensions["sign_in_limiter"] = _RateLimiter(_RATE_MAX_ATTEMPTS, _RATE_WINDOW_SECONDS)
    return extensions["sign_in_limiter"]


def _caller_from_user(user: User, via: str) -> Caller:
    from .cases.permissions import set_reader

    # What the request reads, it reads as this person (need to know: api/cases/permissions.py).
    set_reader(get_session(), user)
    return Caller(user=user, tenant=user.tenant, actor=Actor.of(user), via=via)


def current_caller() -> Caller:
    """The authenticated caller, or 401. Cached for the request."""
    if "caller" in g:
        return g.caller
    db = get_session()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("send 'Authorization: Bearer <token>'; tokens come from 'concerns users token EMAIL'")
        user = user_for_token(db, token=token.strip())
        if user is None:
            raise Unauthorized("the token is unknown, expired or revoked; ask an administrator for a new one")
        g.caller = _caller_from_user(user, "token")
        return g.caller
    user = session_user(db)
    if user is None:
        raise Unauthorized("sign in, or send a bearer token")
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.headers.get(CSRF_HEADER, "") or (request.form.get("csrf_token", "") if request.form else "")
        if not sent or not hmac.compare_digest(sent, session.get("csrf_token", "")):
            raise Forbidden(f"the request has no valid CSRF token; send the {CSRF_HEADER} header you got when signing in")
    g.caller = _caller_from_user(user, "session")
    return g.caller


def session_user(db):
    """The user of the request's web session, or None; looked up once per request (the provider
    view's guard asks before the view's own check does)."""
    if "session_user" not in g:
        g.session_user = user_for_web_session(db, token=session.get("sid"), user_id=session.get("user_id"))
    return g.session_user


def require_role(caller: Caller, *roles: Role) -> None:
    if not any(caller.user.has_role(role) for role in roles):
        names = " or ".join(r.value for r in roles)
        raise Forbidden(f"this needs the role {names}")


def sign_in(email: str, password: str, remote: str) -> User:
    """Check a password; count failures, lock out after repeated ones. Commits."""
    if not sign_in_limiter().hit(remote or "unknown"):
        raise TooManyAttempts("too many sign-in attempts from this address; wait a minute and try again")
    db = get_session()
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    # One answer whether the email is unknown, the password wrong or the account locked, so
    # nobody learns which addresses have accounts here.
    failure = Unauthorized("the email address or password is not right, or the account is locked after repeated "
                           f"failed sign-ins (for {int(LOCKOUT.total_seconds() // 60)} minutes)")
    if user is None or not user.active:
        verify_password(None, password)
        raise failure
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        verify_password(None, password)
        raise failure
    if not verify_password(user.password_hash, password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + LOCKOUT
            user.failed_sign_ins = 0
        db.commit()
        raise failure
    user.failed_sign_ins = 0
    user.locked_until = None
    sid = start_web_session(db, user=user)
    db.commit()
    session.clear()
    session["user_id"] = user.id
    session["sid"] = sid
    session["csrf_token"] = secrets.token_urlsafe(32)
    session.permanent = True
    return user


def sign_out() -> None:
    """End the session on the server too: a copy of the cookie no longer signs anyone in."""
    end_web_session(get_session(), token=session.get("sid"))
    session.clear()
