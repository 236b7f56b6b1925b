"""Providers: list with search and filters, detail with case history, start a case."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import service as cases
from ..cases.permissions import check_may_start, start_case_as_person
from ..definitions.service import latest_for_tenant
from ..errors import ServiceError
from ..providers import service
from ..providers.models import ProviderKind, ProviderStatus, Regulator
from . import bp, signed_in

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
                           in_process=in_process, open_by_provider=open_by_provider, choices=choices)


def _options(enum, current: str | None, label: str) -> list[dict]:
    return [{"value": "", "text": f"Any {label}"}] + [
        {"value": v.value, "text": v.value.replace("_", " ").capitalize(), "selected": current == v.value} for v in enum]


def cases_open_by_provider(tenant_id: int, provider_ids: list[int]) -> dict[int, list[str]]:
    """The running cases of the providers shown (a county has tens of thousands: read only these)."""
    from sqlalchemy import select

    from ..cases.models import Case, CaseStatus

    found: dict[int, list[str]] = {}
    for provider_id, key in get_session().execute(
            select(Case.provider_id, Case.process_key).where(Case.tenant_id == tenant_id, Case.status == CaseStatus.RUNNING,
                                                            Case.provider_id.in_(provider_ids))):
        found.setdefault(provider_id, []).append(key)
    return found


@bp.get("/providers/<id:provider_id>")
@signed_in
def provider(provider_id: int):
    caller = g.web_caller
    db = get_session()
    record = service.get_provider(db, tenant_id=caller.tenant.id, provider_id=provider_id)
    history = service.case_history(db, provider=record, limit=CASES_SHOWN, recent_months=HIGHER_RISK_MONTHS)
    definitions = latest_for_tenant(db, tenant=caller.tenant)
    startable = [d for d in definitions if d.key not in _called_only(definitions) and _may_start(db, caller, d.key)]
    return render_template("web/provider.html", page_title=record.name, nav="providers", provider=record,
                           open_cases=history["open"], open_total=history["open_total"],
                           past_cases=history["past"], past_total=history["past_total"],
                           higher_risk=history["recent"] >= HIGHER_RISK_CASES, recent=history["recent"], months=HIGHER_RISK_MONTHS,
                           startable=startable)


def _may_start(db, caller, key: str) -> bool:
    try:
        check_may_start(db, tenant=caller.tenant, actor=caller.actor, key=key)
    except ServiceError:
        return False
    return True


def _called_only(definitions) -> set[str]:
    """Sub-processes other processes call: started through their callers, not on their own."""
    return {key for d in definitions for key in (d.calls or [])}


@bp.post("/providers/<id:provider_id>/cases")
@signed_in
def start_case(provider_id: int):
    caller = g.web_caller
    db = get_session()
    key = request.form.get("process_key", "")
    definitions = {d.key: d for d in latest_for_tenant(db, tenant=caller.tenant)}
    if key not in definitions:
        flash("Choose the procedure to start.", "important")
        return redirect(url_for("web.provider", provider_id=provider_id))
    definition = definitions[key]
    try:
        if definition.message_starts:
            # Processes that begin on a message (a referral) are started, or joined, by sending it.
            started = cases.deliver_message(db, tenant=caller.tenant, actor=caller.actor, name=definition.message_starts[0],
                                            correlation={"provider_id": provider_id}, payload={"provider_id": provider_id})
            case = started[0]
        else:
            case = start_case_as_person(db, tenant=caller.tenant, actor=caller.actor, process_key=key, provider_id=provider_id,
                                        data={})
    except ServiceError as exc:
        flash(exc.detail[0].upper() + exc.detail[1:], "important")
        return redirect(url_for("web.provider", provider_id=provider_id))
    flash(f"{definition.name} started.", "success")
    return redirect(url_for("web.case", case_id=case.id))
