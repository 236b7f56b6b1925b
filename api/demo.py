"""Demo data for `make run`: a few fictional providers per council and a user for each of its roles:
the base roles, its region's (a Welsh council's Escalating Concerns senior officer, say) and its own.

Idempotent: running it again adds nothing that is already there. Every name is fictional.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .actors import Actor
from .providers.models import Provider, ProviderKind, Regulator
from .providers.service import create_provider
from .tenants.models import Tenant
from .users.models import User
from .users.service import add_user

__all__ = ["DEMO_PASSWORD", "seed"]

DEMO_PASSWORD = "demo-password-1"

_HOMES = [
    ("Meadowbank House", ProviderKind.CARE_HOME_RESIDENTIAL, 32),
    ("Larch Court Nursing Home", ProviderKind.CARE_HOME_NURSING, 48),
    ("Brookside Home Care", ProviderKind.DOMICILIARY, None),
    ("Harbour View Supported Living", ProviderKind.SUPPORTED_LIVING, None),
]


def _regulator_id(region: str, tenant_index: int, home_index: int) -> str:
    number = 1_000_000_000 + tenant_index * 1000 + home_index
    if region == "wales":
        return f"SIN-{number % 100_000_000:08d}-{home_index:04d}"
    return f"1-{number}"


def seed(session: Session) -> list[str]:
    actor = Actor.system("demo data")
    lines = [f"Demo users (password for all: {DEMO_PASSWORD}):"]
    for index, tenant in enumerate(session.scalars(select(Tenant).order_by(Tenant.slug)), start=1):
        regulator = Regulator.CIW if tenant.region == "wales" else Regulator.CQC
        town = tenant.name.split()[0]
        for home_index, (name, kind, beds) in enumerate(_HOMES, start=1):
            provider_name = f"{name}, {town}"
            exists = session.scalar(select(Provider).where(Provider.tenant_id == tenant.id, Provider.name == provider_name))
            if exists is None:
                create_provider(session, tenant_id=tenant.id, name=provider_name, kind=kind, regulator=regulator,
                                regulator_id=_regulator_id(tenant.region, index, home_index), beds=beds,
                                address=f"{home_index} Demo Street, {town}", actor=actor)
        for role in tenant.declared_roles().values():
            email = f"{role.slug.replace('_', '.')}@{tenant.slug}.demo"
            if session.scalar(select(User).where(User.email == email)) is None:
                add_user(session, email=email, tenant_slug=tenant.slug, roles=[role.slug], name=f"Demo {role.label}",
                         password=DEMO_PASSWORD, actor=actor)
            lines.append(f"  {tenant.slug:<18} {role.slug:<28} {email}")
    return lines
