"""A case's run: creating, loading and saving it, and the one-transaction rule of every change.

The services that change cases (service.py, messaging.py, case migrations) share these, so a
state change is always saved the same way: its parts written, its projections rebuilt and what
the engine did recorded, in the caller's transaction.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any, Iterable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.errors import CaseFailure
from engine.helpers import CaseFacts
from engine.runtime import CaseRun
from engine.serialization import to_json_data

from ..actors import Actor
from ..audit.models import AuditEvent
from ..audit.service import record
from ..compliance.tracking import record_deadline_outcomes
from ..db import utcnow
from ..definitions.service import load_bundle, resolve_bundle
from ..errors import Conflict
from ..providers.models import Provider
from ..tenants.models import Tenant
from .facts import start_case_facts
from .models import Case, CasePart, CaseStatus
from .parts import PartCollision, load_parts, write_parts
from .projections import case_rows, sync_projections

__all__ = ["load_run", "save_run", "new_case", "commit", "one_transaction"]


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


def save_run(session: Session, case: Case, run: CaseRun, actor: Actor) -> None:
    """Write the state and rebuild the projections; record what the engine did."""
    previous_status = case.status
    # What the session holds goes first: what follows runs on its connection, as Core, which
    # does not flush (see .parts).
    session.flush()
    existing = case_rows(session, case, run)
    # Before the parts are written: writing prunes finished tasks from the tree, and a deadline
    # settles by reading its timer and step (see engine.deadline_outcomes).
    record_deadline_outcomes(session, case, run, actor, {key: row["status"] for key, row in existing["deadline"].items()})
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
    sync_projections(session, case, run, existing)
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


def commit(session: Session) -> None:
    session.commit()


def one_transaction(function):
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


def new_case(session: Session, *, tenant: Tenant, provider: Provider, process_key: str, data: Mapping[str, Any],
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
    start_case_facts(session, case.id)
    record(session, actor=actor, action="case_started", tenant_id=tenant.id, case_id=case.id,
           detail=f"{definition.name} (version {definition.version}, {definition.folder}) for {provider.name}{detail}",
           after=to_json_data(dict(start_data)))
    # Imported here: invitations reads cases through the service, which starts them through this module.
    from .invitations import invite_raising_agency

    invite_raising_agency(session, actor=actor, case=case)
    run = CaseRun.start(bundle, start_data, _facts(session, tenant, provider))
    save_run(session, case, run, actor)
    return case, run
