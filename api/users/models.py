from __future__ import annotations

import datetime as _dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.roles import Role, task_roles

from ..db import Base, UTCDateTime, utcnow
from ..tenants.models import Tenant


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A provider's user (issue 23) is linked to one provider and sees only the provider view.
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), index=True)

    tenant: Mapped[Tenant] = relationship(lazy="joined")
    role_rows: Mapped[list["UserRole"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_slugs(self) -> frozenset[str]:
        """The roles as held: base roles and the council's declared roles (issue 23)."""
        return frozenset(r.role for r in self.role_rows)

    def _declared(self) -> dict:
        from engine.declared_roles import council_roles

        return council_roles(self.tenant.region, self.tenant.roles or {})

    @property
    def roles(self) -> frozenset[Role]:
        """The base roles: those held, and those each declared role acts as."""
        declared = self._declared() if any(s not in Role._value2member_map_ for s in self.role_slugs) else {}
        base = set()
        for slug in self.role_slugs:
            role = declared.get(slug)
            base.update(Role(b) for b in (role.acts_as if role else (slug,)) if b in Role._value2member_map_)
        return frozenset(base)

    @property
    def agency(self) -> str:
        """Whom the user acts for: a provider, another agency their declared roles name, or the council."""
        if self.provider_id is not None:
            return "provider"
        declared = self._declared()
        agencies = {declared[s].agency for s in self.role_slugs if s in declared}
        others = sorted(agencies - {"council", "partner"})
        return others[0] if others else ("partner" if agencies == {"partner"} else "council")

    @property
    def reader_roles(self) -> set[str]:
        """What the need-to-know policy reads: roles as held, base roles, and the agency ('@nhs')."""
        return set(self.role_slugs) | {r.value for r in self.roles} | {f"@{self.agency}"}

    def has_role(self, role: Role | str) -> bool:
        """Holds the role, or one it acts as. A task's stored role may name several roles
        ("contract_officer police_officer", engine.roles.task_roles): holding any of them will do."""
        return any(slug in self.role_slugs or (slug in Role._value2member_map_ and Role(slug) in self.roles)
                   for slug in task_roles(str(role)))


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class ApiToken(Base):
    """A bearer token for API clients. Only its SHA-256 is stored."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
