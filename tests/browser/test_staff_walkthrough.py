"""A member of staff signs in and works a case in a real browser (Debian's Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engine.roles import Role
from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.support.web import PASSWORD, web_user
from tests.support.world import start


@pytest.fixture
def signed_in_page(page, app, world, session):
    web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    page.goto("/sign-in")
    page.fill("#email", "web.contract_officer@alpha.test")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/inbox")
    return page


def test_a_case_worked_through_the_browser_with_an_invalid_submission_first(signed_in_page, world):
    page = signed_in_page
    case = start(world, "simple_review")
    page.goto("/inbox?view=team")
    assert page.locator("table tbody tr").count() == 1
    assert serious_accessibility_violations(page) == []
    screenshot(page, "inbox")
    page.click("text=Review the concern")
    page.fill("input[name='score_a']", "9")
    page.get_by_role("button", name="Complete this step").click()
    expect(page.locator(".govuk-error-summary a[href='#score_b']")).to_have_count(1)
    assert page.locator(".govuk-error-summary").is_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "task-form-with-errors")
    page.fill("input[name='score_a']", "4")
    page.fill("input[name='score_b']", "4")
    page.get_by_role("button", name="Complete this step").click()
    page.wait_for_url(f"**/cases/{case.id}")
    page.wait_for_selector("#case-diagram[data-ready='true']")
    assert page.locator("#case-diagram .djs-element.completed").count() > 0
    assert page.locator("#case-diagram .djs-element.current").count() == 1
    assert serious_accessibility_violations(page) == []
    screenshot(page, "case")


def test_the_dashboard_draws_its_chart_and_is_accessible(signed_in_page, world):
    page = signed_in_page
    start(world, "simple_review")
    page.goto("/dashboard")
    page.wait_for_function("window.Chart && Object.keys(window.Chart.instances).length > 0")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "dashboard")


def test_pages_use_arial_not_gds_transport(signed_in_page):
    page = signed_in_page
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "arial" in font.lower() and "GDS Transport" not in font
