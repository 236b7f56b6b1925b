from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JsonType, OrderedJson, UTCDateTime, utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider


class CaseStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    ERROR = "error"


class Case(Base):
    """One process instance about one provider.

    ``state`` is the workflow state without its spec; ``bundle`` maps each process key the case
    runs (its own and every called one) to the definition version it was started on.
    ``version`` is the optimistic lock: two concurrent changes cannot both commit.
    """

    __tablename__ = "case_record"
    __table_args__ = (
        Index("ix_case_record_tenant_status", "tenant_id", "status"),
        Index("ix_case_record_provider_started", "provider_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.RUNNING)
    bundle: Mapped[dict] = mapped_column(JsonType)
    # Deferred: lists and pages that show many cases never need their (large) state.
    state: Mapped[dict] = mapped_column(OrderedJson, deferred=True)
    error: Mapped[dict | None] = mapped_column(JsonType)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    started_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    provider: Mapped[Provider] = relationship(lazy="joined")
    definition: Mapped[ProcessDefinition] = relationship(lazy="select")


class CaseTask(Base):
    """A ready user task, projected from the case state for inboxes. Its id is Spiff's task id."""

    __tablename__ = "case_task"
    __table_args__ = (Index("ix_case_task_tenant_role", "tenant_id", "role"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    process_key: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(32))
    form: Mapped[str | None] = mapped_column(String(300))
    ui_form: Mapped[str | None] = mapped_column(String(300))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    due_rule: Mapped[str | None] = mapped_column(String(500))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    draft: Mapped[dict | None] = mapped_column(JsonType)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseTimer(Base):
    """A waiting timer, projected for the scheduler (indexed by due time)."""

    __tablename__ = "case_timer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    due_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, index=True)
    rule: Mapped[str | None] = mapped_column(String(500))
    attached_to: Mapped[str | None] = mapped_column(String(200))
    interrupting: Mapped[bool] = mapped_column(Boolean, default=True)


class CaseMessageWait(Base):
    """A message a case is waiting for, with the correlation values it expects."""

    __tablename__ = "case_message_wait"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    name: Mapped[str] = mapped_column(String(200), index=True)
    element_id: Mapped[str] = mapped_column(String(200))
    correlations: Mapped[dict] = mapped_column(JsonType)
