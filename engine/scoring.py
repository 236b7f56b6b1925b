"""Scoring tables of the published procedures, as pure functions.

Everything here is transcribed from the procedures in ``/work/shared/seeds/``:

* **Lancashire** (seed ``002_15f30525fe966fc3.txt``, "Managing poor performance in commissioned
  social care services"):

  - Appendix 3 *Initial Assessment of Concerns* – eight scored criteria (numbered 2-9 in the
    seed; criterion 1, the nature of the concern, is free text and unscored) and the four
    outcomes of section 6.
  - Appendix 4 *Risk Assessment Tool* – impact (1-5) x likelihood (1-5) matrix for the
    individual service user and for other service users, bands Low 1-3, Moderate 4-6,
    High 8-12, Extreme 15-25, Step 2 (immediate action on high/extreme) and the Step 4
    action plan per risk level.
  - Appendix 5 *Holistic Risk Assessment Tool* – 26 domains with suggested responsibilities.

* **Western Bay, Wales** (seed ``004_bdd5b886fcc2d713.txt``, Escalating Concerns policy,
  Appendix 2 risk assessment and the *Risk Rating Matrix*): impact (1-5) x engagement (1-5)
  per National Minimum Standard row, aggregated into ``amber`` (contract management) or
  ``red`` (Escalating Concerns).

* **Staffordshire & Stoke-on-Trent** (seed ``001_b486a57b6e92fd38.txt``, Section 9, paragraph
  9.5): the factors that, considered together, may identify that a Large Scale Enquiry
  (Level 4) is appropriate rather than the Level 3 Quality Improvement Process.

Contract with callers (restricted BPMN scripts, forms, case data):

* inputs are plain data – ``int``, ``str``, ``bool``, ``dict``, ``list`` – and thresholds may
  be given either as the frozen dataclasses below or as plain ``dict`` overrides (a script
  cannot build a dataclass);
* every return value is plain JSON-serialisable data (dicts, lists, ints, strs, bools, None);
* invalid input raises ``ValueError`` with a message that says what was wrong, where, and how
  to fix it. ``bool`` is never accepted as a score, and scores must be ``int`` (``3``, not
  ``"3"`` or ``3.5``).

The seeds were converted from PDF, so several tables are garbled. Every place where the
transcription below had to *interpret* the seed is marked with a comment starting
``INTERPRETATION:``. Every threshold the seeds leave to professional judgement is a parameter
whose default is documented as "default, configurable per council". All suggestions are
advisory: the procedures leave the decision to the officers and meetings they name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = [
    # shared
    "RISK_LEVELS",
    # Lancashire Appendix 3 / section 6
    "INITIAL_ASSESSMENT_CRITERIA",
    "INITIAL_ASSESSMENT_CRITERION_KEYS",
    "INITIAL_ASSESSMENT_INTERNAL_CONCERN_NOTE",
    "INITIAL_ASSESSMENT_OUTCOMES",
    "InitialAssessmentThresholds",
    "initial_assessment_criteria",
    "initial_assessment_total",
    "suggest_initial_assessment_outcome",
    "initial_assessment",
    # Lancashire Appendix 4
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
    # Lancashire Appendix 5
    "HOLISTIC_DOMAINS",
    "HOLISTIC_DOMAIN_KEYS",
    "HOLISTIC_DOMAINS_WITH_INFERRED_TEAM",
    "holistic_domains",
    "holistic_assessment",
    # Lancashire section 8, Appendix 1 outcomes
    "SECTION_8_ACTIONS",
    "PERFORMANCE_ACTIONS",
    "PERFORMANCE_ACTION_BY_RISK_LEVEL",
    "RADAR_RECOMMENDATIONS",
    "section_8_actions",
    "suggest_performance_action",
    "LEVEL_1_OUTCOMES",
    "LEVEL_2_OUTCOMES",
    "QPIP_OUTCOME_BY_PROGRESS",
    "suggest_qpip_outcome",
    # Lancashire Radar (seed 000)
    "RADAR_RISK_LEVELS",
    "RADAR_INTERVENTIONS",
    "RADAR_OUTCOMES",
    "radar_interventions",
    "suggest_radar_outcome",
    # Western Bay (Wales) Appendix 2 / Risk Rating Matrix
    "EC_IMPACT_CRITERIA",
    "EC_ENGAGEMENT_CRITERIA",
    "EC_RATINGS",
    "EC_RECOMMENDATIONS",
    "EscalatingConcernsThresholds",
    "escalating_concerns_descriptors",
    "escalating_concerns_rating",
    "escalating_concerns_assessment",
    # Staffordshire 9.5
    "LSE_FACTORS",
    "LSE_FACT_KEYS",
    "LSE_RECOMMENDATIONS",
    "LseThresholds",
    "lse_indicators",
]


# ---------------------------------------------------------------------------------------------
# Validation helpers (private)
# ---------------------------------------------------------------------------------------------


def _where(where: str | None) -> str:
    return f" ({where})" if where else ""


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, bool):
        return f"{value!r} (a yes/no value)"
    if isinstance(value, float):
        return f"{value!r} (a decimal number)"
    if value is None:
        return "nothing (None)"
    return repr(value)


def _rating(value: Any, name: str, where: str | None = None, *, hint: str = "") -> int:
    """Return ``value`` if it is a whole number 1-5, else raise a ValueError that says how to fix it."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        fix = f"; {hint}" if hint else ""
        raise ValueError(f"{name} must be a whole number from 1 to 5, got {_describe(value)}{_where(where)}{fix}")
    return value


def _mapping(value: Any, name: str, where: str | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(
            f"{name} must be a dictionary of named values, got {type(value).__name__}{_where(where)}"
        )
    return value


def _list_of_rows(value: Any, name: str) -> Sequence[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValueError(f"{name} must be a list of rows (dictionaries), got {type(value).__name__}")
    return value


def _check_keys(
    given: Mapping[str, Any],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    what: str,
    where: str | None = None,
) -> None:
    unknown = sorted(str(k) for k in given if k not in required and k not in optional)
    missing = [k for k in required if k not in given]
    problems = []
    if unknown:
        problems.append("unknown key(s) " + ", ".join(repr(k) for k in unknown))
    if missing:
        problems.append("missing key(s) " + ", ".join(repr(k) for k in missing))
    if problems:
        allowed = ", ".join(list(required) + list(optional))
        raise ValueError(f"{what}{_where(where)}: " + "; ".join(problems) + f". The keys are: {allowed}")


def _thresholds(cls: type, value: Any, name: str) -> Any:
    """Accept an instance of ``cls``, None (defaults) or a dict overriding some defaults."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        allowed = [f.name for f in fields(cls)]
        unknown = sorted(str(k) for k in value if k not in allowed)
        if unknown:
            raise ValueError(
                f"{name}: unknown setting(s) " + ", ".join(repr(k) for k in unknown)
                + f". The settings are: {', '.join(allowed)}"
            )
        return cls(**dict(value))
    raise ValueError(
        f"{name} must be a dictionary of settings, a {cls.__name__} or None, got {type(value).__name__}"
    )


def _int_setting(value: Any, name: str, low: int, high: int, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        none = " or None to switch it off" if allow_none else ""
        raise ValueError(f"threshold {name} must be a whole number from {low} to {high}{none}, got {_describe(value)}")


# ---------------------------------------------------------------------------------------------
# Risk levels shared by Lancashire Appendices 4 and 5
# ---------------------------------------------------------------------------------------------

#: The four risk levels of Lancashire Appendix 4, lowest first (section 4: "Low risk, Moderate
#: risk, High risk, Extreme risk").
RISK_LEVELS: tuple[str, ...] = ("low", "moderate", "high", "extreme")
_LEVEL_RANK = {level: rank for rank, level in enumerate(RISK_LEVELS)}


# ---------------------------------------------------------------------------------------------
# Lancashire Appendix 3 – Initial Assessment of Concerns, and section 6 outcomes
# ---------------------------------------------------------------------------------------------

#: Appendix 3 scored criteria, in seed order: (key, seed number, seed question, options), where
#: options are (score, seed wording) from 5 down to 1. Criterion 1 ("What is the nature of the
#: concern?") is free text and not scored, so it is not listed.
INITIAL_ASSESSMENT_CRITERIA: tuple[tuple[str, int, str, tuple[tuple[int, str], ...]], ...] = (
    (
        "people_affected",
        2,
        "How many people does the concern affect?",
        (
            (5, "All staff and service users"),
            (4, "A number of service users"),
            (3, "A single service user"),
            (2, "A number of staff"),
            (1, "A single staff member"),
        ),
    ),
    (
        "last_regulator_inspection",
        3,
        "How long has it been since the service was last inspected by CQC or regulator?",
        (
            (5, "Never/ Don't know"),
            (4, "More than 2 years"),
            (3, "Within the last 2 years"),
            (2, "Within the last year"),
            (1, "Within the last few months"),
        ),
    ),
    (
        "last_monitoring_visit",
        4,
        "How long has it been since the service was last subject to a monitoring visit?",
        (
            (5, "Never/ Don't know"),
            (4, "More than 2 years"),
            (3, "Within the last 2 years"),
            (2, "Within the last year"),
            (1, "Within the last few months"),
        ),
    ),
    (
        "previous_isolated_incidents",
        5,
        "Have there been previous isolated incidents?",
        (
            (5, "4 or more in the last 12 months"),
            (4, "No more than 3 in the last 6 months"),
            (3, "No more than 3 in the last 12 months"),
            (2, "None in the last 6 months"),
            (1, "None in the last 12 months"),
        ),
    ),
    (
        "history_of_underperformance",
        6,
        "Is there a history of underperformance?",
        (
            # INTERPRETATION: the PDF conversion reads "Judged to be underperforming in the last 6";
            # the unit was lost. "6 months" matches the other rows (6 / 12 months, 1 / 2 years).
            (5, "Judged to be underperforming in the last 6 months"),
            (4, "Judged to be underperforming at least twice in the last 12 months"),
            (3, "Not judged to be underperforming in the last year"),
            (2, "Not judged to be underperforming in the last 2 years"),
            (1, "No underperformance"),
        ),
    ),
    (
        "history_of_serious_concerns",
        7,
        "Is there a history of serious concerns about the service provider?",
        (
            # INTERPRETATION: "in the last 6" read as "in the last 6 months", as for criterion 6.
            (5, "Judged to be serious concerns in the last 6 months"),
            (4, "Judged to be serious concerns at least twice in the last 12 months"),
            (3, "Not judged to be serious concerns in the last year"),
            # The seed's wording for scores 2 and 1 of this criterion repeats criterion 6
            # ("underperforming", "No underperformance"), evidently copied in the original.
            # Kept verbatim so the form matches the published template; read it as "serious
            # concerns".
            (2, "Not judged to be underperforming in the last 2 years"),
            (1, "No underperformance"),
        ),
    ),
    (
        "known_concern",
        8,
        "Is there any known concern about the service provider?",
        (
            # The seed has a footnote marker after "internal" (footnote 1, see
            # INITIAL_ASSESSMENT_INTERNAL_CONCERN_NOTE); the marker is dropped from the label.
            (5, "Significant public or internal concern"),
            (4, "Some public or internal concern"),
            (3, "A little public concern"),
            (2, "A little internal concern"),
            (1, "None"),
        ),
    ),
    (
        "impact_of_doing_nothing",
        9,
        "What would be the impact of doing nothing at this stage?",
        (
            (5, "Possible death of or injury to a service user"),
            (4, "Threat to wellbeing of a group of service users or staff."),
            # INTERPRETATION: the seed's cell reads "Threat to wellbeing of single service user or"
            # and the rest of the sentence is lost in the conversion. The dangling "or" is dropped
            # rather than guessing the missing words (probably "a single member of staff").
            (3, "Threat to wellbeing of single service user"),
            (2, "Organisation reputational risk."),
            (1, "Little or no impact."),
        ),
    ),
)

#: The criterion keys, in seed order.
INITIAL_ASSESSMENT_CRITERION_KEYS: tuple[str, ...] = tuple(c[0] for c in INITIAL_ASSESSMENT_CRITERIA)

#: Appendix 3 footnote 1 (to criterion 8).
INITIAL_ASSESSMENT_INTERNAL_CONCERN_NOTE = (
    "An internal concern could be a whistle-blower from the Service Provider or self-referral by the Service Provider"
)

#: Section 6: the four possible outcomes of an initial assessment, in seed order (key, seed text).
INITIAL_ASSESSMENT_OUTCOMES: tuple[tuple[str, str], ...] = (
    (
        "not_sufficient",
        "The extent of the poor performance is not sufficient to warrant implementing poor performance procedures.",
    ),
    (
        "monitor",
        "The extent of the poor performance is not sufficient to warrant implementing poor performance procedures "
        "but the situation should be monitored through continued monitoring of monthly and quarterly provider "
        "returns and or Contracts Performance Management Meetings and or included in the next Contract Review "
        "meeting with the provider, depending on the Service Provider type and contractual requirements.",
    ),
    (
        "refer_to_radar",
        "Should the Initial Assessment have been inconclusive further discussions with other Professionals will be "
        "undertaken as required, this could be through RADAR meetings.",
    ),
    (
        "implement_procedure",
        "Where the extent of the poor performance or quality is sufficient to warrant implementing poor performance "
        "and quality procedures.",
    ),
)
_OUTCOME_LABELS = dict(INITIAL_ASSESSMENT_OUTCOMES)

_IA_MIN_TOTAL = 1 * len(INITIAL_ASSESSMENT_CRITERIA)  # 8
_IA_MAX_TOTAL = 5 * len(INITIAL_ASSESSMENT_CRITERIA)  # 40


@dataclass(frozen=True)
class InitialAssessmentThresholds:
    """Lowest Appendix 3 total (8-40) for each section-6 outcome.

    The seed gives **no** score thresholds: section 6 says every case is "treated individually and
    objectively, and be based on all of the available evidence". These values are therefore a
    **default, configurable per council**.

    INTERPRETATION: the outcomes are taken to rise with the total in the seed's own order (1 not
    sufficient, 2 monitor, 3 inconclusive so refer to RADAR, 4 implement the procedure), i.e. a
    middling-to-high total that is not clearly high is read as "inconclusive". The default splits
    the possible range 8-40 into four equal bands of 8 points:

    * 8-15 ``not_sufficient`` (average below 2 per criterion)
    * 16-23 ``monitor`` (average 2 to under 3)
    * 24-31 ``refer_to_radar`` (average 3 to under 4)
    * 32-40 ``implement_procedure`` (average 4 or more)

    Each value must be 9-40 and they must not decrease; equal values leave the lower band empty
    (e.g. ``refer_to_radar_from == implement_procedure_from`` never suggests RADAR).
    """

    monitor_from: int = 16
    refer_to_radar_from: int = 24
    implement_procedure_from: int = 32

    def __post_init__(self) -> None:
        order = ("monitor_from", "refer_to_radar_from", "implement_procedure_from")
        for name in order:
            _int_setting(getattr(self, name), name, _IA_MIN_TOTAL + 1, _IA_MAX_TOTAL)
        values = [getattr(self, n) for n in order]
        if values != sorted(values):
            raise ValueError(
                "initial assessment thresholds must not decrease: monitor_from <= refer_to_radar_from <= "
                f"implement_procedure_from, got {values[0]}, {values[1]}, {values[2]}"
            )


def initial_assessment_criteria() -> list[dict[str, Any]]:
    """Lancashire Appendix 3 scored criteria (seed numbers 2-9) as plain data for forms.

    Returns a list, in seed order, of ``{"key", "number", "question", "options": [{"score",
    "label"}, ...]}`` with options from score 5 down to 1.
    """
    return [
        {
            "key": key,
            "number": number,
            "question": question,
            "options": [{"score": score, "label": label} for score, label in options],
        }
        for key, number, question, options in INITIAL_ASSESSMENT_CRITERIA
    ]


def _initial_assessment_scores(scores: Any) -> dict[str, int]:
    scores = _mapping(scores, "initial assessment scores")
    _check_keys(
        scores,
        required=INITIAL_ASSESSMENT_CRITERION_KEYS,
        what="Appendix 3 initial assessment scores",
    )
    checked: dict[str, int] = {}
    for key, number, _question, _options in INITIAL_ASSESSMENT_CRITERIA:
        checked[key] = _rating(
            scores[key],
            "score",
            f"criterion {number} {key!r}",
            hint="pick the option's score from Appendix 3 (5 highest concern, 1 lowest)",
        )
    return checked


def initial_assessment_total(scores: Mapping[str, int]) -> int:
    """Total of the eight scored criteria of Lancashire Appendix 3 (seed 002), from 8 to 40.

    ``scores`` maps every key of ``INITIAL_ASSESSMENT_CRITERION_KEYS`` to a whole number 1-5.
    Missing or unknown keys and out-of-range scores raise ``ValueError``.
    """
    return sum(_initial_assessment_scores(scores).values())


def suggest_initial_assessment_outcome(
    total: int, thresholds: InitialAssessmentThresholds | Mapping[str, int] | None = None
) -> str:
    """Suggest one of the four section-6 outcomes (seed 002 section 6) from an Appendix 3 total.

    Returns ``not_sufficient``, ``monitor``, ``refer_to_radar`` or ``implement_procedure``. The
    seed sets no score thresholds, so ``thresholds`` (default, configurable per council; see
    ``InitialAssessmentThresholds``) decides; the Contract Officer makes the actual decision.
    """
    t = _thresholds(InitialAssessmentThresholds, thresholds, "initial assessment thresholds")
    if isinstance(total, bool) or not isinstance(total, int) or not _IA_MIN_TOTAL <= total <= _IA_MAX_TOTAL:
        raise ValueError(
            f"initial assessment total must be a whole number from {_IA_MIN_TOTAL} to {_IA_MAX_TOTAL} "
            f"(eight criteria scored 1-5), got {_describe(total)}; use initial_assessment_total() to compute it"
        )
    if total >= t.implement_procedure_from:
        return "implement_procedure"
    if total >= t.refer_to_radar_from:
        return "refer_to_radar"
    if total >= t.monitor_from:
        return "monitor"
    return "not_sufficient"


def initial_assessment(
    scores: Mapping[str, int], thresholds: InitialAssessmentThresholds | Mapping[str, int] | None = None
) -> dict[str, Any]:
    """Score a Lancashire Appendix 3 Initial Assessment and suggest a section-6 outcome (seed 002).

    Returns ``{"scores", "total", "outcome", "outcome_label", "criteria_scored_5", "thresholds",
    "advisory"}``. ``criteria_scored_5`` lists the criteria at their highest score, so a single
    severe answer (e.g. "Possible death of or injury to a service user") is visible even when the
    total is low.
    """
    checked = _initial_assessment_scores(scores)
    t = _thresholds(InitialAssessmentThresholds, thresholds, "initial assessment thresholds")
    total = sum(checked.values())
    outcome = suggest_initial_assessment_outcome(total, t)
    return {
        "scores": checked,
        "total": total,
        "outcome": outcome,
        "outcome_label": _OUTCOME_LABELS[outcome],
        "criteria_scored_5": [key for key, score in checked.items() if score == 5],
        "thresholds": asdict(t),
        "advisory": (
            "Suggestion only: section 6 requires each case to be treated individually and objectively on all "
            "of the available evidence; the score thresholds are a council setting, not part of the procedure."
        ),
    }


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


# ---------------------------------------------------------------------------------------------
# Lancashire section 8 – Determining action to be taken; Appendix 1 escalation outcomes
# ---------------------------------------------------------------------------------------------

#: Section 8 "The following table shows actions that may be appropriate at differing levels of
#: risk": (key, Joint Risk Assessment Judgment, Screening, possible corrective / remedial action),
#: in seed order, seed wording.
#:
#: INTERPRETATION: the converted table lost its merged cells. The screening labels and the
#: judgment labels are printed at the vertical middle of the rows they span, which gives:
#: Performing / Low (rows 1-4), Level 1 QPIP / Moderate (rows 5-6), Level 2 QPIP, Under-performing /
#: High (rows 7-11: "High" is printed beside row 9, the middle of 7-11) and Serious Concerns /
#: Extreme (rows 12-17).
SECTION_8_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("routine_monitoring", "low", "Performing",
     "Monitor the situation via routine monitoring arrangements and review within specific timescale."),
    ("increase_monitoring", "low", "Performing",
     "Increase the frequency of monitoring activity and Contract Review Meetings"),
    ("review_risk_rating", "low", "Performing", "Review the risk rating of the Contract"),
    ("advice_and_information", "low", "Performing",
     "Provide advice and information to the Service to facilitate improvements."),
    ("request_action_plan", "moderate", "Level 1 QPIP",
     "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
     "timescales for implementation. See Section 9 below for further information on Improvement/Action Plans."),
    ("reassess_service_users", "moderate", "Level 1 QPIP",
     "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service for "
     "an individual(s)"),
    ("remove_staff_from_contact", "high", "Level 2 QPIP (Under-performing)",
     "Request the removal of specific staff members from direct contact with service users \u2013 as per Contract. "
     "Could be used in cases of suspected abuse, or misconduct."),
    ("change_fee_band", "high", "Level 2 QPIP (Under-performing)",
     "If the Service is a Care Home, consider changing the fee band or quality incentive to reflect changes in "
     "circumstances, for example, loss of IIP Accreditation"),
    ("suspend_new_placements", "high", "Level 2 QPIP (Under-performing)",
     "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
     "(Policy/Procedure for Suspension)"),
    ("arrange_alternative_services", "high", "Level 2 QPIP (Under-performing)",
     "Arrange alternative services for existing service users. See Section 10"),
    ("cease_new_placements", "high", "Level 2 QPIP (Under-performing)",
     "Cease commissioning new placements to facilitate a planned termination of the contract with the service "
     "provider. See Section 10 below for further information."),
    ("validation_visit", "extreme", "Serious Concerns", "Validation visit"),
    ("warning_letter", "extreme", "Serious Concerns", "Issuing a warning letter to the Service Provider"),
    ("default_notice", "extreme", "Serious Concerns", "Issue Default Notice to the Service Provider"),
    ("renegotiation", "extreme", "Serious Concerns", "Renegotiation of Contract"),
    ("termination", "extreme", "Serious Concerns", "Termination of Contract"),
    ("decommissioning", "extreme", "Serious Concerns", "Decommissioning"),
)

#: Section 8 "Decision making" options, Appendix 6 charts 2-4 and Appendix 1 levels: the action a
#: Contract Officer decides on after the risk assessment (or after a Radar recommendation), as
#: (key, seed wording). ``termination`` leads to Level 3 (section 10).
PERFORMANCE_ACTIONS: tuple[tuple[str, str], ...] = (
    ("routine_monitoring",
     "Monitor the situation via routine monitoring arrangements and review within specific timescale"),
    ("enhanced_monitoring",
     "Enhanced monitoring: increase the frequency of monitoring activity and Contract Review Meetings"),
    ("review_risk_rating", "Review the risk rating of the Contract"),
    ("advice_and_information", "Provide advice and information to the service to facilitate improvements"),
    ("professionals_meeting", "Arrange a Professionals meeting with involved agencies"),
    ("level_1_qpip", "Arrange a Level 1 Quality and Performance Improvement Planning (Level 1 QPIP) meeting"),
    ("level_2_qpip", "Arrange a Level 2 Quality and Performance Improvement Planning (Level 2 QPIP) meeting"),
    ("suspension", "Suspension of commissioning new placements (Policy/Procedure for Suspension)"),
    ("termination", "Termination of Contract: Level 3 Decommissioning of Service (section 10)"),
)
_PERFORMANCE_ACTION_LABELS = dict(PERFORMANCE_ACTIONS)

#: The action suggested for each Appendix 4 risk level, read from the section 8 table's screening
#: column (Performing -> monitoring, Level 1 QPIP, Level 2 QPIP). INTERPRETATION: "Serious
#: Concerns" (Extreme) is suggested as a Level 2 QPIP, which Appendix 1 says "might also be called
#: because investigation of safeguarding issues uncovers very serious concerns"; termination is the
#: Head of Service's decision at Level 3, never a suggestion. Default; a council may pass its own
#: mapping as ``action_by_risk_level``.
PERFORMANCE_ACTION_BY_RISK_LEVEL: dict[str, str] = {
    "low": "routine_monitoring",
    "moderate": "level_1_qpip",
    "high": "level_2_qpip",
    "extreme": "level_2_qpip",
}

#: What Radar may recommend to the relevant officer of LCC/ICB/CSU (Radar section 3: "if a
#: suspension of the provider is required", "If a level 1 or level 2 QPIP is recommended").
RADAR_RECOMMENDATIONS: tuple[tuple[str, str], ...] = (
    ("suspension", "Suspension of the provider (suspension of commissioning new placements)"),
    ("level_1_qpip", "Level 1 QPIP"),
    ("level_2_qpip", "Level 2 QPIP"),
)
_RADAR_RECOMMENDATION_TO_ACTION = {"suspension": "suspension", "level_1_qpip": "level_1_qpip",
                                   "level_2_qpip": "level_2_qpip"}


def section_8_actions(risk_level: str) -> list[dict[str, str]]:
    """The section 8 table rows for one Appendix 4 risk level (seed 002), as
    ``[{"key", "risk_level", "screening", "action"}]`` in seed order."""
    level = _level(risk_level)
    return [
        {"key": key, "risk_level": lvl, "screening": screening, "action": text}
        for key, lvl, screening, text in SECTION_8_ACTIONS
        if lvl == level
    ]


def suggest_performance_action(
    risk_level: str | None = None,
    radar_recommendation: str | None = None,
    called_in_again_within_12_months: bool = False,
    action_by_risk_level: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Suggest the section 8 action (seed 002) from the overall risk level and/or Radar's
    recommendation.

    * ``risk_level`` – the Appendix 4 Step 4 overall level (``low`` .. ``extreme``), or None when
      the case comes straight from a Radar recommendation;
    * ``radar_recommendation`` – ``suspension``, ``level_1_qpip``, ``level_2_qpip`` or None; it is
      taken as the suggestion ("the relevant officer ... will follow their respective
      organisation's policy/procedure");
    * ``called_in_again_within_12_months`` – Appendix 1: a provider "called in again because of
      further concerns identified within 12 months" goes to Level 2, so a Level 1 suggestion
      becomes Level 2;
    * ``action_by_risk_level`` – a council's own mapping of risk level to action (default
      ``PERFORMANCE_ACTION_BY_RISK_LEVEL``).

    Returns ``{"action", "label", "reasons", "section_8_actions"}``.
    """
    if not isinstance(called_in_again_within_12_months, bool):
        raise ValueError(
            f"called_in_again_within_12_months must be true or false, got {_describe(called_in_again_within_12_months)}"
        )
    reasons: list[str] = []
    rows: list[dict[str, str]] = []
    if radar_recommendation is not None:
        if radar_recommendation not in _RADAR_RECOMMENDATION_TO_ACTION:
            raise ValueError(
                f"radar_recommendation must be one of {', '.join(_RADAR_RECOMMENDATION_TO_ACTION)} or None, "
                f"got {_describe(radar_recommendation)}"
            )
        action = _RADAR_RECOMMENDATION_TO_ACTION[radar_recommendation]
        reasons.append(f"Radar recommended: {dict(RADAR_RECOMMENDATIONS)[radar_recommendation]}.")
    elif risk_level is not None:
        level = _level(risk_level)
        mapping = dict(PERFORMANCE_ACTION_BY_RISK_LEVEL)
        if action_by_risk_level is not None:
            mapping.update(_mapping(action_by_risk_level, "action_by_risk_level"))
        action = mapping[level]
        if action not in _PERFORMANCE_ACTION_LABELS:
            raise ValueError(
                f"action_by_risk_level[{level!r}] must be one of {', '.join(_PERFORMANCE_ACTION_LABELS)}, "
                f"got {_describe(action)}"
            )
        rows = section_8_actions(level)
        reasons.append(f"Overall risk level {level}: section 8 screening '{rows[0]['screening']}'.")
    else:
        raise ValueError("suggest_performance_action needs a risk_level or a radar_recommendation")
    if risk_level is not None and not rows:
        rows = section_8_actions(risk_level)
    if action == "level_1_qpip" and called_in_again_within_12_months:
        action = "level_2_qpip"
        reasons.append(
            "The provider has been called in again within 12 months (Appendix 1): Level 2 instead of Level 1."
        )
    return {
        "action": action,
        "label": _PERFORMANCE_ACTION_LABELS[action],
        "reasons": reasons,
        "section_8_actions": rows,
    }


#: Appendix 1 "Outcome of Level 1 ... Quality and Performance Improvement Plan": (key, seed wording).
LEVEL_1_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("no_further_action",
     "Further meetings and feedback show good progress on all urgent actions and start on developmental actions: "
     "no further action required under procedure"),
    ("monitor_at_level_0", "Chair requires further monitoring at level 0"),
    ("escalate_to_level_2",
     "Meetings show little progress on urgent actions, or provider called in again because of further concerns "
     "identified within 12 months: Level 2"),
)

#: Appendix 1 "Outcome of Level 2 Quality and Performance Improvement Plan": (key, seed wording).
LEVEL_2_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("de_escalate_and_end",
     "Action Plan produced, fast progress made on all urgent actions: de-escalate concerns and end process"),
    ("continue_monitoring",
     "Action Plan produced, fast progress made on all urgent actions: de-escalate concerns and continue monitoring "
     "over agreed period"),
    ("provider_decides_to_close",
     "Action Plan and further meetings show little progress on urgent actions, or provider back again because "
     "sustainable improvement not maintained and limited chance of improvement: provider decides to close"),
    ("escalate_to_level_3",
     "Action Plan and further meetings show little progress on urgent actions, or provider back again because "
     "sustainable improvement not maintained and limited chance of improvement: escalate to Level 3"),
)

#: The outcome suggested from the action plan review's progress (good / some / little progress).
#: INTERPRETATION: "some progress" is not an Appendix 1 outcome; it is read as "keep watching"
#: (Level 1: monitoring at level 0; Level 2: continue monitoring over an agreed period). Little
#: progress at Level 2 suggests Level 3; the provider's own decision to close is never suggested.
QPIP_OUTCOME_BY_PROGRESS: dict[int, dict[str, str]] = {
    1: {"good_progress": "no_further_action", "some_progress": "monitor_at_level_0",
        "little_progress": "escalate_to_level_2"},
    2: {"good_progress": "de_escalate_and_end", "some_progress": "continue_monitoring",
        "little_progress": "escalate_to_level_3"},
}


def suggest_qpip_outcome(level: int, progress_outcome: str) -> str:
    """Suggest the Appendix 1 outcome of a Level 1 or Level 2 QPIP from the progress found at the
    action plan review (``good_progress``, ``some_progress``, ``little_progress``) (seed 002)."""
    if isinstance(level, bool) or level not in QPIP_OUTCOME_BY_PROGRESS:
        raise ValueError(f"QPIP level must be 1 or 2, got {_describe(level)}")
    by_progress = QPIP_OUTCOME_BY_PROGRESS[level]
    if progress_outcome not in by_progress:
        raise ValueError(
            f"progress outcome must be one of {', '.join(by_progress)}, got {_describe(progress_outcome)}"
        )
    return by_progress[progress_outcome]


# ---------------------------------------------------------------------------------------------
# Lancashire Radar operating procedure – menu of interventions (seed 000)
# ---------------------------------------------------------------------------------------------

#: Radar's risk assessment levels, lowest first (seed 000 section 3 table), (key, seed label).
RADAR_RISK_LEVELS: tuple[tuple[str, str], ...] = (
    ("no_low", "No/Low"),
    ("low_moderate", "Low to Moderate"),
    ("moderate", "Moderate"),
    ("high_extreme", "High to Extreme"),
    ("extreme", "Extreme"),
)
_RADAR_LEVEL_KEYS = tuple(k for k, _ in RADAR_RISK_LEVELS)

#: "The following are a menu of interventions": (key, Radar risk level, possible corrective /
#: remedial action), seed order and wording. INTERPRETATION: the converted cell "Review the risk
#: rating of the Service Provide advice and information to the Service ..." is two interventions
#: run together ("Review the risk rating of the Service" / "Provide advice and information ...")
#: and is split here.
RADAR_INTERVENTIONS: tuple[tuple[str, str, str], ...] = (
    ("routine_monitoring", "no_low",
     "Monitor the situation via routine monitoring arrangements and review within specific timescales \u2013 this "
     "may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. undertaking contract reviews, quality "
     "or compliance visit."),
    ("review_risk_rating", "low_moderate", "Review the risk rating of the Service"),
    ("advice_and_information", "low_moderate",
     "Provide advice and information to the Service to facilitate improvements."),
    ("nhs_or_ipc_support", "low_moderate",
     "Request additional support/intervention from NHS Services, LCC infection prevention visit/audit."),
    ("early_provider_meeting", "low_moderate",
     "Arrange a meeting with the provider to give an opportunity, at an early stage in the process, for the "
     "provider to respond."),
    ("request_action_plan", "low_moderate",
     "Request an Improvement/Action Plan from the Service stating how they intend to address the issues and their "
     "timescales for implementation."),
    ("targeted_monitoring", "moderate",
     "Monitor the situation via targeted monitoring arrangements and review within specific timescales \u2013 this "
     "may be the local authority, ICB, Safeguarding, CQC, Fire Service etc. Undertaking contract reviews, quality "
     "or compliance visit."),
    ("enhanced_monitoring", "high_extreme",
     "Enhanced monitoring \u2013 Review/step up the frequency of monitoring activity and Contract Review Meetings"),
    ("reassess_service_users", "high_extreme",
     "Re-assessment of need of specific service user(s) - where issues relate to the suitability of the service "
     "for an individual(s)"),
    ("operational_task_group", "high_extreme",
     "Establish an operational task group to sample check, gather information or undertake a targeted "
     "intervention with the provider."),
    ("remove_staff_from_contact", "high_extreme",
     "Request the removal of specific staff members from direct contact with service users. Could be used in "
     "cases of suspected abuse, or misconduct."),
    ("suspend_new_placements", "high_extreme",
     "Suspension of commissioning new placements \u2013 pending investigation and/or improvements "
     "(Policy/Procedure for Suspension)"),
    ("seek_legal_advice", "high_extreme",
     "Seek legal advice if the provider is not engaging to make improvements and there is potential for "
     "breach/default notice."),
    ("validation_visit", "high_extreme", "Validation visit"),
    ("breach_or_default_notice", "extreme",
     "Request a contract breach/default notice to be issued to the provider if there are significant concerns "
     "with safety and quality or services are in breach of their contract"),
    ("renegotiation", "extreme", "Renegotiation of Contract"),
    ("termination", "extreme", "Termination of Contract"),
    ("decommissioning", "extreme", "Decommissioning"),
)

#: What a Radar meeting can decide about a provider: (key, wording from the operating procedure).
RADAR_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("remain", "Remain on the Radar agenda for updating at the next meeting"),
    ("remove",
     "Remove from the Radar agenda: the initial risk has been mitigated and the Radar quorate have agreed no further "
     "action is required at this time, or satisfactory assurance has been gained"),
    ("recommend_suspension", "Recommend a suspension of the provider (the relevant officer follows their "
     "organisation's policy/procedure and feeds back the outcome to the Group)"),
    ("recommend_level_1_qpip", "Recommend a Level 1 QPIP (the relevant officer follows their organisation's "
     "policy/procedure and feeds back the outcome to the Group)"),
    ("recommend_level_2_qpip", "Recommend a Level 2 QPIP (the relevant officer follows their organisation's "
     "policy/procedure and feeds back the outcome to the Group)"),
)


def radar_interventions(level: str) -> list[dict[str, str]]:
    """The Radar menu of interventions for one risk level (seed 000), ``[{"key", "level",
    "intervention"}]``. The menu "is not exhaustive, and it is not a requirement to progress through
    each level"."""
    if level not in _RADAR_LEVEL_KEYS:
        raise ValueError(f"Radar risk level must be one of {', '.join(_RADAR_LEVEL_KEYS)}, got {_describe(level)}")
    return [{"key": k, "level": lvl, "intervention": text} for k, lvl, text in RADAR_INTERVENTIONS if lvl == level]


def suggest_radar_outcome(level: str) -> str:
    """Suggest a Radar meeting outcome from its risk level (seed 000 section 3): "Where it is agreed
    that there is low – moderate risk, the provider can be removed from Radar", so ``no_low`` and
    ``low_moderate`` suggest ``remove``; every other level suggests ``remain``. Recommending a
    suspension or a QPIP is always the members' judgement, never a suggestion."""
    if level not in _RADAR_LEVEL_KEYS:
        raise ValueError(f"Radar risk level must be one of {', '.join(_RADAR_LEVEL_KEYS)}, got {_describe(level)}")
    return "remove" if level in ("no_low", "low_moderate") else "remain"


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

    factors = []
    for key, label, grounds in LSE_FACTORS:
        met = [description for fact, description in grounds if facts[fact]]
        factors.append({"key": key, "label": label, "present": bool(met), "grounds": met})
    present = [f["key"] for f in factors if f["present"]]
    count = len(present)

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
