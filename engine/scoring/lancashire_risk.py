"""Lancashire Appendix 4, the Risk Assessment Tool (seed 002)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import RISK_LEVELS, _LEVEL_RANK, _describe, _list_of_rows, _rating, _where

__all__ = [
    "IMPACT_LABELS",
    "LIKELIHOOD_LABELS",
    "IMPACT_DESCRIPTORS",
    "LIKELIHOOD_DESCRIPTORS",
    "POSSIBLE_RISK_SCORES",
    "RISK_BANDS",
    "RISK_LEVEL_ACTIONS",
    "risk_descriptors",
    "risk_score",
    "risk_band",
    "assess_risk",
    "highest_risk_level",
    "risk_level_action",
    "assess_service_user_and_others",
]

# ---------------------------------------------------------------------------------------------
# Lancashire Appendix 4 – Risk Assessment Tool
# ---------------------------------------------------------------------------------------------

#: Impact level names, 1-5. INTERPRETATION: the descriptor tables call level 4 "High" while the
#: matrix's row heading calls it "Major"; the descriptor tables' "High" is used here.
IMPACT_LABELS: dict[int, str] = {1: "Low", 2: "Minor", 3: "Moderate", 4: "High", 5: "Very High"}

#: Likelihood level names, 1-5 (the same in both likelihood tables and the matrix header).
LIKELIHOOD_LABELS: dict[int, str] = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost Certain"}

#: Appendix 4 Step 1 impact descriptors (seed wording), for the individual service user and for
#: other service users.
IMPACT_DESCRIPTORS: dict[str, dict[int, str]] = {
    "service_user": {
        1: "One-off issue, unlikely to have any long term affect on service user. No harm/injury or no intervention "
        "required/near miss",
        2: "Any incident that required extra observation or minor treatment and caused harm to or caused by one or "
        "more Service Users or adjustments to the care has minimised the impact on the service user.",
        3: "Any Service User incident that resulted in a limited increase in support or treatment and which cause "
        "significant but not permanent harm to or by one or more service users.",
        4: "Impact on the individual service user that requires urgent review of care and treatment or that appears "
        "to have resulted in permanent harm to or caused by one or more service users",
        5: "Impact on the service user who requires immediate review of care and treatment or death",
    },
    "other_service_users": {
        1: "Not expected to affect other service users",
        2: "May have a small impact on other service users but where adjustments to their care could minimised the "
        "impact",
        3: "Small risk that care issues will have an impact on other service users and result in a limited increase "
        "in support or treatment or which could cause significant but not permanent harm",
        4: "High risk that care issues will have an impact on other service users and could result in permanent harm",
        5: "Very high risk that care issues will have an impact on other service users and could cause death",
    },
}

#: Appendix 4 Step 1 likelihood descriptors (seed wording): "Likelihood of Reoccurrence" for the
#: service user and "Likelihood of Potential Impact on other Service Users".
LIKELIHOOD_DESCRIPTORS: dict[str, dict[int, str]] = {
    "service_user": {
        1: "One-off issue, unlikely to re-occur. Risk management and control measures in place",
        2: "Low risk of re-occurrence, control measures in place.",
        3: "Moderate risk of re-occurrence, limited risk management and control measures in place.",
        4: "High risk of re-occurrence, risk management and controls measures do not mitigate risk to individual",
        5: "Very high risk of re-occurrence. No risk management or controls in place. Evidence of poor practice.",
    },
    "other_service_users": {
        1: "One-off issue, unlikely to re-occur. Risk management and control measures in place",
        2: "Low risk of re-occurrence, control measures in place.",
        3: "Moderate risk of re-occurrence, limited risk management and control measures in place.",
        4: "High risk of re-occurrence, Risk management and controls measures do not mitigate risk to individual",
        5: "Very high risk of re-occurrence. No risk management or controls in place. Evidence of poor practice.",
    },
}

#: Appendix 4 bands (seed wording "1-3 Low risk, 4-6 Moderate risk, 8-12 High risk, 15-25
#: Extreme risk"): (level, lowest score, highest score).
RISK_BANDS: tuple[tuple[str, int, int], ...] = (
    ("low", 1, 3),
    ("moderate", 4, 6),
    ("high", 8, 12),
    ("extreme", 15, 25),
)

#: The products that impact (1-5) x likelihood (1-5) can give. 7, 11, 13, 14, 17, 18, 19, 21,
#: 22, 23 and 24 are impossible, which is why the seed's bands have gaps (6→8, 12→15).
POSSIBLE_RISK_SCORES: tuple[int, ...] = tuple(sorted({i * j for i in range(1, 6) for j in range(1, 6)}))

#: Appendix 4 Step 4 "ACTION PLAN": the action for each risk level (seed wording).
RISK_LEVEL_ACTIONS: dict[str, str] = {
    "low": "Continue with standard monitoring and review by Local Authority",
    "moderate": "Service provider develops and implements action plan. Increased monitoring and support by Local "
    "Authority",
    "high": "Service provider develops and implements Improvement/ Action plan, which is to be agreed by LCC. "
    "Increased monitoring and support by LCC. Consider specific measures to manage service users safety in line "
    "with the Escalation plan (appendix 1) e.g. managing as institutional safeguarding adults referral; involving "
    "regulators; meeting with residents and families; alerting primary care; suspension of placements.",
    "extreme": "Service provider develops and implements action plan. Increased monitoring and support by LCC. "
    "Apply specific measures to manage Service User safety in line with the Escalation Plan procedure for "
    "unplanned or potential care home or agency closure e.g. in addition to action for \u201chigh risk\u201d; "
    "planning for alternative care.",
}

_SUBJECTS = ("service_user", "other_service_users")


def risk_descriptors() -> dict[str, Any]:
    """Lancashire Appendix 4 Step 1 descriptors as plain data for forms (seed 002).

    Returns ``{"impact": {"service_user": [...], "other_service_users": [...]}, "likelihood": {...}}``
    where each list holds ``{"value", "label", "description"}`` for 1-5.
    """
    return {
        "impact": {
            subject: [
                {"value": v, "label": IMPACT_LABELS[v], "description": IMPACT_DESCRIPTORS[subject][v]}
                for v in range(1, 6)
            ]
            for subject in _SUBJECTS
        },
        "likelihood": {
            subject: [
                {"value": v, "label": LIKELIHOOD_LABELS[v], "description": LIKELIHOOD_DESCRIPTORS[subject][v]}
                for v in range(1, 6)
            ]
            for subject in _SUBJECTS
        },
    }


def risk_score(impact: int, likelihood: int, *, where: str | None = None) -> int:
    """Lancashire Appendix 4 matrix score: impact (1-5) x likelihood (1-5), from 1 to 25 (seed 002)."""
    _rating(impact, "impact", where, hint="use 1 (Low) to 5 (Very High) from Appendix 4")
    _rating(likelihood, "likelihood", where, hint="use 1 (Rare) to 5 (Almost Certain) from Appendix 4")
    return impact * likelihood


def risk_band(score: int) -> str:
    """Lancashire Appendix 4 band of a matrix score: ``low`` 1-3, ``moderate`` 4-6, ``high`` 8-12,
    ``extreme`` 15-25 (seed 002).

    Scores that impact x likelihood cannot produce (7, 11, 13, 14, 17-19, 21-24) fall in the
    seed's gaps and are rejected with ``ValueError``: they can only come from a mistake upstream.
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 25:
        raise ValueError(
            f"risk score must be a whole number from 1 to 25 (impact x likelihood), got {_describe(score)}; "
            "compute it with risk_score(impact, likelihood)"
        )
    if score not in POSSIBLE_RISK_SCORES:
        raise ValueError(
            f"risk score {score} is not possible from impact (1-5) x likelihood (1-5) and has no band in Appendix 4; "
            f"possible scores are {', '.join(map(str, POSSIBLE_RISK_SCORES))}. "
            "Compute it with risk_score(impact, likelihood)"
        )
    for level, low, high in RISK_BANDS:
        if low <= score <= high:
            return level
    raise AssertionError(f"unreachable: score {score} has no band")  # pragma: no cover


def assess_risk(impact: int, likelihood: int) -> dict[str, Any]:
    """Lancashire Appendix 4 Step 1 for one impact/likelihood pair: ``{"score", "level"}`` (seed 002)."""
    score = risk_score(impact, likelihood)
    return {"score": score, "level": risk_band(score)}


def _level(value: Any, where: str | None = None) -> str:
    if not isinstance(value, str) or value not in _LEVEL_RANK:
        raise ValueError(
            f"risk level must be one of {', '.join(RISK_LEVELS)}, got {_describe(value)}{_where(where)}"
        )
    return value


def highest_risk_level(levels: Sequence[str]) -> str:
    """The highest of some Appendix 4 risk levels (``low`` < ``moderate`` < ``high`` < ``extreme``)."""
    levels = _list_of_rows(levels, "levels")
    if not levels:
        raise ValueError("highest_risk_level needs at least one risk level, got an empty list")
    checked = [_level(level, f"item {i}") for i, level in enumerate(levels)]
    return max(checked, key=_LEVEL_RANK.__getitem__)


def risk_level_action(level: str) -> str:
    """The Lancashire Appendix 4 Step 4 "ACTION PLAN" action for a risk level (seed wording)."""
    return RISK_LEVEL_ACTIONS[_level(level)]


def _pair(impact: Any, likelihood: Any, where: str) -> dict[str, Any]:
    score = risk_score(impact, likelihood, where=where)
    return {"impact": impact, "likelihood": likelihood, "score": score, "level": risk_band(score)}


def assess_service_user_and_others(
    service_user_impact: int,
    service_user_likelihood: int,
    others_impact: int,
    others_likelihood: int,
) -> dict[str, Any]:
    """Lancashire Appendix 4 Step 1 for the individual service user and for other service users,
    plus the overall (the higher of the two) and whether Step 2 immediate action applies (seed 002).

    Returns ``{"service_user": {impact, likelihood, score, level}, "other_service_users": {...},
    "overall_level", "overall_score", "immediate_action_required", "action"}``.
    """
    su = _pair(service_user_impact, service_user_likelihood, "service user")
    others = _pair(others_impact, others_likelihood, "other service users")
    overall = highest_risk_level([su["level"], others["level"]])
    return {
        "service_user": su,
        "other_service_users": others,
        "overall_level": overall,
        "overall_score": max(su["score"], others["score"]),
        "immediate_action_required": overall in ("high", "extreme"),
        "action": RISK_LEVEL_ACTIONS[overall],
    }
