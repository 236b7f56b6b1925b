"""Cases: start, complete tasks, take case actions, claim, retry, terminate and fire timers.

Loading and saving a case's run is in runs.py; messages between cases in messaging.py (both
re-exported here for the services that change a whole case).

Every public function here is one state change and one commit: the case state, its projections
(ready tasks, waiting timers, waiting messages) and the audit events are written together, or
not at all. Two people changing the same case at once: one commits, the other gets Conflict.
"""

from __future__ import annotations

import functools
from typing import Any, Mapping

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from engine.errors import TaskDataInvalid, TaskNotReady, TaskRefused
from engine.roles import Role, role_of_task, roles_in_words
from engine.runtime import CaseRun
from engine.serialization import to_json_data

from ..actors import Actor
from ..audit.service import changes, record
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..prepared import Prepared
from ..providers.models import Provider
from ..tenants.models import Tenant
from .facts import note_case_facts
from .messaging import MAX_MESSAGE_HOPS, deliver_message, route_messages
from .models import Case, CaseStatus, CaseTask
from .permissions import may_see_case, reader_of, sees_only_invited
from .parts import again_on_conflict, change_on_parts
from .runs import commit, load_run, new_case, one_transaction, save_run
from .task_drafts import drafts_with

DATE_AFTER_DEADLINE = "date_after_deadline"

__all__ = [
    "start_case",
    "complete_task",
    "completion_warnings",
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


# --------------------------------------------------------------------------- reading

def get_case(session: Session, *, tenant: Tenant, case_id: int) -> Case:
    """The council's case, if the session's reader may see it (need to know: a partner sees only
    the cases they are invited to); otherwise NotFound, as for another council's case."""
    case = session.get(Case, case_id)
    if case is None or case.tenant_id != tenant.id or not may_see_case(session, reader_of(session), case):
        raise NotFound(f"there is no case {case_id}")
    return case


def get_task(session: Session, *, tenant: Tenant, task_id: str) -> CaseTask:
    task = session.get(CaseTask, task_id)
    reader = reader_of(session)
    if task is None or task.tenant_id != tenant.id or (
            sees_only_invited(reader) and not may_see_case(session, reader, session.get(Case, task.case_id))):
        raise NotFound(f"there is no open task {task_id}; it may have been completed")
    return task


def case_data(session: Session, case: Case) -> dict:
    return load_run(session, case).data()


# --------------------------------------------------------------------------- changing

@one_transaction
def start_case(session: Session, *, tenant: Tenant, actor: Actor, process_key: str, provider_id: int,
               data: Mapping[str, Any] | None = None) -> Case:
    """Start a case on the council's latest version of ``process_key``. Commits."""
    provider = session.get(Provider, provider_id)
    if provider is None or provider.tenant_id != tenant.id:
        raise NotFound(f"there is no provider {provider_id}")
    case, run = new_case(session, tenant=tenant, provider=provider, process_key=process_key, data=dict(data or {}),
                          actor=actor, detail="")
    route_messages(session, tenant, case, run, actor)
    commit(session)
    return case


def _check_role(task: CaseTask | Row, actor: Actor, tenant: Tenant) -> None:
    if task.role and not actor.has_role(task.role):
        labels = {slug: role.label for slug, role in tenant.declared_roles().items()}
        raise Forbidden(f"'{task.name}' is for the role {roles_in_words(task.role, labels)}; you do not have it")


# What a completion reads of its task, as Core: it is read on every completion, and an ORM
# object would cost more than the statement (see api/prepared.py).
_TASK_TO_COMPLETE = Prepared(select(CaseTask.tenant_id, CaseTask.case_id, CaseTask.part, CaseTask.element_id,
                                    CaseTask.name, CaseTask.role).where(CaseTask.id == bindparam("task_id")))


@again_on_conflict
@one_transaction
def complete_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, data: Mapping[str, Any]) -> Case:
    """Validate and complete a task, then run the case to its next wait. Commits.

    Invalid data raises Invalid with every field error and changes nothing. A task already
    completed, or a case changed concurrently, raises Conflict.
    """
    row = _TASK_TO_COMPLETE.first(session.connection(), {"task_id": task_id})
    if row is None or row.tenant_id != tenant.id:
        _raise_missing_task(session, tenant, task_id)
    # A case the reader may not see answers 404 before its task's role is checked.
    case = get_case(session, tenant=tenant, case_id=row.case_id)
    _check_role(row, actor, tenant)
    if case.status != CaseStatus.RUNNING:
        raise Conflict(f"the case is {case.status}; its tasks cannot be completed")
    def complete(run: CaseRun) -> dict:
        before = run.data()
        run.complete(task_id, data)
        return before

    try:
        run, before = change_on_parts(functools.partial(load_run, session, case), [row.part],
                                      complete)
    except (TaskDataInvalid, TaskRefused, TaskNotReady) as exc:
        raise _engine_refusal(session, exc, row.element_id) from None
    old, new = _data_changes(before, run.data())
    record(session, actor=actor, action="task_completed", tenant_id=tenant.id, case_id=case.id, element_id=row.element_id,
           task_id=task_id, detail=row.name, before=old, after=new)
    note_case_facts(session, case.id, new)
    for warning in run.date_warnings:  # accepted, and kept on the case: a meeting planned after its deadline
        record(session, actor=actor, action=DATE_AFTER_DEADLINE, tenant_id=tenant.id, case_id=case.id, element_id=row.element_id,
               task_id=task_id, detail=warning.message, after=warning.as_dict())
    save_run(session, case, run, actor)
    route_messages(session, tenant, case, run, actor)
    commit(session)
    return case


def completion_warnings(session: Session, *, tenant: Tenant, task_id: str) -> list[dict]:
    """The warnings recorded when the task was completed (a date after its deadline), oldest first."""
    from ..audit.models import AuditEvent

    events = session.scalars(select(AuditEvent).where(AuditEvent.tenant_id == tenant.id, AuditEvent.task_id == task_id,
                                                      AuditEvent.action == DATE_AFTER_DEADLINE).order_by(AuditEvent.id))
    return [dict(event.after or {}, message=event.detail) for event in events]


def _data_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The audit's before and after: only the keys that changed, made JSON-ready (converting
    the whole case data twice would cost more than the rest of a completion)."""
    old, new = changes(before, after)
    return to_json_data(old), to_json_data(new)


def _raise_missing_task(session: Session, tenant: Tenant, task_id: str):
    # A task that was open and has gone was completed (or cancelled) by someone else: that is a conflict, not a 404.
    from ..audit.models import AuditEvent

    done = session.scalar(select(AuditEvent.case_id).where(AuditEvent.task_id == task_id, AuditEvent.tenant_id == tenant.id,
                                                           AuditEvent.action == "task_completed"))
    reader = reader_of(session)
    # Only someone who may see the case learns that the step existed.
    if done is not None and not (sees_only_invited(reader) and not may_see_case(session, reader, session.get(Case, done))):
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


@one_transaction
def take_case_action(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, name: str,
                     data: Mapping[str, Any]) -> Case:
    """Take a case-level action (new information, a new lead officer, closing early...): start
    its event sub-process and complete its form, as one change. Commits."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    run = load_run(session, case)
    action = next((a for a in run.bundle.actions.values() if a.name == name), None)
    if action is None:
        raise NotFound(f"this procedure has no case action '{name}'")
    role = role_of_task(action.lane, None)
    if role is not None and not actor.has_role(role):
        raise Forbidden(f"'{action.title}' is for the role {roles_in_words(role)}; you do not have it")
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
    note_case_facts(session, case.id, new)
    save_run(session, case, run, actor)
    route_messages(session, tenant, case, run, actor)
    commit(session)
    return case


@one_transaction
def save_draft(session: Session, *, tenant: Tenant, actor: Actor, task_id: str, data: Mapping[str, Any]) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    _check_role(row, actor, tenant)
    row.draft = drafts_with(row.draft, actor.user_id, to_json_data(dict(data)))
    record(session, actor=actor, action="draft_saved", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id, task_id=task_id)
    session.commit()
    return row


@one_transaction
def claim_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    _check_role(row, actor, tenant)
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


@one_transaction
def unclaim_task(session: Session, *, tenant: Tenant, actor: Actor, task_id: str) -> CaseTask:
    row = get_task(session, tenant=tenant, task_id=task_id)
    if row.assignee_id not in (None, actor.user_id) and not actor.has_role(Role.ADMIN):
        raise Forbidden("only the person who claimed the task, or an administrator, can release it")
    row.assignee_id = None
    record(session, actor=actor, action="task_unclaimed", tenant_id=tenant.id, case_id=row.case_id, element_id=row.element_id, task_id=task_id)
    session.commit()
    return row


@one_transaction
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
    save_run(session, case, run, actor)
    route_messages(session, tenant, case, run, actor)
    commit(session)
    return case


@one_transaction
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
    save_run(session, case, run, actor)
    commit(session)
    return case


# --------------------------------------------------------------------------- timers

def fire_case_timers(session: Session, *, case: Case, actor: Actor) -> int:
    """Fire the case's due timers (the caller holds the case and commits). Returns how many fired."""
    tenant = session.get(Tenant, case.tenant_id)
    run, fired = change_on_parts(functools.partial(load_run, session, case), [],
                                 CaseRun.fire_due_timers)
    for timer in fired:
        rule = f" ({timer.rule})" if timer.rule else ""
        record(session, actor=actor, action="timer_fired", tenant_id=case.tenant_id, case_id=case.id,
               element_id=timer.element_id, task_id=timer.task_id,
               detail=f"{timer.name}: due {timer.due_at.isoformat()}{rule}")
    save_run(session, case, run, actor)
    route_messages(session, tenant, case, run, actor)
    return len(fired)
