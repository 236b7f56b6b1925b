"""Fixture diagrams, forms and templates for letters, evidence, deadlines and the SAB report
(written by tests/fixtures/build_fixtures.py).

``letters``: a decision, the grounds, then a notice to the provider due two working days after
the decision (a step offering two templates) and a meeting whose call activity names a third.
``lse``: a Large Scale Enquiry with the element ids and field names of Staffordshire's, so the
SAB report is tested on data shaped like the real procedure's.
"""

from __future__ import annotations

from tests.support.bpmn_builder import Diagram
from tests.support.docx_writer import docx_bytes, letter

__all__ = ["letters", "lse", "FORMS", "TEMPLATES"]


def letters():
    co, hos = "contract_officer", "head_of_service"
    d = Diagram("letters", "Letters", lanes=[co, hos])
    d.start("concern_confirmed", "Concern confirmed", co)
    d.user_task("record_decision", "Record the decision", co, form="record_decision")
    d.user_task("record_grounds", "Record the grounds", co, form="letter_details")
    d.script_task("recommend_outcome", "Recommend the outcome", co, 'recommended_outcome = "suspend_placements"')
    d.user_task("decide_outcome", "Decide the outcome", hos, form="decide_outcome",
                post_script='if decided_outcome != recommended_outcome and not outcome_reason:\n'
                            '    raise ValueError("Give the reason for deciding differently")')
    d.user_task("notify_provider", "Notify the provider", co, form="notify_provider",
                properties={"documentTemplate": "provider_notice.docx, confidential_notice.docx"})
    d.boundary_timer("provider_notice_overdue", "Provider not notified within two working days", "notify_provider",
                     date="working_days_deadline(decision_date, 2, region)", interrupting=False)
    d.user_task("chase_provider_notice", "Chase the provider notice", hos, form="chase_provider_notice")
    d.end("notice_chased", "Notice chased", hos)
    d.call_activity("hold_meeting", "Hold the meeting", co, "meeting",
                    properties={"documentTemplate": "meeting_invitation.docx"})
    d.end("letters_sent", "Letters sent", co)
    d.chain("concern_confirmed", "record_decision", "record_grounds", "recommend_outcome", "decide_outcome",
            "notify_provider", "hold_meeting", "letters_sent")
    d.chain("provider_notice_overdue", "chase_provider_notice", "notice_chased")
    return d


def lse():
    co = "safeguarding_lead"
    d = Diagram("lse", "Large Scale Enquiry", lanes=[co])
    d.start("lse_needed", "LSE needed", co)
    d.user_task("lse_set_up", "Set up the Large Scale Enquiry", co, form="lse_set_up")
    d.exclusive("lse_meeting_due", None, co)
    d.user_task("record_lse_discussion", "Record the discussion", co, form="lse_discussion")
    d.user_task("decide_lse_next_step", "Decide the next step", co, form="lse_next_step")
    d.exclusive("lse_continues", "Continue the LSE?", co)
    d.end("lse_ended", "LSE ended", co)
    d.chain("lse_needed", "lse_set_up", "lse_meeting_due", "record_lse_discussion", "decide_lse_next_step", "lse_continues")
    d.flow("lse_continues", "lse_ended", "No", default=True)
    d.flow("lse_continues", "lse_meeting_due", "Continue", condition='lse_decision == "continue"')
    return d


def FORMS(text, date, choice, boolean, array, obj, confidential):
    """(name, title, fields, required) of the forms the two fixtures use."""
    enquiry = obj("Enquiry", {"enquiry_reference": text("Reference"),
                              "enquiry_status": choice("Status", ["open", "concluded"])}, required=["enquiry_status"])
    adult = obj("Adult", {"name": text("Name")}, required=["name"])
    outcomes = {"suspend_placements": "Suspend new placements", "monitor": "Monitor the provider"}

    def outcome(title, **extra):
        return {"type": "string", "title": title, "oneOf": [{"const": k, "title": v} for k, v in outcomes.items()], **extra}, {}

    return [
        ("decide_outcome", "Decide the outcome", {
            "recommended_outcome": outcome("Recommended outcome", readOnly=True),
            "decided_outcome": outcome("Outcome"),
            "outcome_reason": text("Reason for deciding differently", area=True),
        }, ["decided_outcome"]),
        ("letter_details", "Record the grounds", {
            "grounds": text("Grounds for default", area=True),
            "remedy_timescale": text("Timescale to remedy the default"),
            "adults_named": confidential(text("Names of adults affected", area=True), hidden_from=["partner"]),
        }, ["grounds"]),
        ("lse_set_up", "Set up the Large Scale Enquiry", {
            "lse_lead": text("Manager leading the LSE"),
            "concern_themes": array("Themes", choice("Theme", ["moving_and_handling", "nutrition", "skin_integrity",
                                                                "other_systemic"])),
            "police_investigation_active": boolean("Is there an active police investigation into the management?"),
        }, ["lse_lead", "concern_themes", "police_investigation_active"]),
        ("lse_discussion", "Record the discussion", {
            "summary_of_concerns": text("11. Summary of Concerns", area=True),
            "lse_risk_level": choice("12. Level of risk", ["low", "moderate", "high", "extreme"]),
            "lse_recommends_suspension": boolean("13. Does the LSE recommend suspension?"),
            "adults_who_may_have_been_abused": confidential(array("6. Names of adults who may have been abused", adult),
                                                            hidden_from=["partner"]),
            "s42_enquiries": array("14 (a) Section 42 enquiries", enquiry),
            "organisational_concerns_for_qsism": text("Organisational concerns for QSISM", area=True),
            "adults_safe": boolean("Is it clear that users of the service are safe?"),
        }, ["summary_of_concerns", "lse_risk_level", "lse_recommends_suspension", "adults_safe"]),
        ("lse_next_step", "Decide the next step", {
            "lse_decision": choice("Decision", ["continue", "adults_safe", "imminent_failure", "escalate_level_5"]),
            "lse_de_escalate_to": choice("After the LSE", ["level_3", "level_2", "level_1", "close"]),
            "lse_outcome_summary": text("Outcome of the Large Scale Enquiry", area=True),
        }, ["lse_decision"]),
    ]


def TEMPLATES() -> dict[str, bytes]:
    """Fixture templates by path under tests/fixtures/documents/."""
    notice = [
        "{{ council.name }}", "Our reference: {{ case.reference }}", "{{ today }}", "",
        "To the registered manager, {{ provider.name }}", "",
        "# Notice of concerns", "",
        "Following the decision of {{ decision_date | day }}, the council gives notice that placements at "
        "{{ provider_name }} are of concern on these grounds: {{ grounds }}.",
        "You must remedy the default within {{ remedy_timescale }}. This notice is due to you by {{ deadline }}: "
        "{{ deadline_rule }}.",
        "", "{{ author.name }}",
    ]
    return {
        "shared/provider_notice.docx": docx_bytes(letter("Notice of concerns", notice)),
        "alpha/provider_notice.docx": docx_bytes(letter("Notice of concerns (Alpha)", notice,
                                                        header="Alpha Borough Council letterhead")),
        "shared/confidential_notice.docx": docx_bytes(letter("Confidential notice", [
            "To {{ provider.name }}", "Adults affected: {{ adults_named }}", "Due by {{ deadline }}"])),
        "shared/meeting_invitation.docx": docx_bytes(letter("Meeting invitation", [
            "{{ provider.name }} is invited to a meeting about case {{ case.reference }}.", "{{ step.name }}"])),
    }
