from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JsonType, UTCDateTime, utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider


class CaseStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    ERROR = "error"


class Case(Base):
    """One process instance about one provider.

    Its workflow state is stored by parts (:class:`CasePart`); ``bundle`` maps each process key
    the case runs (its own and every called one) to the definition version it was started on.
    ``version`` locks the row itself (status, error, end): it changes only when they do. What a
    completion changes inside the workflow is locked part by part.
    """

    __tablename__ = "case_record"
    # Lists read a page in index order (newest first), filtered by status or not.
    __table_args__ = (
        Index("ix_case_record_tenant_status_started", "tenant_id", "status", "started_at", "id"),
        Index("ix_case_record_tenant_started", "tenant_id", "started_at", "id"),
        Index("ix_case_record_provider_started", "provider_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"))
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.RUNNING)
    bundle: Mapped[dict] = mapped_column(JsonType)
    error: Mapped[dict | None] = mapped_column(JsonType)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # The officer who answers for the case (set by a person; a new case has none until then).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    started_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    provider: Mapped[Provider] = relationship(lazy="joined")
    definition: Mapped[ProcessDefinition] = relationship(lazy="select")

    @property
    def state(self) -> dict:
        """The whole stored workflow state as one dict (every part joined), for reading."""
        from sqlalchemy import select
        from sqlalchemy.orm import object_session

        from engine.parts import join_parts

        rows = object_session(self).scalars(select(CasePart).where(CasePart.case_id == self.id))
        return join_parts(row.stored() for row in rows)


class CasePart(Base):
    """One part of a case's workflow state: the top-level process (``key`` "root") or one
    sub-process (``key`` the id of the task running it; ``parent`` the part holding that task),
    as SpiffWorkflow serializes it, without specs. A change reads and writes only the parts it
    needs; ``version`` locks each part on its own, so changes to different parts of one case
    (two residents' moves) both commit. A finished part is written once and never read again
    by the engine.
    """

    __tablename__ = "case_part"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_case_part_case_key"),
                      Index("ix_case_part_case_finished", "case_id", "finished"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"))
    key: Mapped[str] = mapped_column(String(36))
    parent: Mapped[str | None] = mapped_column(String(36))
    spec: Mapped[str | None] = mapped_column(String(200))
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON text exactly as serialized: key order matters (parents before children), and an
    # unchanged part is recognised by its text.
    state: Mapped[str] = mapped_column(Text, deferred=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    def stored(self):
        from engine.parts import StoredPart

        return StoredPart(self.key, self.parent, self.spec, self.finished, self.state)


class CaseTask(Base):
    """A ready user task, projected from the case state for inboxes. Its id is Spiff's task id."""

    __tablename__ = "case_task"
    # The inbox and GET /tasks read a page in index order (soonest due first), for the caller's
    # roles or all; "my tasks" by assignee; their counts read the same indexes.
    __table_args__ = (Index("ix_case_task_tenant_role_due", "tenant_id", "role", "due_at", "created_at", "id"),
                      Index("ix_case_task_tenant_due", "tenant_id", "due_at", "created_at", "id"),
                      Index("ix_case_task_assignee_due", "assignee_id", "due_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    # What the step is for: the step that called it ("Notify the provider"), if any.
    purpose: Mapped[str | None] = mapped_column(String(300))
    process_key: Mapped[str] = mapped_column(String(200))
    # The lane's role slug, or its slugs separated by spaces when any of several may do it
    # (engine.roles.task_roles reads it).
    role: Mapped[str | None] = mapped_column(String(300))
    form: Mapped[str | None] = mapped_column(String(300))
    ui_form: Mapped[str | None] = mapped_column(String(300))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    due_rule: Mapped[str | None] = mapped_column(String(500))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    draft: Mapped[dict | None] = mapped_column(JsonType)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The case part (see CasePart) the task lives in.
    part: Mapped[str] = mapped_column(String(36), default="root")


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
    part: Mapped[str] = mapped_column(String(36), default="root")


class CaseMessageWait(Base):
    """A message a case is waiting for, with the correlation values it expects."""

    __tablename__ = "case_message_wait"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    name: Mapped[str] = mapped_column(String(200), index=True)
    element_id: Mapped[str] = mapped_column(String(200))
    correlations: Mapped[dict] = mapped_column(JsonType)
    part: Mapped[str] = mapped_column(String(36), default="root")


class CaseHeldMessage(Base):
    """A message a case threw that nothing was waiting for, though a step of its own catches it:
    held until the case waits for it (api/cases/held_messages.py)."""

    __tablename__ = "case_held_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    name: Mapped[str] = mapped_column(String(200))
    payload: Mapped[object] = mapped_column(JsonType, nullable=True)
    correlations: Mapped[dict] = mapped_column(JsonType)
    held_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseInvitation(Base):
    """A partner agency (``agency``) or one named partner (``user_id``) invited to a case (issue
    23, need to know): partners see only the cases they are invited to. Withdrawing keeps the
    row (``withdrawn_at``), so who could see the case, and when, stays on record."""

    __tablename__ = "case_invitation"
    __table_args__ = (Index("ix_case_invitation_case", "case_id", "withdrawn_at"),
                      Index("ix_case_invitation_agency", "tenant_id", "agency", "withdrawn_at"),
                      Index("ix_case_invitation_user", "user_id", "withdrawn_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    agency: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    invited_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    withdrawn_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)


class CaseFact(Base):
    """What the case list filters and shows about a case, kept as each step records it: its
    latest decided risk level (or the software's recommendation until one is decided) and its
    lead officer (api/cases/facts.py). A row of its own, so writing it never bumps the case's
    version: completions in parallel branches do not conflict over it."""

    __tablename__ = "case_fact"
    __table_args__ = (Index("ix_case_fact_risk", "risk_level", "risk_recommended"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), primary_key=True)
    risk_level: Mapped[str | None] = mapped_column(String(40))
    risk_recommended: Mapped[str | None] = mapped_column(String(40))
    lead_officer: Mapped[str | None] = mapped_column(String(200))

