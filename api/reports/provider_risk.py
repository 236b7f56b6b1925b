"""A provider's risk picture: every case across every procedure, the time spent in each stage (a
QPIP level, Radar, an LSE, a level of the framework...), its current risk, open actions,
documents, and the flags the seeds define.

A stage is a procedure the case ran: the case's own (Radar is a procedure of its own) and each
one it called, from the first to the last thing done in it (until now while it is open).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock

from ..audit.models import AuditEvent
from ..cases.models import Case, CaseStatus, CaseTask
from ..definitions.models import ProcessDefinition
from ..definitions.service import load_bundle
from ..documents.access import barred_fields, may_read
from ..documents.models import Document
from ..errors import NotFound
from ..providers.models import Provider
from ..tenants.models import Tenant
from .flags import provider_flags
from .tables import Table

__all__ = ["provider_risk", "risk_tables", "RISK_WORDS"]

# Radar's five bands, in the four levels every procedure uses.
RISK_WORDS = {"low": "Low", "moderate": "Moderate", "high": "High", "extreme": "Extreme", "no_low": "Low",
              "low_moderate": "Moderate", "high_extreme": "High"}
_DONE = {"completed", "complete", "closed", "done", "achieved", "met"}


def _stages(session: Session, case: Case, events: list[AuditEvent], now: _dt.datetime) -> list[tuple[str, _dt.datetime, _dt.datetime]]:
    """(process key, from, to) for the case's own procedure and each procedure it called."""
    bundle = load_bundle(session, bundle=case.bundle, key=case.process_key)
    owner = {}
    for key, spec in bundle.subprocess_specs.items():
        if key in case.bundle:
            owner.update({t.bpmn_id: key for t in spec.task_specs.values() if getattr(t, "bpmn_id", None)})
    spans: dict[str, list[_dt.datetime]] = defaultdict(list)
    previous = case.started_at
    for event in events:
        key = owner.get(event.element_id)
        if key is not None:
            # A stage began when the step before it was done: that change started the called procedure.
            spans[key].append(previous if not spans[key] else event.at)
            spans[key].append(event.at)
        previous = event.at
    open_in = {owner.get(t) for t in session.scalars(select(CaseTask.element_id).where(CaseTask.case_id == case.id))}
    stages = [(case.process_key, case.started_at, case.ended_at or now)]
    for key, times in spans.items():
        stages.append((key, min(times), now if key in open_in and case.status == CaseStatus.RUNNING else max(times)))
    return stages


def _latest_risk(events: list[AuditEvent]) -> dict | None:
    for event in sorted(events, key=lambda e: e.at, reverse=True):
        for key, value in (event.after or {}).items():
            if key.endswith("risk_level") and value in RISK_WORDS:
                return {"level": RISK_WORDS[value], "on": event.at, "case_id": event.case_id, "step": event.detail}
    return None


def _action_plan_rows(events: list[AuditEvent], running: set[int]) -> list[dict]:
    latest: dict[int, list] = {}
    for event in events:
        plan = (event.after or {}).get("action_plan")
        if event.case_id in running and isinstance(plan, list):
            latest[event.case_id] = plan
    return [{"case_id": case_id, "action": row.get("action") or row.get("concern") or "", "owner": row.get("owner") or "",
             "due": row.get("due_date") or ""}
            for case_id, plan in latest.items() for row in plan
            if isinstance(row, dict) and str(row.get("progress") or row.get("status") or "").lower() not in _DONE]


def provider_risk(session: Session, *, tenant: Tenant, roles: set[str], provider_id: int) -> dict:
    provider = session.get(Provider, provider_id)
    if provider is None or provider.tenant_id != tenant.id:
        raise NotFound(f"there is no provider {provider_id}")
    now = clock.now()
    cases = list(session.scalars(select(Case).where(Case.provider_id == provider.id).order_by(Case.started_at)))
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.case_id.in_([c.id for c in cases])).order_by(AuditEvent.id)))
    by_case = defaultdict(list)
    for event in events:
        by_case[event.case_id].append(event)
    names = dict(session.execute(select(ProcessDefinition.key, ProcessDefinition.name)).all())
    stage_days: dict[str, float] = defaultdict(float)
    periods: dict[str, int] = defaultdict(int)
    for case in cases:
        for key, start, end in _stages(session, case, by_case[case.id], now):
            stage_days[names.get(key, key)] += max((end - start).total_seconds(), 0) / 86400
            periods[names.get(key, key)] += 1
    running = {c.id for c in cases if c.status == CaseStatus.RUNNING}
    tasks = list(session.scalars(select(CaseTask).where(CaseTask.case_id.in_(running)).order_by(CaseTask.due_at)))
    documents = [d for c in cases for d in session.scalars(select(Document).where(Document.case_id == c.id))
                 if may_read(d, barred_fields(session, c, roles) if any(v.fields_used for v in d.versions) else set())]
    return {
        "provider": {"id": provider.id, "name": provider.name, "kind": provider.kind, "regulator": provider.regulator,
                     "regulator_id": provider.regulator_id, "status": provider.status},
        "cases": [{"id": c.id, "procedure": names.get(c.process_key, c.process_key), "status": c.status, "started_at": c.started_at,
                   "ended_at": c.ended_at, "days": round(((c.ended_at or now) - c.started_at).total_seconds() / 86400)} for c in cases],
        "stages": [{"stage": k, "days": round(v, 1), "periods": periods[k]} for k, v in sorted(stage_days.items(), key=lambda kv: -kv[1])],
        "current_risk": _latest_risk(events),
        "open_tasks": [{"case_id": t.case_id, "name": t.name, "role": t.role, "due_at": t.due_at,
                        "overdue": t.due_at is not None and t.due_at < now} for t in tasks],
        "open_actions": _action_plan_rows(events, running),
        "documents": [{"id": d.id, "case_id": d.case_id, "kind": d.kind, "title": d.title, "created_at": d.created_at,
                       "versions": len(d.versions)} for d in documents],
        "flags": provider_flags(tenant, provider, cases, events, now),
    }


def risk_tables(report: dict) -> list[Table]:
    p = report["provider"]
    cases = Table(f"Cases: {p['name']}", ["Case", "Procedure", "Status", "Started", "Ended", "Days"],
                  [[c["id"], c["procedure"], c["status"], c["started_at"].date().isoformat(),
                    c["ended_at"].date().isoformat() if c["ended_at"] else "", c["days"]] for c in report["cases"]])
    stages = Table("Time in each stage", ["Stage", "Days", "Periods"], [[s["stage"], s["days"], s["periods"]] for s in report["stages"]])
    actions = Table("Open actions", ["Case", "Action", "Owner or role", "Due"],
                    [[t["case_id"], t["name"], t["role"] or "", t["due_at"].date().isoformat() if t["due_at"] else ""] for t in report["open_tasks"]]
                    + [[a["case_id"], a["action"], a["owner"], a["due"]] for a in report["open_actions"]])
    flags = Table("Flags", ["Flag", "Why", "Source"], [[f["title"], f["why"], f["source"]] for f in report["flags"]])
    documents = Table("Documents", ["Case", "Document", "Kind", "Added", "Versions"],
                      [[d["case_id"], d["title"], d["kind"], d["created_at"].date().isoformat(), d["versions"]] for d in report["documents"]])
    return [cases, stages, actions, flags, documents]
