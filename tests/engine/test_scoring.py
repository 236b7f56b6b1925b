"""Tests for engine.scoring: the scoring tables of the seed procedures.

Expected values are written out literally from the seeds (not recomputed with the same
formula), so a wrong transcription or formula shows up as a failing cell.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine import scoring
from engine.scoring import (
    HOLISTIC_DOMAINS,
    INITIAL_ASSESSMENT_CRITERION_KEYS,
    LSE_FACT_KEYS,
    EscalatingConcernsThresholds,
    InitialAssessmentThresholds,
    LseThresholds,
    assess_risk,
    assess_service_user_and_others,
    escalating_concerns_assessment,
    escalating_concerns_descriptors,
    escalating_concerns_rating,
    highest_risk_level,
    holistic_assessment,
    holistic_domains,
    initial_assessment,
    initial_assessment_criteria,
    initial_assessment_total,
    lse_indicators,
    radar_interventions,
    risk_band,
    risk_descriptors,
    risk_level_action,
    risk_score,
    section_8_actions,
    suggest_initial_assessment_outcome,
    suggest_performance_action,
    suggest_qpip_outcome,
    suggest_radar_outcome,
)


def round_trips_as_json(value: Any) -> bool:
    """True when ``value`` is plain JSON data (tuples or objects would not compare equal)."""
    return json.loads(json.dumps(value)) == value


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
# Lancashire Appendix 4 – Risk Assessment Tool matrix (seed 002)
# =============================================================================================

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


# =============================================================================================
# Lancashire Appendix 5 – Holistic Risk Assessment Tool (seed 002)
# =============================================================================================

SEED_DOMAINS = [
    (1, "Behaviour", "QI or SES SW/SCSW"),
    (2, "Cognition", "QI or SES SW/SCSW"),  # blank in the converted seed: inferred
    (3, "Psychological and Emotional", "QI or SES SW/SCSW"),  # inferred
    (4, "Communication", "QI or SES SW/SCSW"),  # inferred
    (5, "Mobility", "QI or SES SW/SCSO"),
    (6, "Nutrition Food \u2013 Drink", "Health"),
    (7, "Continence", "Health"),
    (8, "Skin including Tissue Viability", "Health"),
    (9, "Breathing", "Health"),
    (10, "Drug therapies and medication including symptom control", "Health"),
    (11, "Altered states of consciousness", "Health"),
    (12, "Pre admission assessment process", "Contracts"),
    (13, "End of Life Care", "Health"),  # seed typo "Heath"
    (14, "Infection Prevention Control", "IPC"),
    (15, "Safeguarding", "SES"),
    (16, "Mental Capacity Act", "Contracts, Safeguarding"),
    (17, "Deprivation of Liberty Safeguards", "Contracts, Safeguarding"),
    (18, "Record Keeping", "Contracts"),
    (19, "Complaints Management", "Contracts"),
    (20, "Access and referral to primary care", "Contracts"),  # seed "Contract"
    (21, "Governance and Management", "Contracts"),
    (22, "Therapeutic Activities including Social Activity", "Contracts"),
    (23, "Staffing", "Contracts"),
    (24, "Staff Training", "Contracts"),
    (25, "Environment and Health and Safety", "Contracts"),
    (26, "Other", None),
]


def test_appendix_5_has_all_26_domains_in_seed_order_with_their_teams() -> None:
    assert len(HOLISTIC_DOMAINS) == 26
    assert [(d["number"], d["label"], d["responsible_team"]) for d in holistic_domains()] == SEED_DOMAINS
    assert [(label, team) for _key, label, team in HOLISTIC_DOMAINS] == [(l, t) for _n, l, t in SEED_DOMAINS]


def test_appendix_5_domain_keys_are_unique_snake_case() -> None:
    keys = [key for key, _label, _team in HOLISTIC_DOMAINS]
    assert len(set(keys)) == 26
    assert all(k.replace("_", "").isalpha() and k == k.lower() for k in keys)


def test_appendix_5_every_domain_but_other_has_a_suggested_team() -> None:
    for key, _label, team in HOLISTIC_DOMAINS:
        if key == "other":
            assert team is None
        else:
            assert team, key


def test_appendix_5_inferred_teams_are_marked() -> None:
    inferred = [d["key"] for d in holistic_domains() if d["team_inferred"]]
    assert inferred == ["cognition", "psychological_and_emotional", "communication"]
    assert round_trips_as_json(holistic_domains())


def holistic_row(domain: str, su: tuple[int, int], others: tuple[int, int], **extra: Any) -> dict[str, Any]:
    return {
        "domain": domain,
        "service_user_impact": su[0],
        "service_user_likelihood": su[1],
        "others_impact": others[0],
        "others_likelihood": others[1],
        **extra,
    }


def test_holistic_assessment_grades_each_domain_for_service_user_and_others() -> None:
    result = holistic_assessment(
        [
            holistic_row("nutrition_food_drink", (3, 4), (2, 2), care_issues="Weight loss not acted on"),
            holistic_row("behaviour", (1, 2), (1, 1)),
        ]
    )
    assert round_trips_as_json(result)
    # seed order, not input order
    assert [d["domain"] for d in result["domains"]] == ["behaviour", "nutrition_food_drink"]
    nutrition = result["domains"][1]
    assert nutrition["number"] == 6
    assert nutrition["label"] == "Nutrition Food \u2013 Drink"
    assert nutrition["responsible_team"] == "Health"
    assert nutrition["care_issues"] == "Weight loss not acted on"
    assert nutrition["service_user"] == {"impact": 3, "likelihood": 4, "score": 12, "level": "high"}
    assert nutrition["other_service_users"] == {"impact": 2, "likelihood": 2, "score": 4, "level": "moderate"}
    assert nutrition["highest_level"] == "high"


def test_holistic_assessment_counts_per_level_and_highest() -> None:
    result = holistic_assessment(
        [
            holistic_row("behaviour", (1, 1), (1, 1)),  # low / low
            holistic_row("mobility", (2, 2), (1, 3)),  # moderate / low
            holistic_row("continence", (2, 5), (5, 3)),  # high / extreme
            holistic_row("staffing", (3, 2), (2, 3)),  # moderate / moderate
        ]
    )
    assert result["domains_assessed"] == 4
    assert result["counts"]["service_user"] == {"low": 1, "moderate": 2, "high": 1, "extreme": 0}
    assert result["counts"]["other_service_users"] == {"low": 2, "moderate": 1, "high": 0, "extreme": 1}
    assert result["counts"]["overall"] == {"low": 1, "moderate": 2, "high": 0, "extreme": 1}
    assert result["highest_level_service_user"] == "high"
    assert result["highest_level_other_service_users"] == "extreme"
    assert result["highest_level"] == "extreme"
    assert result["action"] == risk_level_action("extreme")


def test_holistic_assessment_high_or_extreme_domains_trigger_step_2_immediate_action() -> None:
    result = holistic_assessment(
        [
            holistic_row("safeguarding", (4, 2), (1, 1)),  # service user high
            holistic_row("record_keeping", (2, 3), (2, 3)),  # moderate only
            holistic_row("infection_prevention_control", (1, 1), (4, 4)),  # others extreme
        ]
    )
    assert result["immediate_action_required"] is True
    assert result["immediate_action_domains"] == ["infection_prevention_control", "safeguarding"]


def test_holistic_assessment_without_high_risk_needs_no_immediate_action() -> None:
    result = holistic_assessment([holistic_row("complaints_management", (2, 3), (3, 2))])
    assert result["immediate_action_required"] is False
    assert result["immediate_action_domains"] == []
    assert result["highest_level"] == "moderate"


def test_holistic_assessment_with_no_issues_identified_has_no_level() -> None:
    result = holistic_assessment([])
    assert result["domains"] == []
    assert result["highest_level"] is None
    assert result["action"] is None
    assert result["counts"]["overall"] == {"low": 0, "moderate": 0, "high": 0, "extreme": 0}
    assert result["immediate_action_required"] is False


def test_holistic_assessment_refuses_unknown_domain() -> None:
    with pytest.raises(ValueError, match=r"unknown Appendix 5 domain 'nutrition' \(row 1\); use one of: behaviour"):
        holistic_assessment([holistic_row("nutrition", (1, 1), (1, 1))])


@pytest.mark.parametrize("bad", [None, 6, ["behaviour"]])
def test_holistic_assessment_refuses_a_domain_that_is_not_a_key(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"unknown Appendix 5 domain .* \(row 1\)"):
        holistic_assessment([holistic_row(bad, (1, 1), (1, 1))])


def test_holistic_assessment_refuses_the_same_domain_twice() -> None:
    with pytest.raises(ValueError, match=r"domain 'staffing' appears more than once \(row 2\)"):
        holistic_assessment([holistic_row("staffing", (1, 1), (1, 1)), holistic_row("staffing", (2, 2), (1, 1))])


def test_holistic_assessment_refuses_missing_rating_naming_the_domain() -> None:
    row = holistic_row("breathing", (3, 3), (1, 1))
    del row["others_likelihood"]
    with pytest.raises(ValueError, match=r"row 1, domain 'breathing'.*missing key\(s\) 'others_likelihood'"):
        holistic_assessment([row])


def test_holistic_assessment_refuses_rating_6_naming_row_domain_and_subject() -> None:
    with pytest.raises(
        ValueError,
        match=r"impact must be a whole number from 1 to 5, got 6 \(row 2, domain 'continence', service user\)",
    ):
        holistic_assessment([holistic_row("behaviour", (1, 1), (1, 1)), holistic_row("continence", (6, 1), (1, 1))])


def test_holistic_assessment_refuses_a_single_row_instead_of_a_list() -> None:
    with pytest.raises(ValueError, match="must be a list of rows"):
        holistic_assessment(holistic_row("behaviour", (1, 1), (1, 1)))  # type: ignore[arg-type]


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


# =============================================================================================
# Lancashire section 8 table and decision; Appendix 1 outcomes (seed 002)
# =============================================================================================

SEED_SECTION_8 = {
    "low": ("Performing", [
        "Monitor the situation via routine monitoring arrangements and review within specific timescale.",
        "Increase the frequency of monitoring activity and Contract Review Meetings",
        "Review the risk rating of the Contract",
        "Provide advice and information to the Service to facilitate improvements.",
    ]),
    "moderate": ("Level 1 QPIP", [
        "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
        "timescales for implementation. See Section 9 below for further information on Improvement/Action Plans.",
        "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service for "
        "an individual(s)",
    ]),
    "high": ("Level 2 QPIP (Under-performing)", [
        "Request the removal of specific staff members from direct contact with service users \u2013 as per Contract. "
        "Could be used in cases of suspected abuse, or misconduct.",
        "If the Service is a Care Home, consider changing the fee band or quality incentive to reflect changes in "
        "circumstances, for example, loss of IIP Accreditation",
        "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
        "(Policy/Procedure for Suspension)",
        "Arrange alternative services for existing service users. See Section 10",
        "Cease commissioning new placements to facilitate a planned termination of the contract with the service "
        "provider. See Section 10 below for further information.",
    ]),
    "extreme": ("Serious Concerns", [
        "Validation visit", "Issuing a warning letter to the Service Provider",
        "Issue Default Notice to the Service Provider", "Renegotiation of Contract", "Termination of Contract",
        "Decommissioning",
    ]),
}
SECTION_8_CELLS = [(level, screening, action) for level, (screening, actions) in SEED_SECTION_8.items()
                   for action in actions]


@pytest.mark.parametrize("level, screening, action", SECTION_8_CELLS,
                         ids=[f"{lvl}_{i}" for i, (lvl, _s, _a) in enumerate(SECTION_8_CELLS)])
def test_section_8_table_cell(level: str, screening: str, action: str) -> None:
    rows = section_8_actions(level)
    assert {"risk_level": level, "screening": screening, "action": action} in [
        {k: r[k] for k in ("risk_level", "screening", "action")} for r in rows]


def test_section_8_table_has_seventeen_rows_in_seed_order() -> None:
    assert [r[3] for r in scoring.SECTION_8_ACTIONS] == [a for _l, _s, a in SECTION_8_CELLS]
    assert round_trips_as_json(section_8_actions("high"))


@pytest.mark.parametrize("level, action", [("low", "routine_monitoring"), ("moderate", "level_1_qpip"),
                                           ("high", "level_2_qpip"), ("extreme", "level_2_qpip")])
def test_section_8_suggests_an_action_for_every_risk_level(level: str, action: str) -> None:
    result = suggest_performance_action(level)
    assert result["action"] == action
    assert result["section_8_actions"] == section_8_actions(level)
    assert round_trips_as_json(result)


@pytest.mark.parametrize("level, recalled, action", [
    ("low", True, "routine_monitoring"), ("moderate", True, "level_2_qpip"), ("moderate", False, "level_1_qpip"),
    ("high", True, "level_2_qpip"), ("extreme", True, "level_2_qpip"),
])
def test_appendix_1_a_provider_called_in_again_within_12_months_goes_to_level_2(level: str, recalled: bool, action: str) -> None:
    result = suggest_performance_action(level, called_in_again_within_12_months=recalled)
    assert result["action"] == action
    assert any("12 months" in r for r in result["reasons"]) == (recalled and level == "moderate")


@pytest.mark.parametrize("recommendation, recalled, action", [
    ("suspension", False, "suspension"), ("level_1_qpip", False, "level_1_qpip"), ("level_2_qpip", False, "level_2_qpip"),
    ("level_1_qpip", True, "level_2_qpip"), ("suspension", True, "suspension"),
])
def test_radar_recommendation_is_the_suggestion(recommendation: str, recalled: bool, action: str) -> None:
    result = suggest_performance_action("low", radar_recommendation=recommendation,
                                        called_in_again_within_12_months=recalled)
    assert result["action"] == action
    assert result["reasons"][0].startswith("Radar recommended")


def test_a_council_may_map_risk_levels_to_its_own_actions() -> None:
    assert suggest_performance_action("moderate", action_by_risk_level={"moderate": "enhanced_monitoring"})["action"] == \
        "enhanced_monitoring"
    with pytest.raises(ValueError, match=r"action_by_risk_level\['low'\] must be one of"):
        suggest_performance_action("low", action_by_risk_level={"low": "ignore"})


def test_suggest_performance_action_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="needs a risk_level or a radar_recommendation"):
        suggest_performance_action()
    with pytest.raises(ValueError, match="radar_recommendation must be one of"):
        suggest_performance_action(radar_recommendation="level_3")
    with pytest.raises(ValueError, match="risk level must be one of"):
        suggest_performance_action("severe")
    with pytest.raises(ValueError, match="must be true or false"):
        suggest_performance_action("low", called_in_again_within_12_months=1)  # type: ignore[arg-type]


QPIP_CELLS = [
    (1, "good_progress", "no_further_action"), (1, "some_progress", "monitor_at_level_0"),
    (1, "little_progress", "escalate_to_level_2"),
    (2, "good_progress", "de_escalate_and_end"), (2, "some_progress", "continue_monitoring"),
    (2, "little_progress", "escalate_to_level_3"),
]


@pytest.mark.parametrize("level, progress, outcome", QPIP_CELLS)
def test_appendix_1_outcome_suggested_from_progress(level: int, progress: str, outcome: str) -> None:
    assert suggest_qpip_outcome(level, progress) == outcome
    keys = [k for k, _ in (scoring.LEVEL_1_OUTCOMES if level == 1 else scoring.LEVEL_2_OUTCOMES)]
    assert outcome in keys


def test_appendix_1_outcomes_are_the_seeds() -> None:
    assert [k for k, _ in scoring.LEVEL_1_OUTCOMES] == ["no_further_action", "monitor_at_level_0", "escalate_to_level_2"]
    assert [k for k, _ in scoring.LEVEL_2_OUTCOMES] == ["de_escalate_and_end", "continue_monitoring",
                                                        "provider_decides_to_close", "escalate_to_level_3"]
    assert "Chair requires further monitoring at level 0" in dict(scoring.LEVEL_1_OUTCOMES)["monitor_at_level_0"]
    assert "provider decides to close" in dict(scoring.LEVEL_2_OUTCOMES)["provider_decides_to_close"]


@pytest.mark.parametrize("level, progress", [(3, "good_progress"), (0, "good_progress"), (True, "good_progress"),
                                             (1, "no_progress")])
def test_suggest_qpip_outcome_refuses_bad_input(level: Any, progress: str) -> None:
    with pytest.raises(ValueError):
        suggest_qpip_outcome(level, progress)


# =============================================================================================
# Lancashire Radar menu of interventions (seed 000)
# =============================================================================================

SEED_RADAR_MENU = {
    "no_low": ["routine_monitoring"],
    "low_moderate": ["review_risk_rating", "advice_and_information", "nhs_or_ipc_support", "early_provider_meeting",
                     "request_action_plan"],
    "moderate": ["targeted_monitoring"],
    "high_extreme": ["enhanced_monitoring", "reassess_service_users", "operational_task_group",
                     "remove_staff_from_contact", "suspend_new_placements", "seek_legal_advice", "validation_visit"],
    "extreme": ["breach_or_default_notice", "renegotiation", "termination", "decommissioning"],
}


@pytest.mark.parametrize("level, keys", SEED_RADAR_MENU.items())
def test_radar_menu_of_interventions_per_level(level: str, keys: list[str]) -> None:
    assert [i["key"] for i in radar_interventions(level)] == keys


@pytest.mark.parametrize("key, text", [
    ("routine_monitoring", "Monitor the situation via routine monitoring arrangements and review within specific "
                           "timescales \u2013 this may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. "
                           "undertaking contract reviews, quality or compliance visit."),
    ("nhs_or_ipc_support", "Request additional support/intervention from NHS Services, LCC infection prevention visit/audit."),
    ("operational_task_group", "Establish an operational task group to sample check, gather information or undertake a "
                               "targeted intervention with the provider."),
    ("seek_legal_advice", "Seek legal advice if the provider is not engaging to make improvements and there is potential "
                          "for breach/default notice."),
    ("breach_or_default_notice", "Request a contract breach/default notice to be issued to the provider if there are "
                                 "significant concerns with safety and quality or services are in breach of their contract"),
])
def test_radar_menu_wording_is_the_seeds(key: str, text: str) -> None:
    assert dict((k, t) for k, _lvl, t in scoring.RADAR_INTERVENTIONS)[key] == text


@pytest.mark.parametrize("level, outcome", [("no_low", "remove"), ("low_moderate", "remove"), ("moderate", "remain"),
                                            ("high_extreme", "remain"), ("extreme", "remain")])
def test_radar_low_to_moderate_risk_suggests_removal(level: str, outcome: str) -> None:
    assert suggest_radar_outcome(level) == outcome


def test_radar_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="Radar risk level must be one of"):
        radar_interventions("high")
    with pytest.raises(ValueError, match="Radar risk level must be one of"):
        suggest_radar_outcome("low")


# =============================================================================================
# Western Bay (Wales) – Appendix 2 risk assessment, Risk Rating Matrix (seed 004)
# =============================================================================================


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


# =============================================================================================
# Staffordshire paragraph 9.5 – Large Scale Enquiry factors (seed 001)
# =============================================================================================


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


# =============================================================================================
# Public surface
# =============================================================================================


def test_all_lists_only_names_that_exist() -> None:
    for name in scoring.__all__:
        assert hasattr(scoring, name), name


def test_scoring_modules_import_only_the_standard_library_and_each_other() -> None:
    import ast
    import sys
    from pathlib import Path

    modules = set()
    for path in Path(scoring.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules
