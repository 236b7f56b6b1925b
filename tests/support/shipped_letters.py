"""The letters and notices shipped in documents/<folder>/, in the seeds' own wording.

    .venv/bin/python -m tests.support.shipped_letters

writes the first version of each template. The .docx files are then the council's to edit in Word
(letterhead, signatures, local wording); running this again would overwrite those edits, so it
writes only files that do not exist yet unless given --force. Placeholders: see documents/README.md
and documents/WIRING.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.support.docx_writer import docx_bytes, letter

__all__ = ["LETTERS", "write"]

ROOT = Path(__file__).resolve().parents[2]
HEAD = ["{{ council.name }}", "Our reference: {{ case.reference }}", "Date: {{ today }}", ""]
SIGNED = ["", "Yours sincerely,", "", "{{ author.name }}", "{{ council.name }}"]

WALES_PROVIDER = HEAD + [
    "To the responsible individual and the home manager, {{ provider.name }}", "",
    "# Notification: concerns to be managed under Escalating Concerns",
    "Following the risk assessment / information sharing meeting, the agencies decided on {{ decision_date | day }} that "
    "the concerns about {{ provider.name }} will be managed under the Escalating Concerns procedure.",
    "The concerns: {{ concerns_summary }}",
    "Social Services and the health board will create a Joint Interagency Monitoring Panel (JIMP) for the home. The initial "
    "JIMP meeting must be convened within four weeks; it is planned for {{ initial_jimp_planned_on | day }} and will be chaired "
    "by {{ jimp_chair }}. The lead officer for the Escalating Concerns arrangements is {{ lead_officer }}.",
    "The JIMP will develop an action plan with you: a Corrective Action Plan (CAP) where a delay in taking action could "
    "result in enforcement action, or a Developmental Action Plan (DAP) where aspects of quality require improving. Action "
    "plans will be shared with you and timescales for completing actions will be agreed.",
    "This notification is given within two working days of the decision, by {{ deadline }} ({{ deadline_rule }}).",
] + SIGNED

PAN_WALES_ROWS = [
    "Name of provider: {{ pan_wales_provider_name }}",
    "Category of care provided (i.e. voluntary sector, domiciliary care, residential nursing etc): {{ pan_wales_category_of_care | words }}",
    "Name of over-arching organisation (if applicable): {{ pan_wales_overarching_organisation }}",
    "Authority: {{ pan_wales_authority }}",
    "Name and contact of commissioning authority: {{ pan_wales_commissioning_contact }}",
    "Current status (i.e. provider performance, escalating concerns, Home Operation Support Group – HOSG): {{ pan_wales_status | words }}",
    "Date process commenced: {{ pan_wales_commenced_on | day }}",
    "Suspension or restrictions of placements. Please provide details: {{ pan_wales_placement_restrictions }}",
]
NB = ("NB. The information contained within this form is being shared to protect Vulnerable Adults in line with the Wales "
      "Interim Policy & Procedures for the Protection of Vulnerable Adults from Abuse.")
PAN_WALES_START = HEAD + [
    "# Appendix 4: Notification of Escalating Concerns / Provider Performance",
    "To: the PAN Wales Commissioning Network (Commissioning Team, Caerphilly: comteam@caerphilly.gov.uk)", "",
    "Provider: {{ provider.name }}", *PAN_WALES_ROWS, "",
    "To be completed at the beginning and end of the process and emailed to the Commissioning Team in Caerphilly "
    "comteam@caerphilly.gov.uk. This notification is due by {{ deadline }}, within two working days of the decision.", NB,
] + SIGNED
PAN_WALES_END = HEAD + [
    "# Appendix 4: Notification of Escalating Concerns / Provider Performance – end of the process",
    "To: the PAN Wales Commissioning Network (Commissioning Team, Caerphilly: comteam@caerphilly.gov.uk)", "",
    "This notification confirms that the process has ended for {{ provider.name }}.", *PAN_WALES_ROWS,
    "Date of the formal closure of process: {{ pan_wales_closed_on | day }}", "", NB,
    "Due by {{ deadline }}.",
] + SIGNED

SUSPENSION_COMMON = [
    "Grounds for default under the contract: {{ suspension_grounds }}",
    "Placements suspended: {{ suspension_scope | words }}{% if specified_services %} ({{ specified_services }}){% endif %}, "
    "from {{ suspended_from | day }}.",
    "Remedy the default by {{ remedy_timescale | day }}.",
]
WALES_SUSPENSION = HEAD + [
    "To the responsible individual, {{ provider.name }}", "",
    "# Suspension of placements: confirmation in writing",
    "{% if communicated_verbally_on %}As we told you on {{ communicated_verbally_on | day }}, the{% else %}The{% endif %} "
    "council decided on {{ suspension_decided_on | day }} to suspend placements at {{ provider.name }}, in accordance with "
    "the relevant terms of its contract for placing people in care home accommodation.",
    *SUSPENSION_COMMON,
    "Actions and timescales for remedying the default will be included in the relevant action plan and progress will be "
    "monitored by the JIMP panel.",
    "{% if withhold_fee_enhancements %}While the suspension has effect, the council will withhold additional fee "
    "enhancements or premiums payable for attaining specified quality standards.{% endif %}",
    "Recommendations to remove the suspension will be made by the JIMP panel, based on whether it is satisfied that the "
    "performance failures giving rise to the suspension have been remedied.",
] + SIGNED
LANCASHIRE_SUSPENSION = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Temporary suspension of commissioning new placements",
    "The council decided on {{ suspension_decided_on | day }} to suspend the commissioning of new placements with "
    "{{ provider.name }}, pending investigation and/or improvements, under its Policy and Procedure for Suspension.",
    *SUSPENSION_COMMON,
    "The suspension will be reviewed; it will be lifted when the council is satisfied that the concerns have been remedied.",
] + SIGNED
SHARED_SUSPENSION = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Suspension of placements",
    "This letter confirms in writing the decision of {{ suspension_decided_on | day }} to suspend placements at "
    "{{ provider.name }}.", *SUSPENSION_COMMON,
] + SIGNED

QPIP_1 = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Level 1 Quality and Performance Improvement Plan",
    "Thank you for attending the Level 1 Quality and Performance Improvement Planning meeting. As the chair summarised, "
    "important concerns have been uncovered: {{ concerns_summary }}",
    "You agreed to produce a Level 1 Quality and Performance Improvement Plan covering these urgent actions, within the "
    "agreed timeframe: {{ urgent_actions }}",
    "Please send us your plan by {{ deadline }}. Progress will be reviewed on {{ level_1_review_on | day }}.",
    "If meetings show little progress on the urgent actions, or further concerns are identified within 12 months, the "
    "provider may be called to a Level 2 meeting.",
] + SIGNED
QPIP_2 = HEAD + [
    "To {{ senior_manager }}, {{ provider.name }}", "",
    "# Request for a Level 2 Quality and Performance Improvement Planning meeting",
    "The council asks you to attend a Level 2 Quality and Performance Improvement Planning meeting about serious concerns "
    "at {{ provider.name }} ({{ level_2_reason | words }}). We propose to meet on {{ proposed_meeting_date | day }}.",
    "As the Service Provider Senior Manager, please respond to this request within 48 hours, by {{ step.due }}.",
    "At the meeting the chair will summarise the serious concerns. You will be asked to produce a Level 2 Quality and "
    "Performance Improvement Plan which addresses the urgent actions, submitted within 1 week, with improvements required "
    "within 2 to 4 weeks.",
] + SIGNED
WARNING = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Warning letter",
    "The council has serious concerns about the service: {{ concerns_summary }}",
    "The urgent actions your Level 2 plan must address: {{ urgent_actions }}",
    "Your plan must be submitted by {{ deadline }}, and the improvements made within {{ improvement_weeks }} weeks. If the "
    "plan and further meetings show little progress on the urgent actions, the council may issue a Default Notice, suspend "
    "new placements or terminate the contract.",
] + SIGNED
DEFAULT_NOTICE = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Default Notice",
    "The council gives notice that the provider is in default of its contract: {{ concerns_summary }}",
    "The default must be remedied by these urgent actions: {{ urgent_actions }}. Your plan is due by {{ deadline }} and the "
    "improvements must be made within {{ improvement_weeks }} weeks.",
    "If the default is not remedied, the council may terminate the contract in accordance with its terms.",
] + SIGNED
RADAR_REMOVAL = HEAD + [
    "To {{ alerters | join(', ') }}", "",
    "# {{ provider.name }}: removed from the Radar agenda",
    "You brought {{ provider.name }} to Radar. At its meeting on {{ radar_meeting_date | day }} the Radar quorate agreed "
    "that the provider will be removed from the Radar agenda: {{ removal_grounds | words }}.",
    "The named provider is removed when a review of the initial risk has been mitigated and the quorate have agreed no "
    "further action is required at this time, or satisfactory assurance has been gained. {{ radar_outcome_reason }}",
    "{% if deadline %}Due by {{ deadline }}.{% endif %}",
] + SIGNED
CLOSURE_PROVIDER = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Closure of the Provider Concerns process",
    "On {{ closure_decided_on | day }} it was decided to close the Provider Concerns process for {{ provider.name }}: "
    "{{ closure_basis }}",
    "The level of risk at closure is {{ residual_risk_level | words }}. Thank you for working with us; commissioners will "
    "continue to monitor the service through routine contract monitoring.",
    "This letter is sent within the local timescale, by {{ deadline }}.",
    "", "Yours sincerely,", "", "{{ chair_name }}", "Chair of the Provider Concerns process, {{ lead_organisation }}",
]
CLOSURE_CQC = HEAD + [
    "To the Care Quality Commission, about {{ provider.name }} ({{ provider.regulator }} location {{ provider.regulator_id }})", "",
    "# Closure of the Provider Concerns process",
    "The Provider Concerns process for {{ provider.name }} was closed on {{ closure_decided_on | day }}: {{ closure_basis }}",
    "The residual level of risk is {{ residual_risk_level | words }}.",
    "This letter is sent within the local timescale, by {{ deadline }}.",
    "", "Signed by the chair,", "", "{{ chair_name }}", "Chair of the Provider Concerns process, {{ lead_organisation }}",
]
LSE_PROVIDER = HEAD + [
    "To the registered manager, {{ provider.name }}", "",
    "# Decision of the planning meeting",
    "The agencies have decided that the concerns about {{ provider.name }} will be managed at {{ decided_level | words }} "
    "of the Framework for Quality and Safeguarding Provider Monitoring: {{ level_decision_reason }}",
    "What happens next: {{ provider_next_steps }}",
    "Communication with you will continue throughout the process, and it is imperative that it remains open and "
    "transparent. {% if deadline %}Due by {{ deadline }}.{% endif %}",
] + SIGNED
LSE_AGENCIES = HEAD + [
    "To the agencies taking part: {{ participating_agencies | join(', ') }}", "",
    "# Large Scale Enquiry: {{ provider.name }}",
    "A Large Scale Enquiry has been set up, led by {{ lse_lead }}. Its purposes: {{ lse_purposes | words }}.",
    "You are invited to the {{ meeting_title }}.",
    "Any information disclosed as part of these discussions should not be shared with any other person unless agreed as a "
    "specific action point. {% if deadline %}Due by {{ deadline }}.{% endif %}",
] + SIGNED

LETTERS = {
    "wales/ec_provider_notification.docx": ("Escalating Concerns: notification to the provider", WALES_PROVIDER),
    "wales/pan_wales_appendix_4.docx": ("PAN Wales notification (Appendix 4)", PAN_WALES_START),
    "wales/pan_wales_end_notice.docx": ("PAN Wales notification: end of the process", PAN_WALES_END),
    "wales/suspension_of_placements.docx": ("Suspension of placements (4.10)", WALES_SUSPENSION),
    "lancashire/suspension_of_placements.docx": ("Temporary suspension of new placements", LANCASHIRE_SUSPENSION),
    "shared/suspension_of_placements.docx": ("Suspension of placements", SHARED_SUSPENSION),
    "lancashire/qpip_level_1_letter.docx": ("Level 1 QPIP letter", QPIP_1),
    "lancashire/qpip_level_2_letter.docx": ("Level 2 QPIP meeting request", QPIP_2),
    "lancashire/warning_letter.docx": ("Warning letter", WARNING),
    "lancashire/default_notice.docx": ("Default Notice", DEFAULT_NOTICE),
    "lancashire/radar_removal_notice.docx": ("Removal from Radar: notice to the alerter", RADAR_REMOVAL),
    "berkshire/closure_letter_provider.docx": ("Closure letter to the provider", CLOSURE_PROVIDER),
    "berkshire/closure_letter_cqc.docx": ("Closure letter to the CQC", CLOSURE_CQC),
    "staffordshire/lse_provider_notification.docx": ("Planning meeting decision: notification to the provider", LSE_PROVIDER),
    "staffordshire/lse_agency_notification.docx": ("Large Scale Enquiry: notification to agencies", LSE_AGENCIES),
}


def write(root: Path = ROOT / "documents", force: bool = False) -> list[Path]:
    written = []
    for rel, (title, paragraphs) in LETTERS.items():
        path = root / rel
        if path.exists() and not force:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(docx_bytes(letter(title, paragraphs)))
        written.append(path)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="overwrite templates that exist (a council's edits are lost)")
    for path in write(force=parser.parse_args().force):
        print(f"wrote {path.relative_to(ROOT)}")
