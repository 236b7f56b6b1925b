"""Letters, evidence, the chronology and the reports in the staff web UI, without JavaScript
(the test client runs none), and the MOJ uploader's one-file-at-a-time requests."""

from __future__ import annotations

import io

import pytest
from docx import Document
from lxml import html

from engine.roles import Role
from tests.support.web import web_user
from tests.support.world import complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")
PDF = b"%PDF-1.7\n%%EOF\n"


def _doc(response):
    return html.fromstring(response.get_data(as_text=True))


@pytest.fixture
def notice(world):
    case = start(world, "letters")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    complete(world, case, "record_grounds", {"grounds": "Staffing below the agreed level", "remedy_timescale": "14 days"})
    complete(world, case, "decide_outcome", {"decided_outcome": "suspend_placements"})
    return case, next(t for t in open_tasks(world.session, case) if t.element_id == "notify_provider")


@pytest.fixture
def officer(app, world, session):
    return web_user(app, session, "alpha", Role.CONTRACT_OFFICER)


def test_a_letter_is_generated_at_the_step_signed_and_recorded_as_sent(officer, notice):
    case, task = notice
    page = _doc(officer.get(f"/tasks/{task.id}"))
    assert [b.text_content() for b in page.cssselect("#documents ~ form button")][:2] == [
        "Generate: Provider notice", "Generate: Confidential notice"]
    made = officer.post(f"/tasks/{task.id}/letters", {"template": "provider_notice.docx"})
    assert made.status_code == 302 and made.headers["Location"].endswith(f"/tasks/{task.id}#documents")
    page = _doc(officer.get(f"/tasks/{task.id}"))
    assert "The letter has been generated (version 1)" in page.text_content()
    link = page.cssselect("table.app-documents a")[0].get("href")
    letter = officer.get(link)
    assert "Rosewood House (alpha)" in "\n".join(p.text for p in Document(io.BytesIO(letter.data)).paragraphs)
    document_id = link.split("/")[2]
    signed = officer.client.post(f"/documents/{document_id}/signed", data={
        "csrf_token": officer.csrf, "return_to": f"/tasks/{task.id}", "file": (io.BytesIO(PDF), "signed.pdf")},
        content_type="multipart/form-data")
    assert signed.status_code == 302
    sent = officer.post(f"/documents/{document_id}/sent", {"method": "post", "sent_on": "2026-11-24",
                                                          "recipient": "Registered manager", "return_to": f"/tasks/{task.id}"})
    assert sent.status_code == 302
    row = _doc(officer.get(f"/cases/{case.id}")).cssselect("table.app-documents tbody tr")[0].text_content()
    assert "Version 2" in row and "(signed)" in row and "Post on 24 November 2026 to Registered manager" in row


def test_evidence_is_attached_with_the_plain_form_and_a_wrong_file_gets_a_page_saying_why(officer, notice):
    case, _task = notice
    attached = officer.client.post(f"/cases/{case.id}/evidence", data={
        "csrf_token": officer.csrf, "files": [(io.BytesIO(PDF), "minutes.pdf"), (io.BytesIO(b"Notes"), "visit.txt")]},
        content_type="multipart/form-data")
    assert attached.status_code == 302
    page = _doc(officer.get(f"/cases/{case.id}"))
    assert [t.text_content() for t in page.cssselect("table.app-documents tbody strong")] == ["minutes.pdf", "visit.txt"]
    refused = officer.client.post(f"/cases/{case.id}/evidence", data={
        "csrf_token": officer.csrf, "files": [(io.BytesIO(b"MZ"), "tool.exe")]}, content_type="multipart/form-data")
    assert refused.status_code == 422 and "The file tool.exe is not a type of file that can be attached" in refused.get_data(as_text=True)


def test_the_moj_uploader_sends_one_file_at_a_time_and_reads_json(officer, notice):
    case, _task = notice
    headers = {"X-CSRF-Token": officer.csrf}
    one = officer.client.post(f"/cases/{case.id}/evidence", data={"documents": (io.BytesIO(PDF), "report.pdf")},
                              content_type="multipart/form-data", headers=headers)
    assert one.status_code == 201 and one.json["success"]["messageText"] == "report.pdf attached"
    bad = officer.client.post(f"/cases/{case.id}/evidence", data={"documents": (io.BytesIO(b""), "blank.pdf")},
                              content_type="multipart/form-data", headers=headers)
    assert bad.status_code == 422 and bad.json["error"]["message"].startswith("The file blank.pdf is empty")


def test_the_chronology_page_prints_and_downloads(officer, notice):
    case, _task = notice
    page = _doc(officer.get(f"/cases/{case.id}/chronology"))
    assert page.cssselect("link[media='print']")[0].get("href").endswith("chronology-print.css")
    titles = [row.cssselect("td")[1].text_content() for row in page.cssselect("#chronology tbody tr")]
    assert titles[:2] == ["Case started", "Done: Record the decision"] and "Decision: Decide the outcome" in titles
    word = officer.get(f"/cases/{case.id}/chronology.docx")
    assert word.status_code == 200 and Document(io.BytesIO(word.data)).tables[0].rows[1].cells[1].text == "Case started"


def test_reports_are_in_the_navigation_for_managers_only(app, world, session, officer):
    assert "Reports" not in _doc(officer.get("/inbox")).cssselect(".govuk-service-navigation")[0].text_content()
    assert officer.get("/reports/deadlines").status_code == 403
    manager = web_user(app, session, "alpha", Role.HEAD_OF_SERVICE)
    assert "Reports" in _doc(manager.get("/inbox")).cssselect(".govuk-service-navigation")[0].text_content()
    for path in ("/reports", "/reports/deadlines?from=2026-11-01&to=2026-11-30", "/reports/sab-quarterly?quarter=2026-Q4",
                 f"/providers/{world.providers['alpha']}/risk"):
        page = manager.get(path)
        assert page.status_code == 200, path
    csv = manager.get("/reports/deadlines?from=2026-11-01&to=2026-11-30&format=csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    wrong = manager.get("/reports/deadlines?from=yesterday")
    assert wrong.status_code == 422 and "is not a date" in wrong.get_data(as_text=True)
