"""Two declared rules for dates typed into task forms (issue 24, item 7).

``"x-not-after": "today"`` on a ``format: date`` field whose question is about something that
has happened (received, sent, held, completed...): a later date is refused, in plain words
("Date the concern was received must be today or in the past"). "Today" is the engine clock's
day in London, never the wall clock. Planned or deadline dates (next meeting, review by, due)
do not declare it.

``"x-warn-after": {...}`` on the date of a meeting that has a deadline the case computed:
a planned date after it is accepted with a warning naming the deadline, shown to the person and
recorded on the case::

    "initial_meeting_date": {"type": "string", "format": "date", "title": "...",
      "x-warn-after": {"deadline": {"$data": "/initial_meeting_due_by"},
                       "deadline_is": "the local timescale after the decision to initiate",
                       "planned": "The Initial Provider Concerns meeting",
                       "reason_field": "initial_meeting_late_reason"}}

``deadline`` is bound like any ``$data`` reference (engine.forms.bind_schema); ``reason_field``
(optional) names the form's own field for why, which the warning asks for.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterator, Mapping
from zoneinfo import ZoneInfo

import jsonschema

__all__ = ["NOT_AFTER", "WARN_AFTER", "DateWarning", "FormValidator", "date_rule_problems", "dates_after_deadline",
           "long_date", "today_in_london"]

NOT_AFTER = "x-not-after"
WARN_AFTER = "x-warn-after"
_WARN_KEYS = {"deadline", "deadline_is", "planned", "reason_field"}


def today_in_london() -> _dt.date:
    from .clock import now

    return now().astimezone(ZoneInfo("Europe/London")).date()


def long_date(day: _dt.date) -> str:
    """GOV.UK style: 20 January 2027."""
    return f"{day.day} {day:%B %Y}"


def _as_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value if not isinstance(value, _dt.datetime) else value.date()
    try:
        return _dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _not_after(validator, limit, instance, schema) -> Iterator[jsonschema.ValidationError]:
    # Only "today" is declared; a malformed date is the `format` keyword's error, not this one.
    given = _as_date(instance) if isinstance(instance, str) else None
    if limit == "today" and given is not None and given > today_in_london():
        yield jsonschema.ValidationError(f"{instance} is after today")


# Draft 2020-12 with the project's own date keyword, used by the engine and the web form alike.
FormValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {NOT_AFTER: _not_after})


@dataclass(frozen=True)
class DateWarning:
    """A planned date after its deadline: accepted, shown and recorded, never refused."""

    path: tuple
    message: str

    def as_dict(self) -> dict:
        return {"field": "/" + "/".join(str(p) for p in self.path), "path": list(self.path), "message": self.message}


def dates_after_deadline(schema: Mapping[str, Any] | None, data: Mapping[str, Any]) -> list[DateWarning]:
    """The warnings for a submission against its *bound* schema (top-level fields, where the
    meeting-setting forms ask for their date)."""
    found = []
    for name, node in ((schema or {}).get("properties") or {}).items():
        rule = node.get(WARN_AFTER) if isinstance(node, dict) else None
        planned, deadline = _as_date(data.get(name)), _as_date((rule or {}).get("deadline"))
        if rule is None or planned is None or deadline is None or planned <= deadline:
            continue
        found.append(DateWarning((name,), _warning_words(schema, node, rule, planned, deadline)))
    return found


def _warning_words(schema: Mapping, node: Mapping, rule: Mapping, planned: _dt.date, deadline: _dt.date) -> str:
    what = rule.get("planned") or node.get("title") or "The date"
    because = f" ({rule['deadline_is']})" if rule.get("deadline_is") else ""
    words = f"{what} is planned for {long_date(planned)}, after its deadline of {long_date(deadline)}{because}. You can still save it"
    reason = ((schema.get("properties") or {}).get(rule.get("reason_field") or "") or {}).get("title")
    return words + (f"; record why in ‘{reason}’." if reason else ".")


def date_rule_problems(schema: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Deploy-time check of the two keywords: where they stand and what they name."""
    problems = []
    properties = schema.get("properties") or {}
    for name, node in properties.items():
        if not isinstance(node, dict):
            continue
        where = f"{prefix}{name}"
        if NOT_AFTER in node and (node[NOT_AFTER] != "today" or node.get("format") != "date"):
            problems.append(f"field '{where}': {NOT_AFTER} must be \"today\", on a field with \"format\": \"date\"")
        if WARN_AFTER in node:
            problems += _warn_problems(where, node, properties, top_level=not prefix)
        if isinstance(node.get("items"), dict):
            problems += date_rule_problems(node["items"], prefix=f"{where}[].")
    return problems


def _warn_problems(where: str, node: Mapping, properties: Mapping, top_level: bool) -> list[str]:
    rule = node[WARN_AFTER]
    if not top_level or node.get("format") != "date":
        return [f"field '{where}': {WARN_AFTER} belongs on a top-level field with \"format\": \"date\""]
    if not isinstance(rule, dict) or not isinstance(rule.get("deadline"), dict) or set(rule) - _WARN_KEYS:
        return [f"field '{where}': {WARN_AFTER} must be an object with \"deadline\": {{\"$data\": \"/name\"}} "
                f"and optionally {', '.join(sorted(_WARN_KEYS - {'deadline'}))}"]
    if rule.get("reason_field") and rule["reason_field"] not in properties:
        return [f"field '{where}': {WARN_AFTER} reason_field '{rule['reason_field']}' is not a field of this form"]
    return []
