from __future__ import annotations

import datetime as _dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JsonType, UTCDateTime, utcnow
from ..users.models import User


class ProcessDraft(Base):
    """A process owner's working copy of one process id and its forms, for one council.

    A draft is never run. Deploying it stores an immutable version in the council's own folder
    and closes the draft (``deployed_as_id``). ``lock_version`` stops two people overwriting
    each other's saves.
    """

    __tablename__ = "process_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    bpmn: Mapped[str] = mapped_column(Text, deferred=True)
    forms: Mapped[dict] = mapped_column(JsonType, deferred=True)
    # The .dmn decision tables the draft's procedure calls, by file name; NULL in a draft made before
    # the modeller edited them, which reads the tables of the version it began from.
    decisions: Mapped[dict | None] = mapped_column(JsonType, deferred=True)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("process_definition.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    deployed_as_id: Mapped[int | None] = mapped_column(ForeignKey("process_definition.id"))

    author: Mapped[User | None] = relationship(lazy="joined")
