from __future__ import annotations

import datetime as _dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JsonType, UTCDateTime, utcnow


class Tenant(Base):
    """A council using the product, with the ordered folders its procedures come from."""

    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(16))
    folders: Mapped[list] = mapped_column(JsonType)
    closure_days: Mapped[list] = mapped_column(JsonType, default=list)
    working_day_ends: Mapped[int] = mapped_column(Integer, default=17)
    thresholds: Mapped[dict] = mapped_column(JsonType, default=dict)
    # Slug -> {label, agency, acts_as}: the council's declared roles beyond the base ones (issue 23).
    roles: Mapped[dict | None] = mapped_column(JsonType, default=dict)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def declared_roles(self) -> dict:
        """Slug -> engine.declared_roles.DeclaredRole: the base roles, the region's defaults and the
        council's own, the roles its lanes may name."""
        from engine.declared_roles import council_roles

        return council_roles(self.region, self.roles or {})
