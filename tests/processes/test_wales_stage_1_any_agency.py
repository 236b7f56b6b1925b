"""Stage 1 of Escalating Concerns (Western Bay, seed 004, section five): "Any agency can raise
concerns / request commencement of Escalating Concerns", and "any agency seeking to invoke these
procedures should first complete a risk assessment". Recording the concerns and completing the
risk assessment sit in one lane naming every agency's roles: a health board nurse assessor and a
police officer each raise the concern and do both on a Welsh case, finding them in their own task
list; a council role the lane does not name is refused. A lane every agency shares shows its cases
to none of them (need to know): a concern the council raises is not every partner's to read."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

from api.cases.permissions import set_reader
from api.cases.summaries import list_tasks
from api.errors import Forbidden
from engine.declared_roles import council_roles
from engine.roles import Role, task_roles
from tests.processes.test_wales_escalating_concerns import KEY, RED_ROW, TENANT, decide_higher_risk
from tests.processes.test_wales_steps import at, do, open_steps, ready, task_data
from tests.support.dates import catch_up
from tests.support.world import start

STAGE_1 = ("record_concerns", "complete_risk_assessment")


def _concerns(agency: str) -> dict:
    return {"raised_by_agency": agency, "raised_by_name": "Morgan Evans", "raised_by_designation": "Officer",
            "raised_by_contact": "morgan.evans@example.test", "concerns_received_on": "2026-11-10",
            "concern_trigger": "serious_concern", "concerns_summary": "Residents left without pressure care.",
            "shared_with_contracting_team": True, "raised_with_provider": "ri_or_rm",
            "difficulty_at_other_homes": False, "financial_difficulty": False, "other_detriments": False}


def _risk_assessment(councils, case, agency: str) -> dict:
    return {"care_home_name": task_data(councils, case, "complete_risk_assessment")["care_home_name"],
            "number_of_beds": 30, "completed_by_name": "Morgan Evans", "completed_by_designation": "Officer",
            "completed_by_contact": "01656 000000", "date_completed": "2026-11-12", "invoking_agency": agency,
            "line_manager": "Team manager", "risk_issues": [RED_ROW], "information_sources": ["safeguarding"]}


def _my_tasks(councils, role: str) -> list[str]:
    user = councils.actor(TENANT, role).user
    set_reader(councils.session, user)
    try:
        rows, _ = list_tasks(councils.session, tenant=councils.tenants[TENANT], user_id=user.id, roles=user.reader_roles,
                             mine=True)
    finally:
        set_reader(councils.session, None)
    return [row["element_id"] for row in rows]


@pytest.mark.parametrize(("role", "agency"), [("health_board_nurse_assessor", "health_board"), ("police_officer", "police")])
def test_any_agency_records_the_concerns_and_completes_the_risk_assessment(councils, role, agency):
    at("2026-11-10T10:00:00")
    case = start(councils, KEY, tenant=TENANT, role=role)  # the agency raises the concern itself
    [step] = ready(councils, case, "record_concerns")
    assert {"contract_officer", "health_board_nurse_assessor", "ciw_inspector", "police_officer"} <= set(task_roles(step.role))
    assert "record_concerns" in _my_tasks(councils, role)

    with pytest.raises(Forbidden):  # a council role the lane does not name
        do(councils, case, "record_concerns", _concerns(agency), role=Role.LEGAL)
    do(councils, case, "record_concerns", _concerns(agency), role=role)
    decide_higher_risk(councils, case)  # the contracting officer's own step, as before
    assert "complete_risk_assessment" in _my_tasks(councils, role)
    catch_up("2026-11-12")
    do(councils, case, "complete_risk_assessment", _risk_assessment(councils, case, agency), role=role)

    assert not set(STAGE_1) & set(open_steps(councils, case))
    assert "send_notification" in open_steps(councils, case)  # circulated before the meeting (Stage 2)


# The forms' words for the agencies (engine/visibility.py AGENCIES) whose roles the Stage 1 lane names.
FORM_AGENCY = {"council": "social_services", "nhs": "health_board", "regulator": "regulator", "police": "police",
               "neighbouring_council": "neighbouring_council"}
FORMS = Path(__file__).resolve().parents[2] / "forms" / "wales"


def _choices(form: str, field: str) -> set[str]:
    schema = json.loads((FORMS / f"{form}.schema.json").read_text(encoding="utf-8"))
    return {option["const"] for option in schema["properties"][field]["oneOf"]}


def test_the_forms_offer_every_agency_the_stage_1_lane_lets_raise_the_concerns(councils):
    at("2026-11-10T10:00:00")
    [step] = ready(councils, start(councils, KEY, tenant=TENANT), "record_concerns")
    roles = council_roles("wales", councils.tenants[TENANT].roles)
    raising = {FORM_AGENCY[roles[slug].agency] for slug in task_roles(step.role)}
    assert {"social_services", "health_board", "regulator", "police"} <= raising
    assert raising <= _choices("ec_record_concerns", "raised_by_agency")
    assert raising <= _choices("ec_risk_assessment", "invoking_agency")


def _sees(councils, role: str, case) -> bool:
    from api.cases.permissions import may_see_case

    return may_see_case(councils.session, councils.actor(TENANT, role).user, case)


def test_a_concern_one_agency_raises_is_not_every_agencys_to_read(councils):
    at("2026-11-10T10:00:00")
    by_council, by_police = start(councils, KEY, tenant=TENANT), start(councils, KEY, tenant=TENANT, role="police_officer")
    for role in ("police_officer", "health_board_nurse_assessor", "ciw_inspector"):
        assert not _sees(councils, role, by_council), role
    assert _sees(councils, "police_officer", by_police) and _my_tasks(councils, "police_officer") == ["record_concerns"]
    for role in ("health_board_nurse_assessor", "ciw_inspector"):
        assert not _sees(councils, role, by_police) and _my_tasks(councils, role) == [], role
