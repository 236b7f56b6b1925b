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
  (Level 4) is appropriate rather than the Level 3 Quality Improvement Process; practice guide 9
  (the LSE agenda) and the items the provider is recommended to be excluded from (9.19).

* **Berkshire** (seed ``003_5f377c969ab1a0c3.txt``, Provider Concerns procedure): no scored
  table; the current level of risk, the weeks to the next review by level of risk, the next
  step after a Service Improvement Plan review and whether improvements are sustained.

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

from .common import *  # noqa: F401,F403
from .action_plans import *  # noqa: F401,F403
from .lancashire_assessment import *  # noqa: F401,F403
from .lancashire_risk import *  # noqa: F401,F403
from .lancashire_holistic import *  # noqa: F401,F403
from .lancashire_actions import *  # noqa: F401,F403
from .lancashire_radar import *  # noqa: F401,F403
from .lancashire_progress import *  # noqa: F401,F403
from .wales import *  # noqa: F401,F403
from .staffordshire import *  # noqa: F401,F403
from .berkshire import *  # noqa: F401,F403

__all__ = [
    "RISK_LEVELS",
    "done_and_evidenced",
    "action_plan_progress",
    "INITIAL_ASSESSMENT_CRITERIA",
    "INITIAL_ASSESSMENT_CRITERION_KEYS",
    "INITIAL_ASSESSMENT_INTERNAL_CONCERN_NOTE",
    "INITIAL_ASSESSMENT_OUTCOMES",
    "InitialAssessmentThresholds",
    "initial_assessment_criteria",
    "initial_assessment_total",
    "suggest_initial_assessment_outcome",
    "initial_assessment",
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
    "RADAR_RISK_LEVELS",
    "RADAR_INTERVENTIONS",
    "RADAR_OUTCOMES",
    "radar_interventions",
    "suggest_radar_outcome",
    "SECTION_8_ACTION_FINDINGS",
    "section_8_action_statuses",
    "section_8_review_summary",
    "merge_section_8_outcomes",
    "suspension_action_outcome",
    "suggest_qpip_outcome_on_evidence",
    "radar_intervention_statuses",
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
    "LSE_FACTORS",
    "LSE_FACT_KEYS",
    "LSE_RECOMMENDATIONS",
    "LseThresholds",
    "lse_indicators",
    "LSE_AGENDA_ITEMS",
    "LSE_POLICE_EXCLUDED_ITEMS",
    "lse_recommended_exclusions",
    "lse_exclusion_decision",
    "lse_agenda",
    "BERKSHIRE_NEXT_STEPS",
    "berkshire_risk_level",
    "berkshire_review_interval_weeks",
    "berkshire_suggest_next_step",
    "berkshire_suggest_sustained",
]
