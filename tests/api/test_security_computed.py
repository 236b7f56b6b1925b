"""Issue 16, item 4: the server keeps what it computed. A client's copy of a recommendation is
refused (422) unless it is the server's own, and start data cannot overwrite the case's facts
or a helper's name."""

from __future__ import annotations

import pytest

from engine.roles import Role
from tests.support.world import complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


@pytest.fixture
def deciding(world):
    case = start(world, "letters")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    complete(world, case, "record_grounds", {"grounds": "Falls not reported", "remedy_timescale": "28 days"})
    return case, next(t for t in open_tasks(world.session, case) if t.element_id == "decide_outcome")


def test_a_forged_recommendation_is_ignored_and_the_override_still_needs_its_reason(http, deciding):
    case, task = deciding
    http = _as(http, Role.HEAD_OF_SERVICE)
    forged = {"recommended_outcome": "monitor", "decided_outcome": "monitor", "outcome_reason": ""}
    refused = http.post(f"/api/v1/tasks/{task.id}/complete", {"data": forged})
    assert refused.status_code == 422 and "Give the reason" in refused.json["detail"]
    done = http.post(f"/api/v1/tasks/{task.id}/complete", {"data": {**forged, "outcome_reason": "Acted at once"}})
    assert done.status_code == 200, done.json
    assert done.json["data"]["recommended_outcome"] == "suspend_placements"


def _as(http, role):
    class _Caller:
        def post(self, path, json=None):
            return http.post(path, json, role=role)
    return _Caller()


@pytest.mark.parametrize("name", ["provider_name", "provider_id", "today", "region", "working_days_deadline"])
def test_start_data_cannot_overwrite_the_facts_or_a_helper(http, world, name):
    response = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"],
                                           "data": {name: "Forged"}})
    assert response.status_code == 422 and response.json["errors"][0]["field"] == f"/data/{name}"
    assert http.get("/api/v1/cases").json["total"] == 0


def test_the_case_keeps_the_providers_own_name_whatever_a_service_caller_sends(world):
    case = start(world, "simple_review", data={"provider_name": "Forged House"})
    from api.cases.service import case_data

    assert case_data(world.session, case)["provider_name"] == "Rosewood House (alpha)"
