"""A Bridgend process owner varies the Welsh Escalating Concerns procedure in the browser.

Opens it from the library, makes a local variant, changes the provider-notice deadline from two
to three working days with the timer editor, renames a form field and watches the preview,
sees lint and check pass and the diff list both changes, and deploys. Afterwards new Bridgend
cases get three working days, Swansea's still two, and a Bridgend case started before keeps two.
A broken edit is refused with its element highlighted.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from engine import clock
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.browser.test_modeller_round_trip import signed_in_owner
from tests.processes.test_wales_escalating_concerns import to_stage_2b
from tests.processes.test_wales_steps import timers

DEC_30 = datetime(2026, 12, 30, 17, 0, tzinfo=timezone.utc)  # 2 Welsh working days after Thursday 24 Dec 2026
DEC_31 = datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc)  # 3 working days
READY = "() => document.getElementById('{}')?.dataset.ready === 'true'"


def case_at_stage_2b(councils, tenant):
    case = to_stage_2b(councils, tenant=tenant)
    clock.set_clock(None)  # the live server's pages show today's date
    return case


@pytest.fixture
def owner(browser, live_server, app, session, councils):
    context, page = signed_in_owner(browser, live_server, app, session)
    yield page
    context.close()


def open_modeller(page):
    page.wait_for_function(READY.format("modeller"), timeout=20_000)


def select(page, element_id: str):
    # The modeller opens at a readable zoom on part of the diagram: show it whole, then pick.
    page.click("#modeller-whole")
    page.locator(f"#modeller-canvas .djs-element[data-element-id='{element_id}']").first.click()
    page.wait_for_selector("#modeller-properties .bio-properties-panel-header")


def select_inside(page, sub_process_id: str, element_id: str):
    """Open a collapsed sub-process (its drill-down button, as a process owner would), then pick."""
    page.click("#modeller-whole")
    page.locator(f".djs-overlays[data-container-id='{sub_process_id}'] .bjs-drilldown").first.click()
    page.wait_for_function("(id) => window.modeller.modeler.get('canvas').getRootElement().id.startsWith(id)", arg=sub_process_id)
    # Bring the element to the middle at full size, clear of the breadcrumbs over the top-left corner.
    page.evaluate("""(id) => {
      const modeler = window.modeller.modeler, canvas = modeler.get('canvas');
      canvas.zoom(1);
      canvas.scrollToElement(modeler.get('elementRegistry').get(id), {top: 200, left: 300, right: 300, bottom: 200});
    }""", element_id)
    page.locator(f"#modeller-canvas .djs-element[data-element-id='{element_id}']").first.click()
    page.wait_for_selector("#modeller-properties .bio-properties-panel-header")


def save(page):
    page.click("#modeller-save")
    page.wait_for_function("() => document.getElementById('modeller')?.dataset.dirty === 'false'")


def test_bridgend_varies_the_provider_notice_deadline_and_a_form_then_deploys(owner, councils, session):
    page = owner
    before = case_at_stage_2b(councils, "bridgend")

    page.goto("/procedures/ec_stage_2b_actions")  # the stage of Escalating Concerns holding the provider notice
    page.fill("#variant-note", "Bridgend gives providers three working days' notice")
    page.get_by_role("button", name="Make a local variant").click()
    assert "now has its own version" in page.inner_text("main")
    page.get_by_role("button", name="Open in the modeller").click()
    open_modeller(page)
    draft_url = page.url

    select_inside(page, "notify_provider_until_done", "provider_notice_overdue")  # the deadline lives with its chase
    number = page.get_by_label("Number", exact=True)
    assert number.input_value() == "2"
    assert page.get_by_label("Unit", exact=True).input_value().startswith("working")
    number.fill("3")
    page.wait_for_function("() => document.querySelector('#modeller-properties textarea[name=\"timer-expression\"], "
                           "#modeller-properties [id*=\"timer-expression\"]').value.includes(', 3,')")
    save(page)
    screenshot(page, "modeller-timer-editor")

    page.goto(draft_url + "/forms/ec_contractual_action")
    page.wait_for_function(READY.format("form-editor"), timeout=20_000)
    page.wait_for_function("() => Number(document.getElementById('form-editor')?.dataset.previewCount || 0) > 0")
    assert "Contractual breaches notified to the provider" in page.inner_text("#form-editor-preview")
    field = page.locator("[data-field='breaches']")
    field.locator("input[name='title']").fill("Breaches of the contract notified to the provider")
    page.wait_for_function("() => document.getElementById('form-editor-preview').innerText.includes('Breaches of the contract')")
    page.click("#form-editor-save")
    page.wait_for_function("() => document.getElementById('form-editor-status').innerText.includes('Saved')")
    screenshot(page, "form-editor-renamed-field")

    page.goto(draft_url)
    open_modeller(page)
    page.wait_for_function("() => document.getElementById('modeller')?.dataset.lint === '0,0'")
    page.click("#modeller-check")
    page.wait_for_function("() => window.modeller.lastCheck !== null")
    assert page.evaluate("window.modeller.lastCheck.ok") is True
    assert "Check passed" in page.inner_text("#modeller-problems")

    # Token simulation: click through the draft's paths from its start event.
    page.click(".bts-toggle-mode")
    assert page.locator("#modeller-canvas .simulation, #modeller-canvas.simulation").count() == 1
    start = page.evaluate("""() => {
      const modeler = window.modeller.modeler, start = modeler.get('elementRegistry').filter(e => e.type === 'bpmn:StartEvent')[0];
      modeler.get('canvas').zoom(1);  // its play button shows from half size up
      modeler.get('canvas').scrollToElement(start);
      return start.id;
    }""")
    page.locator(f".djs-overlays[data-container-id='{start}'] .bts-context-pad").first.click()
    page.wait_for_selector(".bts-token")
    page.click(".bts-toggle-mode")

    page.goto(draft_url + "/compare")
    page.wait_for_function(READY.format("compare"), timeout=20_000)
    changes = page.inner_text("#change-list")
    assert "Timer 'Provider not notified within two working days' changed from 2 to 3 working days" in changes
    assert ("Field 'Contractual breaches notified to the provider' in form 'Contractual action' renamed to "
            "'Breaches of the contract notified to the provider'") in changes
    assert "provider_notice_overdue" in page.evaluate("document.getElementById('compare')?.dataset.changed")
    page.get_by_role("button", name="Timer 'Provider not notified within two working days' changed").click()
    assert page.evaluate("window.compare.right.get('selection').get().map(e => e.id)") == ["provider_notice_overdue"]
    screenshot(page, "modeller-compare")

    page.get_by_role("link", name="Deploy this draft").click()
    assert "Passed" in page.inner_text("#main-content")
    page.fill("#note", "Provider notice extended to three working days")
    page.get_by_role("button", name="Deploy").click()
    assert "Version 2 of ‘Stage 2b: Escalating Concerns actions’ is deployed" in page.inner_text("main")

    assert timers(councils, case_at_stage_2b(councils, "bridgend"))["provider_notice_overdue"].due_at == DEC_31
    assert timers(councils, case_at_stage_2b(councils, "swansea"))["provider_notice_overdue"].due_at == DEC_30
    assert timers(councils, before)["provider_notice_overdue"].due_at == DEC_30


def test_a_broken_edit_is_refused_with_its_element_highlighted(owner):
    page = owner
    page.goto("/procedures/ec_stage_1_concerns")  # a stage with a script task at its top level
    page.get_by_role("button", name="Open in the modeller").click()
    open_modeller(page)
    script_task = page.evaluate("window.modeller.modeler.get('elementRegistry').filter(e => e.type === 'bpmn:ScriptTask')[0].id")
    select(page, script_task)
    script = page.get_by_label("Script", exact=True)
    script.fill("import os\nos.system('rm -rf /')")
    page.wait_for_function("() => document.getElementById('modeller')?.dataset.dirty === 'true'")
    page.click("#modeller-check")
    page.wait_for_function("() => window.modeller.lastCheck !== null")
    problems = page.inner_text("#modeller-problems")
    assert "import" in problems
    assert page.locator(f".djs-element.app-problem[data-element-id='{script_task}']").count() == 1
    page.locator("#modeller-problems a, #modeller-problems button").first.click()
    assert page.evaluate("window.modeller.modeler.get('selection').get().map(e => e.id)") == [script_task]
    screenshot(page, "modeller-broken-edit")

    page.goto(page.url + "/deploy")
    assert "The check found 1 problem" in page.inner_text("main")
    assert page.get_by_role("button", name="Deploy").count() == 0
    page.get_by_role("link", name=script_task).click()  # back to the modeller, the element selected
    open_modeller(page)
    assert page.evaluate("window.modeller.modeler.get('selection').get().map(e => e.id)") == [script_task]


def test_library_modeller_and_form_editor_have_no_serious_accessibility_violations(owner):
    page = owner
    page.goto("/procedures")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "procedures-library")
    page.goto("/procedures/ec_stage_4_ending")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "procedure-page")
    page.get_by_role("link", name="View the diagram and forms").click()
    page.wait_for_function(READY.format("version-diagram"), timeout=20_000)
    page.get_by_text("Ending Escalating Concerns – task").click()  # a form's preview, opened
    assert page.get_by_label("Senior officer", exact=True).first.is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "procedure-version")
    page.goto("/procedures/ec_stage_2b_actions")
    page.get_by_role("button", name="Open in the modeller").click()
    open_modeller(page)
    select(page, "notify_provider_until_done")  # the notice and its chased deadline, one shape at the stage's level
    assert serious_accessibility_violations(page) == []
    draft_url = page.url
    page.goto(draft_url + "/forms/ec_contractual_action")
    page.wait_for_function(READY.format("form-editor"), timeout=20_000)
    assert serious_accessibility_violations(page) == []
    page.goto(draft_url + "/compare")
    page.wait_for_function(READY.format("compare"), timeout=20_000)
    assert serious_accessibility_violations(page) == []
    page.goto(draft_url + "/deploy")
    assert serious_accessibility_violations(page) == []


def test_a_process_owner_adds_a_one_choice_question_and_breaks_and_mends_the_json(owner):
    page = owner
    page.goto("/procedures/ec_stage_4_ending")
    page.get_by_role("button", name="Open in the modeller").click()
    open_modeller(page)
    page.goto(page.url + "/forms/ec_senior_officer_decision")
    page.wait_for_function(READY.format("form-editor"), timeout=20_000)

    page.get_by_role("button", name="Add a field", exact=True).click()
    field = page.locator("[data-field^='new_field']").last
    field.locator("input[name='title']").fill("Grounds for default")
    field.locator("input[name='title']").press("Tab")  # leaving the label names the new field after it
    field = page.locator("[data-field='grounds_for_default']")
    field.locator("select[name='type']").select_option("radios")
    field = page.locator("[data-field='grounds_for_default']")
    field.locator("input[name='choice-title']").nth(0).fill("Poor care")
    field.locator("input[name='choice-title']").nth(1).fill("Unpaid fees")
    page.wait_for_function("() => document.getElementById('form-editor-preview').innerText.includes('Unpaid fees')")
    preview = page.inner_text("#form-editor-preview")
    assert "Grounds for default" in preview and "Poor care" in preview

    raw = page.locator("#form-editor-schema-json")
    good = raw.input_value()
    raw.fill('{\n  "title": "Ending Escalating Concerns",\n  "type": "object"\n  "properties": {}\n}')
    page.wait_for_selector("#form-editor-fields-notice")
    assert "Line 4, column 3" in page.inner_text("#form-editor-raw")
    page.click("#form-editor-save")
    assert "Not saved: the JSON Schema has a mistake at line 4" in page.inner_text("#form-editor-status")
    raw.fill(good)
    page.wait_for_function("() => !document.getElementById('form-editor-fields-notice')")
    page.click("#form-editor-save")
    page.wait_for_function("() => document.getElementById('form-editor-status').innerText.includes('Saved')")
    screenshot(page, "form-editor-new-question")


def test_try_it_runs_a_script_in_the_sandbox_and_reports_the_line(owner):
    page = owner
    page.goto("/procedures/ec_stage_1_concerns")
    page.get_by_role("button", name="Open in the modeller").click()
    open_modeller(page)
    script_task = page.evaluate("window.modeller.modeler.get('elementRegistry').filter(e => e.type === 'bpmn:ScriptTask')[0].id")
    select(page, script_task)
    page.get_by_label("Script", exact=True).fill("band = 'red' if impact * engagement >= 12 else 'amber'\nnot_defined + 1")
    page.get_by_label("Sample data (JSON)").first.fill('{"impact": 4, "engagement": 4}')
    page.get_by_role("button", name="Try it").first.click()
    page.wait_for_function("() => document.getElementById('modeller-properties').innerText.includes('Line 2')")
    assert "NameError" in page.inner_text("#modeller-properties")
