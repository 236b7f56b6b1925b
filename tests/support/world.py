"""A small world for service tests: the fixture councils, providers and a user per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from api.actors import Actor
from api.definitions.service import deploy_compiled
from api.providers.service import create_provider
from api.tenants.models import Tenant
from api.tenants.service import get_tenant, sync_tenants
from api.users.service import add_user
from engine.definitions import ProcessLibrary
from engine.roles import Role, task_roles
from engine.tenants import load_tenants

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class World:
    session: object
    tenants: dict[str, Tenant] = field(default_factory=dict)
    providers: dict[str, int] = field(default_factory=dict)
    users: dict[tuple[str, Role | str], Actor] = field(default_factory=dict)

    def actor(self, tenant: str, role: Role | str) -> Actor:
        """The council's user holding ``role``: a base role, or one the council declares
        ("health_board_nurse_assessor"), whose user is added when first asked for."""
        if (tenant, role) not in self.users:
            user = add_user(self.session, email=f"{role}@{tenant}.test", tenant_slug=tenant, roles=[str(role)],
                            actor=Actor.system("tests"))
            self.users[(tenant, role)] = Actor.of(user)
        return self.users[(tenant, role)]


_COMPILED: dict = {}


def _compiled(library: ProcessLibrary, configs) -> list:
    """Compile a library once per test run: it is the same files for every test."""
    key = (str(library.processes_root), str(library.forms_root))
    if key not in _COMPILED:
        _COMPILED[key] = [p for folder in library.compile_all(configs).values() for p in folder]
    return _COMPILED[key]


def build_world(session, library: ProcessLibrary | None = None) -> World:
    system = Actor.system("tests")
    library = library or ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    configs = load_tenants(library.processes_root / "tenants.toml")
    sync_tenants(session, configs=configs, actor=system)
    deploy_compiled(session, processes=_compiled(library, configs), actor=system)
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


def open_tasks(session, case) -> list:
    from sqlalchemy import select

    from api.cases.models import CaseTask

    session.expire_all()
    return list(session.scalars(select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.element_id, CaseTask.id)))


def start(world: World, process_key: str, tenant: str = "alpha", data: dict | None = None, role: Role = Role.CONTRACT_OFFICER):
    from api.cases.service import start_case

    return start_case(world.session, tenant=world.tenants[tenant], actor=world.actor(tenant, role), process_key=process_key,
                      provider_id=world.providers[tenant], data=data or {})


def complete(world: World, case, element_id: str, data: dict | None = None, tenant: str | None = None, index: int = 0,
             role: Role | None = None):
    """Complete the open task with this element id, as a user holding the task's role (or ``role``)."""
    from api.cases.service import complete_task

    tenant_slug = tenant or next(slug for slug, t in world.tenants.items() if t.id == case.tenant_id)
    matching = [t for t in open_tasks(world.session, case) if t.element_id == element_id]
    assert matching, f"no open task '{element_id}'; open: {[t.element_id for t in open_tasks(world.session, case)]}"
    task = matching[index]
    return complete_task(world.session, tenant=world.tenants[tenant_slug], actor=world.actor(tenant_slug, role or task_roles(task.role)[0]),
                         task_id=task.id, data=data or {})


def open_elements(world: World, case) -> list[str]:
    return [t.element_id for t in open_tasks(world.session, case)]
