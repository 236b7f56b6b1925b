"""Councils: created from ``processes/tenants.toml`` by ``concerns deploy``, or one at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.tenants import REGIONS, TenantConfig, default_folders

from ..actors import Actor
from ..audit.service import record
from ..errors import Invalid, NotFound
from .models import Tenant

__all__ = ["get_tenant", "add_tenant", "sync_tenants", "list_tenants", "own_folders", "OWN_SUFFIX"]


def get_tenant(session: Session, *, slug: str) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise NotFound(f"there is no council '{slug}'; add it with: concerns tenants add {slug} --name NAME --region england|wales")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.slug)))


def add_tenant(session: Session, *, slug: str, name: str, region: str, folders: list[str] | None = None, actor: Actor) -> Tenant:
    if region not in REGIONS:
        raise Invalid(f"region must be one of {', '.join(REGIONS)}, got {region!r}")
    if session.scalar(select(Tenant).where(Tenant.slug == slug)) is not None:
        raise Invalid(f"a council with slug '{slug}' already exists")
    tenant = Tenant(slug=slug, name=name, region=region, folders=list(folders or default_folders(slug)), closure_days=[], thresholds={})
    session.add(tenant)
    session.flush()
    record(session, actor=actor, action="tenant_added", tenant_id=tenant.id, after={"slug": slug, "name": name, "region": region, "folders": tenant.folders})
    session.commit()
    return tenant


OWN_SUFFIX = "-own"


def own_folders(configs: list[TenantConfig]) -> dict[str, list[str]]:
    """Each council's folders, most specific first, the first of them its own alone.

    A council's own folder is where its process owners' changes land (local variants, the
    modeller's deploys). When its slug names a folder another council also draws from (a
    county whose folder is its region's), its changes go to ``<slug>-own``, ahead of the rest,
    so they never change what another council runs (issue 16)."""
    result = {}
    for config in configs:
        others = {folder for other in configs if other.slug != config.slug for folder in other.folders}
        folders = list(config.folders)
        if not folders or folders[0] != config.slug or config.slug in others:
            own = config.slug if config.slug not in others else config.slug + OWN_SUFFIX
            folders = [own, *[f for f in folders if f != own]]
        result[config.slug] = folders
    return result


def _apply(session: Session, config: TenantConfig, actor: Actor, folders: list[str]) -> str | None:
    wanted = {
        "name": config.name,
        "region": config.region,
        "folders": folders,
        "closure_days": list(config.closure_days),
        "working_day_ends": config.working_day_ends,
        "thresholds": dict(config.thresholds),
        "roles": {slug: role.as_dict() for slug, role in config.roles.items() if role.acts_as != (slug,)},
    }
    tenant = session.scalar(select(Tenant).where(Tenant.slug == config.slug))
    if tenant is None:
        tenant = Tenant(slug=config.slug, **wanted)
        session.add(tenant)
        session.flush()
        record(session, actor=actor, action="tenant_added", tenant_id=tenant.id, after={"slug": config.slug, **wanted})
        return "added"
    before = {k: getattr(tenant, k) for k in wanted}
    if before == wanted:
        return None
    for key, value in wanted.items():
        setattr(tenant, key, value)
    record(session, actor=actor, action="tenant_updated", tenant_id=tenant.id, before=before, after=wanted)
    return "updated"


def sync_tenants(session: Session, *, configs: list[TenantConfig], actor: Actor) -> dict[str, str]:
    """Create or update councils from configuration (never deletes one). Commits."""
    result = {}
    folders = own_folders(list(configs))
    for config in configs:
        outcome = _apply(session, config, actor, folders[config.slug])
        if outcome:
            result[config.slug] = outcome
    session.commit()
    return result
