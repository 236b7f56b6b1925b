from __future__ import annotations

import datetime as _dt

from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JsonType, OrderedJson, UTCDateTime, utcnow


class DefinitionOrigin(StrEnum):
    """Where a version came from. ``concerns deploy`` never replaces a modeller-made version."""

    FILES = "files"
    MODELLER = "modeller"


class ProcessDefinition(Base):
    """One process id in one folder at one version. Immutable once stored.

    Versions made in the modeller (``origin`` = modeller) live in the council's own folder.
    ``specs`` holds the compiled SpiffWorkflow spec (and its embedded sub-processes) once for
    every case that runs on this version.
    """

    __tablename__ = "process_definition"
    __table_args__ = (
        UniqueConstraint("folder", "key", "version"),
        Index("ix_process_definition_key_folder", "key", "folder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    checksum: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str] = mapped_column(String(500))
    # The large columns load only when asked for (the spec cache, the XML endpoint).
    bpmn: Mapped[str] = mapped_column(Text, deferred=True)
    forms: Mapped[dict] = mapped_column(JsonType, deferred=True)
    specs: Mapped[dict] = mapped_column(OrderedJson, deferred=True)
    calls: Mapped[list] = mapped_column(JsonType)
    message_starts: Mapped[list] = mapped_column(JsonType)
    roles: Mapped[list] = mapped_column(JsonType)
    note: Mapped[str] = mapped_column(String(1000), default="")
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    deployed_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    origin: Mapped[str] = mapped_column(String(16), default=DefinitionOrigin.FILES, server_default=DefinitionOrigin.FILES.value)
    # A dropped local variant: a marker version with no diagram. While it is the latest in a
    # folder, the council resolves the process id through its later folders again.
    dropped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
