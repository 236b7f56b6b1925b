"""Deadline compliance for a council and period: for each statutory timescale of its procedures,
how many fell due, how many were met and missed, by how much (median and worst), and the cases
behind each number.

A deadline counts in the period it fell due in. Missed includes one still overdue (late so far,
until now); one not yet due, or withdrawn before it fell due (the case ended), is not counted.
"""

from __future__ import annotations

import datetime as _dt
import statistics
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.documents import format_day

from ..compliance.models import DeadlineOutcome, DeadlineStatus
from ..compliance.tracking import late_words
from ..definitions.models import ProcessDefinition
from ..errors import Invalid
from ..tenants.models import Tenant
from .tables import Table

__all__ = ["deadline_compliance", "deadline_tables", "check_period"]

LONDON = ZoneInfo("Europe/London")
_COUNTED = (DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.OVERDUE)


def check_period(start: _dt.date, end: _dt.date) -> None:
    for name, day in (("from", start), ("to", end)):
        if not 1900 <= day.year <= 2199:
            raise Invalid(f"{day.isoformat()} is not a date this service holds cases for: give a year from 1900 to 2199",
                          errors=[{"field": f"/{name}", "path": [name], "message": "a year from 1900 to 2199"}])
    if end < start:
        raise Invalid(f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()}): swap the dates",
                      errors=[{"field": "/to", "path": ["to"], "message": "must be on or after from"}])
    if (end - start).days > 3700:
        raise Invalid("the period is longer than ten years: choose a shorter one",
                      errors=[{"field": "/to", "path": ["to"], "message": "at most ten years after from"}])


def _bounds(start: _dt.date, end: _dt.date) -> tuple[_dt.datetime, _dt.datetime]:
    first = _dt.datetime.combine(start, _dt.time(0), tzinfo=LONDON)
    after = _dt.datetime.combine(end + _dt.timedelta(days=1), _dt.time(0), tzinfo=LONDON)
    return first, after


def _names(session: Session) -> dict[str, str]:
    latest = select(ProcessDefinition.key, func.max(ProcessDefinition.id).label("id")).group_by(ProcessDefinition.key).subquery()
    return dict(session.execute(select(ProcessDefinition.key, ProcessDefinition.name)
                                .join(latest, ProcessDefinition.id == latest.c.id)).all())


def _days(seconds: float) -> float:
    return round(seconds / 86400, 1)


def deadline_compliance(session: Session, *, tenant: Tenant, start: _dt.date, end: _dt.date) -> dict:
    check_period(start, end)
    first, after = _bounds(start, end)
    now = clock.now()
    rows = session.execute(
        select(DeadlineOutcome.process_key, DeadlineOutcome.timer_element_id, DeadlineOutcome.name, DeadlineOutcome.step_name,
               DeadlineOutcome.status, DeadlineOutcome.late_seconds, DeadlineOutcome.due_at, DeadlineOutcome.case_id)
        .where(DeadlineOutcome.tenant_id == tenant.id, DeadlineOutcome.due_at >= first, DeadlineOutcome.due_at < after,
               DeadlineOutcome.status.in_(_COUNTED))
    ).all()
    groups: dict[tuple, dict] = defaultdict(lambda: {"met": [], "missed": [], "late": [], "open": []})
    for key, timer, name, step, status, late, due, case_id in rows:
        group = groups[(key, timer, name, step)]
        if status == DeadlineStatus.MET:
            group["met"].append(case_id)
            continue
        group["missed"].append(case_id)
        group["late"].append(late if status == DeadlineStatus.MISSED else (now - due).total_seconds())
        if status == DeadlineStatus.OVERDUE:
            group["open"].append(case_id)
    names = _names(session)
    timescales = [_figures(names.get(key, key), key, timer, name, step, group)
                  for (key, timer, name, step), group in sorted(groups.items(), key=lambda g: (names.get(g[0][0], g[0][0]), g[0][2]))]
    return {"council": tenant.name, "from": start, "to": end, "timescales": timescales,
            "totals": {"due": sum(t["due"] for t in timescales), "met": sum(t["met"] for t in timescales),
                       "missed": sum(t["missed"] for t in timescales)}}


def _figures(procedure: str, key: str, timer: str, name: str, step: str, group: dict) -> dict:
    late = group["late"]
    due = len(group["met"]) + len(group["missed"])
    median, worst = (statistics.median(late), max(late)) if late else (None, None)
    return {
        "procedure": procedure, "process_key": key, "timer_element_id": timer, "deadline": name, "step": step,
        "due": due, "met": len(group["met"]), "missed": len(group["missed"]), "still_open": len(group["open"]),
        "met_percent": round(100 * len(group["met"]) / due) if due else None,
        "median_late_days": _days(median) if late else None, "worst_late_days": _days(worst) if late else None,
        "median_late": late_words(median) if late else "", "worst_late": late_words(worst) if late else "",
        "met_cases": sorted(set(group["met"])), "missed_cases": sorted(set(group["missed"])),
    }


def deadline_tables(report: dict) -> list[Table]:
    summary = Table(f"Deadline compliance, {format_day(report['from'])} to {format_day(report['to'])}",
                    ["Procedure", "Deadline", "Step", "Fell due", "Met", "Missed", "Still overdue", "Met (%)",
                     "Median lateness (days)", "Worst lateness (days)", "Cases: met", "Cases: missed"])
    for t in report["timescales"]:
        summary.rows.append([t["procedure"], t["deadline"], t["step"], t["due"], t["met"], t["missed"], t["still_open"],
                             t["met_percent"], t["median_late_days"], t["worst_late_days"],
                             " ".join(map(str, t["met_cases"])), " ".join(map(str, t["missed_cases"]))])
    return [summary]
