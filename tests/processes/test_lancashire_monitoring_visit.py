"""Monitoring visit with the Care Home Provider - Professional Observation Checklist (seed 002,
Appendix 2), callable from any step that visits the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.test_lancashire_helpers import LANCS, at, data, observation_checklist, refresh
from tests.support.world import complete, open_tasks, start

FORM = Path(__file__).resolve().parents[2] / "forms/lancashire/professional_observation_checklist.schema.json"


def test_every_visit_records_the_checklist(councils):
    at(2026, 3, 10)
    case = start(councils, "lancashire_monitoring_visit", tenant=LANCS)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("record_visit", "contract_officer")
    complete(councils, case, "record_visit", observation_checklist(no=("smell_pleasant", "enough_staff", "medication_concerns")))
    assert refresh(councils, case).status == CaseStatus.COMPLETED
    [visit] = data(councils, case)["monitoring_visits"]
    assert visit == {"visit_date": "2026-03-10", "visit_type": "monitoring", "observer": "Cath Contracts, Contract Officer",
                     "purpose": "Monitoring visit", "answered_no": 3}


def test_each_prompt_needs_an_answer(councils):
    at(2026, 3, 10)
    case = start(councils, "lancashire_monitoring_visit", tenant=LANCS)
    answers = observation_checklist()
    del answers["staff"]["dignity_and_respect"]
    with pytest.raises(Invalid, match="dignity_and_respect"):
        complete(councils, case, "record_visit", answers)


def test_the_checklist_has_the_seeds_sixteen_prompts_with_yes_no_not_observed():
    schema = json.loads(FORM.read_text())
    sections = ["environment", "residents", "residents_room", "staff", "care_plans"]
    prompts = [(s, k, v) for s in sections for k, v in schema["properties"][s]["properties"].items()
               if not k.endswith("_comments")]
    assert len(prompts) == 16
    assert all([o["title"] for o in v["oneOf"]] == ["Yes", "No", "Not obs"] for _s, _k, v in prompts)
    assert schema["properties"]["environment"]["properties"]["smell_pleasant"]["title"] == "Did the home smell pleasant?"
    assert schema["description"].endswith("ContractMgmt.Care@lancashire.gov.uk")
