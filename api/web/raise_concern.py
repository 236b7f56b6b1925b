"""Raising a concern: choose the provider and the procedure, and the case starts.

Reached from the inbox and from each provider's page (which chooses the provider). A missing
choice is shown in the error summary, with the form as it was filled in.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import service as cases
from ..cases.permissions import check_may_start, start_case_as_person
from ..definitions.service import latest_for_tenant
from ..errors import ServiceError
from ..providers import service as providers
from . import bp, signed_in

__all__ = ["raise_concern", "startable_procedures", "start_chosen"]


def startable_procedures(db, tenant, actor=None) -> list:
    """The procedures a council starts on their own (not those only other procedures call),
    and, given ``actor``, only those the procedure lets one of their roles start."""
    definitions = latest_for_tenant(db, tenant=tenant)
    called = {key for d in definitions for key in (d.calls or [])}
    return [d for d in definitions if d.key not in called and (actor is None or _may_start(db, tenant, actor, d.key))]


def _may_start(db, tenant, actor, key: str) -> bool:
    try:
        check_may_start(db, tenant=tenant, actor=actor, key=key)
    except ServiceError:
        return False
    return True


def start_chosen(db, caller, provider_id: int, key: str) -> tuple[int | None, list[dict]]:
    """Start the chosen procedure for the provider: the new case's id, or the errors to show."""
    definitions = {d.key: d for d in startable_procedures(db, caller.tenant, caller.actor)}
    if key not in definitions:
        return None, [{"field": "process_key", "message": "Choose the procedure to start"}]
    definition = definitions[key]
    try:
        if definition.message_starts:
            # Processes that begin on a message (a referral) are started, or joined, by sending it.
            case = cases.deliver_message(db, tenant=caller.tenant, actor=caller.actor, name=definition.message_starts[0],
                                         correlation={"provider_id": provider_id}, payload={"provider_id": provider_id})[0]
        else:
            case = start_case_as_person(db, tenant=caller.tenant, actor=caller.actor, process_key=key, provider_id=provider_id,
                                        data={})
    except ServiceError as exc:
        return None, [{"field": "process_key", "message": exc.detail[0].upper() + exc.detail[1:]}]
    flash(f"{definition.name} started.", "success")
    return case.id, []


@bp.route("/concerns/new", methods=["GET", "POST"])
@signed_in
def raise_concern():
    caller = g.web_caller
    db = get_session()
    found, _total = providers.search_providers(db, tenant_id=caller.tenant.id, page_size=500)
    chosen_provider = request.values.get("provider_id", "")
    chosen_key = request.form.get("process_key", "")
    errors = []
    if request.method == "POST":
        provider_ids = {str(p.id) for p in found}
        if chosen_provider not in provider_ids:
            errors.append({"field": "provider_id", "message": "Choose the provider the concern is about"})
        if not chosen_key:
            errors.append({"field": "process_key", "message": "Choose the procedure to start"})
        if not errors:
            case_id, errors = start_chosen(db, caller, int(chosen_provider), chosen_key)
            if case_id is not None:
                return redirect(url_for("web.case", case_id=case_id))
    return render_template("web/raise_concern.html", page_title="Raise a concern", nav="inbox", providers=found,
                           procedures=startable_procedures(db, caller.tenant, caller.actor), errors=errors,
                           chosen_provider=chosen_provider, chosen_key=chosen_key), 400 if errors else 200
