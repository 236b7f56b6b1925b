"""The case page's "Agencies invited" section (issue 23, need to know): the partner agencies and
partner users who see the case, and (for the officers who work it) inviting and withdrawing."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for

from .. import get_session
from ..cases import invitations
from ..errors import ServiceError
from . import bp, signed_in

__all__ = ["case_invitations_panel", "invite_partner", "withdraw_partner"]


@bp.app_template_global()
def case_invitations_panel(case_id: int) -> dict:
    """Who is invited; and, for an officer who may invite, whom they may invite. Anyone else reads at
    most their own agency's invitation and their own (invitations.case_invitations)."""
    caller = g.web_caller
    db = get_session()
    invited = [invitations.invitation_brief(db, i)
               for i in invitations.case_invitations(db, tenant=caller.tenant, actor=caller.actor, case_id=case_id)]
    may = invitations.may_invite(caller.actor)
    return {"invited": invited, "may_invite": may,
            "agencies": [(a, invitations.agency_label(a)) for a in invitations.INVITED_AGENCIES] if may else [],
            "partners": invitations.invitable_partners(db, tenant=caller.tenant) if may else []}


def _back(case_id: int):
    return redirect(url_for("web.case", case_id=case_id) + "#invitations")


def _refused(exc: ServiceError) -> None:
    get_session().rollback()
    flash(exc.detail[0].upper() + exc.detail[1:], "error")


@bp.post("/cases/<id:case_id>/invitations")
@signed_in
def invite_partner(case_id: int):
    chosen = request.form.get("invitee", "")
    kind, _, value = chosen.partition(":")
    target = {"agency": value} if kind == "agency" else {"user_id": int(value)} if kind == "user" and value.isdigit() else {}
    try:
        invited = invitations.invite_to_case(get_session(), tenant=g.web_caller.tenant, actor=g.web_caller.actor, case_id=case_id,
                                             **target)
        flash(f"{invitations.invitation_label(get_session(), invited)} can now see this case.", "success")
    except ServiceError as exc:
        if exc.status in (403, 404):  # not theirs to do, or not there: the error page says so
            raise
        _refused(exc)
    return _back(case_id)


@bp.post("/cases/<id:case_id>/invitations/<id:invitation_id>/withdraw")
@signed_in
def withdraw_partner(case_id: int, invitation_id: int):
    try:
        withdrawn = invitations.withdraw_invitation(get_session(), tenant=g.web_caller.tenant, actor=g.web_caller.actor,
                                                    case_id=case_id, invitation_id=invitation_id)
        flash(f"{invitations.invitation_label(get_session(), withdrawn)} no longer sees this case.", "success")
    except ServiceError as exc:
        if exc.status == 403 or (exc.status == 404 and "no invitation" not in exc.detail):
            raise
        _refused(exc)
    return _back(case_id)
