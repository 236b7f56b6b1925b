"""Level 3 Decommissioning of Service (seed 002, section 10 and Appendix 1): Legal Services
advise, the Head of Service decides, new placements cease, notice is given and every existing
service user gets an alternative service; or the provider decides to close."""

from __future__ import annotations

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_lancashire_helpers import (
    LANCS, at, catch_up, complete_for, data, refresh, send_notification,
)
from tests.support.world import complete, open_elements, open_tasks, start


def level_3(councils, reason="termination"):
    return start(councils, "lancashire_decommissioning", tenant=LANCS, role=Role.HEAD_OF_SERVICE,
                 data={"decommission_reason": reason})


def legal_advice(councils, case):
    complete(councils, case, "advise_on_termination", {
        "advised_on": "2026-06-01", "grounds": ["cannot_provide_services", "breach_of_contract"],
        "termination_mechanism": "Clause 34: 3 months' notice; immediate termination for material breach.",
        "ccg_position": "The ICB will decide separately.", "legal_advice": "Terminate with notice."})


def decide(councils, case, decision, **extra):
    complete(councils, case, "decide_termination", {"legal_consulted": True, "termination_decision": decision,
                                                     "termination_reason": "Improvement plans not achieved.",
                                                     "joint_approach": False, **extra})


def move_everyone(councils, case, people=("AB", "CD")):
    complete(councils, case, "list_service_users", {"service_users": [
        {"reference": p, "funding": "lcc" if i == 0 else "self_funder"} for i, p in enumerate(people)]})
    assert [e for e in open_elements(councils, case)] == ["arrange_alternative_service"] * len(people)
    catch_up("2026-08-20")  # each move is recorded once care has started with the new service
    for p in people:
        complete_for(councils, case, "arrange_alternative_service", p, {
            "alternative_service": f"Oakfield Care Home for {p}", "moved_on": "2026-08-20", "no_gap_in_care": True})


def test_legal_services_advise_before_the_head_of_service_decides(councils):
    at(2026, 6, 1)
    case = level_3(councils)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("advise_on_termination", "legal")
    legal_advice(councils, case)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("decide_termination", "head_of_service")


def test_the_head_of_service_decides_only_in_consultation_with_legal_services(councils):
    at(2026, 6, 1)
    case = level_3(councils)
    legal_advice(councils, case)
    with pytest.raises(Invalid, match="legal_consulted"):
        complete(councils, case, "decide_termination", {"legal_consulted": False, "termination_decision": "terminate_with_notice",
                                                         "termination_date": "2026-09-01", "termination_reason": "x",
                                                         "joint_approach": False})
    with pytest.raises(Invalid, match="termination_date"):
        decide(councils, case, "terminate_with_notice")


def test_termination_ceases_new_placements_gives_notice_and_moves_every_service_user(councils):
    at(2026, 6, 1)
    case = level_3(councils)
    legal_advice(councils, case)
    decide(councils, case, "terminate_with_notice", termination_date="2026-09-01")
    assert sorted(open_elements(councils, case)) == ["cease_new_placements", "send_notification"]
    complete(councils, case, "cease_new_placements", {"ceased_from": "2026-06-02",
                                                      "commissioners_informed": ["LCC brokerage", "ICB"]})
    assert data(councils, case)["notification_subject"].startswith("Notice of termination of contract")
    send_notification(councils, case, "2026-06-02", "Rosewood House Ltd")
    move_everyone(councils, case)
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    d = data(councils, case)
    assert d["performance_outcome"] == "contract_terminated"
    assert sorted(m["service_user"] for m in d["alternative_services"]) == ["AB", "CD"]
    assert all(m["no_gap_in_care"] for m in d["alternative_services"])
    assert d["notifications"][0]["party"] == "provider"


def test_the_head_of_service_may_decide_not_to_terminate(councils):
    at(2026, 6, 1)
    case = level_3(councils)
    legal_advice(councils, case)
    decide(councils, case, "do_not_terminate")
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "not_terminated"


def test_a_provider_that_decides_to_close_has_its_service_users_moved(councils):
    at(2026, 6, 1)
    case = level_3(councils, reason="provider_closing")
    assert open_elements(councils, case) == ["record_provider_closure"]
    complete(councils, case, "record_provider_closure", {"closure_notified_on": "2026-06-01",
                                                         "planned_closure_date": "2026-08-31",
                                                         "closure_policy": ["managing_provider_failure",
                                                                            "nhse_care_home_closures"]})
    move_everyone(councils, case, people=("EF",))
    case = refresh(councils, case)
    assert case.status == CaseStatus.COMPLETED
    assert data(councils, case)["performance_outcome"] == "provider_closed"
