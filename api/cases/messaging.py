"""Messages between cases, and from outside: delivered to the cases waiting for them, or
starting the procedures that begin with them, each receiver saved in the sender's transaction."""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import MessageNotCaught
from engine.runtime import CaseRun, OutgoingMessage
from engine.serialization import to_json_data

from ..actors import Actor
from ..audit.service import record
from ..definitions.models import ProcessDefinition
from ..definitions.service import resolve
from ..errors import Invalid, NotFound
from ..providers.models import Provider
from ..tenants.models import Tenant
from .held_messages import deliver_held_messages, hold_message
from .models import Case, CaseMessageWait, CaseStatus
from .permissions import check_may_send, check_may_start
from .runs import commit, load_run, new_case, one_transaction, save_run

__all__ = ["deliver_message", "route_messages", "MAX_MESSAGE_HOPS"]

MAX_MESSAGE_HOPS = 50


def _correlates(expected: Mapping[str, Any], given: Mapping[str, Any]) -> bool:
    return all(expected.get(k) == v for k, v in given.items() if k in expected)


def _provider_for(session: Session, tenant: Tenant, correlations: Mapping[str, Any], payload: Any, fallback: Provider | None) -> Provider | None:
    for source in (correlations, payload if isinstance(payload, Mapping) else {}):
        provider_id = source.get("provider_id")
        if provider_id is not None:
            try:
                provider_id = int(provider_id)
            except (TypeError, ValueError):
                return None
            if not 0 < provider_id < 2**31:
                return None
            provider = session.get(Provider, provider_id)
            return provider if provider is not None and provider.tenant_id == tenant.id else None
    return fallback


def _deliver(session: Session, tenant: Tenant, message: OutgoingMessage, actor: Actor, sender: Case | None) -> list[tuple[Case, CaseRun]]:
    """Deliver to waiting cases, or start cases whose start event catches it. Returns the cases changed."""
    waits = session.scalars(select(CaseMessageWait).where(CaseMessageWait.tenant_id == tenant.id, CaseMessageWait.name == message.name))
    touched: list[tuple[Case, CaseRun]] = []
    for wait in list(waits):
        if sender is not None and wait.case_id == sender.id:
            continue
        case = session.get(Case, wait.case_id)
        if case.status != CaseStatus.RUNNING or not _correlates(wait.correlations, message.correlations):
            continue
        if "provider_id" in message.correlations and str(message.correlations["provider_id"]) != str(case.provider_id):
            continue
        if sender is None:  # from outside: a person needs a role the procedure names
            check_may_send(session, actor=actor, case=case, name=message.name)
        run = load_run(session, case)
        try:
            run.deliver(message.name, message.payload, message.correlations)
        except MessageNotCaught:
            continue
        record(session, actor=actor, action="message_received", tenant_id=tenant.id, case_id=case.id, element_id=wait.element_id,
               detail=f"message '{message.name}'" + (f" from case {sender.id}" if sender else ""),
               after=to_json_data({"payload": message.payload, "correlations": message.correlations}))
        save_run(session, case, run, actor)
        touched.append((case, run))
    if touched:
        return touched
    for definition in _starters(session, tenant, message.name):
        if sender is None:
            check_may_start(session, tenant=tenant, actor=actor, key=definition.key)
        provider = _provider_for(session, tenant, message.correlations, message.payload, sender.provider if sender else None)
        if provider is None:
            raise Invalid(f"the message '{message.name}' would start '{definition.key}' but names no provider of this council (send provider_id)")
        case, run = new_case(session, tenant=tenant, provider=provider, process_key=definition.key, data={}, actor=actor,
                              detail=f", started by message '{message.name}'" + (f" from case {sender.id}" if sender else ""))
        run.deliver(message.name, message.payload, message.correlations)
        save_run(session, case, run, actor)
        touched.append((case, run))
    return touched


def _starters(session: Session, tenant: Tenant, name: str) -> list[ProcessDefinition]:
    keys = session.scalars(select(ProcessDefinition.key).where(ProcessDefinition.folder.in_(tenant.folders)).distinct())
    found = []
    for key in keys:
        definition = resolve(session, tenant=tenant, key=key)
        if name in (definition.message_starts or []):
            found.append(definition)
    return found


def route_messages(session: Session, tenant: Tenant, case: Case, run: CaseRun, actor: Actor) -> None:
    """Deliver the messages a change threw, and any those deliveries throw in turn. A message
    that reaches no other case is held for its sender if a step of its own catches it; each case
    touched then gets what is held for it and it now waits for (api/cases/held_messages.py)."""
    queue = [(case, run, message) for message in run.outgoing_messages()]
    # What is held for a case was undeliverable after its last change, so only a wait opened
    # since can take it; every wait this change opened is in its run (the parts it loaded). A
    # case waiting for no message is not asked (most changes: one read saved).
    touched: dict[int, Case] = {case.id: case} if run.waiting_messages() else {}
    hops = 0
    while queue or touched:
        if not queue:
            held_for = touched.pop(next(iter(touched)))
            changed = deliver_held_messages(session, held_for, actor)
            if changed is not None:
                queue.extend((held_for, changed, m) for m in changed.outgoing_messages())
            continue
        hops += 1
        if hops > MAX_MESSAGE_HOPS:
            raise Invalid(f"more than {MAX_MESSAGE_HOPS} messages passed between cases in one change; check the diagrams for a message loop")
        sender, sender_run, message = queue.pop(0)
        record(session, actor=actor, action="message_sent", tenant_id=tenant.id, case_id=sender.id,
               detail=f"message '{message.name}'", after=to_json_data({"payload": message.payload, "correlations": message.correlations}))
        receivers = _deliver(session, tenant, message, actor, sender)
        if not receivers:
            for holder in hold_message(session, sender, sender_run, message, actor):
                touched[holder.id] = holder
        touched[sender.id] = sender
        for receiver, receiver_run in receivers:
            touched[receiver.id] = receiver
            queue.extend((receiver, receiver_run, m) for m in receiver_run.outgoing_messages())


@one_transaction
def deliver_message(session: Session, *, tenant: Tenant, actor: Actor, name: str, correlation: Mapping[str, Any],
                    payload: Any) -> list[Case]:
    """A message from outside (another system, or a person through the API). Commits."""
    message = OutgoingMessage(name=name, payload=payload, correlations=dict(correlation or {}))
    touched = _deliver(session, tenant, message, actor, None)
    if not touched:
        session.rollback()
        raise NotFound(f"no case of this council is waiting for the message '{name}' with that correlation, and no process starts with it")
    for case, run in touched:
        route_messages(session, tenant, case, run, actor)
    commit(session)
    return [c for c, _ in touched]
