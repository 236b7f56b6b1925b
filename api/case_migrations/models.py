"""One move of one case from a version of its procedure to another, kept for undo and audit."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import JsonType, Base, UTCDateTime, utcnow

__all__ = ["CaseMigration"]


class CaseMigration(Base):
    """A case moved from ``from_definition_id`` (and its called versions, ``from_bundle``) to
    ``to_definition_id`` (``to_bundle``), by whom, when and why.

    ``before_parts`` holds the case's live parts as they were (key, parent, spec, state), so
    that undo puts back exactly what was there; ``after_versions`` the lock version of each part
    the move wrote, so that undo can tell nothing has happened since; ``created_parts`` the
    parts the move made (undo removes them). ``undone_at`` is set once it has been undone.
    """

    __tablename__ = "case_migration"
    __table_args__ = (Index("ix_case_migration_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"))
    from_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    to_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    from_bundle: Mapped[dict] = mapped_column(JsonType)
    to_bundle: Mapped[dict] = mapped_column(JsonType)
    note: Mapped[str] = mapped_column(Text)
    lines: Mapped[list] = mapped_column(JsonType)
    before_parts: Mapped[list] = mapped_column(JsonType)
    after_versions: Mapped[dict] = mapped_column(JsonType)
    created_parts: Mapped[list] = mapped_column(JsonType)
    audit_event_id: Mapped[int | None] = mapped_column(Integer)
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    moved_by: Mapped[str] = mapped_column(String(254))
    moved_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[str | None] = mapped_column(String(254))
