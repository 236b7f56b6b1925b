"""The questions staff ask first about a case, answered from its record: the current risk level
and latest outcome (as the forms word them), the stage, the lead officer and owner, and who holds
each open task until when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.facts import RISK_NAME
from ..chronology.wording import Wording
from ..users.models import User

__all__ = ["Headline", "earlier_answers", "headline", "open_tasks", "tag_colour", "people_named"]

_OUTCOME = re.compile(r"(^|_)outcome$")
# Outcomes a step records about itself (a chase, a feedback loop), not about the provider.
_NOT_CASE_OUTCOMES = {"chase_outcome", "feed_back_outcome", "monitoring_outcome", "welfare_outcome"}
_COLOURS = {"low": "green", "green": "green", "moderate": "yellow", "medium": "yellow", "amber": "orange",
            "high": "red", "red": "red", "extreme": "purple", "critical": "purple"}


@dataclass
class Headline:
    risk: str | None = None
    risk_value: str | None = None
    risk_recommended: bool = False
    outcome: str | None = None
    outcome_label: str | None = None
    lead_officer: str | None = None


def tag_colour(value: Any) -> str:
    """The GOV.UK tag colour of a risk level or rating ('high' and 'red' are red)."""
    text = str(value or "").lower()
    for word, colour in _COLOURS.items():
        if word in text.split("_") or text == word:
            return colour
    return "blue"


def _level(wording: Wording, key: str, value: str) -> str:
    words = wording.value(key, value)
    return words.replace("_", " ").capitalize() if words == value else words


def headline(events: Iterable[Any], data: dict, wording: Wording) -> Headline:
    """The latest risk level and outcome a person decided (a recommendation only until one did)."""
    found = Headline()
    recommended: tuple[str, Any] | None = None
    for event in events:
        if event["action"] not in ("task_completed", "case_action_taken"):
            continue
        for key, value in (event["after"] or {}).items():
            if not isinstance(value, str) or not value:
                continue
            if RISK_NAME.search(key):
                if key.startswith("recommended_"):
                    recommended = (key, value)
                else:
                    found.risk, found.risk_value = _level(wording, key, value), value
            elif _OUTCOME.search(key) and not key.startswith("recommended_") and key not in _NOT_CASE_OUTCOMES \
                    and value in (wording.choices.get(key) or {}):
                found.outcome, found.outcome_label = wording.value(key, value), wording.label(key)
    if found.risk is None and recommended is not None:
        found.risk, found.risk_value, found.risk_recommended = _level(wording, *recommended), recommended[1], True
    lead = data.get("lead_officer")
    found.lead_officer = lead if isinstance(lead, str) and lead.strip() else None
    return found


def people_named(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Each user's name (their email when they have none), by id."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {u.id: (u.name or u.email) for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def open_tasks(ready: list, rows: dict[str, Any], names: dict[int, str]) -> list[dict]:
    """The open tasks with what each is for, who holds it and when it is due. Two tasks that would
    still read the same (two residents' moves) are numbered."""
    tasks = []
    for task in ready:
        row = rows.get(task["id"])
        assignee = row.assignee_id if row is not None else None
        tasks.append({**task, "holder": names.get(assignee) if assignee else None, "assignee_id": assignee})
    seen: dict[tuple, int] = {}
    for task in tasks:
        key = (task["name"], task.get("purpose"))
        seen[key] = seen.get(key, 0) + 1
        task["number"] = seen[key]
    totals = dict(seen)
    for task in tasks:
        task["title"] = task["name"] + (f" ({task['number']} of {totals[(task['name'], task.get('purpose'))]})"
                                         if totals[(task["name"], task.get("purpose"))] > 1 else "")
    return tasks


def _actions(data: dict, wording: Wording) -> list[str]:
    rows = data.get("action_plan") or data.get("meeting_actions") or []
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not (row.get("action") or row.get("concern")):
            continue
        owner = f", owner {row['owner']}" if row.get("owner") else ""
        due = f", due {wording.value('due_date', row['due_date'])}" if row.get("due_date") else ""
        found.append(f"{row.get('action') or row.get('concern')}{owner}{due}")
    return found


def earlier_answers(events: list[dict], data: dict, wording: Wording, decisions: list[dict]) -> list[dict]:
    """What a step depends on, as a GOV.UK summary list's rows: the risk assessment and the
    decision taken on it, the lead officer, the actions agreed, the latest decisions."""
    facts = headline(events, data, wording)
    rows = []
    if facts.risk:
        rows.append({"key": {"text": "Risk level"}, "value": {"text": facts.risk + (" (recommended)" if facts.risk_recommended else "")}})
    if facts.outcome:
        rows.append({"key": {"text": facts.outcome_label}, "value": {"text": facts.outcome}})
    if facts.lead_officer:
        rows.append({"key": {"text": "Lead officer"}, "value": {"text": facts.lead_officer}})
    actions = _actions(data, wording)
    if actions:
        rows.append({"key": {"text": "Actions agreed"}, "value": {"html": "<ul class=\"govuk-list govuk-list--bullet\">"
                                                                     + "".join(f"<li>{escape(a)}</li>" for a in actions) + "</ul>"}})
    for entry in decisions[-3:]:
        rows.append({"key": {"text": entry["title"].removeprefix("Decision: ")},
                     "value": {"text": "; ".join(entry["details"][:3])}})
    return rows
