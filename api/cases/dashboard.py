"""Figures for the dashboard: open cases by process and stage, providers on Radar and for how
long, overdue tasks by team, cases opened and closed per month."""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..db import utcnow
from ..definitions.models import ProcessDefinition
from ..providers.models import Provider
from ..tenants.models import Tenant
from .models import Case, CaseStatus, CaseTask
from .permissions import seen_cases

__all__ = ["ON_RADAR_SHOWN", "dashboard_figures"]

#: Providers on Radar the dashboard names, longest first; the case list has them all.
ON_RADAR_SHOWN = 25


def _month(value: _dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _month_of(session: Session, column):
    """The UTC year and month of an instant, as "YYYY-MM", computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)  # SQLite keeps instants as UTC text


def _hash_joins_only(session: Session) -> None:
    """The open-cases figure joins every running case with every open task's case: on PostgreSQL,
    rule out nested loops, which stale statistics after a bulk load once chose (looping over every
    task for every case). For the rest of this read-only request's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_nestloop = off"))


def _open_by_process(session: Session, tenant: Tenant, names: dict) -> tuple[dict, int]:
    # The stage of an open case is the step now waiting for a person (its first, if several);
    # counted by procedure and stage in the database, which returns a few dozen rows.
    stages = (select(CaseTask.case_id, func.min(CaseTask.name).label("stage"))
              .where(CaseTask.tenant_id == tenant.id).group_by(CaseTask.case_id).subquery())
    _hash_joins_only(session)
    rows = session.execute(
        select(Case.process_key, stages.c.stage, func.count())
        .select_from(Case).outerjoin(stages, stages.c.case_id == Case.id)
        .where(Case.tenant_id == tenant.id, Case.status == CaseStatus.RUNNING, seen_cases(session, Case.id))
        .group_by(Case.process_key, stages.c.stage)).all()
    by_process: dict[str, Counter] = defaultdict(Counter)
    for key, stage, count in rows:
        by_process[names.get(key, key)][stage or "Waiting (timer or message)"] += count
    return by_process, sum(count for _key, _stage, count in rows)


def _on_radar(session: Session, tenant: Tenant, now: _dt.datetime) -> tuple[list[dict], int, list[str]]:
    """The providers longest on Radar (at most :data:`ON_RADAR_SHOWN`), how many are, and the
    Radar procedures' keys (the case list lists them all)."""
    on_radar = [Case.tenant_id == tenant.id, Case.status == CaseStatus.RUNNING, Case.process_key.contains("radar"),
                seen_cases(session, Case.id)]
    by_key = session.execute(select(Case.process_key, func.count()).where(*on_radar).group_by(Case.process_key)).all()
    longest = [{"provider": name, "since": started, "days": (now - started).days} for name, started in session.execute(
        select(Provider.name, Case.started_at).join(Provider, Provider.id == Case.provider_id).where(*on_radar)
        .order_by(Case.started_at, Case.id).limit(ON_RADAR_SHOWN))]
    return longest, sum(count for _key, count in by_key), sorted(key for key, _count in by_key)


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
    on_radar, on_radar_total, radar_keys = _on_radar(session, tenant, now)
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
        "on_radar_total": on_radar_total,
        "radar_keys": radar_keys,
        "overdue_by_team": {str(role or "unassigned"): count for role, count in sorted(overdue.items(), key=lambda r: str(r[0]))},
        "per_month": [{"month": m, "opened": opened.get(m, 0), "closed": closed.get(m, 0)} for m in month_keys],
    }
