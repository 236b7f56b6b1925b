"""Documents on a case: letters generated from templates and evidence files people attach.

Every version of a document is kept, with who made it, when and its SHA-256; nothing is
overwritten or deleted. The file itself lives in the file store (``storage``), never in the
case state: ``storage_key`` says where.
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JsonType, UTCDateTime, utcnow

__all__ = ["DocumentKind", "VersionOrigin", "Document", "DocumentVersion", "DocumentDispatch"]


class DocumentKind(StrEnum):
    LETTER = "letter"        # generated from a council template at a step
    EVIDENCE = "evidence"    # a file someone attached (minutes, records, reports, photographs)


class VersionOrigin(StrEnum):
    GENERATED = "generated"  # filled in from the case data
    SIGNED = "signed"        # the final, signed version someone uploaded
    UPLOADED = "uploaded"    # an evidence file as attached


class Document(Base):
    __tablename__ = "case_document"
    __table_args__ = (Index("ix_case_document_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    # The step it belongs to, if any (a letter's step; evidence attached at a task).
    task_id: Mapped[str | None] = mapped_column(String(36))
    element_id: Mapped[str | None] = mapped_column(String(200))
    step_name: Mapped[str | None] = mapped_column(String(300))
    template: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["DocumentVersion"]] = relationship(order_by="DocumentVersion.number", lazy="selectin")
    dispatches: Mapped[list["DocumentDispatch"]] = relationship(order_by="DocumentDispatch.id", lazy="selectin")

    @property
    def latest(self) -> "DocumentVersion":
        return self.versions[-1]


class DocumentVersion(Base):
    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "number"), UniqueConstraint("storage_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("case_document.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(500))
    # For a generated letter: the template file and its checksum, the case data it read (so a
    # reader barred from any of those fields cannot read the letter), and what had no value yet.
    template_path: Mapped[str | None] = mapped_column(String(500))
    template_sha256: Mapped[str | None] = mapped_column(String(64))
    fields_used: Mapped[list] = mapped_column(JsonType, default=list)
    missing: Mapped[list] = mapped_column(JsonType, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DocumentDispatch(Base):
    """A record that a document was sent: how, on which day, to whom."""

    __tablename__ = "document_dispatch"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("case_document.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"))
    method: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[_dt.date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
