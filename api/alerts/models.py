"""Each user's alert choices, and the outbox of alerts a background job sends."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow

__all__ = ["Alert", "AlertPreference", "AlertStatus"]


class AlertStatus:
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry; the error is kept


class AlertPreference(Base):
    """What a user wants to be emailed about. A user without a row gets every alert."""

    __tablename__ = "alert_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    on_assignment: Mapped[bool] = mapped_column(Boolean, default=True)
    on_deadline_near: Mapped[bool] = mapped_column(Boolean, default=True)
    on_deadline_missed: Mapped[bool] = mapped_column(Boolean, default=True)
    near_days: Mapped[int] = mapped_column(Integer, default=2)


class Alert(Base):
    """One email to send. ``key`` makes each alert once only (a deadline is announced once)."""

    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # assigned, deadline_near, deadline_missed
    key: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=AlertStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[_dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[_dt.datetime | None] = mapped_column(UTCDateTime)
