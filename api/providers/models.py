from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class ProviderKind(StrEnum):
    CARE_HOME_RESIDENTIAL = "care_home_residential"
    CARE_HOME_NURSING = "care_home_nursing"
    DOMICILIARY = "domiciliary"
    SUPPORTED_LIVING = "supported_living"
    EXTRA_CARE = "extra_care"
    DAY_SERVICE = "day_service"


class Regulator(StrEnum):
    CQC = "CQC"
    CIW = "CIW"


class ProviderStatus(StrEnum):
    ACTIVE = "active"
    PLACEMENTS_SUSPENDED = "placements_suspended"
    CLOSING = "closing"
    CLOSED = "closed"


class Provider(Base):
    """A regulated care service commissioned by the council."""

    __tablename__ = "provider"
    # The providers page reads them by name, a page at a time.
    __table_args__ = (UniqueConstraint("tenant_id", "regulator", "regulator_id"),
                      Index("ix_provider_tenant_name", "tenant_id", "name", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    regulator: Mapped[str] = mapped_column(String(8))
    regulator_id: Mapped[str] = mapped_column(String(40))
    beds: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(40), default=ProviderStatus.ACTIVE)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def facts(self) -> dict:
        """Read-only facts scripts may use."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "regulator": self.regulator,
            "regulator_id": self.regulator_id,
            "beds": self.beds,
            "status": self.status,
        }
