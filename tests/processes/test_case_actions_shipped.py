"""Every procedure a council starts offers the standard case actions (issue 15, item 3): new
information at any step, a new lead officer, and closing the case early with a reason from the
seeds' own list, which ends everything open in it, whatever stage the case has reached."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.cases.models import CaseStatus, CaseTask, CaseTimer
from api.cases.service import load_run, take_case_action
from engine.roles import Role
from tests.support.reach_step import walk_case, walk_on

pytestmark = pytest.mark.clock("2026-11-02T09:00:00+00:00")

STANDARD = ["change_lead_officer", "close_case_early", "record_new_information"]
# Each region's procedures a person starts, a council that runs them, and the actions offered:
# a closure group is called off its own way (Western Bay 4.11), not closed early.
PROCEDURES = {
    ("lancashire", "lancashire_provider_performance"): STANDARD,
    ("staffordshire", "provider_monitoring_framework"): STANDARD,
    ("reading", "berkshire_provider_concerns"): STANDARD,
    ("swansea", "escalating_concerns"): STANDARD,
    ("swansea", "home_operational_support_group"): ["call_off_closure", "change_lead_officer", "record_new_information"],
}
CLOSED_EARLY = [p for p, actions in PROCEDURES.items() if "close_case_early" in actions]
CLOSING = {"early_closure_reason": "provider_deregistered", "early_closure_decided_on": "2026-11-02",
           "early_closure_detail": "The CQC cancelled the registration on 30 October."}


def running_after(councils, tenant, procedure, steps):
    """The first case, of paths walked from seeds 1 to 10, still running after ``steps`` steps
    (the seeds are fixed, so the same case every run)."""
    for seed in range(1, 11):
        case = walk_case(councils, tenant, procedure, seed=seed, steps=steps)
        if case.status == CaseStatus.RUNNING:
            return case
    raise AssertionError(f"no path of {procedure} is still running after {steps} steps")


def act(councils, tenant, case, name, data, role=Role.HEAD_OF_SERVICE):
    return take_case_action(councils.session, tenant=councils.tenants[tenant], actor=councils.actor(tenant, role),
                            case_id=case.id, name=name, data=data)


def open_steps(councils, case) -> list[str]:
    return sorted(t.element_id for t in councils.session.scalars(select(CaseTask).where(CaseTask.case_id == case.id)))


@pytest.mark.parametrize("tenant, procedure", sorted(PROCEDURES))
def test_every_procedure_offers_the_standard_case_actions(councils, tenant, procedure):
    case = walk_case(councils, tenant, procedure, seed=1, steps=0)
    assert sorted(a.name for a in load_run(councils.session, case).available_actions()) == PROCEDURES[(tenant, procedure)]


@pytest.mark.parametrize("steps", [0, 4, 12])
@pytest.mark.parametrize("tenant, procedure", sorted(CLOSED_EARLY))
def test_a_case_closed_early_at_any_stage_ends_everything_open(councils, tenant, procedure, steps):
    case = act(councils, tenant, running_after(councils, tenant, procedure, steps), "close_case_early", CLOSING)
    assert case.status == CaseStatus.COMPLETED
    assert open_steps(councils, case) == []
    assert list(councils.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))) == []


@pytest.mark.parametrize("tenant, procedure", sorted(PROCEDURES))
def test_new_information_and_a_new_lead_officer_are_recorded_and_the_case_runs_on(councils, tenant, procedure):
    case = running_after(councils, tenant, procedure, 3)
    before = open_steps(councils, case)
    role = next(Role(a.lane) for a in load_run(councils.session, case).available_actions() if a.name == "record_new_information")
    act(councils, tenant, case, "record_new_information", {
        "new_information_received_on": "2026-11-02", "new_information_source": "resident_or_family",
        "new_information_summary": "A relative reports missed medication on two nights.",
        "new_information_raises_risk": True, "new_information_next_steps": "Raised at the next meeting."}, role=role)
    role = next(Role(a.lane) for a in load_run(councils.session, case).available_actions() if a.name == "change_lead_officer")
    act(councils, tenant, case, "change_lead_officer", {
        "lead_officer": "Sam Patel, Contracts Officer", "lead_officer_from": "2026-11-03",
        "lead_officer_change_reason": "Alex Jones has moved team."}, role=role)
    run = load_run(councils.session, case)
    assert run.status == "running" and run.data()["lead_officer"] == "Sam Patel, Contracts Officer"
    assert open_steps(councils, case) == before
    # The main flow keeps its own answers: the case goes on as if nothing had been added to it.
    assert walk_on(councils, case, seed=5, steps=10).status != CaseStatus.ERROR
