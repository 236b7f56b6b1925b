"""Queueing alerts (in the transaction of the change that causes them) and sending them.

An alert is written to the outbox (``alert``) with the change: nothing is lost if mail is down.
``send_due_alerts`` sends what is due, one commit per alert; a failure is retried after 1, 5, 30
and 120 minutes, then marked failed with its error (``MAX_ATTEMPTS`` tries in all).
"""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from engine.documents import format_instant

from ..actors import Actor
from ..audit.service import record
from ..cases.models import Case, CaseStatus, CaseTask
from ..db import utcnow
from ..users.models import User
from .models import Alert, AlertPreference, AlertStatus
from .senders import Sender

__all__ = ["preferences_of", "save_preferences", "queue_assignment_alert", "queue_deadline_alerts", "send_due_alerts",
           "MAX_ATTEMPTS", "RETRY_MINUTES"]

RETRY_MINUTES = (1, 5, 30, 120)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
SITE = "ALERTS_BASE_URL"


def preferences_of(session: Session, user: User) -> AlertPreference:
    found = session.get(AlertPreference, user.id)
    return found or AlertPreference(user_id=user.id, on_assignment=True, on_deadline_near=True, on_deadline_missed=True, near_days=2)


def save_preferences(session: Session, *, user: User, actor: Actor, on_assignment: bool, on_deadline_near: bool,
                     on_deadline_missed: bool, near_days: int) -> AlertPreference:
    """Keep the user's choices. Commits."""
    found = session.get(AlertPreference, user.id) or AlertPreference(user_id=user.id)
    session.add(found)
    found.on_assignment, found.on_deadline_near, found.on_deadline_missed = on_assignment, on_deadline_near, on_deadline_missed
    found.near_days = near_days
    record(session, actor=actor, action="alert_preferences_changed", tenant_id=user.tenant_id,
           after={"on_assignment": on_assignment, "on_deadline_near": on_deadline_near,
                  "on_deadline_missed": on_deadline_missed, "near_days": near_days})
    session.commit()
    return found


def _site() -> str:
    from flask import current_app, has_app_context

    return (current_app.config.get(SITE) if has_app_context() else None) or "http://127.0.0.1:5000"


def _queue(session: Session, *, user: User, kind: str, key: str, subject: str, lines: list[str]) -> bool:
    if not user.email or not user.active or session.scalar(select(Alert.id).where(Alert.key == key)) is not None:
        return False
    greeting = f"Dear {user.name}," if user.name else "Hello,"
    session.add(Alert(tenant_id=user.tenant_id, user_id=user.id, kind=kind, key=key[:200], email=user.email, subject=subject[:300],
                      body="\n\n".join([greeting, *lines, "You can change which emails you get on your alerts page."]),
                      status=AlertStatus.PENDING, attempts=0, next_attempt_at=utcnow()))
    return True


def _task_lines(session: Session, task: CaseTask) -> tuple[str, list[str]]:
    case = session.get(Case, task.case_id)
    what = task.name + (f" (for: {task.purpose})" if task.purpose else "")
    due = f"It is due by {format_instant(task.due_at)}" + (f" ({task.due_rule})." if task.due_rule else ".") if task.due_at else "It has no deadline."
    return what, [f"Task: {what}", f"Case {case.id} about {case.provider.name}.", due, f"Open it: {_site()}/tasks/{task.id}"]


def queue_assignment_alert(session: Session, *, user: User, task: CaseTask, by: Actor) -> bool:
    """An email to ``user``, if they want one, saying ``by`` gave them ``task`` (the caller commits)."""
    if not preferences_of(session, user).on_assignment:
        return False
    what, lines = _task_lines(session, task)
    giver = by.user.name or by.user.email if by.user else "The system"
    return _queue(session, user=user, kind="assigned", key=f"assigned:{task.id}:{user.id}:{utcnow().isoformat()}",
                  subject=f"Task assigned to you: {what}", lines=[f"{giver} has assigned a task to you.", *lines])


def _recipient(session: Session, task: CaseTask) -> User | None:
    """Who hears about a task's deadline: whoever holds it, else the case's owner."""
    holder = task.assignee_id or session.scalar(select(Case.owner_id).where(Case.id == task.case_id))
    return session.get(User, holder) if holder else None


def queue_deadline_alerts(session: Session, *, now: _dt.datetime | None = None) -> int:
    """Queue an alert for each open task whose deadline is near or missed, once each. Commits."""
    now = now or utcnow()
    queued = 0
    tasks = session.scalars(select(CaseTask).join(Case, Case.id == CaseTask.case_id)
                            .where(CaseTask.due_at.is_not(None), Case.status == CaseStatus.RUNNING,
                                   CaseTask.due_at < now + _dt.timedelta(days=14)))
    for task in tasks:
        user = _recipient(session, task)
        if user is None:
            continue
        wants = preferences_of(session, user)
        what, lines = _task_lines(session, task)
        if task.due_at < now and wants.on_deadline_missed:
            queued += _queue(session, user=user, kind="deadline_missed", key=f"missed:{task.id}:{user.id}:{task.due_at.isoformat()}",
                             subject=f"Deadline missed: {what}", lines=["A deadline has been missed.", *lines])
        elif now <= task.due_at < now + _dt.timedelta(days=wants.near_days) and wants.on_deadline_near:
            queued += _queue(session, user=user, kind="deadline_near", key=f"near:{task.id}:{user.id}:{task.due_at.isoformat()}",
                             subject=f"Deadline soon: {what}", lines=["A deadline is near.", *lines])
    session.commit()
    return queued


def send_due_alerts(sessions: sessionmaker, sender: Sender, *, now: _dt.datetime | None = None, limit: int = 200) -> dict:
    """Send every pending alert that is due; retry failures later. One commit per alert."""
    now = now or utcnow()
    counts = {"sent": 0, "retried": 0, "failed": 0}
    with sessions() as session:
        due = list(session.scalars(select(Alert).where(Alert.status == AlertStatus.PENDING, Alert.next_attempt_at <= now)
                                   .order_by(Alert.next_attempt_at, Alert.id).limit(limit)))
        for alert in due:
            alert.attempts += 1
            try:
                sender.send(to=alert.email, subject=alert.subject, body=alert.body)
            except Exception as exc:  # any transport failure: kept, retried, never lost
                alert.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if alert.attempts >= MAX_ATTEMPTS:
                    alert.status = AlertStatus.FAILED
                    counts["failed"] += 1
                else:
                    alert.next_attempt_at = now + _dt.timedelta(minutes=RETRY_MINUTES[alert.attempts - 1])
                    counts["retried"] += 1
            else:
                alert.status, alert.sent_at, alert.last_error = AlertStatus.SENT, now, None
                counts["sent"] += 1
            session.commit()
    return counts
