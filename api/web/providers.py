"""Providers: list with search and filters, detail with case history, start a case."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from .. import get_session
from ..definitions.service import latest_for_tenant
from ..providers import service
from ..providers.models import ProviderKind, ProviderStatus, Regulator
from . import bp, signed_in
from .raise_concern import start_chosen, startable_procedures

CASES_SHOWN = 100
HIGHER_RISK_CASES = 2
HIGHER_RISK_MONTHS = 24


@bp.get("/providers")
@signed_in
def providers():
    caller = g.web_caller
    args = {k: request.args.get(k) or None for k in ("kind", "regulator", "status", "q")}
    for key, allowed in (("kind", ProviderKind), ("regulator", Regulator), ("status", ProviderStatus)):
        if args[key] not in {None, *(v.value for v in allowed)}:
            args[key] = None
    in_process = request.args.get("in_process") == "yes"
    rows, total = service.search_providers(get_session(), tenant_id=caller.tenant.id, page_size=200, **args)
    open_by_provider = cases_open_by_provider(caller.tenant.id, [p.id for p in rows])
    if in_process:
        rows = [p for p in rows if open_by_provider.get(p.id)]
    choices = {key: _options(enum, args[key], label) for key, enum, label in
               (("kind", ProviderKind, "kind"), ("regulator", Regulator, "regulator"), ("status", ProviderStatus, "status"))}
    return render_template("web/providers.html", page_title="Providers", nav="providers", providers=rows, args=args,
                           in_process=in_process, open_by_provider=open_by_provider, choices=choices,
                           procedure_names={d.key: d.name for d in latest_for_tenant(get_session(), tenant=caller.tenant)})


def _options(enum, current: str | None, label: str) -> list[dict]:
    return [{"value": "", "text": f"Any {label}"}] + [
        {"value": v.value, "text": v.value if enum is Regulator else v.value.replace("_", " ").capitalize(),
         "selected": current == v.value} for v in enum]


def cases_open_by_provider(tenant_id: int, provider_ids: list[int]) -> dict[int, list[str]]:
    """The running cases of the providers shown (a county has tens of thousands: read only these)."""
    from sqlalchemy import select

    from ..cases.models import Case, CaseStatus
    from ..cases.permissions import seen_cases

    found: dict[int, list[str]] = {}
    db = get_session()
    for provider_id, key in db.execute(
            select(Case.provider_id, Case.process_key).where(Case.tenant_id == tenant_id, Case.status == CaseStatus.RUNNING,
                                                            Case.provider_id.in_(provider_ids), seen_cases(db, Case.id))):
        found.setdefault(provider_id, []).append(key)
    return found


def _provider_page(provider_id: int, errors: list[dict], chosen_key: str = ""):
    caller = g.web_caller
    db = get_session()
    record = service.get_provider(db, tenant_id=caller.tenant.id, provider_id=provider_id)
    history = service.case_history(db, provider=record, limit=CASES_SHOWN, recent_months=HIGHER_RISK_MONTHS)
    return render_template("web/provider.html", page_title=record.name, nav="providers", provider=record,
                           open_cases=history["open"], open_total=history["open_total"],
                           past_cases=history["past"], past_total=history["past_total"],
                           higher_risk=history["recent"] >= HIGHER_RISK_CASES, recent=history["recent"], months=HIGHER_RISK_MONTHS,
                           procedures=startable_procedures(db, caller.tenant, caller.actor), errors=errors, chosen_key=chosen_key,
                           procedure_names={d.key: d.name for d in latest_for_tenant(db, tenant=caller.tenant)}), \
        400 if errors else 200


@bp.get("/providers/<id:provider_id>")
@signed_in
def provider(provider_id: int):
    return _provider_page(provider_id, [])


@bp.post("/providers/<id:provider_id>/cases")
@signed_in
def start_case(provider_id: int):
    caller = g.web_caller
    db = get_session()
    service.get_provider(db, tenant_id=caller.tenant.id, provider_id=provider_id)
    key = request.form.get("process_key", "")
    case_id, errors = start_chosen(db, caller, provider_id, key)
    if case_id is None:
        return _provider_page(provider_id, errors, key)
    return redirect(url_for("web.case", case_id=case_id))
