"""Lancashire Appendix 4 (Risk Assessment Tool) and Appendix 5 (Holistic Risk Assessment Tool) (seed 002)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .common import RISK_LEVELS, _LEVEL_RANK, _check_keys, _describe, _list_of_rows, _mapping, _rating, _where

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
    "HOLISTIC_DOMAINS",
    "HOLISTIC_DOMAIN_KEYS",
    "HOLISTIC_DOMAINS_WITH_INFERRED_TEAM",
    "holistic_domains",
    "holistic_assessment",
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


# ---------------------------------------------------------------------------------------------
# Lancashire Appendix 5 – Holistic Risk Assessment Tool
# ---------------------------------------------------------------------------------------------

#: Appendix 5 domains in seed order: (key, seed label, suggested responsibility for populating the
#: tool). Footnote 3 of the seed: "Suggested responsibility may need to be adjusted depending on
#: Service Provider type, whether residential home or community care service".
#:
#: Abbreviations are the seed's: QI = Quality Improvement, SES = Safeguarding Enquiry Service,
#: SW = Social Worker, IPC = Infection Prevention Control.
HOLISTIC_DOMAINS: tuple[tuple[str, str, str | None], ...] = (
    ("behaviour", "Behaviour", "QI or SES SW/SCSW"),
    # INTERPRETATION: domains 2-4 have an empty responsibility cell in the converted text, between
    # domain 1 ("QI or SES SW/SCSW") and domain 5 ("QI or SES SW/SCSO"). Read as one block of
    # person-centred domains sharing domain 1's team (see HOLISTIC_DOMAINS_WITH_INFERRED_TEAM).
    ("cognition", "Cognition", "QI or SES SW/SCSW"),
    ("psychological_and_emotional", "Psychological and Emotional", "QI or SES SW/SCSW"),
    ("communication", "Communication", "QI or SES SW/SCSW"),
    # Domain 5's cell says "SCSO" where domain 1 says "SCSW"; both kept verbatim.
    ("mobility", "Mobility", "QI or SES SW/SCSO"),
    ("nutrition_food_drink", "Nutrition Food \u2013 Drink", "Health"),
    ("continence", "Continence", "Health"),
    ("skin_including_tissue_viability", "Skin including Tissue Viability", "Health"),
    ("breathing", "Breathing", "Health"),
    ("drug_therapies_and_medication", "Drug therapies and medication including symptom control", "Health"),
    ("altered_states_of_consciousness", "Altered states of consciousness", "Health"),
    ("pre_admission_assessment_process", "Pre admission assessment process", "Contracts"),
    # INTERPRETATION: the seed says "Heath" here, an evident typo for "Health".
    ("end_of_life_care", "End of Life Care", "Health"),
    ("infection_prevention_control", "Infection Prevention Control", "IPC"),
    ("safeguarding", "Safeguarding", "SES"),
    ("mental_capacity_act", "Mental Capacity Act", "Contracts, Safeguarding"),
    ("deprivation_of_liberty_safeguards", "Deprivation of Liberty Safeguards", "Contracts, Safeguarding"),
    ("record_keeping", "Record Keeping", "Contracts"),
    ("complaints_management", "Complaints Management", "Contracts"),
    # INTERPRETATION: the seed says "Contract" here and "Contracts" everywhere else; normalised.
    ("access_and_referral_to_primary_care", "Access and referral to primary care", "Contracts"),
    ("governance_and_management", "Governance and Management", "Contracts"),
    ("therapeutic_activities", "Therapeutic Activities including Social Activity", "Contracts"),
    ("staffing", "Staffing", "Contracts"),
    ("staff_training", "Staff Training", "Contracts"),
    ("environment_and_health_and_safety", "Environment and Health and Safety", "Contracts"),
    # The seed gives no suggested responsibility for "Other": it is agreed case by case.
    ("other", "Other", None),
)

#: Domain keys in seed order.
HOLISTIC_DOMAIN_KEYS: tuple[str, ...] = tuple(d[0] for d in HOLISTIC_DOMAINS)

#: Domains whose responsibility is inferred (blank cell in the converted seed), not stated.
HOLISTIC_DOMAINS_WITH_INFERRED_TEAM: frozenset[str] = frozenset(
    {"cognition", "psychological_and_emotional", "communication"}
)

_DOMAIN_INFO = {key: (number, label, team) for number, (key, label, team) in enumerate(HOLISTIC_DOMAINS, start=1)}

_HOLISTIC_ROW_KEYS = (
    "domain",
    "service_user_impact",
    "service_user_likelihood",
    "others_impact",
    "others_likelihood",
)


def holistic_domains() -> list[dict[str, Any]]:
    """Lancashire Appendix 5 domains as plain data for forms: ``[{"number", "key", "label",
    "responsible_team", "team_inferred"}]`` in seed order (seed 002)."""
    return [
        {
            "number": number,
            "key": key,
            "label": label,
            "responsible_team": team,
            "team_inferred": key in HOLISTIC_DOMAINS_WITH_INFERRED_TEAM,
        }
        for number, (key, label, team) in enumerate(HOLISTIC_DOMAINS, start=1)
    ]


def holistic_assessment(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Lancashire Appendix 5 Holistic Risk Assessment Tool, graded with the Appendix 4 matrix (seed 002).

    ``rows`` lists only the domains where care issues were identified (the seed: "if no issues
    identified leave blank"), each a dict with

    * ``domain`` – a key of ``HOLISTIC_DOMAIN_KEYS`` (each domain at most once: one tool per
      assessment; collate sample-group tools with separate calls, Appendix 4 Step 3),
    * ``service_user_impact``, ``service_user_likelihood`` – columns C and D (1-5),
    * ``others_impact``, ``others_likelihood`` – columns F and G (1-5),
    * optional ``care_issues`` – column B text, passed through.

    Returns, in seed domain order, each domain's grading for the service user (column E) and
    for other service users (column H) and the higher of the two, then the aggregate:

    * ``counts`` – number of domains per level for ``service_user``, ``other_service_users``
      and ``overall`` (each domain counted once at its higher level);
    * ``highest_level`` (None when no domain has issues), ``highest_level_service_user``,
      ``highest_level_other_service_users``;
    * ``immediate_action_domains`` / ``immediate_action_required`` – domains graded high or
      extreme for the service user *or* other service users (Appendix 4 Step 2);
    * ``action`` – the Appendix 4 Step 4 action for ``highest_level``.

    This is the grading *before* Step 3 mitigating factors; Step 4 ("assess overall level of
    risk") remains the assessor's judgement.
    """
    rows = _list_of_rows(rows, "holistic assessment rows")
    graded: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        where = f"row {index + 1}"
        row = _mapping(row, "each holistic assessment row", where)
        domain = row.get("domain")
        if isinstance(domain, str) and domain:
            where = f"row {index + 1}, domain {domain!r}"
        _check_keys(
            row, required=_HOLISTIC_ROW_KEYS, optional=("care_issues",), what="holistic assessment row", where=where
        )
        if not isinstance(domain, str) or domain not in _DOMAIN_INFO:
            raise ValueError(
                f"unknown Appendix 5 domain {domain!r} (row {index + 1}); use one of: {', '.join(HOLISTIC_DOMAIN_KEYS)}"
            )
        if domain in graded:
            raise ValueError(
                f"domain {domain!r} appears more than once (row {index + 1}); record each domain once per "
                "assessment (combine its care issues) or assess each service user of the sample group separately"
            )
        care_issues = row.get("care_issues")
        if care_issues is not None and not isinstance(care_issues, str):
            raise ValueError(f"care_issues must be text, got {type(care_issues).__name__} ({where})")
        su = _pair(row["service_user_impact"], row["service_user_likelihood"], f"{where}, service user")
        others = _pair(row["others_impact"], row["others_likelihood"], f"{where}, other service users")
        number, label, team = _DOMAIN_INFO[domain]
        graded[domain] = {
            "number": number,
            "domain": domain,
            "label": label,
            "responsible_team": team,
            "care_issues": care_issues,
            "service_user": su,
            "other_service_users": others,
            "highest_level": highest_risk_level([su["level"], others["level"]]),
        }

    domains = sorted(graded.values(), key=lambda d: d["number"])

    def counts(pick: str) -> dict[str, int]:
        result = {level: 0 for level in RISK_LEVELS}
        for d in domains:
            result[d[pick]["level"] if pick in _SUBJECTS else d[pick]] += 1
        return result

    def highest(pick: str) -> str | None:
        levels = [d[pick]["level"] if pick in _SUBJECTS else d[pick] for d in domains]
        return highest_risk_level(levels) if levels else None

    overall = highest("highest_level")
    immediate = [d["domain"] for d in domains if d["highest_level"] in ("high", "extreme")]
    return {
        "domains": domains,
        "domains_assessed": len(domains),
        "counts": {
            "service_user": counts("service_user"),
            "other_service_users": counts("other_service_users"),
            "overall": counts("highest_level"),
        },
        "highest_level": overall,
        "highest_level_service_user": highest("service_user"),
        "highest_level_other_service_users": highest("other_service_users"),
        "immediate_action_domains": immediate,
        "immediate_action_required": bool(immediate),
        "action": RISK_LEVEL_ACTIONS[overall] if overall else None,
    }
