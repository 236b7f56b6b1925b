"""Reading cases and tasks as the caller may see them (confidential items redacted)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from sqlalchemy import ColumnElement, and_, func, or_, select, text, true
from sqlalchemy.orm import Session, defer

from engine.forms import bind_schema
from engine.serialization import to_json_data
from engine.visibility import confidential_rules, hidden_fields, redact, withheld_names

from ..audit.models import AuditEvent
from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..definitions.service import load_bundle
from ..tenants.models import Tenant
from . import keyset
from .deadlines import case_actions, case_deadlines
from .held_messages import held_messages
from .models import Case, CaseStatus, CaseTask, CaseTimer
from .permissions import seen_cases
from .role_filter import for_roles
from .service import get_case, get_task, load_run
from .task_drafts import draft_of

__all__ = ["case_action_detail", "count_tasks", "count_task_views", "list_cases", "case_brief", "case_summary", "case_events", "list_tasks", "task_brief", "task_detail",
           "next_task_cursor", "next_case_cursor"]


def _visibility(session: Session, case: Case, data: dict, roles: set[str]) -> set[str]:
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    schemas = [form for forms in bundle.forms.values() for name, form in forms.items() if name.endswith(".schema.json")]
    return hidden_fields(confidential_rules(schemas), data, roles)


def list_cases(session: Session, *, tenant: Tenant, provider_id: int | None = None, process_key: str | None = None,
               status: str | None = None, page: int = 1, page_size: int = 50, after: str | None = None) -> tuple[list[dict], int]:
    """A page of cases, newest first: the ``page``-th, or (keyset) the one ``after`` a cursor."""
    query = select(Case).where(Case.tenant_id == tenant.id, seen_cases(session, Case.id))
    for column, value in ((Case.provider_id, provider_id), (Case.process_key, process_key), (Case.status, status)):
        if value is not None:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Case.id).subquery()))
    # Each case's definition comes in the same statement: a page costs the same few statements
    # whatever the number of procedures on it.
    query = query.add_columns(ProcessDefinition).join(ProcessDefinition, ProcessDefinition.id == Case.definition_id)
    query = query.where(keyset.cases_after(after)) if after else query.offset((page - 1) * page_size)
    rows = session.execute(query.order_by(*keyset.CASE_ORDER).limit(page_size))
    return [case_brief(session, case, definition) for case, definition in rows], total


def case_brief(session: Session, case: Case, definition: ProcessDefinition | None = None) -> dict:
    definition = definition or session.get(ProcessDefinition, case.definition_id)
    return {
        "id": case.id,
        "process_key": case.process_key,
        "process_name": definition.name,
        "definition_version": definition.version,
        "definition_folder": definition.folder,
        "provider": {"id": case.provider.id, "name": case.provider.name},
        "status": case.status,
        "started_at": case.started_at,
        "ended_at": case.ended_at,
        "owner_id": case.owner_id,
    }


def task_brief(task: CaseTask, now=None, case: Case | None = None) -> dict:
    now = now or utcnow()
    overdue = task.due_at is not None and task.due_at < now
    case = case or task_case(task)
    return {
        "provider": {"id": case.provider.id, "name": case.provider.name},
        "case_process_key": case.process_key,
        "id": task.id,
        "case_id": task.case_id,
        "element_id": task.element_id,
        "name": task.name,
        "purpose": task.purpose,
        "process_key": task.process_key,
        "role": task.role,
        "form": task.form,
        "due_at": task.due_at,
        "due_rule": task.due_rule,
        "overdue": overdue,
        "days_late": (now - task.due_at).days if overdue else 0,
        "assignee_id": task.assignee_id,
        "created_at": task.created_at,
    }


def task_case(task: CaseTask) -> Case:
    from sqlalchemy.orm import object_session

    return object_session(task).get(Case, task.case_id)


def case_summary(session: Session, *, tenant: Tenant, case_id: int, roles: set[str]) -> dict:
    case = get_case(session, tenant=tenant, case_id=case_id)
    run = load_run(session, case)
    data = to_json_data(run.data())
    hidden = _visibility(session, case, data, roles)
    tasks = session.scalars(select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.created_at, CaseTask.id))
    timers = session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id).order_by(CaseTimer.due_at))
    task_list = [task_brief(t, case=case) for t in tasks]
    return {
        **case_brief(session, case),
        "stage": data.get("stage") or data.get("level") or (task_list[0]["name"] if task_list else None),
        "data": redact(data, hidden, withheld_names(data, hidden)),
        "hidden_fields": sorted(hidden),
        "tasks": task_list,
        "timers": [{"element_id": t.element_id, "name": t.name, "due_at": t.due_at, "rule": t.rule,
                    "attached_to": t.attached_to, "interrupting": t.interrupting} for t in timers],
        "deadlines": case_deadlines(run, utcnow()),
        "actions": case_actions(run),
        "held_messages": [{"name": m.name, "held_at": m.held_at} for m in held_messages(session, case.id)]
        if case.status == CaseStatus.RUNNING else [],
        "error": case.error,
        "termination_reason": case.termination_reason,
        "version": case.version,
    }


def case_events(session: Session, *, tenant: Tenant, case_id: int, roles: set[str], page: int, page_size: int) -> tuple[list[dict], int]:
    case = get_case(session, tenant=tenant, case_id=case_id)
    data = to_json_data(load_run(session, case).data())
    hidden = _visibility(session, case, data, roles)
    names = withheld_names(data, hidden)
    query = select(AuditEvent).where(AuditEvent.case_id == case.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(AuditEvent.id).offset((page - 1) * page_size).limit(page_size))
    return [
        {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "element_id": e.element_id, "task_id": e.task_id,
         "detail": redact({"d": e.detail}, set(), names)["d"], "before": redact(e.before, hidden, names),
         "after": redact(e.after, hidden, names)}
        for e in rows
    ], total


def list_tasks(session: Session, *, tenant: Tenant, user_id: int, roles: set[str], case_id: int | None = None,
               role: str | None = None, assignee: str | None = None, overdue: bool | None = None, mine: bool = False,
               due_within_days: int | None = None, page: int = 1, page_size: int = 50, after: str | None = None,
               with_total: bool = True) -> tuple[list[dict], int | None]:
    """A page of open tasks, soonest due first: the ``page``-th, or (keyset) the one ``after`` a
    cursor; with the number matching (None when ``with_total`` is off: the count is what costs)."""
    conditions = [CaseTask.tenant_id == tenant.id, seen_cases(session, CaseTask.case_id)]
    if case_id is not None:
        conditions.append(CaseTask.case_id == case_id)
    if role:
        conditions.append(for_roles(session, tenant.id, {role}))
    if mine:
        conditions.append(for_roles(session, tenant.id, roles))
    if assignee == "me":
        conditions.append(CaseTask.assignee_id == user_id)
    elif assignee == "none":
        conditions.append(CaseTask.assignee_id.is_(None))
    now = utcnow()
    if overdue is True:
        conditions.append(CaseTask.due_at < now)
    elif overdue is False:
        conditions.append((CaseTask.due_at.is_(None)) | (CaseTask.due_at >= now))
    if due_within_days is not None:
        conditions += [CaseTask.due_at >= now, CaseTask.due_at < now + _dt.timedelta(days=due_within_days)]
    # Counted on the task table alone (every task's case is the council's; a partner's are
    # narrowed by case id): no join to read.
    total = session.scalar(select(func.count()).select_from(CaseTask).where(*conditions)) if with_total else None
    # A list shows neither a draft nor a case's state: leave their JSON unread.
    query = (select(CaseTask, Case).join(Case, Case.id == CaseTask.case_id).where(*conditions)
             .options(defer(CaseTask.draft), defer(Case.bundle), defer(Case.error)))
    _in_index_order(session)
    rows = []
    for condition in (keyset.tasks_after(after) if after else [None]):
        ranged = query if condition is None else query.where(condition)
        if condition is None:
            ranged = ranged.offset((page - 1) * page_size)
        rows += session.execute(ranged.order_by(*keyset.TASK_ORDER).limit(page_size - len(rows))).all()
        if len(rows) >= page_size:
            break
    return [task_brief(task, now, case) for task, case in rows], total


def _in_index_order(session: Session) -> None:
    """A page of tasks is read in the order of the tenant/due index, never by joining every task
    and then sorting: on PostgreSQL, rule sorting out for this read-only request (statistics a
    bulk load left stale had the planner join a county's 100,000 tasks to sort them, 280 ms)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_sort = off"))


def next_task_cursor(rows: list[dict], page_size: int) -> str | None:
    """The cursor for the page after ``rows`` (None on the last page)."""
    if len(rows) < page_size:
        return None
    last = rows[-1]
    return keyset.task_cursor(last["due_at"], last["created_at"], last["id"])


def next_case_cursor(rows: list[dict], page_size: int) -> str | None:
    if len(rows) < page_size:
        return None
    return keyset.case_cursor(rows[-1]["started_at"], rows[-1]["id"])


def _task_filter(user_id: int, my_roles: ColumnElement[bool], assignee: str | None = None, overdue: bool | None = None,
                 mine: bool = False, due_within_days: int | None = None):
    """The condition one inbox view puts on open tasks (``my_roles``: the caller's, from :func:`for_roles`)."""
    conditions = []
    if mine:
        conditions.append(my_roles)
    if assignee == "me":
        conditions.append(CaseTask.assignee_id == user_id)
    now = utcnow()
    if overdue:
        conditions.append(CaseTask.due_at < now)
    if due_within_days is not None:
        conditions.extend([CaseTask.due_at >= now, CaseTask.due_at < now + _dt.timedelta(days=due_within_days)])
    return and_(true(), *conditions)


def count_tasks(session: Session, *, tenant: Tenant, user_id: int, roles: set[str], **filters) -> int:
    """How many open tasks match one view's filters (see :func:`count_task_views`)."""
    return count_task_views(session, tenant=tenant, user_id=user_id, roles=roles, views={"view": filters})["view"]


def count_task_views(session: Session, *, tenant: Tenant, user_id: int, roles: set[str],
                     views: Mapping[str, Mapping[str, Any]], up_to: int | None = None) -> dict[str, int]:
    """How many open tasks each view matches (the inbox's tab counts), in one statement.

    With ``up_to``, each count stops there (a count above it reads ``up_to + 1``): a county's
    team may have tens of thousands of open tasks, and counting them all on every page costs
    what the team's size is, to show a number nobody reads exactly."""
    my_roles = for_roles(session, tenant.id, roles)
    conditions = {name: _task_filter(user_id, my_roles, **filters) for name, filters in views.items()}
    seen = [CaseTask.tenant_id == tenant.id, seen_cases(session, CaseTask.case_id)]
    if up_to is None:
        query = select(*[func.count(CaseTask.id).filter(condition) for condition in conditions.values()]).where(
            *seen, or_(*conditions.values()))
    else:
        query = select(*[select(func.count()).select_from(
            select(CaseTask.id).where(*seen, condition).limit(up_to + 1).subquery()).scalar_subquery()
            for condition in conditions.values()])
    return dict(zip(conditions, session.execute(query).one()))


def task_detail(session: Session, *, tenant: Tenant, task_id: str, roles: set[str], user_id: int | None) -> dict[str, Any]:
    task = get_task(session, tenant=tenant, task_id=task_id)
    case = get_case(session, tenant=tenant, case_id=task.case_id)
    run = load_run(session, case)
    ready = next((t for t in run.ready_tasks() if t.id == task_id), None)
    data = to_json_data(ready.data if ready else run.data())
    hidden = _visibility(session, case, data, roles)
    forms = run.bundle.forms.get(task.process_key, {})
    return {
        **task_brief(task, case=case),
        "instructions": task.instructions,
        "deadline_name": ready.deadline_name if ready else None,
        "next_chase_at": ready.next_chase_at if ready else None,
        # Rules comparing answers with values the server computed refer to them with $data:
        # the client sees the schema with this case's own values in it.
        "schema": bind_schema(forms.get(task.form), ready.data if ready else {}) if task.form else None,
        "ui_schema": forms.get(task.ui_form) if task.ui_form else None,
        "data": redact(data, hidden, withheld_names(data, hidden)),
        # A draft is its author's alone: nobody else sees it, whatever their role.
        "draft": draft_of(task.draft, user_id),
    }


def case_action_detail(session: Session, *, tenant: Tenant, case_id: int, name: str) -> dict[str, Any]:
    """A case-level action with its form, bound to the case's data."""
    from ..errors import NotFound

    case = get_case(session, tenant=tenant, case_id=case_id)
    run = load_run(session, case)
    found = next((a for a in case_actions(run) if a["name"] == name), None)
    if found is None:
        raise NotFound(f"case {case_id} has no action '{name}' it can take now")
    schema, ui = run.action_form(name)
    return {**found, "schema": schema, "ui_schema": ui}
