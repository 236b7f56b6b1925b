"""A process owner edits a procedure's DMN decision table in the modeller (issue 25): dmn-js opens
the draft's table, a changed cell is saved into the draft, and a cell no case could run is refused
where it is, with nothing stored."""

from __future__ import annotations

from api.drafts.models import ProcessDraft
from tests.browser.conftest import serious_accessibility_violations
from tests.browser.test_modeller_round_trip import signed_in_owner
from tests.support.foreign import CORPUS

FILE = "business_rules.dmn"
TABLE = (CORPUS / "spiff_business_rule" / FILE).read_text()
BPMN = (CORPUS / "spiff_business_rule" / "business_rule_task.bpmn").read_text()


def _edit_cell(page, now: str, to: str) -> None:
    """Type into the table's cell that reads ``now``, as a person does, and leave it."""
    cell = page.locator("td.output-cell [contenteditable]", has_text=now)
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(to)
    page.locator("h1").click()


def test_a_changed_cell_is_saved_into_the_draft_and_a_feel_cell_is_refused_where_it_is(browser, live_server, app, session,
                                                                                         councils):
    draft = ProcessDraft(tenant_id=councils.tenants["bridgend"].id, key="Process_bd2e724", name="Business rules",
                         bpmn=BPMN, forms={}, decisions={FILE: TABLE})
    session.add(draft)
    session.commit()
    context, page = signed_in_owner(browser, live_server, app, session)
    try:
        page.goto(f"/procedures/drafts/{draft.id}/decisions/{FILE}")
        page.wait_for_function("() => document.getElementById('decision-editor')?.dataset.ready === 'true'", timeout=20_000)
        assert serious_accessibility_violations(page) == []
        _edit_cell(page, '"B"', '"C"')
        page.wait_for_function("() => document.getElementById('decision-editor')?.dataset.dirty === 'true'")
        page.click("#decision-editor-save")
        page.wait_for_function("() => document.getElementById('decision-editor-status').textContent.startsWith('Saved at')")
        session.expire_all()
        saved = session.get(ProcessDraft, draft.id).decisions[FILE]
        assert '<text>"C"</text>' in saved and '<text>"B"</text>' not in saved

        _edit_cell(page, '"C"', "[1..5]")  # FEEL's range: not Python, so no case could run the rule
        page.click("#decision-editor-save")
        page.wait_for_selector("#decision-editor-problems .govuk-error-summary")
        problems = page.inner_text("#decision-editor-problems")
        assert "the rule's output cannot run" in problems and "(LiteralExpression_0twqhz2, line 23)" in problems
        assert page.inner_text("#decision-editor-status").startswith("Not saved: the decision table was not saved")
        session.expire_all()
        assert session.get(ProcessDraft, draft.id).decisions[FILE] == saved
    finally:
        context.close()
