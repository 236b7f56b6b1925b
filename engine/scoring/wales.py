"""Western Bay (Wales) Escalating Concerns: Appendix 2 risk assessment and the Risk Rating Matrix (seed 004)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .common import _check_keys, _describe, _int_setting, _list_of_rows, _mapping, _rating, _thresholds

__all__ = [
    "EC_IMPACT_CRITERIA",
    "EC_ENGAGEMENT_CRITERIA",
    "EC_RATINGS",
    "EC_RECOMMENDATIONS",
    "EscalatingConcernsThresholds",
    "escalating_concerns_descriptors",
    "escalating_concerns_rating",
    "escalating_concerns_assessment",
]

# ---------------------------------------------------------------------------------------------
# Western Bay (Wales) – Appendix 2 risk assessment and Risk Rating Matrix
# ---------------------------------------------------------------------------------------------

#: "Impact Criteria" of the Risk Rating Matrix (seed 004), rating 1-5 -> the seed's sentences.
EC_IMPACT_CRITERIA: dict[int, tuple[str, ...]] = {
    1: (
        "Overall the service is not materially affected.",
        "Quality of life is not significantly affected.",
        "Residents are not at risk of harm.",
        "Care managers can maintain quality of care with support from contract management.",
    ),
    2: (
        "Some aspects of the service are compromised.",
        "Quality of life is not significantly affected.",
        "Residents are not at risk of significant harm.",
        "Care manager can maintain quality of care with support from contract management.",
    ),
    3: (
        "The service is compromised to a significant extent.",
        "Quality of life is affected.",
        "Residents may be at risk of harm.",
        "Multi agency support is recommended.",
    ),
    4: (
        "The service is severely affected and maybe unable to meet a large proportion of its obligations and "
        "liabilities.",
        "Quality of life is significantly affected.",
        "Residents are at risk of severe harm.",
        "Multi agency support is required.",
    ),
    5: (
        # The first sentence is split over two table rows in the converted seed; rejoined.
        "Operational performance of the provider would be compromised to the extent it would not be able to meet "
        "core obligations and liabilities.",
        "Major adverse repercussions for clients making care unsustainable or unsafe.",
        "Provider maybe unable to recover or continue to be viable.",
    ),
}

#: "Engagement Criteria" of the Risk Rating Matrix (seed 004), rating 1-5.
EC_ENGAGEMENT_CRITERIA: dict[int, str] = {
    1: "Provider has not been notified of concerns, which could be addressed via contract management with support "
    "from key agencies.",
    2: "Provider has been notified of concerns and is taking action. No further problems have arisen since "
    "notification.",
    3: "Provider has been notified of concerns and is taking action but concerns exist about Provider's capacity to "
    "achieve timely change without multi agency support.",
    4: "Provider has been notified of concerns but problems persist.",
    5: "Provider has been notified of concerns but has not responded.",
}

#: Row ratings, lowest first. Only "amber" and "red" are named in the seed (Step 4); "green" is
#: this module's name for a row that on its own calls for no more than routine monitoring.
EC_RATINGS: tuple[str, ...] = ("green", "amber", "red")

#: The two aggregate recommendations of Appendix 2 Step 4 (seed wording).
EC_RECOMMENDATIONS: dict[str, str] = {
    "amber": "Concerns can be addressed via contract management (amber)",
    "red": "Concerns should be addressed under Escalating Concerns (red)",
}


@dataclass(frozen=True)
class EscalatingConcernsThresholds:
    """How the Western Bay Risk Rating Matrix rates a row and aggregates rows (seed 004, Appendix 2).

    INTERPRETATION: the seed's text keeps the matrix's title and its "Impact Criteria" and
    "Engagement Criteria" tables, but the coloured grid itself did not survive the PDF
    conversion, and Step 4 leaves the aggregation to judgement ("The risk matrix is for guidance
    only. Final decisions may be influenced by other factors, e.g. the total number of aggregated
    concerns"). Every value here is therefore a **default, configurable per council**.

    Row rating, from score = impact x engagement:

    * ``red`` when impact >= ``red_from_impact`` (default 4: the impact criteria for 4 and 5 say
      "Multi agency support is required" / care "unsustainable or unsafe", and section 4.2 allows
      Escalating Concerns for serious concerns without prior interaction with the provider), or
      when score >= ``red_from_score`` (default 9: e.g. impact 3 "multi agency support is
      recommended" with engagement 3 "concerns ... about Provider's capacity to achieve timely change
      without multi agency support"; impact 2 with a provider that "has not responded");
    * ``amber`` when score >= ``amber_from_score`` (default 3);
    * otherwise ``green`` (score 1-2: impact 1 with engagement 1-2, impact 2 with engagement 1).

    Default grid (impact down, engagement across)::

        impact 1: green green amber amber amber
        impact 2: green amber amber amber red
        impact 3: amber amber red   red   red
        impact 4: red   red   red   red   red
        impact 5: red   red   red   red   red

    Aggregate recommendation (Step 4): ``red`` when at least ``red_rows_for_red`` rows are red
    (default 1), or at least ``amber_rows_for_red`` rows are amber or red (default 3 – the
    "accumulating issues" trigger of section 4 / 4.1; None switches it off); otherwise ``amber``.
    """

    amber_from_score: int = 3
    red_from_score: int = 9
    red_from_impact: int | None = 4
    red_rows_for_red: int = 1
    amber_rows_for_red: int | None = 3

    def __post_init__(self) -> None:
        _int_setting(self.amber_from_score, "amber_from_score", 1, 25)
        _int_setting(self.red_from_score, "red_from_score", 1, 25)
        _int_setting(self.red_from_impact, "red_from_impact", 1, 5, allow_none=True)
        _int_setting(self.red_rows_for_red, "red_rows_for_red", 1, 1000)
        _int_setting(self.amber_rows_for_red, "amber_rows_for_red", 1, 1000, allow_none=True)
        if self.amber_from_score > self.red_from_score:
            raise ValueError(
                "threshold amber_from_score must not be above red_from_score, got "
                f"{self.amber_from_score} and {self.red_from_score}"
            )


def escalating_concerns_descriptors() -> dict[str, Any]:
    """Western Bay Risk Rating Matrix criteria as plain data for forms (seed 004): ``{"impact":
    [{"rating", "description"}], "engagement": [...]}``, where impact descriptions join the
    seed's sentences with spaces."""
    return {
        "impact": [{"rating": r, "description": " ".join(EC_IMPACT_CRITERIA[r])} for r in range(1, 6)],
        "engagement": [{"rating": r, "description": EC_ENGAGEMENT_CRITERIA[r]} for r in range(1, 6)],
    }


def _ec_rate(impact: Any, engagement: Any, t: EscalatingConcernsThresholds, where: str | None) -> dict[str, Any]:
    _rating(impact, "impact", where, hint="use the Impact Criteria rating 1-5 of the Risk Rating Matrix")
    _rating(engagement, "engagement", where, hint="use the Engagement Criteria rating 1-5 of the Risk Rating Matrix")
    score = impact * engagement
    if (t.red_from_impact is not None and impact >= t.red_from_impact) or score >= t.red_from_score:
        rating = "red"
    elif score >= t.amber_from_score:
        rating = "amber"
    else:
        rating = "green"
    return {"impact": impact, "engagement": engagement, "score": score, "rating": rating}


def escalating_concerns_rating(
    impact: int,
    engagement: int,
    thresholds: EscalatingConcernsThresholds | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Rate one risk issue with the Western Bay Risk Rating Matrix (seed 004, Appendix 2 Step 3).

    Returns ``{"impact", "engagement", "score", "rating"}`` with score = impact x engagement and
    rating ``green``/``amber``/``red`` per ``EscalatingConcernsThresholds`` (default, configurable
    per council).
    """
    t = _thresholds(EscalatingConcernsThresholds, thresholds, "escalating concerns thresholds")
    return _ec_rate(impact, engagement, t, None)


def escalating_concerns_assessment(
    rows: Sequence[Mapping[str, Any]],
    thresholds: EscalatingConcernsThresholds | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Western Bay Appendix 2 risk assessment: rate each National Minimum Standard row and
    aggregate them into ``amber`` (contract management) or ``red`` (Escalating Concerns) (seed 004,
    Appendix 2 Steps 3-4).

    Each row is ``{"standard": str, "impact": 1-5, "engagement": 1-5}``; ``standard`` names the
    National Minimum Standard (e.g. ``"nms_3"``) and may repeat when one standard has several
    risk issues. At least one row is required.

    Returns ``{"rows": [...], "counts": {"green", "amber", "red"}, "highest_rating",
    "recommendation", "recommendation_label", "reasons", "thresholds", "advisory"}``.
    """
    t = _thresholds(EscalatingConcernsThresholds, thresholds, "escalating concerns thresholds")
    rows = _list_of_rows(rows, "escalating concerns rows")
    if not rows:
        raise ValueError(
            "the Appendix 2 risk assessment needs at least one row (one per National Minimum Standard risk issue), "
            "got none"
        )
    rated = []
    for index, row in enumerate(rows):
        where = f"row {index + 1}"
        row = _mapping(row, "each escalating concerns row", where)
        standard = row.get("standard")
        if isinstance(standard, str) and standard.strip():
            where = f"row {standard!r}"
        _check_keys(row, required=("standard", "impact", "engagement"), what="escalating concerns row", where=where)
        if not isinstance(standard, str) or not standard.strip():
            raise ValueError(
                f"standard must name the National Minimum Standard, e.g. 'nms_3', got {_describe(standard)} "
                f"(row {index + 1})"
            )
        rated.append({"standard": standard, **_ec_rate(row["impact"], row["engagement"], t, where)})

    counts = {rating: 0 for rating in EC_RATINGS}
    for r in rated:
        counts[r["rating"]] += 1
    highest = max((r["rating"] for r in rated), key=EC_RATINGS.index)

    reasons = []
    if counts["red"] >= t.red_rows_for_red:
        reds = ", ".join(r["standard"] for r in rated if r["rating"] == "red")
        reasons.append(f"{counts['red']} row(s) rated red ({reds}); {t.red_rows_for_red} or more means red")
    amber_or_red = counts["amber"] + counts["red"]
    if t.amber_rows_for_red is not None and amber_or_red >= t.amber_rows_for_red:
        reasons.append(
            f"{amber_or_red} row(s) rated amber or red: accumulating issues; {t.amber_rows_for_red} or more means red"
        )
    recommendation = "red" if reasons else "amber"
    if not reasons:
        reasons.append(
            f"{counts['red']} red row(s) (fewer than {t.red_rows_for_red}) and {amber_or_red} amber or red row(s)"
            + (f" (fewer than {t.amber_rows_for_red})" if t.amber_rows_for_red is not None else "")
        )
    return {
        "rows": rated,
        "counts": counts,
        "highest_rating": highest,
        "recommendation": recommendation,
        "recommendation_label": EC_RECOMMENDATIONS[recommendation],
        "reasons": reasons,
        "thresholds": asdict(t),
        "advisory": (
            "The risk matrix is for guidance only. Final decisions may be influenced by other factors, e.g. the "
            "total number of aggregated concerns or required timescales for achieving change. Where the outcome "
            "of the risk assessment process is inconclusive, decisions on appropriate course of action can be "
            "referred to the Escalating Concerns Coordination Group for final decision."
        ),
    }
