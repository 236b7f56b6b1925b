"""The council's cases as staff look for them: by provider or case number, procedure, stage, risk
level, owner or lead officer, overdue or not.

Every filter is answered by the database, over all the council's cases: status, procedure,
owner and provider from the case; stage and overdue from its open tasks; risk level and lead
officer from the facts its steps recorded (``CaseFact``, kept by api/cases/facts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider
from ..tenants.models import Tenant
from .models import Case, CaseFact, CaseStatus, CaseTask
from .permissions import seen_cases

__all__ = ["CaseFilters", "find_cases", "RISK_LEVELS"]

RISK_LEVELS = ("low", "moderate", "high", "extreme", "green", "amber", "red")


@dataclass
class CaseFilters:
    q: str = ""
    process_key: str = ""
    stage: str = ""
    risk: str = ""
    owner_id: int | None = None
    lead_officer: str = ""
    overdue: bool = False
    status: str = "open"  # open, closed or all
    chosen: list[tuple[str, str]] = field(default_factory=list)


def find_cases(session: Session, *, tenant: Tenant, filters: CaseFilters, limit: int = 500) -> list[dict]:
    now = utcnow()
    query = (select(Case, ProcessDefinition.name, Provider.name, CaseFact)
             .join(ProcessDefinition, ProcessDefinition.id == Case.definition_id)
             .join(Provider, Provider.id == Case.provider_id)
             .outerjoin(CaseFact, CaseFact.case_id == Case.id)
             .where(Case.tenant_id == tenant.id, seen_cases(session, Case.id), *_conditions(filters, now)))
    rows = session.execute(query.order_by(Case.started_at.desc(), Case.id.desc()).limit(limit)).all()
    ids = [case.id for case, *_ in rows]
    tasks: dict[int, list[CaseTask]] = {}
    for task in session.scalars(select(CaseTask).where(CaseTask.case_id.in_(ids)).order_by(CaseTask.due_at, CaseTask.id)):
        tasks.setdefault(task.case_id, []).append(task)
    found = []
    for case, procedure, provider, fact in rows:
        open_tasks = tasks.get(case.id, [])
        risk, recommended = (fact.risk_level, fact.risk_recommended) if fact else (None, None)
        found.append({"id": case.id, "provider": provider, "provider_id": case.provider_id, "procedure": procedure,
                      "process_key": case.process_key, "status": case.status, "started_at": case.started_at,
                      "stage": ", ".join(dict.fromkeys(t.name for t in open_tasks)) or None,
                      "risk": risk or recommended, "risk_recommended": risk is None and bool(recommended),
                      "lead_officer": fact.lead_officer if fact else None, "owner_id": case.owner_id,
                      "overdue": sum(1 for t in open_tasks if t.due_at is not None and t.due_at < now),
                      "next_due": open_tasks[0].due_at if open_tasks else None})
    return found


def _conditions(filters: CaseFilters, now) -> list:
    """The filters as SQL conditions."""
    conditions = []
    if filters.status == "open":
        conditions.append(Case.status.in_((CaseStatus.RUNNING, CaseStatus.ERROR)))
    elif filters.status == "closed":
        conditions.append(Case.status.in_((CaseStatus.COMPLETED, CaseStatus.TERMINATED)))
    if filters.process_key:
        conditions.append(Case.process_key == filters.process_key)
    if filters.owner_id:
        conditions.append(Case.owner_id == filters.owner_id)
    if filters.q:
        text = filters.q.strip().lower()
        number = text.removeprefix("case").strip()
        by_name = func.lower(Provider.name).like(f"%{_escaped(text)}%", escape="\\")
        conditions.append(or_(by_name, Case.id == int(number)) if number.isdigit() and len(number) < 10 else by_name)
    if filters.stage:
        conditions.append(_open_task(func.lower(CaseTask.name).like(f"%{_escaped(filters.stage.lower())}%", escape="\\")))
    if filters.overdue:
        conditions.append(_open_task(CaseTask.due_at < now))
    if filters.risk:
        conditions.append(func.lower(func.coalesce(CaseFact.risk_level, CaseFact.risk_recommended)) == filters.risk.lower())
    if filters.lead_officer:
        conditions.append(func.lower(CaseFact.lead_officer).like(f"%{_escaped(filters.lead_officer.lower())}%", escape="\\"))
    return conditions


def _open_task(condition):
    return exists().where(CaseTask.case_id == Case.id, condition)


def _escaped(text: str) -> str:
    """``text`` matched literally inside LIKE (a % or _ typed in a search is not a wildcard)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
