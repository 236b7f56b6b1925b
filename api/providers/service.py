"""Providers: the care services a council commissions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..actors import Actor
from ..audit.service import record
from ..errors import Conflict, Invalid, NotFound
from .models import Provider, ProviderKind, ProviderStatus, Regulator

__all__ = ["case_history", "create_provider", "get_provider", "list_providers", "search_providers", "update_provider", "provider_cases"]


def create_provider(
    session: Session, *, tenant_id: int, name: str, kind: str, regulator: str, regulator_id: str,
    beds: int | None = None, address: str = "", actor: Actor,
) -> Provider:
    try:
        kind, regulator = ProviderKind(kind), Regulator(regulator)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    existing = session.scalar(select(Provider).where(Provider.tenant_id == tenant_id, Provider.regulator == regulator,
                                                     Provider.regulator_id == regulator_id))
    if existing is not None:
        raise Conflict(f"{existing.name} is already registered with {regulator} id {regulator_id} (provider {existing.id})")
    provider = Provider(tenant_id=tenant_id, name=name, kind=kind, regulator=regulator, regulator_id=regulator_id,
                        beds=beds, address=address, status=ProviderStatus.ACTIVE)
    session.add(provider)
    session.flush()
    record(session, actor=actor, action="provider_added", tenant_id=tenant_id, after=provider.facts())
    session.commit()
    return provider


def get_provider(session: Session, *, tenant_id: int, provider_id: int) -> Provider:
    provider = session.get(Provider, provider_id)
    if provider is None or provider.tenant_id != tenant_id:
        raise NotFound(f"there is no provider {provider_id}")
    return provider


def list_providers(session: Session, *, tenant_id: int) -> list[Provider]:
    return list(session.scalars(select(Provider).where(Provider.tenant_id == tenant_id).order_by(Provider.name)))


def search_providers(session: Session, *, tenant_id: int, kind: str | None = None, regulator: str | None = None,
                     status: str | None = None, q: str | None = None, page: int = 1, page_size: int = 50) -> tuple[list[Provider], int]:
    query = select(Provider).where(Provider.tenant_id == tenant_id)
    for column, value in ((Provider.kind, kind), (Provider.regulator, regulator), (Provider.status, status)):
        if value:
            query = query.where(column == value)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(Provider.name).like(like) | func.lower(Provider.regulator_id).like(like))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Provider.name, Provider.id).offset((page - 1) * page_size).limit(page_size))
    return list(rows), total


def update_provider(session: Session, *, tenant_id: int, provider_id: int, changes: dict, actor: Actor) -> Provider:
    provider = get_provider(session, tenant_id=tenant_id, provider_id=provider_id)
    before = provider.facts()
    for key, value in changes.items():
        setattr(provider, key, value)
    record(session, actor=actor, action="provider_updated", tenant_id=tenant_id, before=before, after=provider.facts())
    session.commit()
    return provider


def provider_cases(session: Session, *, provider: Provider) -> list:
    """The provider's cases its reader may see (a partner: those they are invited to)."""
    from ..cases.models import Case
    from ..cases.permissions import seen_cases

    return list(session.scalars(select(Case).where(Case.provider_id == provider.id, seen_cases(session, Case.id))
                                .order_by(Case.started_at.desc(), Case.id.desc())))


def case_history(session: Session, *, provider: Provider, limit: int = 100, recent_months: int = 24) -> dict:
    """Open and past cases (the most recent ``limit`` of each, with totals) and how many started
    in the last ``recent_months``; of the cases its reader may see."""
    import datetime as _dt

    from ..cases.models import Case
    from ..cases.permissions import seen_cases
    from ..db import utcnow

    open_statuses = ("running", "error")
    seen = seen_cases(session, Case.id)
    base = select(Case).where(Case.provider_id == provider.id, seen).order_by(Case.started_at.desc(), Case.id.desc())
    count = select(func.count(Case.id)).where(Case.provider_id == provider.id, seen)
    since = utcnow() - _dt.timedelta(days=round(recent_months * 365.25 / 12))
    return {
        "open": list(session.scalars(base.where(Case.status.in_(open_statuses)).limit(limit))),
        "open_total": session.scalar(count.where(Case.status.in_(open_statuses))),
        "past": list(session.scalars(base.where(Case.status.not_in(open_statuses)).limit(limit))),
        "past_total": session.scalar(count.where(Case.status.not_in(open_statuses))),
        "recent": session.scalar(count.where(Case.started_at >= since)),
    }
