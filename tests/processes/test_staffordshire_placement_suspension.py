"""Suspension of new placements recommended by level 3 or a Large Scale Enquiry (seed 001, 9.18)."""

from __future__ import annotations

from api.actors import Actor
from api.cases.models import CaseStatus
from api.cases.service import deliver_message
from tests.processes.test_staffordshire_support import at, cases_of, complete, data, open_tasks, status
from tests.support.dates import catch_up


def _recommend(councils, tenant="staffordshire"):
    at(2026, 11, 2)
    provider_id = councils.providers[tenant]
    [case] = deliver_message(councils.session, tenant=councils.tenants[tenant], actor=Actor.system("tests"),
                             name="placements_suspension_recommended", correlation={"provider_id": provider_id},
                             payload={"provider_id": provider_id, "recommended_by": "Large Scale Enquiry",
                                      "suspension_grounds": "Unsafe moving and handling",
                                      "recommended_on": "2026-11-02"})
    return case


def test_the_recommendation_starts_a_suspension_case_where_commissioners_decide(councils):
    case = _recommend(councils)
    assert case.process_key == "placement_suspension"
    assert case.provider_id == councils.providers["staffordshire"]
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_suspension", "head_of_service")
    current = data(councils, case)
    assert current["suspension_recommended_by"] == "Large Scale Enquiry"
    assert current["recommended_suspension_grounds"] == "Unsafe moving and handling"


def test_commissioners_may_decide_not_to_suspend(councils):
    case = _recommend(councils)
    catch_up("2026-11-03")
    complete(councils, case, "decide_suspension", {
        "suspension_decision": "do_not_suspend", "suspension_decided_on": "2026-11-03",
        "suspension_decision_reason": "The provider has stopped admissions voluntarily."})
    assert status(councils, case) == CaseStatus.COMPLETED
    assert data(councils, case)["suspension_status"] == "not_suspended"


def test_stoke_on_trent_starts_the_same_suspension_case(councils):
    case = _recommend(councils, tenant="stoke-on-trent")
    assert case.definition.folder == "staffordshire"
    assert [c.id for c in cases_of(councils, "placement_suspension")] == [case.id]
