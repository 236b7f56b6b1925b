"""Inviting partners to a case (issue 23, need to know): police, regulator and NHS users see the
cases they are invited to (api/cases/permissions.py, may_see_case), not every case of the council.

An officer who works the case invites a partner agency (every user of that agency sees it) or
one named partner, and may withdraw the invitation. Each change is one commit with its audit
event. A partner who raises a concern (starts the case) invites its own agency with it. A partner
with an open step of its own sees the case without an invitation while the step is open.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.visibility import AGENCIES

from ..actors import Actor
from ..audit.service import record
from ..db import utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..tenants.models import Tenant
from ..users.models import User
from .assignment import OWNER_ROLES
from .models import Case, CaseInvitation
from .permissions import sees_only_invited
from .service import get_case

__all__ = ["INVITED_AGENCIES", "MAY_INVITE", "agency_label", "case_invitations", "invitation_brief", "invite_to_case", "invitable_partners",
           "invitation_label", "invite_raising_agency", "may_invite", "withdraw_invitation"]

# The agencies a case is shared with: not the council (its staff see every case) nor the
# provider (it has the provider view).
INVITED_AGENCIES = tuple(a for a in AGENCIES if a not in ("council", "provider"))
# Who invites: the officers who run cases (those who may own one), not viewers, legal or admins.
MAY_INVITE = OWNER_ROLES
_AGENCY_LABELS = {"nhs": "NHS", "police": "Police", "regulator": "Regulator", "neighbouring_council": "Neighbouring council"}


def agency_label(agency: str) -> str:
    return _AGENCY_LABELS.get(agency, agency.replace("_", " ").capitalize())


def invitation_label(session: Session, invitation: CaseInvitation) -> str:
    """Whom it invites, as people read it: "Police", or a partner's name."""
    if invitation.agency:
        return agency_label(invitation.agency)
    user = session.get(User, invitation.user_id)
    return (user.name or user.email) if user else f"user {invitation.user_id}"


def invitation_brief(session: Session, invitation: CaseInvitation) -> dict:
    return {"id": invitation.id, "case_id": invitation.case_id, "agency": invitation.agency, "user_id": invitation.user_id,
            "label": invitation_label(session, invitation), "invited_by_id": invitation.invited_by_id,
            "invited_at": invitation.invited_at, "withdrawn_at": invitation.withdrawn_at}


def may_invite(actor: Actor) -> bool:
    return any(actor.has_role(role) for role in MAY_INVITE)


def _require_may_invite(actor: Actor) -> None:
    if not may_invite(actor):
        names = ", ".join(r.label.lower() for r in MAY_INVITE)
        raise Forbidden(f"only an officer who works the case ({names}) invites partners to it or withdraws an invitation")


def case_invitations(session: Session, *, tenant: Tenant, actor: Actor, case_id: int) -> list[CaseInvitation]:
    """The case's invitations in force that ``actor`` may read, oldest first (withdrawn ones stay
    in the audit trail). Who else shares a case is itself need to know: the officers who manage it
    (those who may invite) read every invitation; anyone else (a partner, a viewer) at most those
    of their own agency and of themselves by name."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    query = select(CaseInvitation).where(CaseInvitation.case_id == case.id, CaseInvitation.withdrawn_at.is_(None))
    if not may_invite(actor):
        user = actor.user
        query = query.where(or_(CaseInvitation.agency == user.agency, CaseInvitation.user_id == user.id))
    return list(session.scalars(query.order_by(CaseInvitation.id)))


def invitable_partners(session: Session, *, tenant: Tenant) -> list[User]:
    """The council's active partner users, who may be invited by name."""
    users = session.scalars(select(User).where(User.tenant_id == tenant.id, User.active.is_(True), User.provider_id.is_(None))
                            .order_by(User.name, User.email))
    return [u for u in users if sees_only_invited(u)]


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, errors=[{"field": f"/{field}", "path": [field], "message": message}])


def _partner(session: Session, tenant: Tenant, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.tenant_id != tenant.id or not user.active:
        raise _invalid("user_id", f"user {user_id} is not an active user of this council; name one of its partner users")
    if not sees_only_invited(user):
        raise _invalid("user_id", f"{user.name or user.email} is not a partner: the council's staff already see every case")
    return user


def _check_target(session: Session, tenant: Tenant, agency: str | None, user_id: int | None) -> None:
    if (agency is None) == (user_id is None):
        raise _invalid("agency", "name either an agency (agency) or one partner user (user_id), not both or neither")
    if agency is not None and agency not in INVITED_AGENCIES:
        raise _invalid("agency", f"agency must be one of {', '.join(INVITED_AGENCIES)}, got {agency!r}")
    if user_id is not None:
        _partner(session, tenant, user_id)


def invite_to_case(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, agency: str | None = None,
                   user_id: int | None = None) -> CaseInvitation:
    """Invite an agency or a named partner to the case. Commits, with its audit event."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    _require_may_invite(actor)
    agency = agency.strip() if isinstance(agency, str) and agency.strip() else None
    _check_target(session, tenant, agency, user_id)
    target = CaseInvitation.agency == agency if agency else CaseInvitation.user_id == user_id
    if session.scalar(select(CaseInvitation.id).where(CaseInvitation.case_id == case.id, CaseInvitation.withdrawn_at.is_(None),
                                                      target)) is not None:
        raise Conflict(f"{_who(session, agency, user_id)} is already invited to case {case.id}")
    invitation = CaseInvitation(case_id=case.id, tenant_id=tenant.id, agency=agency, user_id=user_id,
                                invited_by_id=actor.user_id, invited_at=utcnow())
    session.add(invitation)
    session.flush()
    _record(session, actor, case, "partner_invited", invitation, f"Invited: {invitation_label(session, invitation)}")
    session.commit()
    return invitation


def invite_raising_agency(session: Session, *, actor: Actor, case: Case) -> CaseInvitation | None:
    """A partner who starts a case (Wales Stage 1: any agency raises a concern) invites its own
    agency with it (itself by name, when its role belongs to no agency): the raising agency is a
    party to the concern and goes on seeing it once its own steps are done. Part of the start's
    transaction (no commit), with its audit event; nothing for the council's staff or the system."""
    user = actor.user
    if not sees_only_invited(user):
        return None
    agency = user.agency if user.agency in INVITED_AGENCIES else None
    invitation = CaseInvitation(case_id=case.id, tenant_id=case.tenant_id, agency=agency, user_id=None if agency else user.id,
                                invited_by_id=user.id, invited_at=utcnow())
    session.add(invitation)
    session.flush()
    _record(session, actor, case, "partner_invited", invitation, f"Invited: {invitation_label(session, invitation)} (raised the concern)")
    return invitation


def withdraw_invitation(session: Session, *, tenant: Tenant, actor: Actor, case_id: int, invitation_id: int) -> CaseInvitation:
    """Withdraw an invitation in force: the partner no longer sees the case. Commits, with its audit event."""
    case = get_case(session, tenant=tenant, case_id=case_id)
    _require_may_invite(actor)
    invitation = session.get(CaseInvitation, invitation_id)
    if invitation is None or invitation.case_id != case.id or invitation.withdrawn_at is not None:
        raise NotFound(f"case {case.id} has no invitation {invitation_id} in force (it may have been withdrawn already)")
    invitation.withdrawn_at, invitation.withdrawn_by_id = utcnow(), actor.user_id
    _record(session, actor, case, "partner_invitation_withdrawn", invitation,
            f"Invitation withdrawn: {invitation_label(session, invitation)}")
    session.commit()
    return invitation


def _who(session: Session, agency: str | None, user_id: int | None) -> str:
    return invitation_label(session, CaseInvitation(agency=agency, user_id=user_id))


def _record(session: Session, actor: Actor, case: Case, action: str, invitation: CaseInvitation, detail: str) -> None:
    state = {"invitation_id": invitation.id, "agency": invitation.agency, "user_id": invitation.user_id}
    withdrawn = action == "partner_invitation_withdrawn"
    record(session, actor=actor, action=action, tenant_id=case.tenant_id, case_id=case.id, detail=detail,
           before=state if withdrawn else None, after=None if withdrawn else state)
