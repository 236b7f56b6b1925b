"""A case's chronology, as safeguarding reviews and tribunals ask for it: every decision (who,
when, the recommendation and the reason for an override), every deadline (met or missed), every
document and meeting, in date order and plain words. Built from the audit trail, the deadline
outcomes and the documents, as the reader may see them (confidential items left out).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.documents import format_instant
from engine.task_context import step_forms
from engine.visibility import redact

from ..audit.models import AuditEvent
from ..compliance.models import DeadlineOutcome, DeadlineStatus
from ..compliance.tracking import late_words
from ..definitions.models import ProcessDefinition
from ..definitions.service import load_bundle
from ..documents.access import barred_and_names, may_read, readable_case
from ..documents.models import Document
from ..tenants.models import Tenant
from ..users.models import User
from .wording import Wording, wording_for

__all__ = ["ENTRY_BUILDERS", "Entry", "chronology"]

_SKIPPED = {"draft_saved", "draft_discarded", "task_claimed", "task_unclaimed", "task_assigned", "message_sent", "deadline_met",
            "deadline_missed", "case_owner_changed"}
_CASE_EVENTS = {"case_started": "Case started", "case_completed": "Case completed", "case_terminated": "Case ended early",
                "case_failed": "The case stopped on an error", "case_retried": "The case was retried",
                "case_migrated": "The case moved to another version of its procedure",
                "case_migration_undone": "The case moved back to the version it was on",
                "partner_invited": "A partner was invited to the case", "partner_invitation_withdrawn": "A partner's invitation was withdrawn"}
_DOCUMENT_EVENTS = {"document_generated": "Letter generated", "document_signed_version": "Signed letter added",
                    "document_sent": "Letter sent", "evidence_attached": "Evidence attached"}


@dataclass
class Entry:
    at: _dt.datetime
    kind: str  # case, decision, step, meeting, deadline, document, action, date
    title: str
    who: str = ""
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _who(event: AuditEvent, names: dict[int, str]) -> str:
    if event.actor.startswith("system:"):
        return "The system (" + event.actor.partition(":")[2].strip() + ")"
    name = names.get(event.actor_id or 0)
    return f"{name} ({event.actor})" if name else event.actor


def _decision(after: dict, known: dict, wording: Wording) -> list[str] | None:
    """Recommendation, decision and any reason for overriding it, if this step decided something."""
    for recommended in [k for k in {**known, **after} if "recommended" in k]:
        prefix, _, suffix = recommended.partition("recommended_")
        decided = next((d for d in (f"{prefix}decided_{suffix}", f"{prefix}{suffix}", f"{prefix}decision")
                        if d in after and d != recommended), None)
        if decided is None:
            continue
        suggestion = after.get(recommended, known.get(recommended))
        lines = [f"Recommended: {wording.value(decided, suggestion)}", f"Decided: {wording.value(decided, after[decided])}"]
        reason = next((k for k in after if k.endswith("_reason") and after[k]), None)
        if after[decided] != suggestion:
            lines.append(f"Reason for deciding differently: {after[reason]}" if reason else "No reason was recorded")
        return lines
    return None


def _meeting(after: dict, wording: Wording) -> list[str]:
    def names(rows):
        return ", ".join(" ".join(str(r.get(k)) for k in ("name", "organisation") if r.get(k)) if isinstance(r, dict) else str(r)
                         for r in rows or [])

    lines = [f"Present: {names(after.get('attendees'))}"]
    if after.get("apologies"):
        lines.append(f"Apologies: {names(after['apologies'])}")
    actions = after.get("meeting_actions") or after.get("actions") or []
    lines += [f"Action: {a.get('action')} (owner {a.get('owner')}, due {wording.value('due_date', a.get('due_date'))})"
              for a in actions if isinstance(a, dict)]
    return lines + wording.lines({k: after[k] for k in ("meeting_decisions", "next_meeting_date") if after.get(k)})


# How each kind of audit event reads, by its action name. Another action is added here (or with
# ``ENTRY_BUILDERS[action] = builder``); an action nobody described still shows, by its own words.
EntryBuilder = Callable[[AuditEvent, str, dict, dict, Wording, dict, dict], "Entry | None"]


def _case_event(event, who, after, known, wording, documents, steps):
    return Entry(event.at, "case", _CASE_EVENTS[event.action], who, [event.detail] if event.detail else [])


def _document_event(event, who, after, known, wording, documents, steps):
    document = documents.get((event.after or {}).get("document_id"))
    if document is None:
        return None  # the reader may not read it
    return Entry(event.at, "document", f"{_DOCUMENT_EVENTS[event.action]}: {document.title}", who, [event.detail])


def _action_taken(event, who, after, known, wording, documents, steps):
    return Entry(event.at, "action", event.detail, who, wording.lines(after))


def _timer_fired(event, who, after, known, wording, documents, steps):
    return Entry(event.at, "date", f"Date reached: {event.detail.split(': due')[0]}", who)


def _message_received(event, who, after, known, wording, documents, steps):
    return Entry(event.at, "step", "Information received from another case", who)


def _own_answers(after: dict, form: Mapping[str, Any] | None) -> dict:
    """The answers given on the step's own form, in the form's order (not what scripts worked out)."""
    fields = list((form or {}).get("properties") or {})
    if not fields:
        return after
    return {k: after[k] for k in fields if k in after}


def _task_completed(event, who, after, known, wording, documents, steps):
    step = steps.get(event.element_id or "")
    if "attendees" in after:
        return Entry(event.at, "meeting", f"Meeting: {after.get('meeting_title') or known.get('meeting_title') or event.detail}",
                     who, _meeting(after, wording))
    decided = _decision(after, known, wording)
    if decided is not None:
        return Entry(event.at, "decision", f"Decision: {event.detail}", who, decided)
    return Entry(event.at, "step", f"Done: {event.detail}", who, wording.lines(_own_answers(after, step.schema if step else None)))


def _anything_else(event, who, after, known, wording, documents, steps):
    title = event.action.replace("_", " ").capitalize()
    return Entry(event.at, "step", f"{title}: {event.detail}" if event.detail else title, who, wording.lines(after))


def _date_after_deadline(event, who, after, known, wording, documents, steps):
    # The warning's own words name both dates; its field pointer means nothing to a reader.
    return Entry(event.at, "deadline", "Planned after its deadline", who, [event.detail])


ENTRY_BUILDERS: dict[str, EntryBuilder] = {
    **{action: _case_event for action in _CASE_EVENTS},
    **{action: _document_event for action in _DOCUMENT_EVENTS},
    "case_action_taken": _action_taken,
    "timer_fired": _timer_fired,
    "message_received": _message_received,
    "task_completed": _task_completed,
    "date_after_deadline": _date_after_deadline,
}


def _event_entry(event: AuditEvent, who: str, after: dict, known: dict, wording: Wording, documents: dict,
                 steps: dict) -> Entry | None:
    return ENTRY_BUILDERS.get(event.action, _anything_else)(event, who, after, known, wording, documents, steps)


def _deadline_entries(session: Session, case_id: int, fired: set[str]) -> list[Entry]:
    entries = []
    for row in session.scalars(select(DeadlineOutcome).where(DeadlineOutcome.case_id == case_id)):
        fired.add(row.timer_element_id)
        due = f"due {format_instant(row.due_at)}" + (f" ({row.rule})" if row.rule else "")
        if row.status == DeadlineStatus.MET:
            entries.append(Entry(row.resolved_at, "deadline", f"Deadline met: {row.name}", details=[f"{row.step_name}, {due}"]))
        elif row.status == DeadlineStatus.MISSED:
            entries.append(Entry(row.resolved_at, "deadline", f"Deadline missed by {late_words(row.late_seconds)}: {row.name}",
                                 details=[f"{row.step_name}, {due}", f"Then: {row.resolution}"]))
        elif row.status == DeadlineStatus.OVERDUE:
            entries.append(Entry(row.due_at, "deadline", f"Deadline missed (step still open): {row.name}", details=[f"{row.step_name}, {due}"]))
        elif row.status == DeadlineStatus.PENDING:
            entries.append(Entry(row.due_at, "deadline", f"Deadline to come: {row.name}", details=[f"{row.step_name}, {due}"]))
    return entries


def chronology(session: Session, *, tenant: Tenant, roles: set[str], case_id: int) -> dict[str, Any]:
    """The case summary and its entries in date order, as this reader may see them."""
    case = readable_case(session, tenant=tenant, case_id=case_id)
    barred, withheld = barred_and_names(session, case, roles)
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    wording = wording_for([f for forms in bundle.forms.values() for n, f in forms.items() if n.endswith(".schema.json")])
    documents = {d.id: d for d in session.scalars(select(Document).where(Document.case_id == case.id)) if may_read(d, barred)}
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)))
    names = dict(session.execute(select(User.id, User.name).where(User.id.in_({e.actor_id for e in events if e.actor_id}))).all())
    deadline_timers: set[str] = set()
    entries = _deadline_entries(session, case.id, deadline_timers)
    known: dict = {}
    steps = step_forms(bundle)
    for event in events:
        after = {k: v for k, v in (event.after or {}).items() if k not in barred}
        if event.action in _SKIPPED or (event.action == "timer_fired" and event.element_id in deadline_timers):
            continue
        entry = _event_entry(event, _who(event, names), after, known, wording, documents, steps)
        if entry is not None:
            entries.append(entry)
        if event.action in ("task_completed", "case_started", "case_action_taken"):
            known.update(after)
    entries.sort(key=lambda e: (e.at, e.kind == "deadline"))  # a deadline met by a step reads after it
    definition = session.get(ProcessDefinition, case.definition_id)
    return {"case": {"id": case.id, "procedure": definition.name, "provider": case.provider.name, "status": case.status,
                     "started_at": case.started_at, "ended_at": case.ended_at},
            "entries": redact({"entries": [e.as_dict() for e in entries]}, set(), withheld)["entries"]}
