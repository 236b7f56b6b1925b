"""The case list: the council's cases, searched and filtered (MOJ filter, sortable table)."""

from __future__ import annotations

from flask import g, render_template, request

from .. import get_session
from ..cases.assignment import colleagues_for
from ..cases.case_list import RISK_LEVELS, CaseFilters, find_cases
from ..definitions.service import latest_for_tenant
from . import bp, signed_in
from .case_facts import people_named

__all__ = ["cases"]

STATUSES = {"open": "Open cases", "closed": "Closed cases", "all": "All cases"}


def _filters(procedures: dict[str, str], owners: dict[int, str]) -> CaseFilters:
    args = request.args
    owner = args.get("owner", "")
    status = args.get("status", "open")
    found = CaseFilters(q=args.get("q", "").strip()[:200], process_key=args.get("procedure", "") if args.get("procedure") in procedures else "",
                        stage=args.get("stage", "").strip()[:200], risk=args.get("risk", "") if args.get("risk") in RISK_LEVELS else "",
                        owner_id=int(owner) if owner.isdigit() and int(owner) in owners else None,
                        lead_officer=args.get("lead_officer", "").strip()[:200], overdue=args.get("overdue") == "yes",
                        status=status if status in STATUSES else "open")
    found.chosen = [(label, value) for label, value in (
        ("Provider or case", found.q), ("Procedure", procedures.get(found.process_key, "")), ("Stage", found.stage),
        ("Risk level", found.risk.capitalize()), ("Owner", owners.get(found.owner_id or 0, "")),
        ("Lead officer", found.lead_officer), ("Overdue", "Only cases with an overdue task" if found.overdue else "")) if value]
    return found


@bp.get("/cases")
@signed_in
def cases():
    caller = g.web_caller
    db = get_session()
    called = {key for d in latest_for_tenant(db, tenant=caller.tenant) for key in (d.calls or [])}
    procedures = {d.key: d.name for d in latest_for_tenant(db, tenant=caller.tenant) if d.key not in called}
    owners = {u.id: u.name or u.email for u in colleagues_for(db, tenant=caller.tenant, role=None)}
    filters = _filters(procedures, owners)
    rows = find_cases(db, tenant=caller.tenant, filters=filters)
    names = {**owners, **people_named(db, [r["owner_id"] for r in rows if r["owner_id"] not in owners])}
    items = {
        "status": [{"value": k, "text": v, "checked": k == filters.status} for k, v in STATUSES.items()],
        "procedure": _select("Any procedure", procedures, filters.process_key),
        "risk": _select("Any risk level", {r: r.capitalize() for r in RISK_LEVELS}, filters.risk),
        "owner": _select("Anyone", owners, filters.owner_id),
    }
    return render_template("web/cases.html", page_title="Cases", nav="cases", cases=rows, filters=filters, items=items, names=names)


def _select(any_text: str, choices: dict, current) -> list[dict]:
    return [{"value": "", "text": any_text}] + [{"value": str(k), "text": v, "selected": k == current} for k, v in choices.items()]
