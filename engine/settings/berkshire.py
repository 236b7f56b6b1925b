"""Berkshire (processes/berkshire): 'The steps outlined in this procedure will be determined locally.'"""

from __future__ import annotations

from .registry import OneOf, Setting, Text, WholeNumber, YesNo, by_risk_level, declare

__all__: list[str] = []

_LOCAL = "Berkshire 5.8: 'The steps outlined in this procedure will be determined locally.'"


def _local(key: str, label: str, kind, default, why: str = "") -> Setting:
    return Setting(key=key, folder="berkshire", label=label, kind=kind, default=default,
                   source=f"{_LOCAL} {why}".strip())


declare(
    _local("findings_meeting_merged_into_initial_meeting", "The Findings meeting is held as part of the initial "
           "provider concerns meeting", YesNo(), False,
           "Step 3: findings meetings 'may be encompassed in the previous stage'."),
    _local("chair_role", "Who usually chairs (the chair is agreed in step 1)",
           OneOf(("safeguarding_manager", "head_of_commissioning", "icb_safeguarding_lead", "other")),
           "safeguarding_manager", "Step 1: 'Agree Chair and lead organisation'."),
    _local("lead_organisation", "The usual lead organisation (agreed in step 1)", Text(), "",
           "Step 1: 'Agree Chair and lead organisation'."),
    _local("welfare_checks_within_working_days", "Working days for the immediate checks on the welfare of people "
           "using the service", WholeNumber(minimum=1, maximum=10, unit="working days"), 1,
           "Step 1: 'Immediate checks on welfare of people using the service'."),
    _local("initial_meeting_within_working_days", "Working days from the decision to the initial provider concerns "
           "meeting", WholeNumber(minimum=1, maximum=30, unit="working days"), 5),
    _local("findings_meeting_within_weeks", "Weeks from the initial meeting to the Findings meeting",
           WholeNumber(minimum=1, maximum=26, unit="weeks"), 4, "Step 2: 'Set date for Findings Meeting'."),
    _local("provider_meeting_within_working_days", "Working days to set up the meeting with the provider",
           WholeNumber(minimum=1, maximum=30, unit="working days"), 5, "Step 1: 'Set up meeting with the Provider'."),
    _local("update_meeting_weeks", "Weeks between update meetings, by level of risk (suggested; the chair may "
           "set another date with a reason)", by_risk_level(WholeNumber(minimum=1, maximum=26, unit="weeks")),
           {"low": 8, "moderate": 6, "high": 4, "extreme": 2},
           "Step 4: 'Timescales for further safeguarding meetings are dependent upon progress of the Service "
           "Improvement Plan and the level of risk'."),
    _local("monitoring_meeting_within_working_days", "Working days after a review date for the monitoring meeting "
           "with the provider and the review of the Service Improvement Plan",
           WholeNumber(minimum=1, maximum=20, unit="working days"), 5,
           "Step 3: the plan is updated 'through a series of monitoring meetings'; step 2: 'The Chair and Senior "
           "Commissioning Officer should establish regular meetings with the provider'."),
    _local("quality_assurance_weeks", "Weeks to complete the quality assurance process",
           WholeNumber(minimum=1, maximum=52, unit="weeks"), 6,
           "Step 5: 'Appropriate timescales to complete the quality assurance process should be factored into "
           "the strategy'."),
    _local("closure_letters_within_working_days", "Working days for the chair's closure letters to the provider "
           "and the CQC", WholeNumber(minimum=1, maximum=30, unit="working days"), 5,
           "Step 6: 'notified in writing by the chair'."),
)
