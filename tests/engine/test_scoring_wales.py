"""engine.scoring.wales: the Western Bay Appendix 2 risk assessment and Risk Rating Matrix (seed 004)."""

from __future__ import annotations

from typing import Any

import pytest

from engine.scoring import (
    EscalatingConcernsThresholds,
    escalating_concerns_assessment,
    escalating_concerns_descriptors,
    escalating_concerns_rating,
)
from tests.engine.scoring_support import round_trips_as_json


def test_welsh_impact_and_engagement_criteria_have_ratings_1_to_5() -> None:
    d = escalating_concerns_descriptors()
    assert round_trips_as_json(d)
    assert [x["rating"] for x in d["impact"]] == [1, 2, 3, 4, 5]
    assert [x["rating"] for x in d["engagement"]] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "rating, fragment",
    [
        (1, "Overall the service is not materially affected."),
        (3, "Multi agency support is recommended."),
        (4, "Residents are at risk of severe harm. Multi agency support is required."),
        (5, "would not be able to meet core obligations and liabilities."),
    ],
)
def test_welsh_impact_criteria_wording(rating: int, fragment: str) -> None:
    assert fragment in escalating_concerns_descriptors()["impact"][rating - 1]["description"]


@pytest.mark.parametrize(
    "rating, text",
    [
        (1, "Provider has not been notified of concerns, which could be addressed via contract management with support from key agencies."),
        (4, "Provider has been notified of concerns but problems persist."),
        (5, "Provider has been notified of concerns but has not responded."),
    ],
)
def test_welsh_engagement_criteria_wording(rating: int, text: str) -> None:
    assert escalating_concerns_descriptors()["engagement"][rating - 1]["description"] == text


# Default grid (documented interpretation; the coloured grid is lost from the seed text).
WELSH_DEFAULT_GRID = {
    1: ["green", "green", "amber", "amber", "amber"],
    2: ["green", "amber", "amber", "amber", "red"],
    3: ["amber", "amber", "red", "red", "red"],
    4: ["red", "red", "red", "red", "red"],
    5: ["red", "red", "red", "red", "red"],
}
WELSH_CELLS = [
    (impact, engagement, rating)
    for impact, row in WELSH_DEFAULT_GRID.items()
    for engagement, rating in enumerate(row, start=1)
]


@pytest.mark.parametrize(
    "impact, engagement, rating",
    WELSH_CELLS,
    ids=[f"impact_{i}_engagement_{e}_is_{r}" for i, e, r in WELSH_CELLS],
)
def test_welsh_matrix(impact: int, engagement: int, rating: str) -> None:
    result = escalating_concerns_rating(impact, engagement)
    assert result == {"impact": impact, "engagement": engagement, "score": impact * engagement, "rating": rating}


def test_welsh_impact_4_is_red_even_before_the_provider_is_notified() -> None:
    assert escalating_concerns_rating(4, 1)["rating"] == "red"


def test_welsh_impact_override_can_be_switched_off_per_council() -> None:
    assert escalating_concerns_rating(4, 1, {"red_from_impact": None})["rating"] == "amber"
    assert escalating_concerns_rating(5, 2, {"red_from_impact": None})["rating"] == "red"  # score 10


def test_welsh_score_bands_are_configurable_per_council() -> None:
    t = EscalatingConcernsThresholds(amber_from_score=5, red_from_score=15, red_from_impact=5)
    assert escalating_concerns_rating(1, 4, t)["rating"] == "green"
    assert escalating_concerns_rating(1, 5, t)["rating"] == "amber"
    assert escalating_concerns_rating(3, 4, t)["rating"] == "amber"
    assert escalating_concerns_rating(3, 5, t)["rating"] == "red"


def test_welsh_thresholds_amber_above_red_is_refused() -> None:
    with pytest.raises(ValueError, match="amber_from_score must not be above red_from_score"):
        EscalatingConcernsThresholds(amber_from_score=10, red_from_score=9)


def nms(standard: str, impact: int, engagement: int) -> dict[str, Any]:
    return {"standard": standard, "impact": impact, "engagement": engagement}


def test_welsh_one_red_row_recommends_escalating_concerns() -> None:
    result = escalating_concerns_assessment([nms("nms_1", 1, 1), nms("nms_13", 3, 3)])
    assert result["recommendation"] == "red"
    assert result["recommendation_label"] == "Concerns should be addressed under Escalating Concerns (red)"
    assert result["counts"] == {"green": 1, "amber": 0, "red": 1}
    assert result["highest_rating"] == "red"
    assert "nms_13" in result["reasons"][0]
    assert round_trips_as_json(result)


def test_welsh_two_amber_rows_stay_with_contract_management() -> None:
    result = escalating_concerns_assessment([nms("nms_3", 2, 2), nms("nms_9", 1, 3), nms("nms_12", 1, 1)])
    assert result["counts"] == {"green": 1, "amber": 2, "red": 0}
    assert result["recommendation"] == "amber"
    assert result["recommendation_label"] == "Concerns can be addressed via contract management (amber)"


def test_welsh_three_amber_rows_are_accumulating_issues_and_recommend_red() -> None:
    result = escalating_concerns_assessment([nms("nms_3", 2, 2), nms("nms_9", 1, 3), nms("nms_15", 3, 1)])
    assert result["counts"] == {"green": 0, "amber": 3, "red": 0}
    assert result["highest_rating"] == "amber"
    assert result["recommendation"] == "red"
    assert "accumulating issues" in result["reasons"][0]


def test_welsh_all_green_rows_recommend_contract_management() -> None:
    result = escalating_concerns_assessment([nms("nms_1", 1, 1), nms("nms_2", 1, 2)])
    assert result["recommendation"] == "amber"
    assert result["highest_rating"] == "green"


def test_welsh_aggregation_thresholds_are_configurable_per_council() -> None:
    rows = [nms("nms_3", 3, 3), nms("nms_9", 1, 3), nms("nms_15", 2, 2)]  # red, amber, amber
    assert escalating_concerns_assessment(rows, {"red_rows_for_red": 2, "amber_rows_for_red": None})["recommendation"] == "amber"
    assert escalating_concerns_assessment(rows, {"red_rows_for_red": 2, "amber_rows_for_red": 3})["recommendation"] == "red"
    assert escalating_concerns_assessment(rows, {"red_rows_for_red": 2, "amber_rows_for_red": 4})["recommendation"] == "amber"


def test_welsh_assessment_reports_the_thresholds_used() -> None:
    result = escalating_concerns_assessment([nms("nms_1", 1, 1)])
    assert result["thresholds"] == {
        "amber_from_score": 3,
        "red_from_score": 9,
        "red_from_impact": 4,
        "red_rows_for_red": 1,
        "amber_rows_for_red": 3,
        "count_rows_without_further_action": False,
    }
    assert "for guidance only" in result["advisory"]


def test_welsh_same_standard_may_have_several_risk_issues() -> None:
    result = escalating_concerns_assessment([nms("nms_13", 1, 1), nms("nms_13", 2, 2)])
    assert [r["standard"] for r in result["rows"]] == ["nms_13", "nms_13"]


def test_welsh_impact_7_is_refused_naming_the_row() -> None:
    with pytest.raises(ValueError, match=r"impact must be a whole number from 1 to 5, got 7 \(row 'nms_3'\)"):
        escalating_concerns_assessment([nms("nms_1", 1, 1), nms("nms_3", 7, 2)])


def test_welsh_engagement_0_is_refused_naming_the_row() -> None:
    with pytest.raises(ValueError, match=r"engagement must be a whole number from 1 to 5, got 0 \(row 'nms_8'\)"):
        escalating_concerns_assessment([nms("nms_8", 2, 0)])


def test_welsh_row_without_standard_is_refused() -> None:
    with pytest.raises(ValueError, match=r"standard must name the National Minimum Standard.*\(row 2\)"):
        escalating_concerns_assessment([nms("nms_1", 1, 1), nms("  ", 1, 1)])


def test_welsh_row_with_unknown_key_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'likelihood'; missing key\(s\) 'engagement'"):
        escalating_concerns_assessment([{"standard": "nms_1", "impact": 1, "likelihood": 1}])


def test_welsh_assessment_needs_at_least_one_row() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        escalating_concerns_assessment([])
