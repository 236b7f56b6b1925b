"""The staff web UI, page by page, without JavaScript (the test client runs none)."""

from __future__ import annotations

import pytest
from lxml import html

from engine.roles import Role
from tests.support.web import PASSWORD, WebUser, web_user
from tests.support.world import open_tasks, start

CO = Role.CONTRACT_OFFICER


@pytest.fixture
def officer(app, world, session):
    return web_user(app, session, "alpha", CO)


def _doc(response):
    return html.fromstring(response.get_data(as_text=True))


def test_pages_need_signing_in_and_come_back_after(app, world, session):
    client = app.test_client()
    response = client.get("/inbox")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_sign_in_shows_the_error_summary_for_a_wrong_password(app, world, session):
    web_user(app, session, "alpha", CO)
    user = WebUser(app.test_client())
    response = user.sign_in("web.contract_officer@alpha.test", "wrong password")
    assert response.status_code == 400
    doc = _doc(response)
    assert doc.cssselect(".govuk-error-summary a[href='#email']")[0].text_content().startswith("The email address or password")


def test_sign_in_refuses_a_form_without_its_csrf_token(app, world, session):
    web_user(app, session, "alpha", CO)
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "web.contract_officer@alpha.test", "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_the_page_is_the_councils_not_gov_uk(officer):
    page = officer.get("/inbox").get_data(as_text=True)
    assert "Alpha Borough Council" in page and "Provider Concerns" in page
    assert "govuk-header" not in page and "crown" not in page.lower()


def test_the_inbox_lists_the_teams_tasks_with_provider_step_and_due_date(officer, world):
    start(world, "simple_review")
    doc = _doc(officer.get("/inbox?view=team"))
    rows = doc.cssselect("table tbody tr")
    assert len(rows) == 1
    assert "Rosewood House (alpha)" in rows[0].text_content() and "Review the concern" in rows[0].text_content()


def test_the_inbox_tabs_count_each_view_and_stop_counting_past_ninety_nine(officer, world, monkeypatch):
    from api.web import inbox

    for _ in range(3):
        start(world, "simple_review")
    badges = lambda: [b.text_content().strip() for b in _doc(officer.get("/inbox?view=team")).cssselect(".moj-badge")]  # noqa: E731
    assert badges() == ["0", "3", "0", "0"]  # mine, team, overdue, due this week
    monkeypatch.setattr(inbox, "COUNTED_UP_TO", 2)  # as a county team's thousands against 99
    assert badges() == ["0", "2+", "0", "0"]


def test_claiming_moves_a_task_to_my_tasks(officer, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    response = officer.post(f"/tasks/{task.id}/claim", {"back": "/inbox?view=mine"})
    assert response.status_code == 302
    doc = _doc(officer.get("/inbox?view=mine"))
    assert len(doc.cssselect("table tbody tr")) == 1


def test_a_post_without_the_csrf_token_is_refused(officer, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    response = officer.client.post(f"/tasks/{task.id}/claim", data={})
    assert response.status_code == 403


def test_the_task_form_renders_and_an_invalid_submission_shows_the_error_summary(officer, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    doc = _doc(officer.get(f"/tasks/{task.id}"))
    assert doc.cssselect("h1")[0].text_content().strip() == "Review the concern"
    assert doc.cssselect("input[name='score_a']")
    response = officer.post(f"/tasks/{task.id}", {"action": "complete", "score_a": "9"})
    assert response.status_code == 400
    summary = _doc(response).cssselect(".govuk-error-summary a")
    assert {a.get("href") for a in summary} >= {"#score_a", "#score_b"}


def test_completing_a_task_goes_to_the_case_with_a_confirmation(officer, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    response = officer.post(f"/tasks/{task.id}", {"action": "complete", "score_a": "1", "score_b": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case.id}")
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "is complete" in page and "Completed" in page


def test_saving_a_draft_keeps_the_answers_without_completing(officer, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    officer.post(f"/tasks/{task.id}", {"action": "draft", "score_a": "3", "notes": "Half done"})
    doc = _doc(officer.get(f"/tasks/{task.id}"))
    assert doc.cssselect("textarea[name='notes']")[0].text_content() == "Half done"
    assert open_tasks(world.session, case)[0].id == task.id


def test_instructions_are_rendered_markdown_and_sanitised(officer, world):
    from api.actors import Actor
    from api.providers.service import update_provider

    # The provider's own name (start data can no longer set it: issue 16).
    update_provider(world.session, tenant_id=world.tenants["alpha"].id, provider_id=world.providers["alpha"],
                    changes={"name": "<script>alert(1)</script>"}, actor=Actor.system("tests"))
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    page = officer.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_the_case_page_shows_summary_tasks_deadlines_timeline_and_steps(officer, world):
    case = start(world, "timers")
    [task] = open_tasks(world.session, case)
    officer.post(f"/tasks/{task.id}", {"action": "complete", "decision_date-day": "24", "decision_date-month": "11",
                                        "decision_date-year": "2026"})
    doc = _doc(officer.get(f"/cases/{case.id}"))
    text = doc.text_content()
    assert "Provider notice overdue" in text and "2 working days after 24 November 2026" in text
    assert doc.cssselect(".moj-timeline__item")
    steps = [li.text_content() for li in doc.cssselect("#case-steps li")]
    assert any("Record the decision" in s and "Done" in s for s in steps)
    assert any("Notify the provider" in s and "Now" in s for s in steps)
    diagram = officer.get(f"/cases/{case.id}/diagram.json").json
    assert "record_decision" in diagram["completed"] and "notify_provider" in diagram["current"]
    assert "cooling_off" in diagram["waiting"]


def test_another_councils_case_is_not_found(app, world, session):
    case = start(world, "simple_review")
    other = web_user(app, session, "beta", CO)
    assert other.get(f"/cases/{case.id}").status_code == 404


def test_providers_list_filters_and_detail_starts_a_case(officer, world):
    doc = _doc(officer.get("/providers?q=rosewood"))
    assert len(doc.cssselect("table tbody tr")) == 1
    assert len(_doc(officer.get("/providers?in_process=yes")).cssselect("table tbody tr")) == 0
    provider_id = world.providers["alpha"]
    detail = _doc(officer.get(f"/providers/{provider_id}"))
    options = [o.get("value") for o in detail.cssselect("input[name='process_key']")]
    assert "simple_review" in options and "meeting" not in options  # called sub-processes are not started alone
    response = officer.post(f"/providers/{provider_id}/cases", {"process_key": "simple_review"})
    assert response.status_code == 302 and "/cases/" in response.headers["Location"]
    assert len(_doc(officer.get("/providers?in_process=yes")).cssselect("table tbody tr")) == 1


def test_a_provider_with_repeated_cases_is_flagged_higher_risk(officer, world):
    for _ in range(2):
        start(world, "simple_review")
    assert "Higher risk provider" in officer.get(f"/providers/{world.providers['alpha']}").get_data(as_text=True)


def test_the_dashboard_shows_figures_with_a_table_for_the_chart(officer, world):
    start(world, "simple_review")
    doc = _doc(officer.get("/dashboard"))
    assert "Simple review" in doc.text_content()
    assert doc.cssselect("#cases-per-month-table tbody tr")


def test_pages_send_security_headers(officer):
    headers = officer.get("/inbox").headers
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_assets_come_from_the_installed_packages(officer):
    assert officer.get("/vendor/govuk/govuk-frontend.min.js").status_code == 200
    assert officer.get("/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js").status_code == 200
    assert officer.get("/vendor/nothing/x.js").status_code == 404


@pytest.mark.clock("2026-11-24T09:00:00+00:00")
def test_a_missed_deadline_stays_on_the_case_task_and_inbox_pages(app, officer, world, session):
    from api.cases.scheduler import run_due_timers
    from engine import clock

    case = start(world, "chased_notice")
    [task] = open_tasks(world.session, case)
    officer.post(f"/tasks/{task.id}", {"action": "complete", "decision_date-day": "24", "decision_date-month": "11",
                                        "decision_date-year": "2026"})
    clock.set_clock("2026-11-30T09:00:00+00:00")
    run_due_timers(app.extensions["concerns"]["sessions"])
    rows = _doc(officer.get(f"/cases/{case.id}")).cssselect("#case-deadlines tbody tr")
    overdue = rows[0].text_content()
    assert "Provider notice overdue (2 working days)" in overdue and "Overdue by 3 days" in overdue
    assert "2 working days after 24 November 2026" in overdue and "Chased again by" in overdue
    notice = next(t for t in open_tasks(world.session, case) if t.element_id == "notify_provider")
    text = _doc(officer.get(f"/tasks/{notice.id}")).cssselect("#task-deadline")[0].text_content()
    assert "Overdue by 3 days" in text and "chased again" in text
    inbox = _doc(officer.get("/inbox?view=overdue")).text_content()
    assert "Notify the provider" in inbox


def test_a_case_action_is_offered_to_its_role_and_taken_from_its_page(app, world, session):
    case = start(world, "case_actions")
    officer = web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    head = web_user(app, session, "alpha", Role.HEAD_OF_SERVICE)
    offered = [a.text_content() for a in _doc(officer.get(f"/cases/{case.id}")).cssselect("#case-actions a")]
    assert offered == ["Record new information"]
    page = _doc(head.get(f"/cases/{case.id}/actions/close_case_early"))
    assert "ends every open step" in page.text_content()
    refused = head.post(f"/cases/{case.id}/actions/close_case_early", {"closure_reason": "provider_closed"})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.get_data(as_text=True)
    done = head.post(f"/cases/{case.id}/actions/close_case_early",
                     {"closure_reason": "provider_closed", "closure_details": "The home closed on 1 December"})
    assert done.status_code == 302
    world.session.expire_all()
    assert world.session.get(type(case), case.id).status == "completed"


def test_the_inbox_shows_fifty_tasks_a_page_and_reads_on_from_the_last(officer, world, monkeypatch):
    from api.web import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)  # as 50 of a county team's tasks
    cases = [start(world, "simple_review") for _ in range(5)]
    seen, path = [], "/inbox?view=team"
    while path:
        doc = _doc(officer.get(path))
        seen += [a.text_content() for a in doc.cssselect("table tbody tr td:nth-child(2) a")]
        following = doc.cssselect(".govuk-pagination__next a")
        path = following[0].get("href") if following else None
        assert len(seen) <= 6, "the pages end"
    assert sorted(seen) == sorted(f"Case {case.id}" for case in cases)  # each once, none lost
    first = doc.cssselect(".govuk-pagination__prev a")[0]
    assert first.get("href") == "/inbox?view=team" and "First page" in first.text_content()


def test_an_inbox_page_cursor_the_server_did_not_give_is_refused_with_a_page(officer, world):
    response = officer.get("/inbox?view=team&after=not-a-cursor")
    assert response.status_code == 422
    text = " ".join(_doc(response).text_content().split())
    assert "the cursor 'after' is not one this server gave" in text.lower()
