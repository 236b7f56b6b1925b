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
from .permissions import seen_cases

__all__ = ["dashboard_figures"]


def _month(value: _dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _month_of(session: Session, column):
    """The UTC year and month of an instant, as "YYYY-MM", computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)  # SQLite keeps instants as UTC text


def _open_by_process(session: Session, tenant: Tenant, names: dict) -> tuple[dict, int]:
    # The stage of an open case is the step now waiting for a person (its first, if several).
    # Two single-table reads joined here: a join in the database is planned from statistics,
    # and after a bulk load stale ones made it loop over every task for every case.
    stage_of = dict(session.execute(
        select(CaseTask.case_id, func.min(CaseTask.name)).where(CaseTask.tenant_id == tenant.id, seen_cases(session, CaseTask.case_id))
        .group_by(CaseTask.case_id)
    ).all())
    by_process: dict[str, Counter] = defaultdict(Counter)
    total = 0
    for case_id, key in session.execute(select(Case.id, Case.process_key)
                                        .where(Case.tenant_id == tenant.id, Case.status == CaseStatus.RUNNING, seen_cases(session, Case.id))):
        by_process[names.get(key, key)][stage_of.get(case_id, "Waiting (timer or message)")] += 1
        total += 1
    return by_process, total


def _per_month(session: Session, tenant: Tenant, column, since: _dt.datetime) -> Counter:
    month = _month_of(session, column)
    return Counter(dict(session.execute(select(month, func.count()).where(
        Case.tenant_id == tenant.id, seen_cases(session, Case.id), column.is_not(None), column >= since).group_by(month)).all()))


def dashboard_figures(session: Session, *, tenant: Tenant, months: int = 12) -> dict:
    """Counted by the database: a county has tens of thousands of open cases and tasks. A
    partner counts only the cases they are invited to (permissions.seen_cases)."""
    now = utcnow()
    names = dict(session.execute(select(ProcessDefinition.key, ProcessDefinition.name)).all())
    by_process, open_total = _open_by_process(session, tenant, names)
    on_radar = [{"provider": name, "since": started, "days": (now - started).days} for name, started in session.execute(
        select(Provider.name, Case.started_at).join(Provider, Provider.id == Case.provider_id)
        .where(Case.tenant_id == tenant.id, Case.status == CaseStatus.RUNNING, Case.process_key.contains("radar"),
               seen_cases(session, Case.id))
        .order_by(Case.started_at, Case.id))]
    overdue = Counter(dict(session.execute(
        select(CaseTask.role, func.count()).where(CaseTask.tenant_id == tenant.id, CaseTask.due_at < now,
                                                  seen_cases(session, CaseTask.case_id)).group_by(CaseTask.role)
    ).all()))
    since = (now.replace(day=1) - _dt.timedelta(days=31 * (months - 1))).replace(day=1)
    opened, closed = _per_month(session, tenant, Case.started_at, since), _per_month(session, tenant, Case.ended_at, since)
    month_keys = sorted({*opened, *closed, _month(now)})
    return {
        "open_by_process": {process: dict(stages) for process, stages in sorted(by_process.items())},
        "open_total": open_total,
        "on_radar": on_radar,
        "overdue_by_team": {str(role or "unassigned"): count for role, count in sorted(overdue.items(), key=lambda r: str(r[0]))},
        "per_month": [{"month": m, "opened": opened.get(m, 0), "closed": closed.get(m, 0)} for m in month_keys],
    }
