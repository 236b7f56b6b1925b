"""engine.scoring.lancashire_assessment: Appendix 3 Initial Assessment of Concerns and the section 6 outcomes (seed 002)."""

from __future__ import annotations

from typing import Any

import pytest

from engine import scoring
from engine.scoring import (
    INITIAL_ASSESSMENT_CRITERION_KEYS,
    InitialAssessmentThresholds,
    initial_assessment,
    initial_assessment_criteria,
    initial_assessment_total,
    suggest_initial_assessment_outcome,
)
from tests.engine.scoring_support import round_trips_as_json


# =============================================================================================
# Lancashire Appendix 3 – Initial Assessment of Concerns (seed 002)
# =============================================================================================

SEED_CRITERIA_IN_ORDER = [
    (2, "people_affected", "How many people does the concern affect?"),
    (3, "last_regulator_inspection", "How long has it been since the service was last inspected by CQC or regulator?"),
    (4, "last_monitoring_visit", "How long has it been since the service was last subject to a monitoring visit?"),
    (5, "previous_isolated_incidents", "Have there been previous isolated incidents?"),
    (6, "history_of_underperformance", "Is there a history of underperformance?"),
    (7, "history_of_serious_concerns", "Is there a history of serious concerns about the service provider?"),
    (8, "known_concern", "Is there any known concern about the service provider?"),
    (9, "impact_of_doing_nothing", "What would be the impact of doing nothing at this stage?"),
]


def scores_totalling(total: int) -> dict[str, int]:
    """Eight criterion scores (1-5) that add up to ``total`` (8-40)."""
    assert 8 <= total <= 40
    extra = total - 8
    scores = {}
    for key in INITIAL_ASSESSMENT_CRITERION_KEYS:
        add = min(4, extra)
        scores[key] = 1 + add
        extra -= add
    return scores


def all_scores(value: int) -> dict[str, int]:
    return {key: value for key in INITIAL_ASSESSMENT_CRITERION_KEYS}


def test_appendix_3_has_the_eight_scored_criteria_2_to_9_in_seed_order() -> None:
    criteria = initial_assessment_criteria()
    assert [(c["number"], c["key"], c["question"]) for c in criteria] == SEED_CRITERIA_IN_ORDER
    assert list(INITIAL_ASSESSMENT_CRITERION_KEYS) == [key for _n, key, _q in SEED_CRITERIA_IN_ORDER]


def test_appendix_3_nature_of_concern_is_not_scored() -> None:
    assert all("nature" not in c["question"].lower() for c in initial_assessment_criteria())


def test_appendix_3_every_criterion_offers_scores_5_down_to_1() -> None:
    for criterion in initial_assessment_criteria():
        assert [o["score"] for o in criterion["options"]] == [5, 4, 3, 2, 1], criterion["key"]
        assert all(o["label"] for o in criterion["options"])


@pytest.mark.parametrize(
    "key, score, label",
    [
        ("people_affected", 5, "All staff and service users"),
        ("people_affected", 1, "A single staff member"),
        ("last_regulator_inspection", 5, "Never/ Don't know"),
        ("last_monitoring_visit", 1, "Within the last few months"),
        ("previous_isolated_incidents", 5, "4 or more in the last 12 months"),
        ("previous_isolated_incidents", 4, "No more than 3 in the last 6 months"),
        ("history_of_underperformance", 4, "Judged to be underperforming at least twice in the last 12 months"),
        ("history_of_serious_concerns", 3, "Not judged to be serious concerns in the last year"),
        ("known_concern", 5, "Significant public or internal concern"),
        ("known_concern", 2, "A little internal concern"),
        ("impact_of_doing_nothing", 5, "Possible death of or injury to a service user"),
        ("impact_of_doing_nothing", 2, "Organisation reputational risk."),
    ],
)
def test_appendix_3_option_wording_is_the_seeds(key: str, score: int, label: str) -> None:
    criterion = next(c for c in initial_assessment_criteria() if c["key"] == key)
    assert {"score": score, "label": label} in criterion["options"]


def test_appendix_3_criteria_are_plain_json_for_forms() -> None:
    assert round_trips_as_json(initial_assessment_criteria())


def test_appendix_3_lowest_possible_total_is_8() -> None:
    assert initial_assessment_total(all_scores(1)) == 8


def test_appendix_3_highest_possible_total_is_40() -> None:
    assert initial_assessment_total(all_scores(5)) == 40


def test_appendix_3_total_adds_each_criterion_score() -> None:
    scores = dict(zip(INITIAL_ASSESSMENT_CRITERION_KEYS, [4, 3, 2, 3, 3, 3, 4, 4]))
    assert initial_assessment_total(scores) == 26


def test_appendix_3_missing_criterion_is_refused_naming_it() -> None:
    scores = all_scores(3)
    del scores["known_concern"]
    with pytest.raises(ValueError, match=r"missing key\(s\) 'known_concern'"):
        initial_assessment_total(scores)


def test_appendix_3_unknown_criterion_is_refused_naming_it() -> None:
    scores = all_scores(3) | {"nature_of_concern": 3}
    with pytest.raises(ValueError, match=r"unknown key\(s\) 'nature_of_concern'.*The keys are: people_affected"):
        initial_assessment_total(scores)


@pytest.mark.parametrize("bad", [0, 6, -1, True, "3", 2.5, None])
def test_appendix_3_score_outside_1_to_5_is_refused_with_where(bad: Any) -> None:
    scores = all_scores(3) | {"previous_isolated_incidents": bad}
    with pytest.raises(ValueError, match=r"score must be a whole number from 1 to 5, got .*criterion 5 'previous_isolated_incidents'"):
        initial_assessment_total(scores)


def test_appendix_3_scores_must_be_a_dictionary() -> None:
    with pytest.raises(ValueError, match="must be a dictionary"):
        initial_assessment_total([3] * 8)  # type: ignore[arg-type]


# Default thresholds (the seed leaves them to judgement): 8-15, 16-23, 24-31, 32-40.
@pytest.mark.parametrize(
    "total, outcome",
    [
        (8, "not_sufficient"),
        (15, "not_sufficient"),
        (16, "monitor"),
        (23, "monitor"),
        (24, "refer_to_radar"),
        (31, "refer_to_radar"),
        (32, "implement_procedure"),
        (40, "implement_procedure"),
    ],
    ids=lambda v: str(v),
)
def test_section_6_default_outcome_at_each_boundary(total: int, outcome: str) -> None:
    assert suggest_initial_assessment_outcome(total) == outcome
    assert initial_assessment(scores_totalling(total))["outcome"] == outcome


def test_section_6_total_of_15_is_not_sufficient_and_16_is_monitor() -> None:
    assert suggest_initial_assessment_outcome(15) == "not_sufficient"
    assert suggest_initial_assessment_outcome(16) == "monitor"


def test_section_6_inconclusive_total_refers_to_radar() -> None:
    result = initial_assessment(scores_totalling(27))
    assert result["outcome"] == "refer_to_radar"
    assert "RADAR meetings" in result["outcome_label"]


def test_section_6_outcome_labels_are_the_seeds_four_outcomes() -> None:
    assert [key for key, _ in scoring.INITIAL_ASSESSMENT_OUTCOMES] == [
        "not_sufficient",
        "monitor",
        "refer_to_radar",
        "implement_procedure",
    ]
    labels = dict(scoring.INITIAL_ASSESSMENT_OUTCOMES)
    assert labels["not_sufficient"].startswith("The extent of the poor performance is not sufficient")
    assert "monthly and quarterly provider returns" in labels["monitor"]
    assert "sufficient to warrant implementing poor performance and quality procedures" in labels["implement_procedure"]


@pytest.mark.parametrize(
    "total, outcome",
    [(11, "not_sufficient"), (12, "monitor"), (19, "monitor"), (20, "refer_to_radar"), (27, "refer_to_radar"), (28, "implement_procedure")],
)
def test_section_6_thresholds_are_configurable_per_council_as_a_dict(total: int, outcome: str) -> None:
    council = {"monitor_from": 12, "refer_to_radar_from": 20, "implement_procedure_from": 28}
    assert suggest_initial_assessment_outcome(total, council) == outcome


def test_section_6_thresholds_accept_a_partial_dict_over_the_defaults() -> None:
    assert suggest_initial_assessment_outcome(30, {"implement_procedure_from": 30}) == "implement_procedure"
    assert suggest_initial_assessment_outcome(29, {"implement_procedure_from": 30}) == "refer_to_radar"


def test_section_6_thresholds_accept_the_dataclass() -> None:
    t = InitialAssessmentThresholds(monitor_from=10, refer_to_radar_from=20, implement_procedure_from=20)
    assert suggest_initial_assessment_outcome(19, t) == "monitor"
    assert suggest_initial_assessment_outcome(20, t) == "implement_procedure"  # radar band switched off


def test_section_6_thresholds_must_not_decrease() -> None:
    with pytest.raises(ValueError, match="must not decrease"):
        InitialAssessmentThresholds(monitor_from=20, refer_to_radar_from=18)


@pytest.mark.parametrize("bad", [{"monitor_from": 8}, {"implement_procedure_from": 41}, {"monitor_from": "16"}])
def test_section_6_thresholds_out_of_range_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError, match="must be a whole number from 9 to 40"):
        suggest_initial_assessment_outcome(20, bad)


def test_section_6_unknown_threshold_setting_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown setting\(s\) 'radar_from'"):
        suggest_initial_assessment_outcome(20, {"radar_from": 20})


@pytest.mark.parametrize("bad", [7, 41, 0, True, "20"])
def test_section_6_total_outside_8_to_40_is_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match="total must be a whole number from 8 to 40"):
        suggest_initial_assessment_outcome(bad)


def test_initial_assessment_result_is_plain_json_with_scores_total_and_thresholds() -> None:
    scores = scores_totalling(33)
    result = initial_assessment(scores)
    assert round_trips_as_json(result)
    assert result["scores"] == scores
    assert result["total"] == 33
    assert result["outcome"] == "implement_procedure"
    assert result["thresholds"] == {"monitor_from": 16, "refer_to_radar_from": 24, "implement_procedure_from": 32,
                                    "critical_answers": {"impact_of_doing_nothing": 5},
                                    "critical_outcome": "implement_procedure"}


def test_a_possible_death_or_injury_is_never_outweighed_by_a_low_total() -> None:
    scores = all_scores(1) | {"impact_of_doing_nothing": 5}
    result = initial_assessment(scores)
    assert result["total"] == 12
    assert (result["outcome_by_total"], result["outcome"]) == ("not_sufficient", "implement_procedure")
    assert result["criteria_scored_5"] == ["impact_of_doing_nothing"]
    assert "Possible death of or injury to a service user" in result["rests_on"]


# =============================================================================================
# Lancashire Appendix 3 – every cell of the printed table (seed 002)
# =============================================================================================

# Criterion number, key, then the five printed rows, score 5 down to 1, written out from the seed.
SEED_APPENDIX_3 = [
    (2, "people_affected", ["All staff and service users", "A number of service users", "A single service user",
                            "A number of staff", "A single staff member"]),
    (3, "last_regulator_inspection", ["Never/ Don't know", "More than 2 years", "Within the last 2 years",
                                      "Within the last year", "Within the last few months"]),
    (4, "last_monitoring_visit", ["Never/ Don't know", "More than 2 years", "Within the last 2 years",
                                  "Within the last year", "Within the last few months"]),
    (5, "previous_isolated_incidents", ["4 or more in the last 12 months", "No more than 3 in the last 6 months",
                                        "No more than 3 in the last 12 months", "None in the last 6 months",
                                        "None in the last 12 months"]),
    (6, "history_of_underperformance", ["Judged to be underperforming in the last 6 months",
                                        "Judged to be underperforming at least twice in the last 12 months",
                                        "Not judged to be underperforming in the last year",
                                        "Not judged to be underperforming in the last 2 years", "No underperformance"]),
    (7, "history_of_serious_concerns", ["Judged to be serious concerns in the last 6 months",
                                        "Judged to be serious concerns at least twice in the last 12 months",
                                        "Not judged to be serious concerns in the last year",
                                        "Not judged to be underperforming in the last 2 years", "No underperformance"]),
    (8, "known_concern", ["Significant public or internal concern", "Some public or internal concern",
                          "A little public concern", "A little internal concern", "None"]),
    (9, "impact_of_doing_nothing", ["Possible death of or injury to a service user",
                                    "Threat to wellbeing of a group of service users or staff.",
                                    "Threat to wellbeing of single service user", "Organisation reputational risk.",
                                    "Little or no impact."]),
]
APPENDIX_3_CELLS = [
    (number, key, 5 - i, label) for number, key, labels in SEED_APPENDIX_3 for i, label in enumerate(labels)
]


@pytest.mark.parametrize(
    "number, key, score, label",
    APPENDIX_3_CELLS,
    ids=[f"criterion_{n}_{k}_scores_{s}" for n, k, s, _l in APPENDIX_3_CELLS],
)
def test_appendix_3_cell(number: int, key: str, score: int, label: str) -> None:
    criterion = next(c for c in initial_assessment_criteria() if c["key"] == key)
    assert criterion["number"] == number
    assert {"score": score, "label": label} in criterion["options"]
    # the cell's score counts in the total: this criterion at `score`, every other at 1
    scores = all_scores(1) | {key: score}
    assert initial_assessment_total(scores) == 7 + score


def test_appendix_3_has_forty_cells() -> None:
    assert len(APPENDIX_3_CELLS) == 40
    assert sum(len(c["options"]) for c in initial_assessment_criteria()) == 40
