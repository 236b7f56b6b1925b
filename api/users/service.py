"""Users, their roles, passwords and API tokens."""

from __future__ import annotations

import datetime as _dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.roles import Role

from ..actors import Actor
from ..audit.service import record
from ..db import utcnow
from ..errors import Invalid, NotFound
from ..tenants.service import get_tenant
from .models import ApiToken, User, UserRole

__all__ = ["start_web_session", "end_web_session", "user_for_web_session", "WEB_SESSION_HOURS", "add_user", "get_user", "list_users", "revoke_user_tokens", "issue_token", "revoke_token", "user_for_token", "hash_password", "verify_password", "TOKEN_DAYS"]

TOKEN_DAYS = 90
WEB_SESSION_HOURS = 8
# A signed-in browser holds one of these in its (signed) session cookie; the server keeps its
# hash among the tokens, so signing out (or an administrator revoking a user's tokens) ends it
# on the server, and a cookie copied before then no longer works. Never a bearer token.
_WEB_SESSION_PREFIX = "ws_"
_WEB_SESSION_LABEL = "web sign-in"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _parse_roles(roles: list[str], tenant=None) -> list[str]:
    """Base roles, or roles the council declares (processes/tenants.toml, issue 23)."""
    from engine.declared_roles import council_roles

    known = council_roles(tenant.region, tenant.roles or {}) if tenant is not None else {r.value: r for r in Role}
    parsed = []
    for role in roles:
        if role not in known:
            raise Invalid(f"'{role}' is not a role; choose from: {', '.join(sorted(known))}")
        parsed.append(role)
    if not parsed:
        raise Invalid("give the user at least one role")
    return parsed


def add_user(session: Session, *, email: str, tenant_slug: str, roles: list[str], password: str | None = None, name: str = "", actor: Actor,
             provider_id: int | None = None) -> User:
    """A council user with roles, or (``provider_id``) a provider's user, who sees only the provider view."""
    email = email.strip().lower()
    if "@" not in email:
        raise Invalid(f"'{email}' is not an email address")
    tenant = get_tenant(session, slug=tenant_slug)
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise Invalid(f"a user with email {email} already exists")
    parsed = _parse_roles(roles, tenant) if provider_id is None or roles else []
    if provider_id is not None:
        _check_provider_user(session, tenant, provider_id, parsed)
    user = User(tenant_id=tenant.id, email=email, name=name, password_hash=hash_password(password) if password else None,
                provider_id=provider_id)
    user.role_rows = [UserRole(role=str(r)) for r in dict.fromkeys(parsed)]
    session.add(user)
    session.flush()
    record(session, actor=actor, action="user_added", tenant_id=tenant.id,
           after={"email": email, "roles": [str(r) for r in parsed], "provider_id": provider_id})
    session.commit()
    return user


def _check_provider_user(session: Session, tenant, provider_id: int, roles: list) -> None:
    from ..providers.models import Provider

    provider = session.get(Provider, provider_id)
    if provider is None or provider.tenant_id != tenant.id:
        raise Invalid(f"{tenant.slug} has no provider {provider_id}; a provider's user is linked to one of the council's providers")
    if roles:
        raise Invalid("a provider's user holds no council role: leave the roles empty")


def get_user(session: Session, *, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"there is no user {email}")
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, *, email: str, days: int = TOKEN_DAYS, label: str = "", actor: Actor) -> str:
    """Create an API token; the plain text is returned once and never stored."""
    user = get_user(session, email=email)
    token = "pc_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, expires_at=utcnow() + _dt.timedelta(days=days)))
    record(session, actor=actor, action="token_issued", tenant_id=user.tenant_id, detail=f"API token for {user.email}, expires in {days} days")
    session.commit()
    return token


def revoke_token(session: Session, *, token: str, actor: Actor) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None:
        raise NotFound("no such token")
    row.revoked_at = utcnow()
    record(session, actor=actor, action="token_revoked", tenant_id=row.user.tenant_id, detail=f"API token for {row.user.email}")
    session.commit()


def _live_token(session: Session, token: str, now: _dt.datetime | None = None) -> ApiToken | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= (now or utcnow()) or not row.user.active:
        return None
    return row


def _wall_clock() -> _dt.datetime:
    # A browser session lasts 8 real hours, whatever day the case clock says it is (a demo or
    # a test may move that clock on by weeks while someone stays signed in).
    return _dt.datetime.now(_dt.timezone.utc)


def user_for_token(session: Session, *, token: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, expired or revoked
    (or a browser's session, which is no bearer token)."""
    row = None if token.startswith(_WEB_SESSION_PREFIX) else _live_token(session, token)
    return row.user if row is not None else None


def start_web_session(session: Session, *, user: User) -> str:
    """A new server-side session for a browser signing in; the caller commits. Returns its id."""
    token = _WEB_SESSION_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=_WEB_SESSION_LABEL,
                         expires_at=_wall_clock() + _dt.timedelta(hours=WEB_SESSION_HOURS)))
    return token


def user_for_web_session(session: Session, *, token: str | None, user_id: int | None) -> User | None:
    """The active user of a live browser session, or None (signed out, expired, revoked, forged)."""
    if not token or not isinstance(token, str) or not token.startswith(_WEB_SESSION_PREFIX):
        return None
    row = _live_token(session, token, _wall_clock())
    return row.user if row is not None and row.user_id == user_id else None


def end_web_session(session: Session, *, token: str | None) -> None:
    """Sign a browser out on the server (idempotent). Commits."""
    if token and isinstance(token, str) and token.startswith(_WEB_SESSION_PREFIX):
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
            session.commit()


def list_users(session: Session, *, tenant_id: int) -> list[User]:
    return list(session.scalars(select(User).where(User.tenant_id == tenant_id).order_by(User.email)))


def revoke_user_tokens(session: Session, *, tenant_id: int, user_id: int, actor: Actor) -> int:
    """Revoke every live token of a user of this council; returns how many."""
    user = session.get(User, user_id)
    if user is None or user.tenant_id != tenant_id:
        raise NotFound(f"there is no user {user_id}")
    now = utcnow()
    tokens = list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))))
    for token in tokens:
        token.revoked_at = now
    record(session, actor=actor, action="tokens_revoked", tenant_id=tenant_id, detail=f"{len(tokens)} API token(s) of {user.email}")
    session.commit()
    return len(tokens)
