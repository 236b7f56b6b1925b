"""Drafts of a task's form: each person's own, seen by nobody else.

A task's ``draft`` column holds ``{"by_author": {"<user id>": data}}``, so two officers
drafting the same step keep separate drafts and neither reads the other's (a draft may hold
confidential answers before the form's rules have decided who may see them). A draft in the
older shape (the data alone, author unknown) is shown to nobody.
"""

from __future__ import annotations

from typing import Any

__all__ = ["draft_of", "drafts_with"]

_KEY = "by_author"


def _by_author(stored: Any) -> dict[str, Any]:
    if isinstance(stored, dict) and isinstance(stored.get(_KEY), dict):
        return dict(stored[_KEY])
    return {}


def draft_of(stored: Any, user_id: int | None) -> dict | None:
    """The draft ``user_id`` saved, or None (nobody else's is ever returned)."""
    if user_id is None:
        return None
    return _by_author(stored).get(str(user_id))


def drafts_with(stored: Any, user_id: int | None, data: dict) -> dict:
    """The column's value once ``user_id`` has saved ``data`` (others' drafts kept as they are)."""
    if user_id is None:
        raise ValueError("only a person can save a draft")
    drafts = _by_author(stored)
    drafts[str(user_id)] = data
    return {_KEY: drafts}
