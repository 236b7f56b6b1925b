"""The shared action plan review through the REST API: a decision that differs from the outcome
the recorded progress suggests, without a reason, is refused with a 422 that names the step and
says what the suggestion is and why; the case keeps the step open."""

from __future__ import annotations

import pytest

from engine.roles import Role
from tests.support.http import api_users
from tests.support.world import open_tasks, start

pytestmark = pytest.mark.clock("2027-01-11T09:00:00+00:00")

PLAN = [{"item_id": "2", "concern": "Medication errors", "action": "Audit the MAR charts weekly", "owner": "Registered manager",
         "due_date": "2027-01-08", "status": "open", "kind": "corrective"}]
RECORDED = {"action_plan_reviewed_on": "2027-01-10", "review_summary": "Reviewed with the registered manager.",
            "action_plan": [{**PLAN[0], "progress": "behind"}], "progress_outcome": "good_progress"}


def _review(client, councils, session, data):
    case = start(councils, "action_plan_review", tenant="lancashire", data={"action_plan": PLAN})
    [task] = open_tasks(councils.session, case)
    response = api_users(client, councils, session).post(f"/api/v1/tasks/{task.id}/complete", {"data": data},
                                                         tenant="lancashire", role=Role(task.role))
    return case, response


def test_a_decision_against_the_recorded_progress_without_a_reason_is_refused_naming_the_step(client, councils, session):
    case, response = _review(client, councils, session, RECORDED)
    assert response.status_code == 422, response.json
    message = ("On the progress recorded in this review the suggested outcome is little progress (Corrective action(s) 2 "
               "due by 2027-01-10 and not completed with evidence.): give the reason for deciding good progress")
    assert response.json["detail"] == f"The step was not completed: {message}"
    assert response.json["errors"] == [{"field": "", "path": [], "message": message, "element_id": "review_action_plan"}]
    assert [t.element_id for t in open_tasks(councils.session, case)] == ["review_action_plan"]


def test_the_same_decision_with_its_reason_is_recorded(client, councils, session):
    reason = "The provider's pharmacist has taken over the audits; the first two are booked."
    _, response = _review(client, councils, session, {**RECORDED, "outcome_reason": reason})
    assert response.status_code == 200, response.json
    assert response.json["data"]["action_plan_reviews"][-1]["outcome_reason"] == reason
    assert response.json["data"]["recommended_progress_outcome"] == "little_progress"
