"""Issue 16, item 9: the role-by-form matrix of the web UI. Every form that changes something,
posted by each role: a role it is not for changes nothing (no audit event, nothing stored),
whatever page it is shown; a role it is for does what the form says.

``test_the_matrix_covers_every_web_form`` fails when a form is added without a row here.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.cases.assignment import OWNER_ROLES
from engine.roles import Role
from api.users.service import start_web_session
from tests.support.web import WebUser

ALL = frozenset(Role)
CO, HOS, ADMIN, PO = Role.CONTRACT_OFFICER, Role.HEAD_OF_SERVICE, Role.ADMIN, Role.PROCESS_OWNER
NOT_VIEWER = ALL - {Role.VIEWER}
PDF = b"%PDF-1.4\n%%EOF\n"

# rule: (who may, form fields, whether an allowed post must leave an audit event)
FORMS = {
    "/tasks/<task_id>": ({CO}, lambda v: {"action": "draft", "notes": "half done"}, True),
    "/tasks/<task_id>/claim": ({CO}, lambda v: {}, True),
    "/tasks/<claimed_task_id>/unclaim": ({CO, ADMIN}, lambda v: {}, True),
    "/tasks/<task_id>/letters": ({CO}, lambda v: {"template": "none.docx"}, False),
    "/providers/<provider_id>/cases": ({CO, HOS}, lambda v: {"process_key": "simple_review"}, True),
    "/cases/<case_id>/actions/<name>": ({HOS}, lambda v: {"closure_reason": "transferred", "closure_details": "Moved"}, True),
    "/cases/<case_id>/evidence": (NOT_VIEWER, lambda v: {"files": [(io.BytesIO(PDF), "minutes.pdf")]}, True),
    "/documents/<document_id>/sent": (NOT_VIEWER, lambda v: {"method": "post", "sent_on": "2026-11-24", "recipient": "Manager"}, False),
    "/documents/<document_id>/signed": (NOT_VIEWER, lambda v: {"file": (io.BytesIO(PDF), "signed.pdf")}, False),
    "/procedures/<key>/drafts": ({PO}, lambda v: {}, True),
    "/procedures/<key>/upload": ({PO}, lambda v: {"file": (io.BytesIO(b"<x/>"), "x.bpmn")}, False),
    "/procedures/<key>/variant": ({PO}, lambda v: {"note": "our wording"}, True),
    "/procedures/<key>/variant/drop": ({PO}, lambda v: {"note": "back to shared"}, False),
    "/procedures/drafts/<draft_id>/deploy": ({PO}, lambda v: {"note": "a change"}, False),
    "/procedures/drafts/<draft_id>/discard": ({PO}, lambda v: {}, True),
    "/procedures/<key>/moves?version=1": ({PO}, lambda v: {"case_ids": str(v["case_id"]), "note": "to version 1"}, False),
    "/cases/<case_id>/move-back": ({PO}, lambda v: {"note": "moved by mistake"}, False),
    "/concerns/new": ({CO, HOS}, lambda v: {"provider_id": str(v["provider_id"]), "process_key": "simple_review"}, True),
    "/tasks/<task_id>/assign": ({CO, HOS, ADMIN}, lambda v: {"assignee_id": "team"}, False),
    "/cases/<case_id>/owner": (set(OWNER_ROLES) | {ADMIN}, lambda v: {"owner_id": "0"}, False),
    # Once the first officer has invited (withdrawn), the next is told it is done already:
    # what they do is in tests/web/test_case_invitation_pages.py.
    "/cases/<case_id>/invitations": (set(OWNER_ROLES), lambda v: {"invitee": "agency:police"}, False),
    "/cases/<case_id>/invitations/<invitation_id>/withdraw": (set(OWNER_ROLES), lambda v: {}, False),
}
OWN = {"/sign-in", "/sign-out", "/account/alerts"}  # about the person themselves
# A provider user's own forms: staff never reach them (tests/api/test_provider_view.py).
PROVIDER_ONLY = {"/provider/cases/<case_id>/plans/<plan>/actions/<number>", "/provider/sign-in", "/provider/sign-out"}


def _web_forms(app) -> set[str]:
    return {r.rule.replace("<id:", "<").replace("<int:", "<") for r in app.url_map.iter_rules()
            if "POST" in r.methods and not r.rule.startswith("/api/")}


def test_the_matrix_covers_every_web_form(app):
    rows = {rule.replace("<claimed_task_id>", "<task_id>").split("?")[0] for rule in FORMS}
    assert _web_forms(app) - rows - OWN - PROVIDER_ONLY == set()


def _signed_in(app, session, user) -> WebUser:
    """A browser signed in as ``user`` without the password round (argon2 is slow by design)."""
    app.config["SESSION_COOKIE_SECURE"] = False
    person = WebUser(app.test_client())
    sid = start_web_session(session, user=user)
    session.commit()
    with person.client.session_transaction() as cookie:
        cookie.update(user_id=user.id, sid=sid, csrf_token="csrf-" + sid)
    person.csrf = "csrf-" + sid
    return person


@pytest.fixture
def people(app, session, world):
    return {role: _signed_in(app, session, world.actor("alpha", role).user) for role in Role}


@pytest.fixture
def values(http, world, people):
    provider = world.providers["alpha"]
    partner = world.actor("alpha", Role.PARTNER).user.id

    def start(key):
        case = http.post("/api/v1/cases", {"process_key": key, "provider_id": provider}).json
        # The partner is invited by name: the matrix asks what each role may do on a case it sees.
        http.post(f"/api/v1/cases/{case['id']}/invitations", {"user_id": partner})
        return case

    case = start("case_actions")
    claimed = start("simple_review")["tasks"][0]["id"]
    people[CO].post(f"/tasks/{claimed}/claim", {})
    document = http.post(f"/api/v1/cases/{case['id']}/documents", data={"files": [(io.BytesIO(PDF), "notes.pdf")]},
                         content_type="multipart/form-data").json
    draft = http.post("/api/v1/drafts", {"key": "simple_review"}, role=PO).json
    invitation = http.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "nhs"}).json
    return {"invitation_id": invitation["id"], "case_id": case["id"], "name": "close_case_early", "task_id": start("simple_review")["tasks"][0]["id"],
            "claimed_task_id": claimed, "provider_id": provider, "key": "simple_review", "draft_id": draft["id"],
            "document_id": (document[0] if isinstance(document, list) else document["items"][0])["id"]}


def _events(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize("rule", sorted(FORMS))
def test_each_form_changes_nothing_for_the_roles_it_is_not_for(app, session, people, values, rule):
    allowed, fields, acts = FORMS[rule]
    path = rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", str(value))
    for role in [r for r in Role if r not in allowed] + [r for r in Role if r in allowed]:
        before = _events(session)
        response = people[role].post(path, fields(values), content_type="multipart/form-data")
        assert response.status_code < 500, (role, response.status_code)
        if role not in allowed:
            assert _events(session) == before, f"{role} changed something through {path}"
        elif acts and role == sorted(allowed)[0]:
            assert _events(session) > before, f"{role} may use {path} but nothing happened ({response.status_code})"
