"""Lancashire Appendix 3 (Initial Assessment of Concerns) and the section 6 outcomes (seed 002)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .common import _check_keys, _describe, _int_setting, _mapping, _rating, _thresholds

__all__ = [
    "INITIAL_ASSESSMENT_CRITERIA",
    "INITIAL_ASSESSMENT_CRITERION_KEYS",
    "INITIAL_ASSESSMENT_INTERNAL_CONCERN_NOTE",
    "INITIAL_ASSESSMENT_OUTCOMES",
    "InitialAssessmentThresholds",
    "initial_assessment_criteria",
    "initial_assessment_total",
    "suggest_initial_assessment_outcome",
    "initial_assessment",
]

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
