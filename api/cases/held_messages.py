"""Messages a case threw before its own catching step was waiting: held until it is (issue 20).

A procedure may send a message that a later step of the same case catches: a Western Bay JIMP's
recommendation to remove a suspension of placements (4.10) goes to the suspension of placements
running inside the same case. If that step is not waiting at the moment (the suspension is still
being decided or confirmed in writing, or its lifting is being authorised), SpiffWorkflow has
nowhere to put the message and it would be lost. It is held on the case instead (an audit event
says so, and the case page lists it) and delivered as soon as the case waits for it.

Only messages that reached no case are held: for the sender, if its own procedures catch them,
else for the provider's other running cases whose procedures do (a Lancashire suspension of
placements, a case of its own, reports its outcome to the QPIP review of the provider's
performance case; if no QPIP listens at that moment, the next one hears it). A message meant for
other cases never comes back to its sender.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import MessageNotCaught
from engine.runtime import CaseRun, OutgoingMessage
from engine.serialization import to_json_data

from ..actors import Actor
from ..audit.service import record
from ..definitions.service import load_bundle
from .models import Case, CaseHeldMessage, CaseMessageWait, CaseStatus
from .runs import load_run, save_run

__all__ = ["MESSAGE_HELD", "hold_message", "deliver_held_messages", "held_messages"]

#: The audit action of a message held for its own case.
MESSAGE_HELD = "message_held"


def held_messages(session: Session, case_id: int) -> list[CaseHeldMessage]:
    """The messages held for a case, oldest first."""
    return list(session.scalars(select(CaseHeldMessage).where(CaseHeldMessage.case_id == case_id)
                                .order_by(CaseHeldMessage.id)))


def hold_message(session: Session, case: Case, run: CaseRun, message: OutgoingMessage, actor: Actor) -> list[Case]:
    """Hold ``message`` (thrown by ``case``, caught by nobody) for the cases that catch it later:
    the sender if a step of its own does, else the provider's other running cases whose
    procedures do. Returns the cases it is held for."""
    if case.status == CaseStatus.RUNNING and run.catches_message(message.name):
        holders = [case]
    else:
        holders = _provider_cases_catching(session, case, message)
    payload = to_json_data(message.payload)
    for holder in holders:
        session.add(CaseHeldMessage(case_id=holder.id, tenant_id=holder.tenant_id, name=message.name, payload=payload,
                                    correlations=to_json_data(dict(message.correlations))))
        sent = "" if holder.id == case.id else f" from case {case.id}"
        record(session, actor=actor, action=MESSAGE_HELD, tenant_id=holder.tenant_id, case_id=holder.id,
               detail=f"message '{message.name}'{sent} held: no step of the case was waiting for it yet",
               after=to_json_data({"payload": payload, "correlations": message.correlations}))
    return holders


def _provider_cases_catching(session: Session, sender: Case, message: OutgoingMessage) -> list[Case]:
    """The sender's provider's other running cases whose procedures catch ``message``, if it is
    about that provider (a correlation naming another provider goes to none)."""
    named = message.correlations.get("provider_id")
    if named is not None and str(named) != str(sender.provider_id):
        return []
    cases = session.scalars(select(Case).where(Case.provider_id == sender.provider_id, Case.id != sender.id,
                                               Case.status == CaseStatus.RUNNING).order_by(Case.id))
    return [c for c in cases
            if message.name in load_bundle(session, bundle=c.bundle, key=c.process_key).messages_caught]


def deliver_held_messages(session: Session, case: Case, actor: Actor) -> CaseRun | None:
    """Deliver what is held for ``case`` that it now waits for; return the changed run, if any."""
    held = held_messages(session, case.id)
    if not held or case.status != CaseStatus.RUNNING:
        return None
    waiting = set(session.scalars(select(CaseMessageWait.name).where(CaseMessageWait.case_id == case.id)))
    if not any(h.name in waiting for h in held):
        return None
    run = load_run(session, case)
    delivered = False
    for message in held:
        if run.failure is not None or message.name not in {w.name for w in run.waiting_messages()}:
            continue
        try:
            run.deliver(message.name, message.payload, message.correlations)
        except MessageNotCaught:
            continue
        record(session, actor=actor, action="message_received", tenant_id=case.tenant_id, case_id=case.id,
               detail=f"message '{message.name}', held since {message.held_at:%d %b %Y %H:%M}",
               after=to_json_data({"payload": message.payload, "correlations": message.correlations}))
        session.delete(message)
        delivered = True
    if not delivered:
        return None
    save_run(session, case, run, actor)
    return run
