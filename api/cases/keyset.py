"""Keyset pagination for the long lists (open tasks, cases): a page starts after the last row
of the previous one, so page 1,000 costs what page 1 does (an index range read), where an
offset makes the database read and throw away every row before it.

A cursor is opaque to clients: the sort key of the last row shown, base64url-encoded JSON.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json

from sqlalchemy import and_, tuple_

from ..errors import Invalid
from .models import Case, CaseTask

__all__ = ["encode", "tasks_after", "cases_after", "task_cursor", "case_cursor", "TASK_ORDER", "CASE_ORDER"]

# Soonest due first, tasks without a due time last (PostgreSQL's ascending order, so its index serves it).
TASK_ORDER = (CaseTask.due_at.asc().nulls_last(), CaseTask.created_at, CaseTask.id)
CASE_ORDER = (Case.started_at.desc(), Case.id.desc())


def encode(values: list) -> str:
    text = json.dumps([v.isoformat() if isinstance(v, _dt.datetime) else v for v in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        assert isinstance(values, list) and len(values) == size
        return values
    except Exception:
        raise Invalid("the cursor 'after' is not one this server gave", errors=[
            {"field": "/after", "path": ["after"], "message": "use the 'next' value of the previous page"}]) from None


def _instant(value) -> _dt.datetime | None:
    if value is None:
        return None
    try:
        instant = _dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid("the cursor 'after' is not one this server gave", errors=[
            {"field": "/after", "path": ["after"], "message": "use the 'next' value of the previous page"}]) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=_dt.timezone.utc)


def task_cursor(due_at, created_at, task_id: str) -> str:
    return encode([due_at, created_at, task_id])


def tasks_after(cursor: str) -> list:
    """The conditions, one per index range and in TASK_ORDER, for rows after the cursor's:
    read them in turn until the page is full (an OR of them would not read as one range)."""
    due, created, task_id = _decode(cursor, 3)
    due, created = _instant(due), _instant(created)
    if due is None:
        return [and_(CaseTask.due_at.is_(None), tuple_(CaseTask.created_at, CaseTask.id) > tuple_(created, str(task_id)))]
    return [tuple_(CaseTask.due_at, CaseTask.created_at, CaseTask.id) > tuple_(due, created, str(task_id)),
            CaseTask.due_at.is_(None)]


def case_cursor(started_at, case_id: int) -> str:
    return encode([started_at, case_id])


def cases_after(cursor: str):
    """Rows after the cursor's in CASE_ORDER (newest first)."""
    started, case_id = _decode(cursor, 2)
    if not isinstance(case_id, int):
        raise Invalid("the cursor 'after' is not one this server gave")
    return tuple_(Case.started_at, Case.id) < tuple_(_instant(started), case_id)
