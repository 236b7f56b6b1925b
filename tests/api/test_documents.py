"""Letters from council templates at a step, through the REST API: generate, download, sign, send;
every version kept; closed to other councils and to roles barred from what a letter says."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from docx import Document

from api.cases.invitations import invite_to_case
from engine.roles import Role
from tests.support.world import complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")  # a Tuesday

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs] + [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def notice_step(world):
    """A letters case at 'Notify the provider', due two working days after the decision."""
    case = start(world, "letters")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    complete(world, case, "record_grounds", {"grounds": "Medication not given as prescribed",
                                             "remedy_timescale": "28 days", "adults_named": "Mrs Ada Example"})
    complete(world, case, "decide_outcome", {"decided_outcome": "suspend_placements"})
    task = next(t for t in open_tasks(world.session, case) if t.element_id == "notify_provider")
    # The partner reads the case as an invited partner (an uninvited one gets 404 for it).
    invite_to_case(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER),
                   case_id=case.id, user_id=world.actor("alpha", Role.PARTNER).user.id)
    return case, task


def test_the_step_offers_its_templates_and_generates_the_councils_letter(http, notice_step, world):
    case, task = notice_step
    offered = http.get(f"/api/v1/tasks/{task.id}/documents")
    assert offered.status_code == 200
    assert offered.json == {"templates": ["provider_notice.docx", "confidential_notice.docx"], "items": []}
    made = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"})
    assert made.status_code == 201, made.json
    document = made.json
    assert (document["kind"], document["title"], document["step_name"]) == ("letter", "Provider notice", "Notify the provider")
    assert [v["origin"] for v in document["versions"]] == ["generated"]
    download = http.get(f"/api/v1/documents/{document['id']}/content")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    text = _text(download.data)
    assert "Rosewood House (alpha)" in text
    assert "This notice is due to you by 26 November 2026: 2 working days after 24 Nov 2026 (England bank holidays)." in text
    assert "Medication not given as prescribed" in text and "within 28 days" in text
    # Alpha drops in its own letterhead: its copy of the template wins over the shared one.
    assert "Alpha Borough Council letterhead" in text
    assert hashlib.sha256(download.data).hexdigest() == document["versions"][0]["sha256"]


def test_generating_again_adds_a_version_and_nothing_is_overwritten(http, notice_step):
    _case, task = notice_step
    first = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    second = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    assert second["id"] == first["id"] and [v["number"] for v in second["versions"]] == [1, 2]
    signed = http.post(f"/api/v1/documents/{first['id']}/versions",
                       data={"file": (io.BytesIO(PDF), "signed notice.pdf")}, content_type="multipart/form-data")
    assert signed.status_code == 201, signed.json
    assert (signed.json["number"], signed.json["origin"], signed.json["filename"]) == (3, "signed", "signed notice.pdf")
    old = http.get(f"/api/v1/documents/{first['id']}/content?version=1")
    assert hashlib.sha256(old.data).hexdigest() == first["versions"][0]["sha256"]
    assert http.get(f"/api/v1/documents/{first['id']}/content").data == PDF
    sent = http.post(f"/api/v1/documents/{first['id']}/dispatches",
                     json={"method": "secure_email", "sent_on": "2026-11-24", "recipient": "Registered manager"})
    assert sent.status_code == 201, sent.json
    listed = http.get(f"/api/v1/cases/{_case.id}/documents").json["items"]
    assert listed[0]["dispatches"][0]["method"] == "secure_email"


def test_a_sending_in_the_future_or_to_nobody_is_refused_and_says_why(http, notice_step):
    _case, task = notice_step
    made = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    refused = http.post(f"/api/v1/documents/{made['id']}/dispatches",
                        json={"method": "post", "sent_on": "2026-12-25", "recipient": " "})
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json["errors"]} == {"/sent_on", "/recipient"}
    assert "cannot be in the future" in refused.json["detail"]


def test_a_template_the_step_does_not_offer_is_refused(http, notice_step):
    _case, task = notice_step
    refused = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "meeting_invitation.docx"})
    assert refused.status_code == 422
    assert "does not offer the template 'meeting_invitation.docx': it offers provider_notice.docx, confidential_notice.docx" \
        in refused.json["detail"]


def test_only_the_steps_role_generates_its_letters(http, notice_step):
    _case, task = notice_step
    refused = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"},
                        role=Role.PARTNER)
    assert refused.status_code == 403


def test_a_call_activity_names_the_letter_for_the_steps_inside_it(http, notice_step, world):
    case, task = notice_step
    complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": "2026-11-24"})
    inner = next(t for t in open_tasks(world.session, case) if t.element_id == "record_meeting")
    offered = http.get(f"/api/v1/tasks/{inner.id}/documents", role=Role.CHAIR).json
    assert offered["templates"] == ["meeting_invitation.docx"]
    made = http.post(f"/api/v1/tasks/{inner.id}/documents", json={"template": "meeting_invitation.docx"}, role=Role.CHAIR)
    assert made.status_code == 201
    text = _text(http.get(f"/api/v1/documents/{made.json['id']}/content", role=Role.CHAIR).data)
    assert f"case ALPHA/{case.id}" in text and "Record the meeting" in text


def test_other_councils_cannot_see_a_document(http, notice_step):
    _case, task = notice_step
    made = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    assert http.get(f"/api/v1/documents/{made['id']}/content", tenant="beta").status_code == 404
    assert http.get(f"/api/v1/cases/{_case.id}/documents", tenant="beta").status_code == 404


def test_a_letter_drawing_on_a_confidential_item_is_closed_to_the_barred_role(http, notice_step):
    case, task = notice_step
    made = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "confidential_notice.docx"}).json
    assert "Mrs Ada Example" in _text(http.get(f"/api/v1/documents/{made['id']}/content").data)
    barred = http.get(f"/api/v1/documents/{made['id']}/content", role=Role.PARTNER)
    assert barred.status_code == 403 and "hidden from your role" in barred.json["detail"]
    assert http.get(f"/api/v1/cases/{case.id}/documents", role=Role.PARTNER).json["items"] == []


def test_the_file_lives_in_the_file_store_not_in_the_case(http, notice_step, app, session):
    from api.cases.models import Case

    case, task = notice_step
    made = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    stored = list(Path(app.config["FILES_DIR"]).rglob("*"))
    files = [p for p in stored if p.is_file()]
    assert len(files) == 1 and hashlib.sha256(files[0].read_bytes()).hexdigest() == made["versions"][0]["sha256"]
    session.expire_all()
    assert made["versions"][0]["sha256"] not in str(session.get(Case, case.id).state)
