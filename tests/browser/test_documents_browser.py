"""A member of staff attaches a file to a case with the MOJ multi-file upload and downloads the
case's chronology as a Word document, in a real browser (Debian's Chromium)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from engine.roles import Role
from tests.browser.conftest import screenshot, serious_accessibility_violations, signed_in_context
from tests.support.web import PASSWORD, web_user
from tests.support.world import complete, start

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def officer_page(browser, live_server, app, world, session):
    web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    context, page = signed_in_context(browser, live_server, "web.contract_officer@alpha.test", PASSWORD)
    yield page
    context.close()


def test_a_file_is_attached_as_it_is_chosen_and_the_chronology_downloads(officer_page, world):
    page = officer_page
    case = start(world, "letters")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    page.goto(f"/cases/{case.id}")
    page.wait_for_selector(".moj-multi-file-upload--enhanced")
    page.set_input_files(f"#evidence-files-{case.id}", files=[
        {"name": "visit notes.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.wait_for_selector(".moj-multi-file-upload__success")
    assert "visit notes.pdf attached" in page.locator(".moj-multi-file-upload__list").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "case-evidence-attached")

    page.reload()
    assert "visit notes.pdf" in page.locator("table.app-documents").inner_text()
    page.get_by_role("link", name="Chronology of this case").click()
    page.wait_for_url(f"**/cases/{case.id}/chronology")
    assert "Evidence attached: visit notes.pdf" in page.locator("#chronology").inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "chronology")
    with page.expect_download() as caught:
        page.click("#chronology-docx")
    download = caught.value
    assert download.suggested_filename == f"chronology-case-{case.id}.docx"
    rows = [[c.text for c in row.cells] for row in Document(io.BytesIO(open(download.path(), "rb").read())).tables[0].rows]
    assert ["Case started", "Done: Record the decision", "Evidence attached: visit notes.pdf"] == [r[1] for r in rows[1:4]]


def test_a_file_of_the_wrong_type_is_refused_in_the_uploader_saying_why(officer_page, world):
    page = officer_page
    case = start(world, "letters")
    page.goto(f"/cases/{case.id}")
    page.wait_for_selector(".moj-multi-file-upload--enhanced")
    page.set_input_files(f"#evidence-files-{case.id}", files=[
        {"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}])
    page.wait_for_selector(".moj-multi-file-upload__error")
    assert "The file setup.exe is not a type of file that can be attached" in page.locator(".moj-multi-file-upload__list").inner_text()
