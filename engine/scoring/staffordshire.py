"""Staffordshire & Stoke-on-Trent Section 9 (seed 001): the paragraph 9.5 Large Scale Enquiry factors,
and the practice guide 9 agenda with the items the provider is recommended to be excluded from (9.19)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .common import _check_keys, _describe, _int_setting, _mapping, _thresholds

__all__ = [
    "LSE_FACTORS", "LSE_FACT_KEYS", "LSE_RECOMMENDATIONS", "LseThresholds", "lse_indicators",
    "LSE_AGENDA_ITEMS", "LSE_POLICE_EXCLUDED_ITEMS", "lse_recommended_exclusions", "lse_exclusion_decision",
    "lse_agenda",
]

# ---------------------------------------------------------------------------------------------
# Staffordshire & Stoke-on-Trent – paragraph 9.5 Large Scale Enquiry factors
# ---------------------------------------------------------------------------------------------

#: Paragraph 9.5 factors in seed order: (key, seed wording, facts that make it present). The
#: first factor has three alternative grounds in the seed ("high volumes", "made no referrals",
#: "significant concerns ... in the referrals received"), each a separate fact.
LSE_FACTORS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "s42_referrals",
        "Number and/or nature of section 42 Enquiry referrals this could either be because there are high volumes, "
        "that a service has made no referrals. Or due to the significant concerns that have been raised in the "
        "referrals received",
        (
            ("s42_referrals_high_volume", "there are high volumes of section 42 Enquiry referrals"),
            ("s42_no_referrals_made", "the service has made no referrals"),
            (
                "s42_referrals_significant_concerns",
                "significant concerns have been raised in the referrals received",
            ),
        ),
    ),
    (
        "demographic",
        "Demographic of adults receiving care e.g. palliative, high dependency",
        (
            (
                "demographic_of_adults_receiving_care",
                "Demographic of adults receiving care e.g. palliative, high dependency",
            ),
        ),
    ),
    (
        "systemic_concerns",
        "Combinations of concerns that are potentially higher risk and appear systemic e.g. poor moving and handling "
        "with inappropriate techniques or equipment, nutritional needs not being met, Skin integrity needs not being "
        "met etc.",
        (
            (
                "systemic_higher_risk_concerns",
                "Combinations of concerns that are potentially higher risk and appear systemic",
            ),
        ),
    ),
    (
        "hospital_admissions",
        "Numbers of residents admitted to hospital",
        (("residents_admitted_to_hospital", "Numbers of residents admitted to hospital"),),
    ),
    (
        "provider_not_engaged",
        "Provider has not engaged proactively following other interventions.",
        (("provider_not_engaged", "Provider has not engaged proactively following other interventions."),),
    ),
)

#: Every fact key ``lse_indicators`` requires, in seed order (each a bool).
LSE_FACT_KEYS: tuple[str, ...] = tuple(fact for _k, _l, facts in LSE_FACTORS for fact, _d in facts)

#: Optional fact (Level 4 guidance: concerns "predominantly of a safeguarding nature"; 9.4 and 9.5).
_LSE_OPTIONAL = ("concerns_predominantly_safeguarding",)

#: The two levels the suggestion chooses between (seed headings).
LSE_RECOMMENDATIONS: dict[str, str] = {
    "level_3": "Level 3 \u2013 Quality Improvement Process",
    "level_4": "Level 4 - Large Scale Enquiries",
}


@dataclass(frozen=True)
class LseThresholds:
    """When ``lse_indicators`` suggests a Large Scale Enquiry (seed 001, paragraph 9.5).

    Paragraph 9.5 lists "a number of factors that when considered together may identify" that an
    LSE is appropriate, and the agencies decide (9.8-9.10). The seed gives no count, so this is a
    **default, configurable per council**: ``level_4`` is suggested when at least
    ``min_factors_for_lse`` of the five factors are present (default 2, the smallest number that
    is "considered together"), unless the concerns are recorded as *not* predominantly of a
    safeguarding nature (Level 4 guidance; 9.4: commissioning issues should not be
    "inappropriately labelled as safeguarding concerns").
    """

    min_factors_for_lse: int = 2

    def __post_init__(self) -> None:
        _int_setting(self.min_factors_for_lse, "min_factors_for_lse", 1, len(LSE_FACTORS))


def lse_indicators(
    facts: Mapping[str, Any], thresholds: LseThresholds | Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Summarise the Staffordshire paragraph 9.5 Large Scale Enquiry factors (seed 001) and suggest
    ``level_3`` (Quality Improvement Process) or ``level_4`` (Large Scale Enquiry).

    ``facts`` must give every key of ``LSE_FACT_KEYS`` as ``True``/``False``:

    * ``s42_referrals_high_volume``, ``s42_no_referrals_made``, ``s42_referrals_significant_concerns``
      (together the first factor, present if any is true),
    * ``demographic_of_adults_receiving_care``, ``systemic_higher_risk_concerns``,
      ``residents_admitted_to_hospital``, ``provider_not_engaged``;

    and may give ``concerns_predominantly_safeguarding`` (``True``/``False``/``None`` = not yet
    judged).

    Returns ``{"factors": [{"key", "label", "present", "grounds"}], "present", "count",
    "total_factors", "recommendation", "recommendation_label", "reasons", "thresholds",
    "advisory"}``. The group decides (9.8-9.10); this is only a suggestion.
    """
    t = _thresholds(LseThresholds, thresholds, "LSE thresholds")
    facts, safeguarding = _checked_lse_facts(facts)
    factors = _lse_factors(facts)
    present = [f["key"] for f in factors if f["present"]]
    count = len(present)
    recommendation, reasons = _lse_recommendation(count, safeguarding, t)
    return {
        "factors": factors,
        "present": present,
        "count": count,
        "total_factors": len(LSE_FACTORS),
        "concerns_predominantly_safeguarding": safeguarding,
        "recommendation": recommendation,
        "recommendation_label": LSE_RECOMMENDATIONS[recommendation],
        "reasons": reasons,
        "thresholds": asdict(t),
        "advisory": (
            "Suggestion only: paragraph 9.5 factors 'when considered together may identify' that an LSE is "
            "appropriate; the agencies decide collectively whether level 3 or 4 applies (paragraphs 9.8-9.10)."
        ),
    }


def _checked_lse_facts(facts: Any) -> tuple[Mapping[str, Any], bool | None]:
    """The facts and whether the concerns are predominantly of a safeguarding nature (None: not yet
    judged); ValueError unless every fact of ``LSE_FACT_KEYS`` is true or false."""
    facts = _mapping(facts, "LSE facts")
    _check_keys(facts, required=LSE_FACT_KEYS, optional=_LSE_OPTIONAL, what="paragraph 9.5 LSE facts")
    for key in LSE_FACT_KEYS:
        if not isinstance(facts[key], bool):
            raise ValueError(f"LSE fact {key!r} must be true or false, got {_describe(facts[key])}")
    safeguarding = facts.get("concerns_predominantly_safeguarding")
    if safeguarding is not None and not isinstance(safeguarding, bool):
        raise ValueError(
            "LSE fact 'concerns_predominantly_safeguarding' must be true, false or None (not yet judged), "
            f"got {_describe(safeguarding)}"
        )
    return facts, safeguarding


def _lse_factors(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each paragraph 9.5 factor in seed order, present when any of its grounds is a fact."""
    factors = []
    for key, label, grounds in LSE_FACTORS:
        met = [description for fact, description in grounds if facts[fact]]
        factors.append({"key": key, "label": label, "present": bool(met), "grounds": met})
    return factors


def _lse_recommendation(count: int, safeguarding: bool | None, t: LseThresholds) -> tuple[str, list[str]]:
    """``level_3`` or ``level_4`` from the number of factors present, and the reasons."""
    reasons = [
        f"{count} of {len(LSE_FACTORS)} paragraph 9.5 factors present; "
        f"{t.min_factors_for_lse} or more suggests an LSE"
    ]
    if safeguarding is False:
        recommendation = "level_3"
        reasons.append(
            "the concerns are recorded as not predominantly of a safeguarding nature (Level 4 guidance), so the "
            "Quality Improvement Process is suggested"
        )
    elif count >= t.min_factors_for_lse:
        recommendation = "level_4"
    else:
        recommendation = "level_3"
    if safeguarding is None:
        reasons.append(
            "whether the concerns are predominantly of a safeguarding nature has not been recorded; the planning "
            "meeting should consider it (paragraph 9.5, Level 4 guidance)"
        )
    return recommendation, reasons


# ---------------------------------------------------------------------------------------------
# Staffordshire & Stoke-on-Trent – practice guide 9 agenda and paragraph 9.19 exclusions
# ---------------------------------------------------------------------------------------------

#: Practice guide 9, Large Scale Enquiry Planning Discussion Agenda: (item key, number, seed wording).
LSE_AGENDA_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("item_1", "1", "Meeting Details"),
    ("item_2", "2", "Present at Meeting"),
    ("item_3", "3", "Apologies"),
    ("item_4", "4", "Confidentiality statements to be agreed by all participants"),
    ("item_5", "5", "Minutes and actions from the previous meeting"),
    ("item_6", "6", "Names of adults who may have been abused inc details of safeguarding referrals"),
    ("item_7", "7", "Criminal Offences"),
    ("item_8", "8", "Regulatory Issues"),
    ("item_9", "9", "Current Agency Information"),
    ("item_10", "10", "Current provider information"),
    ("item_11", "11", "Summary of Concerns"),
    ("item_12", "12", "Risk Assessment"),
    ("item_13", "13", "Contractual Action e.g. Suspension of Placements"),
    ("item_14a", "14 (a)", "Enquiry Planning"),
    ("item_14b", "14 (b)", "Protection and Support Plan (Service Provider)"),
    ("item_14c", "14 (c)", "Protection and Support Plan (Other Agencies)"),
    ("item_15", "15", "Information Sharing"),
    ("item_16", "16", "Communication Plan"),
    ("item_17", "17", "Future meetings"),
)
_AGENDA_KEYS = tuple(key for key, _n, _w in LSE_AGENDA_ITEMS)

#: INTERPRETATION: 9.19 says the provider "will always be excluded from some discussions where there
#: are active police investigations into the management of a service" without naming them. These are
#: the items that would disclose the investigation, the adults concerned or the other agencies' work.
#: It is a recommendation: the LSE chair decides at each meeting, and a different choice needs a reason.
LSE_POLICE_EXCLUDED_ITEMS: tuple[str, ...] = ("item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15")

_POLICE_MARK = " (provider excluded: police investigation into the management)"
_CHAIR_MARK = " (provider excluded)"


def _agenda_items(items: Any, name: str) -> list[str]:
    """``items`` as agenda keys in agenda order; ValueError naming any unknown or repeated key."""
    if items is None:
        return []
    if isinstance(items, (str, bytes)) or not isinstance(items, (list, tuple)):
        raise ValueError(f"{name} must be a list of agenda item keys such as 'item_7', got {_describe(items)}")
    unknown = [i for i in items if i not in _AGENDA_KEYS]
    if unknown:
        raise ValueError(f"{name} names {', '.join(map(repr, unknown))}, not practice guide 9 agenda items: "
                         f"use {', '.join(_AGENDA_KEYS)}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name} names an agenda item more than once: name each item once")
    return [key for key in _AGENDA_KEYS if key in items]


def lse_recommended_exclusions(police_investigation_active: Any) -> dict[str, Any]:
    """The agenda items the provider is recommended to be excluded from at the next LSE meeting (9.19).

    Returns ``{"items", "reason"}``: while a police investigation into the management is
    active, the items of ``LSE_POLICE_EXCLUDED_ITEMS``; otherwise none (providers "are fully and
    actively involved in the meetings"). The LSE chair decides (:func:`lse_exclusion_decision`).
    """
    if police_investigation_active not in (True, False, None):
        raise ValueError("police_investigation_active must be true or false, got "
                         f"{_describe(police_investigation_active)}")
    if police_investigation_active:
        return {"items": list(LSE_POLICE_EXCLUDED_ITEMS),
                "reason": "There is an active police investigation into the management of the service: the "
                          "provider will always be excluded from some discussions (9.19)."}
    return {"items": [],
            "reason": "Providers are normally fully and actively involved in the meetings (9.19)."}


def lse_exclusion_decision(recommended: Any, decided: Any, reason: Any = None) -> dict[str, Any]:
    """The LSE chair's decision on the items the provider is excluded from, checked against the
    recommendation: ``{"recommended", "decided", "differs", "reason"}`` with both lists in agenda
    order. A decision that differs from the recommendation (as a set of items) needs a reason;
    without one this raises ValueError, so the chair's task stays open."""
    suggested = _agenda_items(recommended, "The recommended exclusions")
    chosen = _agenda_items(decided, "The items the provider is excluded from")
    given = reason.strip() if isinstance(reason, str) else ""
    differs = chosen != suggested
    if differs and not given:
        raise ValueError("The items the provider is excluded from differ from the recommendation: "
                         "give the reason for the decision")
    return {"recommended": suggested, "decided": chosen, "differs": differs, "reason": given or None}


def lse_agenda(excluded: Any = None, police_investigation_active: Any = False) -> list[str]:
    """The practice guide 9 agenda as the meeting's lines, each item the provider is excluded from
    marked (why: the police investigation, or the chair's decision); 14 (a)-(c) share one line."""
    marked = set(_agenda_items(excluded, "The items the provider is excluded from"))
    mark = _POLICE_MARK if police_investigation_active else _CHAIR_MARK
    lines: list[str] = []
    parts: list[str] = []
    for key, number, wording in LSE_AGENDA_ITEMS:
        text = wording + (mark if key in marked else "")
        if key.startswith("item_14"):
            parts.append(number[-3:] + " " + text)
            if key == "item_14c":
                lines.append("; ".join(parts))
        else:
            lines.append(text)
    return lines
