"""Providers: the care services a council commissions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actors import Actor
from ..audit.service import record
from ..errors import Invalid, NotFound
from .models import Provider, ProviderKind, ProviderStatus, Regulator

__all__ = ["create_provider", "get_provider", "list_providers"]


def create_provider(
    session: Session, *, tenant_id: int, name: str, kind: str, regulator: str, regulator_id: str,
    beds: int | None = None, address: str = "", actor: Actor,
) -> Provider:
    try:
        kind, regulator = ProviderKind(kind), Regulator(regulator)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
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
