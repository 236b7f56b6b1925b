"""The Western Bay councils' settings (processes/tenants.toml) and what the meeting is shown from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.settings import declared, threshold_problems
from engine.tenants import load_tenants
from tests.processes.test_wales_escalating_concerns import AMBER_ROW, assess_risk, decide_higher_risk, raise_concerns
from tests.processes.test_wales_steps import at, data_of, hold_meeting, ready

pytestmark = pytest.mark.clock("2026-12-15T10:00:00+00:00")

TENANTS = Path(__file__).resolve().parents[2] / "processes" / "tenants.toml"


def check_wales_settings(thresholds):
    return [p.message for p in threshold_problems(thresholds, ("wales", "shared"), file="tenants.toml", council="swansea")]


def welsh_councils():
    return [t for t in load_tenants(TENANTS) if t.region == "wales"]


def test_every_welsh_council_sets_the_risk_grid_and_its_settings_are_valid():
    councils = welsh_councils()
    assert sorted(c.slug for c in councils) == ["bridgend", "neath-port-talbot", "swansea"]
    for council in councils:
        assert check_wales_settings(council.thresholds) == [], council.slug
        assert set(council.thresholds["escalating_concerns"]) == {
            "red_from_impact", "red_from_score", "amber_from_score", "red_rows_for_red", "amber_rows_for_red",
            "count_rows_without_further_action"}
        assert set(council.thresholds) <= {s.key for s in declared(("wales",))}


@pytest.mark.parametrize("thresholds, problem", [
    ({"escalating_concerns": {"red_from_score": 30}}, "red_from_score must be a whole number from 1 to 25, got 30"),
    ({"escalating_concerns": {"amber_from_score": 10, "red_from_score": 9}}, "must not be above red_from_score"),
    ({"escalating_concerns": {"red_from_scor": 9}}, "unknown setting(s) 'red_from_scor'"),
    ({"escalating_concerns": {"count_rows_without_further_action": "no"}}, "must be true or false"),
    ({"ec_progress": {"little_progress_share": 2}}, "little_progress_share must be a number above 0"),
    ({"ec_progress": {"sustained": 2}}, "unknown setting(s) sustained"),
    ({"ec_higher_risk_months": 0}, "must be a whole number of months, at least 1 and at most 120, got 0"),
])
def test_a_wrong_welsh_setting_is_refused_saying_what_and_how(thresholds, problem):
    problems = check_wales_settings(thresholds)
    assert len(problems) == 1 and problem in problems[0]


def test_a_council_that_reads_the_grid_more_strictly_gets_red_for_the_same_row(councils):
    tenant = councils.tenants["swansea"]
    tenant.thresholds = dict(tenant.thresholds, escalating_concerns=dict(
        tenant.thresholds["escalating_concerns"], red_from_score=4))
    councils.session.commit()
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils, tenant="swansea")
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW])       # impact 2 x engagement 2 = 4
    assert data_of(councils, case)["risk_rating_recommendation"] == "red"
    hold_meeting(councils, case, "2026-12-17")
    step = ready(councils, case, "record_risk_assessment_decision")[0]
    assert "impact x engagement is 4 or more" in step.instructions
