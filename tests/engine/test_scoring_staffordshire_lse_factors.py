"""engine.scoring.staffordshire: the paragraph 9.5 factors that suggest a Large Scale Enquiry (seed 001)."""

from __future__ import annotations

from typing import Any

import pytest

from engine.scoring import (
    LSE_FACT_KEYS,
    LseThresholds,
    lse_indicators,
)
from tests.engine.scoring_support import round_trips_as_json


def lse_facts(**present: bool | None) -> dict[str, Any]:
    facts: dict[str, Any] = {key: False for key in LSE_FACT_KEYS}
    facts.update(present)
    return facts


def test_lse_factors_are_the_five_of_paragraph_9_5_in_seed_order() -> None:
    result = lse_indicators(lse_facts())
    assert [f["key"] for f in result["factors"]] == [
        "s42_referrals",
        "demographic",
        "systemic_concerns",
        "hospital_admissions",
        "provider_not_engaged",
    ]
    labels = [f["label"] for f in result["factors"]]
    assert labels[0].startswith("Number and/or nature of section 42 Enquiry referrals")
    assert "that a service has made no referrals" in labels[0]
    assert labels[1] == "Demographic of adults receiving care e.g. palliative, high dependency"
    assert labels[2].startswith("Combinations of concerns that are potentially higher risk and appear systemic")
    assert labels[3] == "Numbers of residents admitted to hospital"
    assert labels[4] == "Provider has not engaged proactively following other interventions."
    assert result["total_factors"] == 5


def test_lse_no_factors_suggests_level_3() -> None:
    result = lse_indicators(lse_facts())
    assert result["count"] == 0
    assert result["present"] == []
    assert result["recommendation"] == "level_3"
    assert result["recommendation_label"] == "Level 3 \u2013 Quality Improvement Process"
    assert round_trips_as_json(result)


def test_lse_one_factor_suggests_level_3() -> None:
    result = lse_indicators(lse_facts(residents_admitted_to_hospital=True))
    assert result["present"] == ["hospital_admissions"]
    assert result["recommendation"] == "level_3"


def test_lse_two_factors_together_suggest_a_large_scale_enquiry() -> None:
    result = lse_indicators(lse_facts(s42_referrals_high_volume=True, provider_not_engaged=True))
    assert result["count"] == 2
    assert result["present"] == ["s42_referrals", "provider_not_engaged"]
    assert result["recommendation"] == "level_4"
    assert result["recommendation_label"] == "Level 4 - Large Scale Enquiries"


def test_lse_a_service_making_no_s42_referrals_is_a_factor() -> None:
    result = lse_indicators(lse_facts(s42_no_referrals_made=True))
    s42 = result["factors"][0]
    assert s42["present"] is True
    assert s42["grounds"] == ["the service has made no referrals"]


def test_lse_the_three_s42_grounds_count_as_one_factor() -> None:
    result = lse_indicators(
        lse_facts(s42_referrals_high_volume=True, s42_no_referrals_made=True, s42_referrals_significant_concerns=True)
    )
    assert result["count"] == 1
    assert len(result["factors"][0]["grounds"]) == 3
    assert result["recommendation"] == "level_3"


def test_lse_all_factors_present() -> None:
    result = lse_indicators({key: True for key in LSE_FACT_KEYS})
    assert result["count"] == 5
    assert result["recommendation"] == "level_4"


def test_lse_concerns_not_predominantly_safeguarding_suggest_level_3() -> None:
    facts = {key: True for key in LSE_FACT_KEYS} | {"concerns_predominantly_safeguarding": False}
    result = lse_indicators(facts)
    assert result["recommendation"] == "level_3"
    assert "not predominantly of a safeguarding nature" in result["reasons"][1]


def test_lse_predominantly_safeguarding_recorded_true_keeps_the_count_rule() -> None:
    facts = lse_facts(demographic_of_adults_receiving_care=True, systemic_higher_risk_concerns=True)
    assert lse_indicators(facts | {"concerns_predominantly_safeguarding": True})["recommendation"] == "level_4"
    assert lse_indicators(lse_facts(demographic_of_adults_receiving_care=True) | {"concerns_predominantly_safeguarding": True})["recommendation"] == "level_3"


def test_lse_threshold_is_configurable_per_council() -> None:
    facts = lse_facts(systemic_higher_risk_concerns=True)
    assert lse_indicators(facts, {"min_factors_for_lse": 1})["recommendation"] == "level_4"
    assert lse_indicators(lse_facts(systemic_higher_risk_concerns=True, provider_not_engaged=True), LseThresholds(3))["recommendation"] == "level_3"


@pytest.mark.parametrize("bad", [0, 6, True])
def test_lse_threshold_out_of_range_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match="min_factors_for_lse must be a whole number from 1 to 5"):
        LseThresholds(bad)


def test_lse_missing_fact_is_refused_naming_it() -> None:
    facts = lse_facts()
    del facts["provider_not_engaged"]
    with pytest.raises(ValueError, match=r"missing key\(s\) 'provider_not_engaged'"):
        lse_indicators(facts)


def test_lse_unknown_fact_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'police_investigation'"):
        lse_indicators(lse_facts() | {"police_investigation": True})


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_lse_fact_must_be_true_or_false(bad: Any) -> None:
    with pytest.raises(ValueError, match="LSE fact 'provider_not_engaged' must be true or false"):
        lse_indicators(lse_facts(provider_not_engaged=bad))


def test_lse_result_is_advisory_and_reports_its_threshold() -> None:
    result = lse_indicators(lse_facts())
    assert result["thresholds"] == {"min_factors_for_lse": 2}
    assert "Suggestion only" in result["advisory"]
