"""engine.scoring.lancashire_holistic: the Appendix 5 Holistic Risk Assessment Tool's 26 domains (seed 002)."""

from __future__ import annotations

from typing import Any

import pytest

from engine.scoring import (
    HOLISTIC_DOMAINS,
    holistic_assessment,
    holistic_domains,
    risk_level_action,
)
from tests.engine.scoring_support import round_trips_as_json


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
