"""The standard case actions (DESIGN.md, case actions) on every shipped procedure's top level.

Whatever step a real case has reached, new information can be recorded and the case runs on, the
lead officer can be changed, and (except where the procedure closes otherwise: a home closure is
called off in its own steps) the case can be closed early, ending everything open in it. Each is
taken by the role its lane names, with answers its own form accepts. A case in which an action
was taken still ends when its main flow does, and the next case starts with no action open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from api.cases.case_list import CaseFilters, find_cases
from api.cases.models import CaseStatus
from api.cases.service import case_data, load_run, take_case_action
from api.errors import Forbidden
from api.explorer.answers import make_answers
from engine import clock
from engine.roles import Role, role_for_lane
from tests.processes.test_lancashire_helpers import (
    assess_service_user_by_team, complete_for, holistic_row, sample_group_under_assessment,
)
from tests.support.world import complete, open_elements, start

pytestmark = pytest.mark.clock("2026-11-02T09:00:00+00:00")

NEW_INFORMATION, LEAD_OFFICER, CLOSE_EARLY = "record_new_information", "change_lead_officer", "close_case_early"
SUSPEND = "suspend_placements"


@dataclass(frozen=True)
class Shipped:
    council: str
    key: str
    starter: Role
    actions: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.council}:{self.key}"


ALL = (CLOSE_EARLY, LEAD_OFFICER, NEW_INFORMATION)
SHIPPED = (
    # Berkshire's six steps have no suspension procedure (step 2 only plans how one is communicated);
    # Radar recommends a suspension at its meeting, and Lancashire's performance case takes it.
    Shipped("reading", "berkshire_provider_concerns", Role.HEAD_OF_SERVICE, ALL),
    Shipped("lancashire", "lancashire_provider_performance", Role.CONTRACT_OFFICER, ALL + (SUSPEND,)),
    Shipped("lancashire", "lancashire_radar", Role.CHAIR, ALL),
    Shipped("staffordshire", "provider_monitoring_framework", Role.CONTRACT_OFFICER, ALL + (SUSPEND,)),
    Shipped("swansea", "escalating_concerns", Role.CONTRACT_OFFICER, ALL + (SUSPEND,)),
    # A home closure is called off in its own steps ("call_off_closure"), not closed early.
    Shipped("swansea", "home_operational_support_group", Role.CHAIR, ("call_off_closure", LEAD_OFFICER, NEW_INFORMATION)),
)


def _take(world, procedure: Shipped, case, name: str, role: Role | None = None):
    run = load_run(world.session, case)
    action = next(a for a in run.available_actions() if a.name == name)
    schema, _ = run.action_form(name)
    answers = make_answers(schema, random.Random(name), clock.now().date(), run.data())
    actor = world.actor(procedure.council, role or Role(role_for_lane(action.lane)))
    return take_case_action(world.session, tenant=world.tenants[procedure.council], actor=actor, case_id=case.id,
                            name=name, data=answers)


def _started(world, procedure: Shipped):
    return start(world, procedure.key, tenant=procedure.council, role=procedure.starter)


@pytest.mark.parametrize("procedure", SHIPPED, ids=str)
def test_every_shipped_procedure_offers_its_case_actions_to_the_roles_of_their_lanes(councils, procedure):
    case = _started(councils, procedure)
    actions = load_run(councils.session, case).available_actions()
    assert sorted(a.name for a in actions) == sorted(procedure.actions)
    assert all(role_for_lane(a.lane) for a in actions), "every action has a lane naming the role that takes it"


@pytest.mark.parametrize("procedure", SHIPPED, ids=str)
def test_new_information_and_a_new_lead_officer_are_recorded_at_the_first_step_and_the_case_runs_on(councils, procedure):
    case = _started(councils, procedure)
    first_steps = open_elements(councils, case)
    _take(councils, procedure, case, NEW_INFORMATION)
    assert case_data(councils.session, case)["new_information_summary"]
    _take(councils, procedure, case, LEAD_OFFICER)
    data = case_data(councils.session, case)
    assert data["lead_officer_change_reason"]
    # The case list shows (and filters on) the new lead officer.
    listed = find_cases(councils.session, tenant=councils.tenants[procedure.council],
                        filters=CaseFilters(lead_officer=data["lead_officer"]))
    assert [(c["id"], c["lead_officer"]) for c in listed] == [(case.id, data["lead_officer"].strip())]
    assert case.status == CaseStatus.RUNNING
    assert open_elements(councils, case) == first_steps


@pytest.mark.parametrize("procedure", [p for p in SHIPPED if CLOSE_EARLY in p.actions], ids=str)
def test_closing_early_ends_every_open_step_and_the_case(councils, procedure):
    case = _started(councils, procedure)
    _take(councils, procedure, case, CLOSE_EARLY)
    assert case.status == CaseStatus.COMPLETED
    assert open_elements(councils, case) == []


@pytest.mark.parametrize("procedure", [p for p in SHIPPED if CLOSE_EARLY in p.actions], ids=str)
def test_a_viewer_cannot_close_a_case_early(councils, procedure):
    case = _started(councils, procedure)
    with pytest.raises(Forbidden):
        _take(councils, procedure, case, CLOSE_EARLY, role=Role.VIEWER)
    assert case.status == CaseStatus.RUNNING


def test_a_berkshire_case_declined_after_new_information_ends_and_the_next_case_has_no_action_open(councils):
    berkshire = SHIPPED[0]
    declined = _started(councils, berkshire)
    _take(councils, berkshire, declined, NEW_INFORMATION)
    complete(councils, declined, "decide_to_initiate", {
        "decision_source": "serious_concern", "decision_source_detail": "A whistleblower's call",
        "concerns_summary": "Night staffing gaps", "initial_risk_level": "moderate", "initiate": "no",
        "not_initiated_reason": "Dealt with through contract monitoring", "decision_date": "2026-11-02",
        "decided_by": "Head of Adult Social Care"})
    assert declined.status == CaseStatus.COMPLETED

    following = _started(councils, berkshire)
    assert open_elements(councils, following) == ["decide_to_initiate"]
    assert load_run(councils.session, following).workflow.get_tasks(spec_name="record_new_information_action") == []


def _cases_of(world, case) -> dict[str, object]:
    from sqlalchemy import select

    from api.cases.models import Case

    world.session.expire_all()
    found = world.session.scalars(select(Case).where(Case.provider_id == case.provider_id, Case.id != case.id))
    return {c.process_key: c for c in found}


@pytest.mark.parametrize("procedure, suspension_case", [
    (SHIPPED[1], "lancashire_suspension_alongside"), (SHIPPED[3], "placement_suspension")], ids=["lancashire", "staffordshire"])
def test_asking_to_suspend_placements_at_the_first_step_starts_the_suspension_case(councils, procedure, suspension_case):
    case = _started(councils, procedure)
    first_steps = open_elements(councils, case)
    _take(councils, procedure, case, SUSPEND)
    assert case.status == CaseStatus.RUNNING and open_elements(councils, case) == first_steps
    suspension = _cases_of(councils, case)[suspension_case]
    assert suspension.status == CaseStatus.RUNNING and open_elements(councils, suspension)
    grounds = case_data(councils.session, case)["suspension_grounds"]
    assert case_data(councils.session, suspension)["suspension_request"]["suspension_grounds"] == grounds


def test_asking_to_suspend_placements_in_wales_opens_the_suspension_decision_in_the_case(councils):
    wales = SHIPPED[4]
    case = _started(councils, wales)
    _take(councils, wales, case, SUSPEND)
    assert "decide_suspension" in open_elements(councils, case)
    assert _cases_of(councils, case) == {}


# Closing a Lancashire case early while its sample group is being assessed (section 7: a
# multi-instance of called sub-processes, one per service user). Pruning may have re-rooted the
# case's tree at that step, and the action's sub-process then starts below it: the step must end
# too, or the case stays running for ever with nothing open.
PERFORMANCE = next(p for p in SHIPPED if p.key == "lancashire_provider_performance")


def test_closing_early_while_no_service_user_is_assessed_yet_ends_the_case(councils):
    case = sample_group_under_assessment(councils)
    _take(councils, PERFORMANCE, case, CLOSE_EARLY)
    assert (case.status, open_elements(councils, case)) == (CaseStatus.COMPLETED, [])


def test_closing_early_after_one_service_user_is_assessed_ends_the_case(councils):
    case = sample_group_under_assessment(councils)
    assess_service_user_by_team(councils, case, "AB", [holistic_row("staffing", su=(2, 3))])
    _take(councils, PERFORMANCE, case, CLOSE_EARLY)
    assert (case.status, open_elements(councils, case)) == (CaseStatus.COMPLETED, [])


def test_closing_early_part_way_through_a_service_users_assessment_ends_the_case(councils):
    case = sample_group_under_assessment(councils)
    complete_for(councils, case, "assess_qi_domains", "AB", {"holistic_rows": []})
    _take(councils, PERFORMANCE, case, CLOSE_EARLY)
    assert (case.status, open_elements(councils, case)) == (CaseStatus.COMPLETED, [])

