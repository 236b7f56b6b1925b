"""Lancashire Appendix 5, the Holistic Risk Assessment Tool (seed 002)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .common import RISK_LEVELS, _check_keys, _list_of_rows, _mapping
from .lancashire_risk import RISK_LEVEL_ACTIONS, _SUBJECTS, _pair, highest_risk_level

__all__ = [
    "HOLISTIC_DOMAINS",
    "HOLISTIC_DOMAIN_KEYS",
    "HOLISTIC_DOMAINS_WITH_INFERRED_TEAM",
    "holistic_domains",
    "holistic_assessment",
]


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
        grading = _grade_holistic_row(row, index, graded)
        graded[grading["domain"]] = grading
    return _holistic_summary(sorted(graded.values(), key=lambda d: d["number"]))


def _grade_holistic_row(row: Any, index: int, graded: Mapping[str, Any]) -> dict[str, Any]:
    """One row graded for the service user (column E), other service users (column H) and the higher
    of the two; ``graded`` holds the domains of the rows before it."""
    row, domain, where = _checked_holistic_row(row, index, graded)
    su = _pair(row["service_user_impact"], row["service_user_likelihood"], f"{where}, service user")
    others = _pair(row["others_impact"], row["others_likelihood"], f"{where}, other service users")
    number, label, team = _DOMAIN_INFO[domain]
    return {
        "number": number,
        "domain": domain,
        "label": label,
        "responsible_team": team,
        "care_issues": row.get("care_issues"),
        "service_user": su,
        "other_service_users": others,
        "highest_level": highest_risk_level([su["level"], others["level"]]),
    }


def _checked_holistic_row(row: Any, index: int, graded: Mapping[str, Any]) -> tuple[Mapping[str, Any], str, str]:
    """The row, its domain and where it is (for messages); ValueError unless it has the row keys,
    names an Appendix 5 domain not already graded, and any care issues are text."""
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
    return row, domain, where


def _holistic_summary(domains: list[dict[str, Any]]) -> dict[str, Any]:
    """The graded domains (seed order) with the aggregate: counts and highest levels per subject and
    overall, the Step 2 immediate action domains and the Step 4 action."""
    overall = _highest_level(domains, "highest_level")
    immediate = [d["domain"] for d in domains if d["highest_level"] in ("high", "extreme")]
    return {
        "domains": domains,
        "domains_assessed": len(domains),
        "counts": {
            "service_user": _level_counts(domains, "service_user"),
            "other_service_users": _level_counts(domains, "other_service_users"),
            "overall": _level_counts(domains, "highest_level"),
        },
        "highest_level": overall,
        "highest_level_service_user": _highest_level(domains, "service_user"),
        "highest_level_other_service_users": _highest_level(domains, "other_service_users"),
        "immediate_action_domains": immediate,
        "immediate_action_required": bool(immediate),
        "action": RISK_LEVEL_ACTIONS[overall] if overall else None,
    }


def _domain_level(domain: Mapping[str, Any], pick: str) -> str:
    """A graded domain's level for one subject (``service_user``, ``other_service_users``), or its
    ``highest_level``."""
    return domain[pick]["level"] if pick in _SUBJECTS else domain[pick]


def _level_counts(domains: list[dict[str, Any]], pick: str) -> dict[str, int]:
    result = {level: 0 for level in RISK_LEVELS}
    for d in domains:
        result[_domain_level(d, pick)] += 1
    return result


def _highest_level(domains: list[dict[str, Any]], pick: str) -> str | None:
    levels = [_domain_level(d, pick) for d in domains]
    return highest_risk_level(levels) if levels else None
