"""A meeting planned after its deadline, through the REST API: the completion is accepted and its
response lists the warning naming the deadline (issue 24, item 7)."""

from __future__ import annotations

import pytest

from engine.roles import Role
from tests.processes.test_berkshire_decision_to_initiate import to_convening
from tests.processes.berkshire_steps import INVITEES, READING
from tests.support.http import api_users
from tests.support.world import open_tasks

pytestmark = pytest.mark.clock("2027-03-01T09:00:00+00:00")


def _convene(client, councils, session, meeting_date: str):
    case = to_convening(councils)
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "convene_provider_concerns_meeting"]
    http = api_users(client, councils, session)
    return http.post(f"/api/v1/tasks/{task.id}/complete", {"data": {"initial_meeting_date": meeting_date,
                                                                    "initial_meeting_invitees": INVITEES}},
                     tenant=READING, role=Role(task.role))


def test_a_completion_after_the_deadline_is_accepted_and_lists_the_warning(client, councils, session):
    response = _convene(client, councils, session, "2027-03-12")
    assert response.status_code == 200, response.json
    assert "convene_provider_concerns_meeting" not in [t["element_id"] for t in response.json["tasks"]]
    assert response.json["warnings"] == [{
        "field": "/initial_meeting_date", "path": ["initial_meeting_date"],
        "message": "The Initial Provider Concerns meeting is planned for 12 March 2027, after its deadline of 8 March 2027 "
                   "(the local timescale in working days after the decision to initiate). You can still save it; record why "
                   "in ‘Why the meeting is after the local timescale’."}]


def test_a_completion_within_the_deadline_has_no_warnings(client, councils, session):
    response = _convene(client, councils, session, "2027-03-08")
    assert response.status_code == 200 and response.json["warnings"] == []
