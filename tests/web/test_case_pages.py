"""The case page answers staff's first questions, and its timeline is in words (issue 24).

A Swansea Escalating Concerns case at stage 2b: a red rating decided at the meeting, two
"Send the notification" steps open at once (to the provider, to neighbouring authorities).
"""

from __future__ import annotations

import re

import pytest
from lxml import html

from engine.roles import Role
from tests.support.web import web_user
from tests.support.world import open_tasks

pytestmark = pytest.mark.clock("2026-12-24T10:00:00+00:00")

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RAW_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture
def stage_2b(app, session, councils):
    from tests.processes.test_wales_escalating_concerns import to_stage_2b

    # Closure suspected: the neighbouring authorities are told too (Western Bay Stage 2b), so two notices are open.
    case = to_stage_2b(councils, tenant="swansea", closure_suspected=True)
    return case, web_user(app, session, "swansea", *Role)


def _doc(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.get_data(as_text=True))


def _summary(doc) -> dict[str, str]:
    rows = doc.cssselect("#case-summary .govuk-summary-list__row")
    return {r.cssselect("dt")[0].text_content().strip(): r.cssselect("dd")[0].text_content().strip() for r in rows}


def test_the_case_page_says_risk_outcome_stage_lead_officer_and_owner(stage_2b):
    case, user = stage_2b
    doc = _doc(user.get(f"/cases/{case.id}"))
    summary = _summary(doc)
    assert summary["Risk level"] == "Red"
    assert doc.cssselect("#case-summary .govuk-tag--red")
    assert "Threshold met: manage the concerns under Escalating Concerns" in summary["Decision of the meeting"]
    assert summary["Lead officer"] == "Head of Adult Social Care"
    assert summary["Case owner"].startswith("No owner yet")
    assert "Stage 2b: Actions" in summary["Stage"]  # the procedure's stage, the notices under way inside it


def test_two_open_notifications_say_whom_each_is_for_who_holds_it_and_when_it_is_due(stage_2b):
    case, user = stage_2b
    rows = [r.text_content() for r in _doc(user.get(f"/cases/{case.id}")).cssselect("#case-tasks tbody tr")]
    notices = [" ".join(r.split()) for r in rows if "Send the notification" in r]
    assert len(notices) == 2
    provider = next(n for n in notices if "For: Notify the provider" in n)
    assert "Not claimed: any contract officer" in provider and "17:00 on 30 December 2026" in provider
    assert any("For: Consult neighbouring authorities" in n and "No deadline" in n for n in notices)


def test_the_timeline_reads_in_the_forms_words_and_gov_uk_dates(stage_2b):
    case, user = stage_2b
    doc = _doc(user.get(f"/cases/{case.id}"))
    timeline = doc.cssselect("#case-timeline")[0]
    text = re.sub(r"[\w.]+@[a-z-]+\.test", "", timeline.text_content())  # who: these test users have only an email
    assert "Done: Record the concerns" in text
    assert "Agency raising the concerns: Social Services" in text  # the form's label and the choice's title
    assert "Date the concerns were received: 10 November 2026" in text
    assert "Raised with provider" not in text and "ri_or_rm" not in text and "concerns_expressed" not in text
    assert not ISO_DATE.search(text), ISO_DATE.search(text)
    assert not RAW_NAME.search(text), RAW_NAME.search(text)
    assert "items" not in text.split("Done: Record the concerns")[-1]
    # Details are folded away (MOJ timeline with GOV.UK details).
    assert timeline.cssselect(".moj-timeline__item details.govuk-details")


def test_every_case_page_has_breadcrumbs_back_to_the_inbox(stage_2b):
    case, user = stage_2b
    [task, *_] = open_tasks(user.client.application.extensions["concerns"]["sessions"](), case)
    for path in (f"/cases/{case.id}", f"/tasks/{task.id}", f"/cases/{case.id}/chronology", "/cases", "/providers", "/dashboard"):
        crumbs = _doc(user.get(path)).cssselect(".govuk-breadcrumbs a")
        assert crumbs and crumbs[0].text_content() == "Inbox", path


def test_the_meetings_task_shows_the_risk_assessment_and_decision_it_depends_on(stage_2b):
    case, user = stage_2b
    session = user.client.application.extensions["concerns"]["sessions"]()
    prepare = next(t for t in open_tasks(session, case) if t.element_id == "prepare_meeting")
    rows = _doc(user.get(f"/tasks/{prepare.id}")).cssselect("#earlier-answers .govuk-summary-list__row")
    answers = {r.cssselect("dt")[0].text_content().strip(): " ".join(r.cssselect("dd")[0].text_content().split()) for r in rows}
    assert answers["Risk level"] == "Red"
    assert answers["Lead officer"] == "Head of Adult Social Care"
    assert "Threshold met" in answers["Decision of the meeting"]
    assert any(k.startswith("Record the outcome of the risk assessment meeting") for k in answers)



def test_the_identity_bar_carries_the_risk_owner_and_lead_officer(stage_2b):
    case, user = stage_2b
    bar = " ".join(_doc(user.get(f"/cases/{case.id}")).cssselect(".moj-identity-bar")[0].text_content().split())
    assert "Risk: Red" in bar and "Owner: none yet" in bar and "Lead officer: Head of Adult Social Care" in bar
    assert "Escalating Concerns (Western Bay)" in bar
