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
    "DEFAULT_CRITICAL_ANSWERS",
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


#: The answer the seed itself marks as the gravest (Appendix 3, criterion 9: "Possible death of or
#: injury to a service user"). A total is an average of eight answers, so it can hide it: with every
#: other answer scored 1 the total is 12. Default critical answers, configurable per council.
DEFAULT_CRITICAL_ANSWERS: dict[str, int] = {"impact_of_doing_nothing": 5}
_OUTCOME_ORDER = tuple(key for key, _ in INITIAL_ASSESSMENT_OUTCOMES)


@dataclass(frozen=True)
class InitialAssessmentThresholds:
    """Lowest Appendix 3 total (8-40) for each section-6 outcome, and the critical answers.

    The seed gives **no** score thresholds: section 6 says every case is "treated individually and
    objectively, and be based on all of the available evidence". These bands are the project's own
    **default, configurable per council** in ``processes/tenants.toml``
    (``[tenant.thresholds.initial_assessment]``).

    INTERPRETATION: the outcomes are taken to rise with the total in the seed's own order (1 not
    sufficient, 2 monitor, 3 inconclusive so refer to RADAR, 4 implement the procedure). The default
    splits the possible range 8-40 into four equal bands of 8 points:

    * 8-15 ``not_sufficient`` (average below 2 per criterion)
    * 16-23 ``monitor`` (average 2 to under 3)
    * 24-31 ``refer_to_radar`` (average 3 to under 4)
    * 32-40 ``implement_procedure`` (average 4 or more)

    Each value must be 9-40 and they must not decrease; equal values leave the lower band empty
    (e.g. ``refer_to_radar_from == implement_procedure_from`` never suggests RADAR).

    ``critical_answers`` maps a criterion to the lowest score that is critical on its own (default:
    criterion 9 at 5, "Possible death of or injury to a service user"); any critical answer
    suggests at least ``critical_outcome`` (default ``implement_procedure``), whatever the total.
    """

    monitor_from: int = 16
    refer_to_radar_from: int = 24
    implement_procedure_from: int = 32
    critical_answers: Mapping[str, int] | None = None
    critical_outcome: str = "implement_procedure"

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
        critical = DEFAULT_CRITICAL_ANSWERS if self.critical_answers is None else self.critical_answers
        critical = _mapping(critical, "critical_answers", "initial assessment thresholds")
        for key, score in critical.items():
            if key not in INITIAL_ASSESSMENT_CRITERION_KEYS:
                raise ValueError(f"critical_answers: unknown criterion {key!r}; the criteria are: "
                                 + ", ".join(INITIAL_ASSESSMENT_CRITERION_KEYS))
            _rating(score, "critical_answers score", f"criterion {key!r}", hint="the lowest score that is critical")
        object.__setattr__(self, "critical_answers", dict(critical))
        if self.critical_outcome not in _OUTCOME_ORDER:
            raise ValueError(f"critical_outcome must be one of {', '.join(_OUTCOME_ORDER)}, "
                             f"got {_describe(self.critical_outcome)}")


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


def _critical_answers(checked: Mapping[str, int], t: InitialAssessmentThresholds) -> list[dict[str, Any]]:
    found = []
    for key, number, question, options in INITIAL_ASSESSMENT_CRITERIA:
        lowest = t.critical_answers.get(key)
        if lowest is not None and checked[key] >= lowest:
            found.append({"key": key, "number": number, "question": question, "score": checked[key],
                          "answer": dict(options)[checked[key]]})
    return found


def initial_assessment(
    scores: Mapping[str, int], thresholds: InitialAssessmentThresholds | Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Score a Lancashire Appendix 3 Initial Assessment and suggest a section-6 outcome (seed 002).

    Returns ``{"scores", "total", "outcome", "outcome_label", "critical_answers", "rests_on",
    "criteria_scored_5", "thresholds", "bands_source", "advisory"}``. A critical answer (by default
    "Possible death of or injury to a service user") is never outweighed by a low total: the
    suggestion is then at least the council's ``critical_outcome``, and ``rests_on`` says so.
    """
    checked = _initial_assessment_scores(scores)
    t = _thresholds(InitialAssessmentThresholds, thresholds, "initial assessment thresholds")
    total = sum(checked.values())
    by_total = suggest_initial_assessment_outcome(total, t)
    bands = (f"{_IA_MIN_TOTAL}-{t.monitor_from - 1} not sufficient, {t.monitor_from}-{t.refer_to_radar_from - 1} "
             f"monitor, {t.refer_to_radar_from}-{t.implement_procedure_from - 1} refer to Radar, "
             f"{t.implement_procedure_from}-{_IA_MAX_TOTAL} implement the procedure")
    source = "the council's setting" if thresholds is not None else "the default"
    critical = _critical_answers(checked, t)
    outcome = by_total
    rests_on = f"The total {total} of {_IA_MAX_TOTAL}, in the bands ({source}; the procedure sets none): {bands}."
    if critical and _OUTCOME_ORDER.index(t.critical_outcome) > _OUTCOME_ORDER.index(by_total):
        outcome = t.critical_outcome
        answers = "; ".join(f"criterion {c['number']}, \"{c['answer']}\"" for c in critical)
        rests_on = (f"The critical answer ({answers}), which no total outweighs: the total {total} alone would "
                    f"suggest '{by_total.replace('_', ' ')}'.")
    return {
        "scores": checked,
        "total": total,
        "outcome": outcome,
        "outcome_label": _OUTCOME_LABELS[outcome],
        "outcome_by_total": by_total,
        "critical_answers": critical,
        "rests_on": rests_on,
        "criteria_scored_5": [key for key, score in checked.items() if score == 5],
        "thresholds": asdict(t),
        "bands_source": "council" if thresholds is not None else "default",
        "advisory": (
            "Suggestion only: section 6 requires each case to be treated individually and objectively on all "
            "of the available evidence; the score bands are a council setting (processes/tenants.toml), not part "
            "of the procedure."
        ),
    }
