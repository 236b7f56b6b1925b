"""The task page, without JavaScript: a meeting planned after its deadline is saved, and the case
page the person lands on shows a GOV.UK warning naming the deadline (issue 24, item 7)."""

from __future__ import annotations

import pytest
from lxml import html

from engine.roles import Role
from tests.processes.test_berkshire_decision_to_initiate import to_convening
from tests.processes.berkshire_steps import READING
from tests.support.web import web_user
from tests.support.world import open_tasks

pytestmark = pytest.mark.clock("2027-03-01T09:00:00+00:00")


def _convene(app, session, councils, day: str):
    case = to_convening(councils)
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "convene_provider_concerns_meeting"]
    user = web_user(app, session, READING, *Role)
    posted = user.post(f"/tasks/{task.id}", {
        "action": "complete", "initial_meeting_date-day": day, "initial_meeting_date-month": "3",
        "initial_meeting_date-year": "2027", "initial_meeting_invitees[0].name": "Sam Okafor",
        "initial_meeting_invitees[0].organisation": "Reading Borough Council"})
    assert posted.status_code == 302, posted.get_data(as_text=True)[:2000]
    assert posted.headers["Location"].endswith(f"/cases/{case.id}")
    page = html.fromstring(user.get(posted.headers["Location"]).get_data(as_text=True))
    return [" ".join(w.text_content().split()).removeprefix("Warning ") for w in page.cssselect(".govuk-warning-text__text")]


def test_a_meeting_after_its_deadline_is_saved_and_the_case_page_warns_naming_the_deadline(app, session, councils):
    warnings = _convene(app, session, councils, "12")
    assert "The Initial Provider Concerns meeting is planned for 12 March 2027, after its deadline of 8 March 2027 " \
           "(the local timescale in working days after the decision to initiate). You can still save it; record why in " \
           "‘Why the meeting is after the local timescale’." in warnings


def test_a_meeting_within_its_deadline_gets_no_warning(app, session, councils):
    assert not any("after its deadline" in w for w in _convene(app, session, councils, "8"))
