"""Figures for the dashboard: open cases by process and stage, providers on Radar and for how
long, overdue tasks by team, cases opened and closed per month."""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider
from ..tenants.models import Tenant
from .models import Case, CaseStatus, CaseTask

__all__ = ["dashboard_figures"]


def _month(value: _dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def dashboard_figures(session: Session, *, tenant: Tenant, months: int = 12) -> dict:
    now = utcnow()
    names = dict(session.execute(select(ProcessDefinition.key, ProcessDefinition.name)).all())
    open_cases = session.execute(
        select(Case.id, Case.process_key, Case.provider_id, Case.started_at)
        .where(Case.tenant_id == tenant.id, Case.status == CaseStatus.RUNNING)
    ).all()
    # The stage of an open case is the step now waiting for a person (its first, if several).
    stage_of = dict(session.execute(
        select(CaseTask.case_id, func.min(CaseTask.name)).where(CaseTask.tenant_id == tenant.id).group_by(CaseTask.case_id)
    ).all())
    by_process: dict[str, Counter] = defaultdict(Counter)
    for case_id, key, _provider, _started in open_cases:
        by_process[names.get(key, key)][stage_of.get(case_id, "Waiting (timer or message)")] += 1
    provider_names = dict(session.execute(select(Provider.id, Provider.name).where(Provider.tenant_id == tenant.id)).all())
    on_radar = sorted(
        ({"provider": provider_names.get(provider), "since": started, "days": (now - started).days}
         for _id, key, provider, started in open_cases if "radar" in key),
        key=lambda row: -row["days"],
    )
    overdue = Counter(dict(session.execute(
        select(CaseTask.role, func.count()).where(CaseTask.tenant_id == tenant.id, CaseTask.due_at < now).group_by(CaseTask.role)
    ).all()))
    since = (now.replace(day=1) - _dt.timedelta(days=31 * (months - 1))).replace(day=1)
    opened = Counter(_month(s) for (s,) in session.execute(
        select(Case.started_at).where(Case.tenant_id == tenant.id, Case.started_at >= since)))
    closed = Counter(_month(e) for (e,) in session.execute(
        select(Case.ended_at).where(Case.tenant_id == tenant.id, Case.ended_at.is_not(None), Case.ended_at >= since)))
    month_keys = sorted({*opened, *closed, _month(now)})
    return {
        "open_by_process": {process: dict(stages) for process, stages in sorted(by_process.items())},
        "open_total": len(open_cases),
        "on_radar": on_radar,
        "overdue_by_team": {str(role or "unassigned"): count for role, count in sorted(overdue.items(), key=lambda r: str(r[0]))},
        "per_month": [{"month": m, "opened": opened.get(m, 0), "closed": closed.get(m, 0)} for m in month_keys],
    }
