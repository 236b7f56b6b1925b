"""The test fixtures' forms (JSON Schema and UI schema), written by tests/fixtures/build_fixtures.py."""
from __future__ import annotations

from pathlib import Path

from tests.support.fixture_letters import FORMS as LETTER_FORMS

__all__ = ["Forms", "build_forms"]

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
SCHEMA = "https://json-schema.org/draft/2020-12/schema"

# --------------------------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------------------------
def text(title, *, help=None, area=False, max_length=None):
    field = {"type": "string", "title": title}
    if max_length:
        field["maxLength"] = max_length
    ui = {}
    if area:
        ui["ui:widget"] = "textarea"
    if help:
        ui["ui:help"] = help
    return field, ui


def integer(title, minimum=None, maximum=None, *, help=None):
    field = {"type": "integer", "title": title}
    if minimum is not None:
        field["minimum"] = minimum
    if maximum is not None:
        field["maximum"] = maximum
    return field, ({"ui:help": help} if help else {})


def boolean(title, *, help=None):
    return {"type": "boolean", "title": title}, ({"ui:help": help} if help else {})


def date(title, *, help=None):
    return {"type": "string", "format": "date", "title": title}, ({"ui:help": help} if help else {})


def choice(title, values, *, help=None):
    ui = {"ui:widget": "radio"}
    if help:
        ui["ui:help"] = help
    return {"type": "string", "title": title, "enum": list(values)}, ui


def array(title, items, *, min_items=None, help=None):
    item_schema, item_ui = items
    field = {"type": "array", "title": title, "items": item_schema}
    if min_items is not None:
        field["minItems"] = min_items
    ui = {}
    if item_ui:
        ui["items"] = item_ui
    if help:
        ui["ui:help"] = help
    return field, ui


def obj(title, fields, required):
    props = {name: f[0] for name, f in fields.items()}
    ui = {name: f[1] for name, f in fields.items() if f[1]}
    schema = {"type": "object", "title": title, "properties": props, "required": list(required),
              "additionalProperties": False}
    ui = {"ui:order": list(fields), **ui}
    return schema, ui


def confidential(field, *, hidden_from, when=None):
    """Mark a field confidential: hidden from these roles (while ``when`` holds)."""
    schema, ui = field
    rule = {"hidden_from": list(hidden_from)}
    if when:
        rule["when"] = when
    return {**schema, "x-confidential": rule}, ui


class Forms:
    def __init__(self):
        self.files: dict[Path, dict] = {}

    def add(self, folder, name, title, fields, required=(), description=None):
        for r in required:
            assert r in fields, (name, r)
        schema = {"$schema": SCHEMA, "title": title}
        if description:
            schema["description"] = description
        schema.update({"type": "object",
                       "properties": {k: v[0] for k, v in fields.items()},
                       "required": list(required),
                       "additionalProperties": False})
        ui = {"ui:order": list(fields)}
        ui.update({k: v[1] for k, v in fields.items() if v[1]})
        self.files[FORMS / folder / f"{name}.schema.json"] = schema
        self.files[FORMS / folder / f"{name}.uischema.json"] = ui
        return name


def build_forms() -> Forms:
    f = Forms()
    # simple_review
    f.add("shared", "review", "Review the concern", {
        "score_a": integer("Score A: how serious is the concern?", 1, 5,
                           help="1 is minor, 5 is very serious"),
        "score_b": integer("Score B: how likely is it to happen again?", 1, 5,
                           help="1 is unlikely, 5 is almost certain"),
        "notes": text("Notes", area=True, help="What you found and who you spoke to"),
        "police_investigation_active": boolean("Is a police investigation into the management active?"),
        "adults_named": confidential(text("Names of adults who may have been abused", area=True),
                                     hidden_from=["partner"], when="police_investigation_active"),
    }, required=["score_a", "score_b"])
    f.add("shared", "escalation", "Escalation decision", {
        "decision": choice("Do you agree the concern should be escalated?", ["agree", "disagree"]),
        "reason": text("Reason for your decision", area=True,
                       help="Say why, especially if you disagree with the recommendation"),
    }, required=["decision"])
    # gateways
    f.add("shared", "partner_update", "Partner update", {
        "notify_cqc": boolean("Should CQC be notified?"),
        "update": text("Update from partners", area=True),
    }, required=["notify_cqc"])
    f.add("shared", "safeguarding_update", "Safeguarding update", {
        "suspend": boolean("Should new placements be suspended?"),
        "update": text("Safeguarding update", area=True),
    }, required=["suspend"])
    f.add("shared", "notify_regulator", "Notify the regulator", {
        "notified_on": date("Date the regulator was notified"),
        "regulator_reference": text("Regulator's reference", max_length=50),
    }, required=["notified_on"])
    f.add("shared", "suspend_placements", "Suspend placements", {
        "suspended_from": date("Placements suspended from"),
        "suspension_reason": text("Reason for suspension", area=True),
    }, required=["suspended_from", "suspension_reason"])
    f.add("shared", "record_no_action", "Record no further action", {
        "no_action_reason": text("Why no further action is needed", area=True),
    }, required=["no_action_reason"])
    # meeting (shared), call_meeting
    action_item = obj("Action", {
        "action": text("Action"),
        "owner": text("Owner", help="Name or role of the person responsible"),
        "due_date": date("Due date"),
    }, required=["action", "owner", "due_date"])
    f.add("shared", "meeting", "Record the meeting", {
        "attendees": array("Attendees", text("Name and organisation"), min_items=1),
        "minutes": text("Minutes", area=True),
        "actions": array("Actions", action_item,
                         help="Each action needs an owner and a due date"),
    }, required=["attendees", "minutes"])
    f.add("shared", "after_meeting", "After the meeting", {
        "follow_up": text("Follow-up agreed with the provider", area=True),
    }, required=["follow_up"])
    # meeting (alpha's local variant)
    f.add("alpha", "meeting", "Record the meeting (Alpha)", {
        "attendees": array("Attendees", text("Name and organisation"), min_items=1),
        "apologies": array("Apologies", text("Name and organisation")),
        "confidentiality_agreed": boolean("Did everyone agree to keep the meeting confidential?"),
        "minutes": text("Minutes", area=True),
        "actions": array("Actions", action_item,
                         help="Each action needs an owner and a due date"),
    }, required=["attendees", "confidentiality_agreed", "minutes"])
    f.add("alpha", "approve_minutes", "Approve the minutes", {
        "minutes_approved": boolean("Are the minutes approved?"),
        "approval_comments": text("Comments", area=True),
    }, required=["minutes_approved"])
    # residents
    f.add("shared", "list_residents", "Residents affected", {
        "residents": array("Residents", obj("Resident", {
            "name": text("Name"),
            "self_funder": boolean("Self-funder?"),
        }, required=["name", "self_funder"]), min_items=1),
    }, required=["residents"])
    f.add("shared", "move_resident", "Move a resident", {
        "new_home": text("New home"),
        "moved_on": date("Date moved"),
    }, required=["new_home", "moved_on"])
    f.add("shared", "meeting_round", "Hold the meeting", {
        "minutes": text("Minutes"),
        "another_meeting": boolean("Is another meeting needed?"),
    }, required=["minutes", "another_meeting"])
    # timers
    f.add("shared", "record_decision", "Record the decision", {
        "decision_date": date("Date of the decision",
                              help="Statutory timescales run from this date"),
    }, required=["decision_date"])
    f.add("shared", "notify_provider", "Notify the provider", {
        "notice_method": choice("How was the provider notified?", ["letter", "email"]),
        "notice_sent_on": date("Date the notice was sent"),
    }, required=["notice_method", "notice_sent_on"])
    f.add("shared", "chase_provider_notice", "Chase the provider notice", {
        "chase_note": text("What was done to chase the notice", area=True),
    }, required=["chase_note"])
    f.add("shared", "senior_response", "Senior response", {
        "senior_response": text("Response from the senior manager", area=True),
    }, required=["senior_response"])
    f.add("shared", "escalate_no_response", "Escalate: no response", {
        "escalation_action": text("Action taken because there was no response", area=True),
    }, required=["escalation_action"])
    # messages
    f.add("shared", "decide_referral", "Decide the outcome", {
        "outcome": choice("Outcome", ["qpip", "none"],
                          help="qpip: start a quality performance improvement plan"),
    }, required=["outcome"])
    f.add("shared", "qpip_plan", "Quality performance improvement plan", {
        "plan": text("Improvement plan", area=True),
        "review_date": date("Review date"),
    }, required=["plan", "review_date"])
    # error_end
    f.add("shared", "request_evidence", "Request evidence", {
        "evidence_requested": text("Evidence requested from the provider", area=True),
        "requested_on": date("Date requested"),
    }, required=["evidence_requested", "requested_on"])
    f.add("shared", "proceed", "Proceed", {
        "proceed_note": text("Note", area=True),
    })
    # script_failure
    f.add("shared", "after_ratio", "After the ratio", {
        "ratio_note": text("Note", area=True),
    })
    # long_chain
    f.add("shared", "step", "Step", {"note": text("Note")})
    f.add("shared", "agree_or_not", "Agree or not", {
        "decision": choice("Do you agree?", ["agree", "disagree"]),
    }, required=["decision"])
    # case_actions
    f.add("shared", "new_information", "Record new information about the provider", {
        "information_received_on": date("Date the information was received"),
        "information_summary": text("What the information is", area=True),
    }, required=["information_received_on", "information_summary"])
    for name, title, fields, required in LETTER_FORMS(text, date, choice, boolean, array, obj, confidential):
        f.add("shared", name, title, fields, required=required)
    f.add("shared", "close_early", "Close the case early", {
        "closure_reason": choice("Why the case is closing early", ["provider_closed", "concerns_resolved", "transferred"]),
        "closure_details": text("Details", area=True),
    }, required=["closure_reason", "closure_details"])
    return f
