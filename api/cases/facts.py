"""The facts the case list filters on, kept as steps record them (``CaseFact``).

Each completed step and case action records what it changed (its audit event's ``after``).
A changed value whose name says it is a risk level (``risk_level``, ``overall_risk_rating``,
``ec_decision``...) becomes the case's risk level, or its recommended one when the name starts
``recommended_``; a changed ``lead_officer`` becomes its lead officer. The list then filters and
sorts in the database, over every case, not only the latest few hundred.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from sqlalchemy.orm import Session

from .models import CaseFact

__all__ = ["RISK_NAME", "facts_from_changes", "note_case_facts", "start_case_facts"]

RISK_NAME = re.compile(r"(^|_)(risk_level|risk_rating|level_of_risk|ec_decision)$")


def facts_from_changes(changed: Mapping[str, Any]) -> dict[str, str]:
    """The ``CaseFact`` columns one step's changes set (its audit ``after``)."""
    found: dict[str, str] = {}
    for key, value in (changed or {}).items():
        if isinstance(value, str) and value and RISK_NAME.search(key):
            found["risk_recommended" if key.startswith("recommended_") else "risk_level"] = value[:40]
        elif key == "lead_officer" and isinstance(value, str) and value.strip():
            found["lead_officer"] = value.strip()[:200]
    return found


def start_case_facts(session: Session, case_id: int) -> None:
    """A new case's (empty) facts, so later steps only ever update the row."""
    session.add(CaseFact(case_id=case_id))


def note_case_facts(session: Session, case_id: int, changed: Mapping[str, Any]) -> None:
    """Keep what a step changed that the case list shows; in the step's own transaction."""
    found = facts_from_changes(changed)
    if not found:
        return
    fact = session.get(CaseFact, case_id)
    if fact is None:  # a case from before its facts were kept, not yet back-filled
        fact = CaseFact(case_id=case_id)
        session.add(fact)
    for column, value in found.items():
        setattr(fact, column, value)
