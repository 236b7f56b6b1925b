"""One complete case of each council, worked through the web UI in a real browser.

Each walk replays a scenario of tests/processes step by step in Chromium with JavaScript off:
open the task from the case page, fill its form field by field, complete it. The first step is
first submitted empty, to see the error summary.
"""

from __future__ import annotations


from api.actors import Actor
from api.users.service import add_user
from engine import clock
from engine.roles import Role
from tests.browser.conftest import SCREENSHOTS, signed_in_context
from tests.browser.replay import recording, replay
from tests.support.web import PASSWORD


def screenshot_path(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def _signed_in(browser, live_server, councils, session, tenant):
    """A walker holding every base role and the council's own roles of its own agency (a Welsh
    council's Escalating Concerns senior officer, coordination group, strategic lead, lead officer)."""
    declared = councils.tenants[tenant].declared_roles()
    roles = [r.value for r in Role] + sorted(s for s, r in declared.items() if r.agency == "council" and s not in set(Role))
    email = f"walker@{tenant}.test"
    add_user(session, email=email, tenant_slug=tenant, roles=roles, password=PASSWORD, actor=Actor.system("tests"))
    return signed_in_context(browser, live_server, email, PASSWORD, javascript=False)


def _walk(monkeypatch, browser, live_server, app, session, sessions, councils, tenant, scenario, modules, name):
    with recording(monkeypatch, *modules) as tape:
        scenario(councils, sessions)
    clock.set_clock(None)
    context, page = _signed_in(browser, live_server, councils, session, tenant)
    try:
        cases = replay(page, tape, session=session, sessions=sessions, tenant=councils.tenants[tenant],
                       actor=councils.actor(tenant, Role.ADMIN), provider_id=councils.providers[tenant])
        page.goto(f"/cases/{cases[0]}")
        page.screenshot(path=str(screenshot_path(f"walk-{name}")))  # the top of the page: a full one is very long
        return cases
    finally:
        context.close()


def test_a_berkshire_six_step_case_through_the_ui(monkeypatch, browser, live_server, app, session, sessions, councils):
    from tests.processes import berkshire_steps
    from tests.processes import test_berkshire_provider_concerns as berkshire

    cases = _walk(monkeypatch, browser, live_server, app, session, sessions, councils, "reading",
                  berkshire.test_all_six_steps_with_two_update_meetings, [berkshire, berkshire_steps], "berkshire")
    from api.cases.models import Case

    session.expire_all()
    assert session.get(Case, cases[0]).status == "completed"


def test_a_welsh_escalating_concerns_case_with_a_suspension_through_the_ui(monkeypatch, browser, live_server, app, session,
                                                                          sessions, councils):
    from tests.processes import test_wales_escalating_concerns as wales
    from tests.processes import test_wales_jimp_suspension as stages
    from tests.processes import test_wales_steps as steps

    cases = _walk(monkeypatch, browser, live_server, app, session, sessions, councils, "swansea",
                  stages.test_a_running_suspension_does_not_hold_back_the_end_notice, [stages, wales, steps], "wales")
    from api.cases.models import Case

    session.expire_all()
    assert session.get(Case, cases[0]).status == "completed"


def test_a_lancashire_level_1_qpip_through_the_ui(monkeypatch, browser, live_server, app, session, sessions, councils):
    from tests.processes import test_lancashire_helpers as helpers
    from tests.processes import test_lancashire_qpip_level_1 as level_1

    cases = _walk(monkeypatch, browser, live_server, app, session, sessions, councils, "lancashire",
                  level_1.test_good_progress_ends_the_procedure, [level_1, helpers], "lancashire")
    from api.cases.models import Case

    session.expire_all()
    assert session.get(Case, cases[0]).status == "completed"
