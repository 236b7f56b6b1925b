"""One row per statutory timescale a case has met, missed or still runs: a boundary timer on a
step (not a repeating reminder), from when it was set until the step was done."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime

__all__ = ["DeadlineStatus", "DeadlineOutcome", "UNRESOLVED"]


class DeadlineStatus(StrEnum):
    PENDING = "pending"      # set, not yet due, step not done
    OVERDUE = "overdue"      # missed, step still open
    MET = "met"              # step done before it fell due
    MISSED = "missed"        # missed, and the step was since done (or withdrawn, or the case ended)
    WITHDRAWN = "withdrawn"  # the step was cancelled before it fell due (case ended early): not counted


#: The statuses a change may still settle.
UNRESOLVED = (DeadlineStatus.PENDING, DeadlineStatus.OVERDUE)


class DeadlineOutcome(Base):
    __tablename__ = "deadline_outcome"
    __table_args__ = (Index("ix_deadline_outcome_tenant_due", "tenant_id", "due_at"),)

    # The boundary timer's task id: one row per deadline instance, however often a step repeats.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(200))
    timer_element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    step_element_id: Mapped[str] = mapped_column(String(200))
    step_name: Mapped[str] = mapped_column(String(300))
    due_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime)
    rule: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=DeadlineStatus.PENDING)
    resolved_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
    late_seconds: Mapped[int | None] = mapped_column(Integer)
    # How a missed deadline ended: "done", "no longer applies", "case ended".
    resolution: Mapped[str | None] = mapped_column(String(40))
