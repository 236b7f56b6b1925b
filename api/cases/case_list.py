"""The council's cases as staff look for them: by provider or case number, procedure, stage, risk
level, owner or lead officer, overdue or not.

The filters a column answers (status, procedure, owner, provider name) are read by the database;
stage, risk level and lead officer come from each listed case's open tasks and audit trail, read
for the listed cases only (at most ``limit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..audit.models import AuditEvent
from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider
from ..tenants.models import Tenant
from .models import Case, CaseStatus, CaseTask
from .permissions import seen_cases

__all__ = ["CaseFilters", "find_cases", "RISK_LEVELS"]

RISK_LEVELS = ("low", "moderate", "high", "extreme", "green", "amber", "red")
_RISK = re.compile(r"(^|_)(risk_level|risk_rating|level_of_risk|ec_decision)$")


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


def _risk_and_lead(session: Session, case_ids: list[int]) -> dict[int, dict]:
    """Each case's latest decided risk level (its recommendation until one is decided) and lead officer."""
    found: dict[int, dict] = {i: {"risk": None, "recommended": None, "lead_officer": None} for i in case_ids}
    if not case_ids:
        return found
    events = session.execute(select(AuditEvent.case_id, AuditEvent.after).where(
        AuditEvent.case_id.in_(case_ids), AuditEvent.action.in_(("task_completed", "case_action_taken")))
        .order_by(AuditEvent.id))
    for case_id, after in events:
        for key, value in (after or {}).items():
            if isinstance(value, str) and value and _RISK.search(key):
                found[case_id]["recommended" if key.startswith("recommended_") else "risk"] = value
            elif key == "lead_officer" and isinstance(value, str) and value.strip():
                found[case_id]["lead_officer"] = value.strip()
    return found


def find_cases(session: Session, *, tenant: Tenant, filters: CaseFilters, limit: int = 500) -> list[dict]:
    query = (select(Case, ProcessDefinition.name, Provider.name)
             .join(ProcessDefinition, ProcessDefinition.id == Case.definition_id)
             .join(Provider, Provider.id == Case.provider_id).where(Case.tenant_id == tenant.id, seen_cases(session, Case.id)))
    if filters.status == "open":
        query = query.where(Case.status.in_((CaseStatus.RUNNING, CaseStatus.ERROR)))
    elif filters.status == "closed":
        query = query.where(Case.status.in_((CaseStatus.COMPLETED, CaseStatus.TERMINATED)))
    if filters.process_key:
        query = query.where(Case.process_key == filters.process_key)
    if filters.owner_id:
        query = query.where(Case.owner_id == filters.owner_id)
    if filters.q:
        text = filters.q.strip().lower()
        number = text.removeprefix("case").strip()
        by_name = func.lower(Provider.name).like(f"%{text}%")
        query = query.where(or_(by_name, Case.id == int(number)) if number.isdigit() and len(number) < 10 else by_name)
    rows = session.execute(query.order_by(Case.started_at.desc(), Case.id.desc()).limit(limit)).all()
    ids = [case.id for case, _p, _n in rows]
    tasks: dict[int, list[CaseTask]] = {}
    for task in session.scalars(select(CaseTask).where(CaseTask.case_id.in_(ids)).order_by(CaseTask.due_at, CaseTask.id)):
        tasks.setdefault(task.case_id, []).append(task)
    facts = _risk_and_lead(session, ids)
    now = utcnow()
    found = []
    for case, procedure, provider in rows:
        open_tasks = tasks.get(case.id, [])
        overdue = [t for t in open_tasks if t.due_at is not None and t.due_at < now]
        fact = facts[case.id]
        found.append({"id": case.id, "provider": provider, "provider_id": case.provider_id, "procedure": procedure,
                      "process_key": case.process_key, "status": case.status, "started_at": case.started_at,
                      "stage": ", ".join(dict.fromkeys(t.name for t in open_tasks)) or None,
                      "risk": fact["risk"] or fact["recommended"], "risk_recommended": fact["risk"] is None and bool(fact["recommended"]),
                      "lead_officer": fact["lead_officer"], "owner_id": case.owner_id,
                      "overdue": len(overdue), "next_due": open_tasks[0].due_at if open_tasks else None})
    return [c for c in found if _matches(c, filters)]


def _matches(case: dict, filters: CaseFilters) -> bool:
    if filters.stage and filters.stage.lower() not in (case["stage"] or "").lower():
        return False
    if filters.risk and (case["risk"] or "").lower() != filters.risk:
        return False
    if filters.lead_officer and filters.lead_officer.lower() not in (case["lead_officer"] or "").lower():
        return False
    return not (filters.overdue and not case["overdue"])
