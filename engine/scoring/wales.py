"""Western Bay (Wales) Escalating Concerns: Appendix 2 risk assessment and the Risk Rating Matrix (seed 004)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .action_plans import done_and_evidenced, evidenced_progress_level
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
    "escalating_concerns_grid",
    "EC_PROGRESS_RECOMMENDATIONS",
    "escalating_concerns_progress",
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
    #: Appendix 2's "Is further action required? Yes / No" column: a row answered "no" is one the
    #: home has addressed (the last column asks "has the care home addressed the concerns"), so it
    #: is rated and shown but left out of the aggregate unless the council counts it.
    count_rows_without_further_action: bool = False

    def __post_init__(self) -> None:
        _int_setting(self.amber_from_score, "amber_from_score", 1, 25)
        _int_setting(self.red_from_score, "red_from_score", 1, 25)
        _int_setting(self.red_from_impact, "red_from_impact", 1, 5, allow_none=True)
        _int_setting(self.red_rows_for_red, "red_rows_for_red", 1, 1000)
        _int_setting(self.amber_rows_for_red, "amber_rows_for_red", 1, 1000, allow_none=True)
        if not isinstance(self.count_rows_without_further_action, bool):
            raise ValueError(
                "threshold count_rows_without_further_action must be true or false, got "
                f"{_describe(self.count_rows_without_further_action)}"
            )
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


def escalating_concerns_grid(
    thresholds: EscalatingConcernsThresholds | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The council's Risk Rating Matrix as the meeting sees it: the 5 x 5 grid (impact down,
    engagement across) and, in words, the settings it comes from (``processes/tenants.toml``)."""
    t = _thresholds(EscalatingConcernsThresholds, thresholds, "escalating concerns thresholds")
    grid = [
        {"impact": i, "ratings": [_ec_rate(i, e, t, None)["rating"] for e in range(1, 6)]} for i in range(1, 6)
    ]
    red_by = f"impact {t.red_from_impact} or more, or " if t.red_from_impact is not None else ""
    basis = [
        f"A row is red when {red_by}impact x engagement is {t.red_from_score} or more; amber when the score is "
        f"{t.amber_from_score} or more; otherwise green.",
        f"Overall red when {t.red_rows_for_red} or more rows are red"
        + (f", or {t.amber_rows_for_red} or more rows are amber or red" if t.amber_rows_for_red is not None else "")
        + "; otherwise amber.",
        "Rows where no further action is required are "
        + ("counted" if t.count_rows_without_further_action else "shown but left out of the overall level")
        + ".",
        "These thresholds are the council's reading of the Risk Rating Matrix (the seed's coloured grid did not "
        "survive), set in processes/tenants.toml.",
    ]
    return {"grid": grid, "basis": basis, "thresholds": asdict(t)}


def _rate_rows(rows: Any, t: EscalatingConcernsThresholds) -> list[dict[str, Any]]:
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
        _check_keys(row, required=("standard", "impact", "engagement"), optional=("further_action_required",),
                    what="escalating concerns row", where=where)
        if not isinstance(standard, str) or not standard.strip():
            raise ValueError(
                f"standard must name the National Minimum Standard, e.g. 'nms_3', got {_describe(standard)} "
                f"(row {index + 1})"
            )
        further = row.get("further_action_required", "yes")
        if further not in ("yes", "no"):
            raise ValueError(f"further_action_required must be 'yes' or 'no', got {_describe(further)} ({where})")
        counted = further == "yes" or t.count_rows_without_further_action
        rated.append({"standard": standard, **_ec_rate(row["impact"], row["engagement"], t, where),
                      "further_action_required": further, "in_aggregate": counted})
    return rated


def escalating_concerns_assessment(
    rows: Sequence[Mapping[str, Any]],
    thresholds: EscalatingConcernsThresholds | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Western Bay Appendix 2 risk assessment: rate each National Minimum Standard row and
    aggregate them into ``amber`` (contract management) or ``red`` (Escalating Concerns) (seed 004,
    Appendix 2 Steps 3-4).

    Each row is ``{"standard": str, "impact": 1-5, "engagement": 1-5}`` and optionally
    ``"further_action_required": "yes" | "no"`` (default "yes"); ``standard`` names the National
    Minimum Standard (e.g. ``"nms_3"``) and may repeat. At least one row is required. A row with no
    further action required is rated but left out of the aggregate (see
    ``count_rows_without_further_action``).

    Returns ``{"rows": [...], "counts": {"green", "amber", "red"}, "highest_rating",
    "recommendation", "recommendation_label", "reasons", "thresholds", "grid", "basis", "advisory"}``.
    """
    t = _thresholds(EscalatingConcernsThresholds, thresholds, "escalating concerns thresholds")
    rated = _rate_rows(rows, t)
    counted = [r for r in rated if r["in_aggregate"]]
    counts = {rating: 0 for rating in EC_RATINGS}
    for r in counted:
        counts[r["rating"]] += 1
    highest = max((r["rating"] for r in counted), key=EC_RATINGS.index, default="green")
    recommendation, reasons = _ec_recommendation(rated, counts, t)
    grid = escalating_concerns_grid(t)
    return {
        "rows": rated,
        "counts": counts,
        "highest_rating": highest,
        "recommendation": recommendation,
        "recommendation_label": EC_RECOMMENDATIONS[recommendation],
        "reasons": reasons,
        "thresholds": asdict(t),
        "grid": grid["grid"],
        "basis": grid["basis"],
        "advisory": (
            "The risk matrix is for guidance only. Final decisions may be influenced by other factors, e.g. the "
            "total number of aggregated concerns or required timescales for achieving change. Where the outcome "
            "of the risk assessment process is inconclusive, decisions on appropriate course of action can be "
            "referred to the Escalating Concerns Coordination Group for final decision."
        ),
    }


def _ec_recommendation(
    rated: list[dict[str, Any]], counts: Mapping[str, int], t: EscalatingConcernsThresholds
) -> tuple[str, list[str]]:
    """Step 4: ``red`` when enough rows in the aggregate are red, or amber or red (accumulating
    issues), else ``amber``; with the reasons, and the rows left out of the aggregate."""
    reasons = []
    if counts["red"] >= t.red_rows_for_red:
        reds = ", ".join(r["standard"] for r in rated if r["in_aggregate"] and r["rating"] == "red")
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
    left_out = [r["standard"] for r in rated if not r["in_aggregate"]]
    if left_out:
        reasons.append("left out, no further action required: " + ", ".join(left_out))
    return recommendation, reasons


# ---------------------------------------------------------------------------------------------
# Progress against the CAP / DAP or the prevention plan (seed 004, section 4.9 and Stage 4)
# ---------------------------------------------------------------------------------------------

#: What each evidenced progress level suggests at a JIMP and at a contract management review.
EC_PROGRESS_RECOMMENDATIONS: dict[str, dict[str, str]] = {
    "jimp": {"sustained": "recommend_ending", "good_progress": "continue", "some_progress": "continue",
             "little_progress": "refer_to_strategic_group"},
    "contract_management": {"sustained": "concerns_addressed", "good_progress": "concerns_addressed",
                            "some_progress": "continue", "little_progress": "trigger_escalating_concerns"},
}


def escalating_concerns_progress(
    action_plan: Sequence[Mapping[str, Any]],
    day: str,
    previous_levels: Sequence[str] = (),
    settings: Mapping[str, Any] | None = None,
    step: str = "jimp",
) -> dict[str, Any]:
    """Progress resting on actions completed and evidenced against what was due by ``day``
    (4.9: ending "when the panel is satisfied that satisfactory progress has been made and
    sustained"; Appendix 5: "Completed/ Resolved/ Satisfactory with date").

    An action counts as done only when marked completed with the date and the evidence seen; an
    action no longer required is left out. ``previous_levels`` are this case's earlier evidenced
    levels, most recent last: progress is *sustained* when it is good now and at the
    ``sustained_reviews - 1`` reviews before (default 2 reviews in all). ``settings`` (default,
    configurable per council as ``[tenant.thresholds.ec_progress]``): ``little_progress_share``
    (default 0.5: that share of due actions outstanding is little progress) and ``sustained_reviews``.
    ``step`` is ``"jimp"`` or ``"contract_management"``.
    """
    settings = dict(_mapping(settings or {}, "ec_progress settings"))
    share = settings.get("little_progress_share", 0.5)
    reviews = settings.get("sustained_reviews", 2)
    _int_setting(reviews, "sustained_reviews", 1, 10)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise ValueError(f"threshold little_progress_share must be a number above 0 and at most 1, got {_describe(share)}")
    if step not in EC_PROGRESS_RECOMMENDATIONS:
        raise ValueError(f"step must be one of {', '.join(EC_PROGRESS_RECOMMENDATIONS)}, got {_describe(step)}")
    plan = [dict(_mapping(i, "each action", f"action {n + 1}")) for n, i in enumerate(_list_of_rows(action_plan, "action plan"))]
    plan = [i for i in plan if i.get("next_step") != "no_longer_required"]
    due = [i for i in plan if i.get("due_date") and str(i["due_date"])[:10] <= day]
    done = [i for i in plan if done_and_evidenced(i)]
    level, why = evidenced_progress_level(plan, due, done, day, share)
    earlier = list(previous_levels)[-(reviews - 1):] if reviews > 1 else []
    sustained = level == "good_progress" and len(earlier) == reviews - 1 and all(p == "good_progress" for p in earlier)
    unevidenced = [str(i.get("item_id")) for i in plan if i.get("progress") == "completed" and i not in done]
    return {
        "date": day, "total": len(plan), "due": len(due), "done": len(done),
        "due_done": len([i for i in due if i in done]),
        "completed_without_evidence": unevidenced,
        "level": level, "sustained": sustained,
        "recommended": EC_PROGRESS_RECOMMENDATIONS[step]["sustained" if sustained else level],
        "explanation": why + (f" Sustained over {reviews} reviews." if sustained else
                              (f" Not yet sustained over {reviews} reviews." if level == "good_progress" else ""))
        + (f" Marked completed without date or evidence: {', '.join(unevidenced)}." if unevidenced else ""),
    }
