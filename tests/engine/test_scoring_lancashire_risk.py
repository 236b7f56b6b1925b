"""engine.scoring.lancashire_risk: the Appendix 4 Risk Assessment Tool matrix, descriptors and Step 2/Step 4 actions (seed 002)."""

from __future__ import annotations

from typing import Any

import pytest

from engine import scoring
from engine.scoring import (
    assess_risk,
    assess_service_user_and_others,
    highest_risk_level,
    risk_band,
    risk_descriptors,
    risk_level_action,
    risk_score,
)
from tests.engine.scoring_support import round_trips_as_json


# The matrix exactly as printed in Appendix 4 (impact down, likelihood across).
SEED_MATRIX = {
    # impact 1 Low:        Rare        Unlikely        Possible       Likely           Almost Certain
    1: [(1, "low"), (2, "low"), (3, "low"), (4, "moderate"), (5, "moderate")],
    # impact 2 Minor
    2: [(2, "low"), (4, "moderate"), (6, "moderate"), (8, "high"), (10, "high")],
    # impact 3 Moderate
    3: [(3, "low"), (6, "moderate"), (9, "high"), (12, "high"), (15, "extreme")],
    # impact 4 Major/High
    4: [(4, "moderate"), (8, "high"), (12, "high"), (16, "extreme"), (20, "extreme")],
    # impact 5 Very High
    5: [(5, "moderate"), (10, "high"), (15, "extreme"), (20, "extreme"), (25, "extreme")],
}
MATRIX_CELLS = [
    (impact, likelihood, score, level)
    for impact, row in SEED_MATRIX.items()
    for likelihood, (score, level) in enumerate(row, start=1)
]


@pytest.mark.parametrize(
    "impact, likelihood, score, level",
    MATRIX_CELLS,
    ids=[f"impact_{i}_likelihood_{l}_is_{lvl}" for i, l, _s, lvl in MATRIX_CELLS],
)
def test_matrix(impact: int, likelihood: int, score: int, level: str) -> None:
    assert risk_score(impact, likelihood) == score
    assert risk_band(score) == level
    assert assess_risk(impact, likelihood) == {"score": score, "level": level}


def test_matrix_impact_3_likelihood_4_is_high() -> None:
    assert assess_risk(3, 4) == {"score": 12, "level": "high"}


def test_matrix_impact_5_likelihood_1_is_moderate() -> None:
    assert assess_risk(5, 1) == {"score": 5, "level": "moderate"}


def test_matrix_impact_3_likelihood_5_is_extreme() -> None:
    assert assess_risk(3, 5) == {"score": 15, "level": "extreme"}


SEED_BANDS = {
    1: "low", 2: "low", 3: "low",
    4: "moderate", 5: "moderate", 6: "moderate",
    8: "high", 9: "high", 10: "high", 12: "high",
    15: "extreme", 16: "extreme", 20: "extreme", 25: "extreme",
}


@pytest.mark.parametrize("score, level", sorted(SEED_BANDS.items()), ids=lambda v: str(v))
def test_band_of_every_possible_score(score: int, level: str) -> None:
    assert risk_band(score) == level


def test_possible_scores_are_exactly_those_of_the_printed_matrix() -> None:
    assert list(scoring.POSSIBLE_RISK_SCORES) == sorted(SEED_BANDS)
    assert sorted({score for _i, _l, score, _lvl in MATRIX_CELLS}) == sorted(SEED_BANDS)


@pytest.mark.parametrize("score", [7, 11, 13, 14, 17, 18, 19, 21, 22, 23, 24])
def test_band_refuses_scores_impact_times_likelihood_cannot_give(score: int) -> None:
    with pytest.raises(ValueError, match=rf"risk score {score} is not possible from impact \(1-5\) x likelihood \(1-5\)"):
        risk_band(score)


@pytest.mark.parametrize("score", [0, 26, -3, True, "8", 8.0, None])
def test_band_refuses_scores_outside_1_to_25(score: Any) -> None:
    with pytest.raises(ValueError, match="risk score must be a whole number from 1 to 25"):
        risk_band(score)


@pytest.mark.parametrize("impact, likelihood, name", [(0, 3, "impact"), (6, 3, "impact"), (3, 0, "likelihood"), (3, 6, "likelihood")])
def test_matrix_refuses_ratings_outside_1_to_5(impact: int, likelihood: int, name: str) -> None:
    with pytest.raises(ValueError, match=rf"{name} must be a whole number from 1 to 5, got [06]"):
        risk_score(impact, likelihood)


def test_matrix_refuses_true_as_a_rating() -> None:
    with pytest.raises(ValueError, match="impact must be a whole number from 1 to 5, got True"):
        assess_risk(True, 3)  # type: ignore[arg-type]


def test_appendix_4_descriptors_for_service_user_and_others_at_every_level() -> None:
    d = risk_descriptors()
    assert round_trips_as_json(d)
    for kind in ("impact", "likelihood"):
        for subject in ("service_user", "other_service_users"):
            assert [x["value"] for x in d[kind][subject]] == [1, 2, 3, 4, 5]
            assert all(x["description"] for x in d[kind][subject])
    assert [x["label"] for x in d["impact"]["service_user"]] == ["Low", "Minor", "Moderate", "High", "Very High"]
    assert [x["label"] for x in d["likelihood"]["other_service_users"]] == [
        "Rare", "Unlikely", "Possible", "Likely", "Almost Certain",
    ]


def test_appendix_4_descriptor_wording_is_the_seeds() -> None:
    assert scoring.IMPACT_DESCRIPTORS["service_user"][5] == (
        "Impact on the service user who requires immediate review of care and treatment or death"
    )
    assert scoring.IMPACT_DESCRIPTORS["other_service_users"][1] == "Not expected to affect other service users"
    assert scoring.IMPACT_DESCRIPTORS["other_service_users"][5].endswith("could cause death")
    assert scoring.LIKELIHOOD_DESCRIPTORS["service_user"][5].startswith("Very high risk of re-occurrence.")
    assert scoring.LIKELIHOOD_DESCRIPTORS["other_service_users"][1].startswith("One-off issue, unlikely to re-occur.")


def test_overall_is_the_higher_of_service_user_and_other_service_users() -> None:
    result = assess_service_user_and_others(2, 2, 4, 4)
    assert result["service_user"] == {"impact": 2, "likelihood": 2, "score": 4, "level": "moderate"}
    assert result["other_service_users"] == {"impact": 4, "likelihood": 4, "score": 16, "level": "extreme"}
    assert result["overall_level"] == "extreme"
    assert result["overall_score"] == 16
    assert result["immediate_action_required"] is True
    assert round_trips_as_json(result)


def test_overall_low_for_both_needs_no_immediate_action() -> None:
    result = assess_service_user_and_others(1, 3, 1, 1)
    assert result["overall_level"] == "low"
    assert result["immediate_action_required"] is False
    assert result["action"] == "Continue with standard monitoring and review by Local Authority"


def test_step_2_immediate_action_starts_at_high() -> None:
    assert assess_service_user_and_others(2, 3, 1, 1)["immediate_action_required"] is False  # 6 moderate
    assert assess_service_user_and_others(2, 4, 1, 1)["immediate_action_required"] is True  # 8 high


def test_overall_says_which_rating_is_wrong() -> None:
    with pytest.raises(ValueError, match=r"likelihood must be a whole number from 1 to 5, got 7 \(other service users\)"):
        assess_service_user_and_others(3, 3, 3, 7)


def test_highest_risk_level_orders_low_moderate_high_extreme() -> None:
    assert highest_risk_level(["moderate", "low"]) == "moderate"
    assert highest_risk_level(["high", "extreme", "low"]) == "extreme"
    assert highest_risk_level(["high"]) == "high"


def test_highest_risk_level_refuses_unknown_levels_and_empty_lists() -> None:
    with pytest.raises(ValueError, match="risk level must be one of low, moderate, high, extreme, got 'severe'"):
        highest_risk_level(["low", "severe"])
    with pytest.raises(ValueError, match="at least one"):
        highest_risk_level([])


@pytest.mark.parametrize(
    "level, start",
    [
        ("low", "Continue with standard monitoring and review by Local Authority"),
        ("moderate", "Service provider develops and implements action plan. Increased monitoring and support by Local Authority"),
        ("high", "Service provider develops and implements Improvement/ Action plan, which is to be agreed by LCC."),
        ("extreme", "Service provider develops and implements action plan. Increased monitoring and support by LCC. Apply specific measures"),
    ],
)
def test_step_4_action_for_each_risk_level(level: str, start: str) -> None:
    assert risk_level_action(level).startswith(start)


def test_step_4_high_action_mentions_suspension_and_extreme_mentions_alternative_care() -> None:
    assert "suspension of placements" in risk_level_action("high")
    assert "planning for alternative care" in risk_level_action("extreme")
