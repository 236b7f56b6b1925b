"""Providers as users (issue 23): a provider's user sees only its own open action plans, the
letters sent to it and the meetings it is invited to, minus what a police investigation excludes;
anything else, and anything of another provider, is absent."""

from __future__ import annotations

import datetime as _dt

import pytest
from sqlalchemy import select

from api.actors import Actor
from api.audit.models import AuditEvent
from api.documents.models import Document, DocumentDispatch, DocumentKind, DocumentVersion
from api.documents.storage import file_store
from api.providers.service import create_provider
from api.users.service import add_user
from engine.roles import Role
from tests.processes.staffordshire_lse_steps import decide_exclusions, lse_discussion, lse_set_up
from tests.processes.test_staffordshire_support import (
    ADULTS,
    QIP_ACTIONS,
    at,
    complete,
    data,
    open_tasks,
    qip_set_up,
    start,
)
from tests.support.web import _CSRF, PASSWORD, WebUser

pytestmark = pytest.mark.clock("2026-11-02T09:00:00+00:00")

POLICE_ITEMS = ["item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15"]
# What the LSE records under the items the provider is excluded from (tests/processes/staffordshire_lse_steps.py).
EXCLUDED_TEXTS = ["Police investigating alleged theft", "District nurses report two new pressure ulcers",
                  "Two section 42 enquiries", "S42-1001", "Tissue viability nurse"] + [a["name"] for a in ADULTS]
SYSTEM = Actor.system("tests")


def _lse_under_police_investigation(councils, excluded_extra=()):
    """A Staffordshire LSE: police investigating the management, the provider invited to the meeting."""
    case = start(councils, "large_scale_enquiry", tenant="staffordshire", role=Role.SAFEGUARDING_LEAD)
    lse_set_up(councils, case, police=True)
    decide_exclusions(councils, case, POLICE_ITEMS + list(excluded_extra),
                      reason="The provider disputes the risk assessment." if excluded_extra else None)
    current = data(councils, case)
    complete(councils, case, "prepare_meeting", {
        "meeting_title": current["meeting_title"], "meeting_date": "2026-11-09", "meeting_format": "in_person",
        "invitees": [{"name": "Jo Bright", "organisation": "Staffordshire County Council", "role": "Chair"},
                     {"name": "Pat Reed", "organisation": "Rosewood House (staffordshire)", "role": "Registered manager"}],
        "agenda": current["agenda"]})
    complete(councils, case, "record_meeting", {
        "attendees": [{"name": "Jo Bright", "organisation": "Staffordshire County Council", "role": "Chair"}],
        "confidentiality_agreed": True, "minutes": "Concerns and agency information shared.",
        "meeting_decisions": "As recorded.", "meeting_actions": []})
    lse_discussion(councils, case, police=True)
    return case


def _qip(councils, provider_id=None):
    case = start(councils, "quality_improvement_process", tenant="staffordshire", role=Role.QUALITY_IMPROVEMENT)
    if provider_id is not None:
        case.provider_id = provider_id
        councils.session.commit()
    qip_set_up(councils, case, "2026-12-01")
    return case


def _letter(councils, case, title, sent=True):
    """A letter on the case, as the documents service would have kept it (its file in the store)."""
    key = f"staffordshire/{case.id}/{title}"
    file_store().put(key, b"letter text", "text/plain")
    document = Document(tenant_id=case.tenant_id, case_id=case.id, kind=DocumentKind.LETTER, title=title, created_by="tests")
    document.versions.append(DocumentVersion(number=1, origin="generated", filename=f"{title}.txt", content_type="text/plain",
                                             size=11, sha256="0" * 64, storage_key=key, fields_used=[], missing=[], created_by="tests"))
    councils.session.add(document)
    councils.session.flush()
    if sent:
        councils.session.add(DocumentDispatch(document_id=document.id, version_id=document.versions[0].id, method="email",
                                              sent_on=_dt.date(2026, 11, 2), recipient="Registered manager", recorded_by="tests"))
    councils.session.commit()
    return document


@pytest.fixture
def provider_world(app, councils):
    """Rosewood House with an LSE under police investigation and a QIP; another provider with its own QIP."""
    at(2026, 11, 2)
    app.config["SESSION_COOKIE_SECURE"] = False
    other = create_provider(councils.session, tenant_id=councils.tenants["staffordshire"].id, name="Elm Court",
                            kind="care_home_nursing", regulator="CQC", regulator_id="1-999999999", beds=40, actor=SYSTEM)
    with app.app_context():
        lse, qip, other_qip = _lse_under_police_investigation(councils), _qip(councils), _qip(councils, other.id)
        letters = {"own": _letter(councils, qip, "Remedy notice"), "unsent": _letter(councils, qip, "Draft notice", sent=False),
                   "other": _letter(councils, other_qip, "Elm Court notice")}
    add_user(councils.session, email="manager@rosewood.test", tenant_slug="staffordshire", roles=[], password=PASSWORD,
             provider_id=councils.providers["staffordshire"], actor=SYSTEM)
    user = WebUser(app.test_client())
    page = user.client.get("/provider/sign-in", follow_redirects=True)
    signed = user.client.post("/sign-in?next=/provider", data={"csrf_token": _CSRF.search(page.get_data(as_text=True)).group(1),
                                                               "email": "manager@rosewood.test", "password": PASSWORD})
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/provider")
    user.csrf = _CSRF.search(user.client.get("/provider").get_data(as_text=True)).group(1)
    return {"user": user, "lse": lse, "qip": qip, "other_qip": other_qip, "letters": letters}


def test_the_provider_sees_its_plan_letters_and_meeting_but_nothing_excluded_by_the_police_investigation(provider_world):
    page = provider_world["user"].get("/provider")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Rosewood House (staffordshire)" in text and "Staffordshire" in text
    for action in QIP_ACTIONS:
        assert action["action"] in text and action["owner"] in text and action["due_date"] in text
    assert "Large Scale Enquiry planning discussion" in text and "2026-11-09" in text
    assert "Remedy notice" in text and "Draft notice" not in text and "Elm Court" not in text
    for excluded in EXCLUDED_TEXTS:
        assert excluded not in text, excluded
    assert "Inbox" not in text  # no staff navigation


@pytest.mark.parametrize("path", [
    "/cases/{lse}", "/cases/{lse}/chronology", "/cases/{lse}/chronology.docx", "/inbox", "/reports/sab-quarterly",
    "/api/v1/cases/{lse}", "/api/v1/cases/{lse}/events", "/api/v1/cases/{lse}/chronology", "/api/v1/cases/{lse}/documents",
    "/api/v1/tasks", "/api/v1/cases", "/api/v1/reports/sab-quarterly", "/api/v1/documents/{own}/content",
    "/documents/{own}/download", "/providers/{provider}/risk",
])
def test_the_provider_reaches_no_staff_page_report_export_or_endpoint(provider_world, councils, path):
    ids = {"lse": provider_world["lse"].id, "own": provider_world["letters"]["own"].id,
           "provider": councils.providers["staffordshire"]}
    response = provider_world["user"].get(path.format(**ids))
    if path.startswith("/api/"):
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and response.headers["Location"].endswith("/provider")


def test_a_progress_update_and_evidence_arrive_on_the_reviewing_step_marked_as_from_the_provider(provider_world, councils):
    qip = provider_world["qip"]
    [review] = [t for t in open_tasks(councils.session, qip)]
    response = provider_world["user"].post(f"/provider/cases/{qip.id}/plans/qip_actions/actions/1", data={
        "progress": "Post-falls reviews done for all 4 falls this month.",
        "evidence": [(__import__("io").BytesIO(b"%PDF-1.4 falls log"), "falls-log.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    councils.session.expire_all()
    arrived = list(councils.session.scalars(select(Document).where(Document.case_id == qip.id, Document.kind == DocumentKind.EVIDENCE)))
    titles = sorted(d.title for d in arrived)
    assert len(titles) == 2 and all(t.startswith("From the provider: ") and ", action 1: " in t for t in titles)
    assert titles[0].endswith(": falls-log.pdf") and titles[1].endswith(": progress update")
    assert {d.task_id for d in arrived} == {review.id}
    event = councils.session.scalar(select(AuditEvent).where(AuditEvent.case_id == qip.id, AuditEvent.action == "provider_update"))
    assert event.actor == "manager@rosewood.test (provider)" and "Post-falls reviews done" in event.detail


def test_another_providers_plan_and_letter_and_an_unsent_letter_are_absent_by_id(provider_world):
    user, letters = provider_world["user"], provider_world["letters"]
    other_qip = provider_world["other_qip"]
    assert user.post(f"/provider/cases/{other_qip.id}/plans/qip_actions/actions/1", data={"progress": "x"}).status_code == 404
    assert user.get(f"/provider/letters/{letters['other'].id}").status_code == 404
    assert user.get(f"/provider/letters/{letters['unsent'].id}").status_code == 404
    assert user.get(f"/provider/letters/{letters['own'].id}").status_code == 200
    lse = provider_world["lse"]
    assert user.post(f"/provider/cases/{lse.id}/plans/adults_who_may_have_been_abused/actions/1",
                     data={"progress": "x"}).status_code == 404


def test_a_providers_user_is_added_for_one_of_the_councils_own_providers_and_holds_no_council_role(runner, world):
    own, other = world.providers["alpha"], world.providers["beta"]
    added = runner.invoke(args=["users", "add", "manager@rosewood.test", "--tenant", "alpha", "--provider", str(own)])
    assert added.exit_code == 0 and f"as the user of provider {own}" in added.output
    elsewhere = runner.invoke(args=["users", "add", "x@rosewood.test", "--tenant", "alpha", "--provider", str(other)])
    assert elsewhere.exit_code != 0 and f"alpha has no provider {other}" in elsewhere.output
    with_role = runner.invoke(args=["users", "add", "y@rosewood.test", "--tenant", "alpha", "--provider", str(own), "--role", "chair"])
    assert with_role.exit_code != 0 and "holds no council role" in with_role.output
