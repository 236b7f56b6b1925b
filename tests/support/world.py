"""A small world for service tests: the fixture councils, providers and a user per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from api.actors import Actor
from api.definitions.service import deploy_library
from api.providers.service import create_provider
from api.tenants.models import Tenant
from api.tenants.service import get_tenant, sync_tenants
from api.users.service import add_user
from engine.definitions import ProcessLibrary
from engine.roles import Role
from engine.tenants import load_tenants

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class World:
    session: object
    tenants: dict[str, Tenant] = field(default_factory=dict)
    providers: dict[str, int] = field(default_factory=dict)
    users: dict[tuple[str, Role], Actor] = field(default_factory=dict)

    def actor(self, tenant: str, role: Role) -> Actor:
        return self.users[(tenant, role)]


def build_world(session, library: ProcessLibrary | None = None) -> World:
    system = Actor.system("tests")
    library = library or ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    configs = load_tenants(library.processes_root / "tenants.toml")
    sync_tenants(session, configs=configs, actor=system)
    deploy_library(session, library=library, tenants=configs, actor=system)
    world = World(session=session)
    for config in configs:
        tenant = get_tenant(session, slug=config.slug)
        world.tenants[config.slug] = tenant
        provider = create_provider(session, tenant_id=tenant.id, name=f"Rosewood House ({config.slug})",
                                   kind="care_home_residential", regulator="CIW" if config.region == "wales" else "CQC",
                                   regulator_id=f"1-{tenant.id:010d}", beds=30, actor=system)
        world.providers[config.slug] = provider.id
        for role in Role:
            user = add_user(session, email=f"{role.value}@{config.slug}.test", tenant_slug=config.slug, roles=[role.value],
                            actor=system)
            world.users[(config.slug, role)] = Actor.of(user)
    return world
