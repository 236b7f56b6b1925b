"""Appendix 3 (seed 002): the procedure sets no score bands, so Lancashire's are a council setting
(processes/tenants.toml); a critical single answer is never outweighed by a total, and the
suggestion says what it rests on."""

from __future__ import annotations

from pathlib import Path

from engine.scoring import INITIAL_ASSESSMENT_CRITERION_KEYS, InitialAssessmentThresholds
from engine.tenants import load_tenants
from tests.processes.test_lancashire_helpers import at, data, start_performance_case
from tests.support.world import complete, open_tasks

TENANTS = Path(__file__).resolve().parents[2] / "processes" / "tenants.toml"


def lancashire_bands() -> dict:
    [lancashire] = [t for t in load_tenants(TENANTS) if t.slug == "lancashire"]
    return dict(lancashire.thresholds["initial_assessment"])


def test_lancashires_bands_are_a_council_setting_the_scoring_accepts():
    bands = InitialAssessmentThresholds(**lancashire_bands())
    assert (bands.monitor_from, bands.refer_to_radar_from, bands.implement_procedure_from) == (16, 24, 32)
    assert bands.critical_answers == {"impact_of_doing_nothing": 5}


def test_a_possible_death_or_injury_with_every_other_answer_scored_1_suggests_the_procedure(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    scores = {key: 1 for key in INITIAL_ASSESSMENT_CRITERION_KEYS} | {"impact_of_doing_nothing": 5}
    complete(councils, case, "initial_assessment", {"nature_of_concern": "Fall with no checks after.", **scores})
    d = data(councils, case)
    result = d["initial_assessment_result"]
    assert (d["appendix_3_total"], result["outcome_by_total"]) == (12, "not_sufficient")
    assert d["recommended_initial_outcome"] == "implement_procedure"
    assert result["bands_source"] == "council"
    [task] = open_tasks(councils.session, case)
    assert "rests on: The critical answer (criterion 9, \"Possible death of or injury to a service user\")" in (
        task.instructions)


def test_a_suggestion_from_the_total_names_the_councils_bands(councils):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    scores = {key: 2 for key in INITIAL_ASSESSMENT_CRITERION_KEYS}
    complete(councils, case, "initial_assessment", {"nature_of_concern": "Late returns.", **scores})
    d = data(councils, case)
    assert d["recommended_initial_outcome"] == "monitor"
    [task] = open_tasks(councils.session, case)
    assert "The total 16 of 40, in the bands (the council's setting; the procedure sets none)" in task.instructions
