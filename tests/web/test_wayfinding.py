"""Finding one's way (issue 24): the case list with search and filters, raising a concern from
the inbox and a provider's page, an empty inbox that says what to do next, dashboard figures
that lead to their cases, assigning a task to a colleague and naming a case's owner."""

from __future__ import annotations

import pytest
from lxml import html
from sqlalchemy import select

from api.alerts.models import Alert
from api.cases.models import Case, CaseTask
from api.actors import Actor
from api.users.models import User
from api.users.service import add_user
from engine.roles import Role
from tests.support.web import web_user
from tests.support.world import open_tasks, start

CO = Role.CONTRACT_OFFICER
pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


@pytest.fixture
def officer(app, world, session):
    return web_user(app, session, "alpha", CO)


def _doc(response):
    return html.fromstring(response.get_data(as_text=True))


def _rows(doc) -> list[str]:
    return [" ".join(r.text_content().split()) for r in doc.cssselect("#case-list tbody tr")]


def test_the_case_list_finds_cases_by_provider_procedure_stage_and_overdue(officer, world):
    review = start(world, "simple_review")
    timers = start(world, "timers")
    assert len(_rows(_doc(officer.get("/cases")))) == 2
    assert [a.text_content() for a in _doc(officer.get("/cases?procedure=simple_review")).cssselect("#case-list tbody tr td:first-child a")] \
        == [f"Case {review.id}"]
    assert _rows(_doc(officer.get(f"/cases?q=case+{timers.id}")))[0].startswith(f"Case {timers.id}")
    assert len(_rows(_doc(officer.get("/cases?q=rosewood")))) == 2
    assert _rows(_doc(officer.get("/cases?stage=review+the+concern"))) and "Review the concern" in _rows(_doc(officer.get("/cases?stage=review")))[0]
    empty = _doc(officer.get("/cases?q=nowhere"))
    assert not _rows(empty) and "No cases match" in empty.text_content()
    assert not _rows(_doc(officer.get("/cases?overdue=yes")))
    chosen = _doc(officer.get("/cases?procedure=simple_review&overdue=yes")).cssselect(".moj-filter__tag")
    assert [t.text_content() for t in chosen] == ["Procedure: Simple review", "Overdue: Only cases with an overdue task"]


def test_raising_a_concern_from_the_inbox_without_choices_shows_the_error_summary(officer, world):
    inbox = _doc(officer.get("/inbox"))
    assert inbox.cssselect("a.govuk-button[href='/concerns/new']")
    refused = officer.post("/concerns/new", {})
    assert refused.status_code == 400
    links = {a.get("href"): a.text_content() for a in _doc(refused).cssselect(".govuk-error-summary a")}
    assert links == {"#provider_id": "Choose the provider the concern is about", "#process_key": "Choose the procedure to start"}
    started = officer.post("/concerns/new", {"provider_id": str(world.providers["alpha"]), "process_key": "simple_review"})
    assert started.status_code == 302 and "/cases/" in started.headers["Location"]


def test_starting_a_case_on_the_provider_page_with_no_procedure_shows_the_error_summary(officer, world):
    response = officer.post(f"/providers/{world.providers['alpha']}/cases", {})
    assert response.status_code == 400
    doc = _doc(response)
    assert [a.get("href") for a in doc.cssselect(".govuk-error-summary a")] == ["#process_key"]
    assert "govuk-notification-banner" not in response.get_data(as_text=True)
    assert doc.cssselect("#raise-a-concern")


def test_an_empty_inbox_says_what_to_do_next(officer):
    doc = _doc(officer.get("/inbox?view=mine"))
    empty = doc.cssselect("#inbox-empty")[0].text_content()
    assert "You have no tasks" in empty and "raise a concern" in empty
    assert {a.get("href") for a in doc.cssselect("#inbox-empty a")} >= {"/inbox?view=team", "/concerns/new", "/cases"}


def test_dashboard_figures_link_to_the_cases_behind_them(officer, world):
    start(world, "simple_review")
    links = [a.get("href") for a in _doc(officer.get("/dashboard")).cssselect("main a")]
    assert "/cases?procedure=simple_review" in links
    assert any(link.startswith("/cases?procedure=simple_review&stage=") for link in links)


def test_the_dashboard_counts_open_cases_at_each_stage(officer, world):
    for _ in range(3):
        start(world, "simple_review")
    rows = [" ".join(r.text_content().split()) for r in _doc(officer.get("/dashboard")).cssselect("table tbody tr")]
    assert "Review the concern3 cases of Simple review at Review the concern" in rows  # the cells: stage, count


def test_the_dashboard_names_the_providers_longest_on_radar_and_links_to_them_all(officer, world, monkeypatch):
    from api.cases import dashboard

    monkeypatch.setattr(dashboard, "ON_RADAR_SHOWN", 1)
    cases = [start(world, "radar_referral", role=Role.CHAIR) for _ in range(2)]
    table = _doc(officer.get("/dashboard")).cssselect("#on-radar")[0]
    assert len(table.cssselect("tbody tr")) == 1
    assert "The 1 longest on Radar of 2" in table.cssselect("caption")[0].text_content()
    assert "/cases?procedure=radar_referral&status=open" in [a.get("href") for a in table.cssselect("caption a")]
    assert {c.process_key for c in cases} == {"radar_referral"}


def test_a_task_is_assigned_to_a_named_colleague_who_is_emailed(app, officer, world, session):
    colleague = add_user(session, email="sam.jones@alpha.test", tenant_slug="alpha", roles=[CO.value], name="Sam Jones",
                         actor=Actor.system("tests"))
    case = start(world, "simple_review")
    [task] = open_tasks(session, case)
    page = _doc(officer.get(f"/tasks/{task.id}/assign"))
    assert "Sam Jones" in page.text_content() and "head_of_service@alpha.test" not in page.text_content()
    refused = officer.post(f"/tasks/{task.id}/assign", {"assignee_id": str(world.actor("alpha", Role.HEAD_OF_SERVICE).user_id)})
    assert refused.status_code == 400 and "does not have the contract officer role" in refused.get_data(as_text=True)
    assert officer.post(f"/tasks/{task.id}/assign", {"assignee_id": str(colleague.id)}).status_code == 302
    session.expire_all()
    assert session.get(CaseTask, task.id).assignee_id == colleague.id
    holder = _doc(officer.get(f"/cases/{case.id}")).cssselect("#case-tasks tbody tr")[0].text_content()
    assert "Sam Jones" in holder
    [alert] = session.scalars(select(Alert))
    assert alert.email == "sam.jones@alpha.test" and alert.subject == "Task assigned to you: Review the concern"
    assert "Dear Sam Jones" in alert.body and f"/tasks/{task.id}" in alert.body


def test_a_colleague_who_turned_assignment_emails_off_is_not_emailed(app, world, session):
    colleague = web_user(app, session, "alpha", CO, Role.QUALITY_IMPROVEMENT)
    response = colleague.post("/account/alerts", {"alerts": ["on_deadline_missed"], "near_days": "3"})
    assert response.status_code == 302
    case = start(world, "simple_review")
    [task] = open_tasks(session, case)
    officer = web_user(app, session, "alpha", CO)
    them = session.scalar(select(User).where(User.email == "web.contract_officer-quality_improvement@alpha.test"))
    assert officer.post(f"/tasks/{task.id}/assign", {"assignee_id": str(them.id)}).status_code == 302
    assert session.scalars(select(Alert)).all() == []
    refused = colleague.post("/account/alerts", {"alerts": ["on_assignment"], "near_days": "0"})
    assert refused.status_code == 400 and "from 1 to 10" in refused.get_data(as_text=True)


def test_a_case_owner_is_named_and_shown(officer, world, session):
    case = start(world, "simple_review")
    head = world.actor("alpha", Role.HEAD_OF_SERVICE).user
    assert officer.post(f"/cases/{case.id}/owner", {}).status_code == 400
    assert officer.post(f"/cases/{case.id}/owner", {"owner_id": str(head.id)}).status_code == 302
    session.expire_all()
    assert session.get(Case, case.id).owner_id == head.id
    rows = _doc(officer.get(f"/cases?owner={head.id}")).cssselect("#case-list tbody tr")
    assert len(rows) == 1 and head.email in rows[0].text_content()


def test_regulators_are_named_as_they_name_themselves(officer):
    options = [o.text_content() for o in _doc(officer.get("/providers")).cssselect("#regulator option")]
    assert "CQC" in options and "CIW" in options and "Cqc" not in options
