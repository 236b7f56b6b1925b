"""The quarterly report to the Safeguarding Adults Board across a council's Large Scale Enquiries
(Staffordshire 9.22: "General anonymised information about the Organisational Failure Process
will be shared through LSE updates with the Safeguarding Adults Board on a quarterly basis").

Anonymised by construction: the report is built only from coded answers (themes, risk levels,
yes/no, counts, the kind of service) and never copies a name, an identifier, a date finer than
the quarter, or any free text typed into a form. Each LSE is "LSE 1", "LSE 2"... in the order it
started. It reads the audit trail of the LSE's steps (Staffordshire's element ids and fields).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.models import AuditEvent
from ..cases.models import Case
from ..errors import Invalid
from ..tenants.models import Tenant
from .tables import Table

__all__ = ["parse_quarter", "sab_quarterly", "sab_tables", "SET_UP", "DISCUSSION", "DECISION"]

LONDON = ZoneInfo("Europe/London")
SET_UP, DISCUSSION, DECISION = "lse_set_up", "record_lse_discussion", "decide_lse_next_step"
THEMES = {"moving_and_handling": "Poor moving and handling", "nutrition": "Nutritional needs not met",
          "skin_integrity": "Skin integrity needs not met", "other_systemic": "Other potentially systemic concerns"}
SERVICES = {"care_home_residential": "Care home (residential)", "care_home_nursing": "Care home (nursing)",
            "domiciliary": "Domiciliary care", "supported_living": "Supported living", "extra_care": "Extra care",
            "day_service": "Day service"}
OUTCOMES = {"adults_safe": "Users of the service are safe", "imminent_failure": "Imminent failure: urgent closure plan",
            "escalate_level_5": "Escalated to level 5 (senior leadership)"}
_QUARTER = re.compile(r"^((?:19|20|21)\d{2})-Q([1-4])$")


def parse_quarter(text: str) -> tuple[str, _dt.datetime, _dt.datetime]:
    match = _QUARTER.match(text or "")
    if not match:
        raise Invalid(f"'{text}' is not a quarter: write it as YYYY-Qn, for example 2026-Q3",
                      errors=[{"field": "/quarter", "path": ["quarter"], "message": "write YYYY-Qn, e.g. 2026-Q3"}])
    year, number = int(match.group(1)), int(match.group(2))
    start = _dt.datetime(year, 3 * number - 2, 1, tzinfo=LONDON)
    end = _dt.datetime(year + (number == 4), (3 * number) % 12 + 1, 1, tzinfo=LONDON)
    return f"{year} Q{number}", start, end


@dataclass
class _Enquiry:
    started: _dt.datetime
    service: str
    case_ended: _dt.datetime | None = None
    ended: _dt.datetime | None = None
    outcome: str | None = None
    themes: list[str] = field(default_factory=list)
    police: bool = False
    meetings_in_quarter: int = 0
    risk: str | None = None
    suspension: bool = False
    enquiries_total: int = 0
    enquiries_open: int = 0
    adults: int = 0


def _enquiries(session: Session, tenant: Tenant, end: _dt.datetime) -> list[tuple[_Enquiry, list[AuditEvent]]]:
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.tenant_id == tenant.id, AuditEvent.action == "task_completed",
        AuditEvent.element_id.in_((SET_UP, DISCUSSION, DECISION)), AuditEvent.at < end).order_by(AuditEvent.case_id, AuditEvent.id))
    cases: dict[int, Case] = {}
    found: list[tuple[_Enquiry, list[AuditEvent]]] = []
    current: dict[int, tuple[_Enquiry, list[AuditEvent]]] = {}
    for event in events:
        if event.element_id == SET_UP:
            case = cases.setdefault(event.case_id, session.get(Case, event.case_id))
            enquiry = _Enquiry(started=event.at, service=SERVICES.get(case.provider.kind, "Other service"), case_ended=case.ended_at)
            current[event.case_id] = (enquiry, [event])
            found.append(current[event.case_id])
        elif event.case_id in current:
            current[event.case_id][1].append(event)
    return found


def _read(enquiry: _Enquiry, events: list[AuditEvent], start: _dt.datetime, end: _dt.datetime) -> _Enquiry:
    for event in events:
        after = event.after or {}
        if event.element_id == SET_UP:
            enquiry.themes = [THEMES.get(t, "Other concerns") for t in after.get("concern_themes") or []]
            enquiry.police = after.get("police_investigation_active") is True
        elif event.element_id == DISCUSSION:
            enquiry.meetings_in_quarter += start <= event.at < end
            enquiry.risk = after.get("lse_risk_level", enquiry.risk)
            enquiry.suspension = after.get("lse_recommends_suspension", enquiry.suspension) is True
            if isinstance(after.get("s42_enquiries"), list):
                rows = [r for r in after["s42_enquiries"] if isinstance(r, dict)]
                enquiry.enquiries_total, enquiry.enquiries_open = len(rows), sum(r.get("enquiry_status") == "open" for r in rows)
            if isinstance(after.get("adults_who_may_have_been_abused"), list):
                enquiry.adults = len(after["adults_who_may_have_been_abused"])
        elif event.element_id == DECISION and after.get("lse_decision") not in (None, "continue"):
            enquiry.ended, enquiry.outcome = event.at, OUTCOMES.get(after["lse_decision"], "Ended")
            return enquiry
    if enquiry.case_ended is not None and enquiry.case_ended < end:
        enquiry.ended, enquiry.outcome = enquiry.case_ended, "The case was closed"
    return enquiry


def sab_quarterly(session: Session, *, tenant: Tenant, quarter: str) -> dict:
    label, start, end = parse_quarter(quarter)
    enquiries = [_read(e, events, start, end) for e, events in _enquiries(session, tenant, end)]
    enquiries = [e for e in enquiries if e.ended is None or e.ended >= start]
    enquiries.sort(key=lambda e: e.started)
    rows = [{
        "lse": f"LSE {number}", "service": e.service, "started": "This quarter" if e.started >= start else "Before this quarter",
        "status": e.outcome if e.ended else "Open at the end of the quarter", "meetings_in_quarter": e.meetings_in_quarter,
        "risk_level": (e.risk or "not yet assessed").capitalize(), "themes": e.themes,
        "section_42_enquiries": e.enquiries_total, "section_42_open": e.enquiries_open, "adults_who_may_have_been_abused": e.adults,
        "suspension_recommended": e.suspension,
    } for number, e in enumerate(enquiries, start=1)]
    return {"council": tenant.name, "quarter": label, "enquiries": rows, "totals": _totals(enquiries, start)}


def _totals(enquiries: list[_Enquiry], start: _dt.datetime) -> dict:
    return {
        "open_at_start": sum(e.started < start for e in enquiries), "started": sum(e.started >= start for e in enquiries),
        "ended": sum(e.ended is not None for e in enquiries), "open_at_end": sum(e.ended is None for e in enquiries),
        "by_service": dict(Counter(e.service for e in enquiries)), "by_theme": dict(Counter(t for e in enquiries for t in e.themes)),
        "by_risk_level": dict(Counter((e.risk or "not yet assessed").capitalize() for e in enquiries)),
        "section_42_enquiries": sum(e.enquiries_total for e in enquiries),
        "suspensions_recommended": sum(e.suspension for e in enquiries),
        "with_police_investigation": sum(e.police for e in enquiries),
    }


def sab_tables(report: dict) -> list[Table]:
    totals = report["totals"]
    summary = Table(f"LSEs {report['quarter']}", ["Figure", "Number"], [
        ["Open at the start of the quarter", totals["open_at_start"]], ["Started in the quarter", totals["started"]],
        ["Ended in the quarter", totals["ended"]], ["Open at the end of the quarter", totals["open_at_end"]],
        ["Section 42 enquiries co-ordinated", totals["section_42_enquiries"]],
        ["Suspensions of placements recommended", totals["suspensions_recommended"]],
        ["With an active police investigation", totals["with_police_investigation"]],
    ] + [[f"Theme: {k}", v] for k, v in sorted(totals["by_theme"].items())]
      + [[f"Service: {k}", v] for k, v in sorted(totals["by_service"].items())]
      + [[f"Risk: {k}", v] for k, v in sorted(totals["by_risk_level"].items())])
    each = Table("Each LSE", ["LSE", "Service", "Started", "Status", "Meetings in the quarter", "Risk level", "Themes",
                              "Section 42 enquiries", "Still open", "Adults who may have been abused", "Suspension recommended"])
    for r in report["enquiries"]:
        each.rows.append([r["lse"], r["service"], r["started"], r["status"], r["meetings_in_quarter"], r["risk_level"],
                          "; ".join(r["themes"]), r["section_42_enquiries"], r["section_42_open"],
                          r["adults_who_may_have_been_abused"], "Yes" if r["suspension_recommended"] else "No"])
    return [summary, each]
