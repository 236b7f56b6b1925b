"""Cases: start, complete tasks, claim, retry, terminate, and messages between cases.

Every public function here is one state change and one commit: the case state, its projections
(ready tasks, waiting timers, waiting messages) and the audit events are written together, or
not at all. Two people changing the same case at once: one commits, the other gets Conflict.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any, Iterable, Mapping

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.errors import CaseFailure, MessageNotCaught, TaskDataInvalid, TaskNotReady, TaskRefused
from engine.helpers import CaseFacts
from engine.roles import Role, role_for_lane
from engine.runtime import CaseRun, OutgoingMessage
from engine.serialization import to_json_data

from ..actors import Actor
from ..audit.models import AuditEvent
from ..audit.service import changes, record
from ..compliance.tracking import record_deadline_outcomes
from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..definitions.service import load_bundle, resolve, resolve_bundle
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..providers.models import Provider
from ..tenants.models import Tenant
from .models import Case, CaseMessageWait, CasePart, CaseStatus, CaseTask
from .parts import PartCollision, again_on_conflict, change_on_parts, load_parts, parts_with_due_timers, write_parts
from .permissions import check_may_send, check_may_start
from .projections import sync_projections
from .task_drafts import drafts_with

__all__ = [
    "start_case",
    "complete_task",
    "save_draft",
    "claim_task",
    "unclaim_task",
    "retry_case",
    "terminate_case",
    "deliver_message",
    "take_case_action",
    "get_case",
    "get_task",
    "case_data",
    "load_run",
    "fire_case_timers",
    "MAX_MESSAGE_HOPS",
    "save_run",
    "route_messages",
    "one_transaction",
]

MAX_MESSAGE_HOPS = 50


# --------------------------------------------------------------------------- loading and saving

def _facts(session: Session, tenant: Tenant, provider: Provider) -> CaseFacts:
    def count_cases(process_key: str, months: int, reached: str | None = None) -> int:
        # A case counts if it is of this process or ran it as a stage (a call activity's part);
        # with ``reached``, only if it completed that step (the audit trail records each completion).
        since = utcnow() - _dt.timedelta(days=round(months * 365.25 / 12))
        ran_it = select(CasePart.id).where(CasePart.case_id == Case.id, CasePart.spec == process_key).exists()
        query = select(func.count(Case.id)).where(
            Case.provider_id == provider.id, (Case.process_key == process_key) | ran_it, Case.started_at >= since
        )
        if reached:
            query = query.where(select(AuditEvent.id).where(
                AuditEvent.case_id == Case.id, AuditEvent.action == "task_completed",
                AuditEvent.element_id == reached).exists())
        return session.scalar(query) or 0

    def running_cases(process_key: str) -> list[int]:
        return list(session.scalars(select(Case.id).where(
            Case.provider_id == provider.id, Case.process_key == process_key, Case.status == CaseStatus.RUNNING,
        ).order_by(Case.id)))

    return CaseFacts(
        region=tenant.region,
        closure_days=tuple(tenant.closure_days or ()),
        working_day_ends=tenant.working_day_ends,
        thresholds=dict(tenant.thresholds or {}),
        provider=provider.facts(),
        count_cases=count_cases,
        running_cases=running_cases,
    )


def load_run(session: Session, case: Case, around: Iterable[str] | None = None) -> CaseRun:
    """The case's run: its whole live state, or (``around``: part keys) only those parts and
    the parts above them, for a change that touches no more (see :func:`.parts.change_on_parts`)."""
    tenant = session.get(Tenant, case.tenant_id)
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    failure = CaseFailure(**case.error) if case.error else None
    return CaseRun.load(load_parts(session, case.id, around), bundle, _facts(session, tenant, case.provider),
                        failure=failure, terminated=case.status == CaseStatus.TERMINATED)


def _failure_dict(failure: CaseFailure | None) -> dict | None:
    if failure is None:
        return None
    return {"message": failure.message, "element_id": failure.element_id, "task_id": failure.task_id,
            "line": failure.line, "source_line": failure.source_line}


def _save(session: Session, case: Case, run: CaseRun, actor: Actor) -> None:
    """Write the state and rebuild the projections; record what the engine did."""
    previous_status = case.status
    # Before the parts are written: writing prunes finished tasks from the tree, and a deadline
    # settles by reading its timer and step (see engine.deadline_outcomes).
    record_deadline_outcomes(session, case, run, actor)
    write_parts(session, case.id, run.parts, run.changed_parts())
    # The case row changes (and its version moves) only when these do: changes to different
    # parts of one case must not collide on it.
    error = _failure_dict(run.failure)
    if case.status != run.status:
        case.status = run.status
    if case.error != error:
        case.error = error
    if case.status in (CaseStatus.COMPLETED, CaseStatus.TERMINATED) and case.ended_at is None:
        case.ended_at = utcnow()
    sync_projections(session, case, run)
    if case.status != previous_status:
        if case.status == CaseStatus.ERROR:
            failure = run.failure
            where = f" at '{failure.element_id}'" if failure.element_id else ""
            line = f", line {failure.line}" if failure.line else ""
            record(session, actor=actor, action="case_failed", tenant_id=case.tenant_id, case_id=case.id,
                   element_id=failure.element_id, task_id=failure.task_id,
                   detail=f"{failure.message}{where}{line}", after=case.error)
        elif case.status == CaseStatus.COMPLETED:
            record(session, actor=actor, action="case_completed", tenant_id=case.tenant_id, case_id=case.id)


def _commit(session: Session) -> None:
    session.commit()


def _one_transaction(function):
    """Run a public service function as one transaction: all of it commits, or none of it.

    A concurrent change to the same case shows up as a stale version on flush or commit;
    it becomes Conflict, and this transaction is rolled back.
    """

    @functools.wraps(function)
    def wrapper(session: Session, **kwargs):
        try:
            return function(session, **kwargs)
        except StaleDataError as exc:
            session.rollback()
            conflict = Conflict("the case was changed by someone else at the same time; reload it and try again")
            conflict.collision = exc if isinstance(exc, PartCollision) else None
            raise conflict from None
        except BaseException:
            session.rollback()
            raise

    return wrapper


# --------------------------------------------------------------------------- reading

def get_case(session: Session, *, tenant: Tenant, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.tenant_id != tenant.id:
        raise NotFound(f"there is no case {case_id}")
    return case


def get_task(session: Session, *, tenant: Tenant, task_id: str) -> CaseTask:
    task = session.get(CaseTask, task_id)
    if task is None or task.tenant_id != tenant.id:
        raise NotFound(f"there is no open task {task_id}; it may have been completed")
    return task


def case_data(session: Session, case: Case) -> dict:
    return load_run(session, case).data()


# --------------------------------------------------------------------------- changing

def _new_case(session: Session, *, tenant: Tenant, provider: Provider, process_key: str, data: Mapping[str, Any],
              actor: Actor, detail: str) -> tuple[Case, CaseRun]:
    definition, bundle_ids = resolve_bundle(session, tenant=tenant, key=process_key)
    bundle = load_bundle(session, bundle=bundle_ids, key=process_key)
    # The facts win over anything sent with the start (issue 16: a client cannot rename the provider).
    start_data = {**data, "provider_id": provider.id, "provider_name": provider.name}
    case = Case(tenant_id=tenant.id, provider_id=provider.id, provider=provider, definition_id=definition.id,
                process_key=process_key, bundle=bundle_ids, status=CaseStatus.RUNNING,
                started_by_id=actor.user_id)
    session.add(case)
    session.flush()
    record(session, actor=actor, action="case_started", tenant_id=tenant.id, case_id=case.id,
           detail=f"{definition.name} (version {definition.version}, {definition.folder}) for {provider.name}{detail}",
           after=to_json_data(dict(start_data)))
    run = CaseRun.start(bundle, start_data, _facts(session, tenant, provider))
    _save(session, case, run, actor)
    return case, run


@_one_transaction
def start_case(session: Session, *, tenant: Tenant, actor: Actor, process_key: str, provider_id: int,
               data: Mapping[str, Any] | None = None) -> Case:
    """Start a case on the council's latest version of ``process_key``. Commits."""
    provider = session.get(Provider, provider_id)
    if provider is None or provider.tenant_id != tenant.id:
        raise NotFound(f"there is no provider {provider_id}")
    case, run = _new_case(session, tenant=tenant, provider=provider, process_key=process_key, data=dict(data or {}),
                          actor=actor, detail="")
    _route(session, tenant, case, run, actor)
    _commit(session)
    return case


def _check_role(task: CaseTask, actor: Actor) -> None:
    if task.role and not actor.has_role(task.role):
        raise Forbidden(f"'{task.name}' is for the role {task.role}; you do not have it")


@again_on_conflict
@_one_transaction
def complete_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, data: Mapping[str, Any]) -> Case:
    """Validate and complete a task, then run the case to its next wait. Commits.

    Invalid data raises Invalid with every field error and changes nothing. A task already
    completed, or a case changed concurrently, raises Conflict.
    """
    row = session.get(CaseTask, task_id)
    if row is None or row.tenant_id != tenant.id:
        _raise_missing_task(session, tenant, task_id)
    _check_role(row, actor)
    case = get_case(session, tenant=tenant, case_id=row.case_id)
    if case.status != CaseStatus.RUNNING:
        raise Conflict(f"the case is {case.status}; its tasks cannot be completed")
    def complete(run: CaseRun) -> dict:
        before = run.data()
        run.complete(task_id, data)
        return before

    try:
        run, before = change_on_parts(functools.partial(load_run, session, case), [row.part, *parts_with_due_timers(session, case.id)],
                                      complete)
    except (TaskDataInvalid, TaskRefused, TaskNotReady) as exc:
        raise _engine_refusal(session, exc, row.element_id) from None
    old, new = _data_changes(before, run.data())
    record(session, actor=actor, action="task_completed", tenant_id=tenant.id, case_id=case.id, element_id=row.element_id,
           task_id=task_id, detail=row.name, before=old, after=new)
    _save(session, case, run, actor)
    _route(session, tenant, case, run, actor)
    _commit(session)
    return case


def _data_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The audit's before and after: only the keys that changed, made JSON-ready (converting
    the whole case data twice would cost more than the rest of a completion)."""
    old, new = changes(before, after)
    return to_json_data(old), to_json_data(new)


def _raise_missing_task(session: Session, tenant: Tenant, task_id: str):
    # A task that was open and has gone was completed (or cancelled) by someone else: that is a conflict, not a 404.
    from ..audit.models import AuditEvent

    done = session.scalar(select(AuditEvent.id).where(AuditEvent.task_id == task_id, AuditEvent.tenant_id == tenant.id,
                                                      AuditEvent.action == "task_completed"))
    if done is not None:
        raise Conflict(f"task {task_id} has already been completed")
    raise NotFound(f"there is no open task {task_id}")


def _engine_refusal(session: Session, exc: Exception, element_id: str | None):
    """The service error for a completion the engine refused (the caller re-raises it)."""
    session.rollback()
    if isinstance(exc, TaskDataInvalid):
        return Invalid(str(exc), errors=[{"field": e.pointer, "path": list(e.path), "message": e.message} for e in exc.errors])
    if isinstance(exc, TaskRefused):
        return Invalid(f"The step was not completed: {exc.message}",
                       errors=[{"field": "", "path": [], "message": exc.message, "element_id": exc.element_id or element_id}])
    return Conflict(str(exc))


@_one_transaction
def take_case_action(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, name: str,
                     data: Mapping[str, Any]) -> Case:
    """Take a case-level action (new information, a new lead officer, closing early...): start
    its event sub-process and complete its form, as one change. Commits."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    run = load_run(session, case)
    action = next((a for a in run.bundle.actions.values() if a.name == name), None)
    if action is None:
        raise NotFound(f"this procedure has no case action '{name}'")
    role = role_for_lane(action.lane)
    if role is not None and not actor.has_role(role):
        raise Forbidden(f"'{action.title}' is for the role {role}; you do not have it")
    if case.status != CaseStatus.RUNNING:
        raise Conflict(f"the case is {case.status}; '{action.title}' cannot be taken now")
    before = run.data()
    try:
        run.take_action(name, data)
    except (TaskDataInvalid, TaskRefused, TaskNotReady) as exc:
        raise _engine_refusal(session, exc, action.task_id) from None
    old, new = changes(to_json_data(before), to_json_data(run.data()))
    record(session, actor=actor, action="case_action_taken", tenant_id=tenant.id, case_id=case.id,
           element_id=action.subprocess_id, detail=action.title, before=old, after=new)
    _save(session, case, run, actor)
    _route(session, tenant, case, run, actor)
    _commit(session)
    return case


@_one_transaction
def save_draft(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, data: Mapping[str, Any]) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    _check_role(row, actor)
    row.draft = drafts_with(row.draft, actor.user_id, to_json_data(dict(data)))
    record(session, actor=actor, action="draft_saved", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id, task_id=task_id)
    session.commit()
    return row


@_one_transaction
def claim_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    _check_role(row, actor)
    # One statement decides who wins: of several officers claiming at once, exactly one
    # sets the assignee; the others find it set and get 409 (issue 16).
    claimed = session.execute(update(CaseTask).where(
        CaseTask.id == task_id, (CaseTask.assignee_id.is_(None)) | (CaseTask.assignee_id == actor.user_id),
    ).values(assignee_id=actor.user_id).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        session.rollback()
        raise Conflict("the task is already claimed by someone else")
    session.refresh(row)
    record(session, actor=actor, action="task_claimed", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id, task_id=task_id)
    session.commit()
    return row


@_one_transaction
def unclaim_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    if row.assignee_id not in (None, actor.user_id) and not actor.has_role(Role.ADMIN):
        raise Forbidden("only the person who claimed the task, or an administrator, can release it")
    row.assignee_id = None
    record(session, actor=actor, action="task_unclaimed", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id, task_id=task_id)
    session.commit()
    return row


@_one_transaction
def retry_case(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, data: Mapping[str, Any] | None = None) -> Case:
    """An administrator re-runs a case in error from its failed step, optionally with corrected data."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can retry a case in error")
    case = get_case(session, tenant=tenant, case_id=case_id)
    if case.status != CaseStatus.ERROR:
        raise Conflict(f"the case is {case.status}, not in error; there is nothing to retry")
    run = load_run(session, case)
    failed = case.error or {}
    run.retry(data)
    record(session, actor=actor, action="case_retried", tenant_id=tenant.id, case_id=case.id, element_id=failed.get("element_id"),
           detail=f"retried after: {failed.get('message', '')}", before=failed, after=to_json_data(dict(data or {})) or None)
    _save(session, case, run, actor)
    _route(session, tenant, case, run, actor)
    _commit(session)
    return case


@_one_transaction
def terminate_case(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, reason: str) -> Case:
    if not (actor.has_role(Role.HEAD_OF_SERVICE) or actor.has_role(Role.ADMIN)):
        raise Forbidden("only a head of service or an administrator can terminate a case")
    if not reason or not reason.strip():
        raise Invalid("give the reason for terminating the case", errors=[{"field": "/reason", "path": ["reason"], "message": "required"}])
    case = get_case(session, tenant=tenant, case_id=case_id)
    if case.status in (CaseStatus.COMPLETED, CaseStatus.TERMINATED):
        raise Conflict(f"the case is already {case.status}")
    run = load_run(session, case)
    run.terminate()
    case.termination_reason = reason.strip()
    record(session, actor=actor, action="case_terminated", tenant_id=tenant.id, case_id=case.id, detail=reason.strip())
    _save(session, case, run, actor)
    _commit(session)
    return case


# --------------------------------------------------------------------------- timers

def fire_case_timers(session: Session, *, case: Case, actor: Actor) -> int:
    """Fire the case's due timers (the caller holds the case and commits). Returns how many fired."""
    tenant = session.get(Tenant, case.tenant_id)
    run, fired = change_on_parts(functools.partial(load_run, session, case), parts_with_due_timers(session, case.id),
                                 CaseRun.fire_due_timers)
    for timer in fired:
        rule = f" ({timer.rule})" if timer.rule else ""
        record(session, actor=actor, action="timer_fired", tenant_id=case.tenant_id, case_id=case.id,
               element_id=timer.element_id, task_id=timer.task_id,
               detail=f"{timer.name}: due {timer.due_at.isoformat()}{rule}")
    _save(session, case, run, actor)
    _route(session, tenant, case, run, actor)
    return len(fired)


# --------------------------------------------------------------------------- messages

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
        _save(session, case, run, actor)
        touched.append((case, run))
    if touched:
        return touched
    for definition in _starters(session, tenant, message.name):
        if sender is None:
            check_may_start(session, tenant=tenant, actor=actor, key=definition.key)
        provider = _provider_for(session, tenant, message.correlations, message.payload, sender.provider if sender else None)
        if provider is None:
            raise Invalid(f"the message '{message.name}' would start '{definition.key}' but names no provider of this council (send provider_id)")
        case, run = _new_case(session, tenant=tenant, provider=provider, process_key=definition.key, data={}, actor=actor,
                              detail=f", started by message '{message.name}'" + (f" from case {sender.id}" if sender else ""))
        run.deliver(message.name, message.payload, message.correlations)
        _save(session, case, run, actor)
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


def _route(session: Session, tenant: Tenant, case: Case, run: CaseRun, actor: Actor) -> None:
    """Deliver the messages a change threw, and any those deliveries throw in turn."""
    queue = [(case, message) for message in run.outgoing_messages()]
    hops = 0
    while queue:
        hops += 1
        if hops > MAX_MESSAGE_HOPS:
            raise Invalid(f"more than {MAX_MESSAGE_HOPS} messages passed between cases in one change; check the diagrams for a message loop")
        sender, message = queue.pop(0)
        record(session, actor=actor, action="message_sent", tenant_id=tenant.id, case_id=sender.id,
               detail=f"message '{message.name}'", after=to_json_data({"payload": message.payload, "correlations": message.correlations}))
        for receiver, receiver_run in _deliver(session, tenant, message, actor, sender):
            queue.extend((receiver, m) for m in receiver_run.outgoing_messages())


@_one_transaction
def deliver_message(session: Session, *, tenant: Tenant, actor: Actor, name: str, correlation: Mapping[str, Any],
                    payload: Any) -> list[Case]:
    """A message from outside (another system, or a person through the API). Commits."""
    message = OutgoingMessage(name=name, payload=payload, correlations=dict(correlation or {}))
    touched = _deliver(session, tenant, message, actor, None)
    if not touched:
        session.rollback()
        raise NotFound(f"no case of this council is waiting for the message '{name}' with that correlation, and no process starts with it")
    for case, run in touched:
        _route(session, tenant, case, run, actor)
    _commit(session)
    return [c for c, _ in touched]


# For the other services that change a whole case (moving it to another version): the same
# save, message routing and transaction as the functions above.
save_run, route_messages, one_transaction = _save, _route, _one_transaction
