"""Staffordshire & Stoke-on-Trent Large Scale Enquiry (Level 4), Level 5 and closure steps
(seed 001, practice guides 9 and 10), as the people who do them would complete them. The
earlier levels' steps are in test_staffordshire_support."""

from __future__ import annotations

import datetime as _dt
import json

from engine import clock
from engine.roles import Role
from engine.scoring import lse_indicators
from tests.processes.test_staffordshire_support import ADULTS, LSE_FACTS_MANY, complete, data, hold_meeting, open_elements, start


def start_lse(councils, tenant="staffordshire", **start_data):
    """A Large Scale Enquiry started at Level 4 by the safeguarding lead, on many LSE factors."""
    facts = dict(LSE_FACTS_MANY, concerns_predominantly_safeguarding=True)
    return start(councils, "large_scale_enquiry", tenant=tenant, role=Role.SAFEGUARDING_LEAD,
                 data={"lse_factor_summary": lse_indicators(facts), **start_data})


def assert_no_names_in(value):
    """No adult's name, nor any part of it, appears in ``value`` (the anonymised SAB updates)."""
    text = json.dumps(value, ensure_ascii=False).lower()
    for adult in ADULTS + [{"name": "Edith Marsh"}]:
        for part in [adult["name"]] + adult["name"].split():
            assert part.lower() not in text, f"{part!r} appears in {text}"


def lse_set_up(world, case, police=False):
    complete(world, case, "lse_set_up", {
        "lse_lead": "Strategic Manager, Safeguarding",
        "qa_team_support": "Quality Assurance Officer",
        "participating_agencies": ["Staffordshire Police", "CQC", "NHS Staffordshire and Stoke-on-Trent ICB"],
        "lse_purposes": ["share_information", "coordinate_enquiries", "plan_safe_service", "communication_plan"],
        "concern_themes": ["moving_and_handling", "skin_integrity"],
        "police_investigation_active": police,
    })


def decide_exclusions(world, case, items=None, reason=None):
    """The LSE chair decides the items the provider is excluded from: the recommendation unless
    told otherwise, with a reason when the choice differs (9.19)."""
    recommended = data(world, case)["recommended_provider_excluded_items"]
    chosen = recommended if items is None else list(items)
    submission = {"recommended_provider_excluded_items": recommended}
    if chosen:
        submission["provider_excluded_items"] = chosen
    if reason:
        submission["provider_exclusion_decision_reason"] = reason
    complete(world, case, "decide_provider_exclusions", submission)
    return recommended


def lse_discussion(world, case, *, police=False, adults_safe=False, risk="high",
                   imminent_failure=False, recommend_suspension=False, qsism_text=None):
    """The practice guide 9 record; the items the provider was excluded from are the chair's decision."""
    submission = {
        "lse_confidentiality_agreed": True,
        "police_investigation_active": police,
        "previous_minutes_and_actions": "Agreed as accurate.",
        "adults_who_may_have_been_abused": ADULTS,
        "criminal_offences": "Police investigating alleged theft by the registered manager." if police else "None known.",
        "regulatory_issues": "CQC warning notice; Margaret Oakley's care plan not followed.",
        "current_agency_information": "District nurses report two new pressure ulcers.",
        "current_provider_information": "New deputy manager in post.",
        "summary_of_concerns": "Moving and handling with the wrong slings; skin integrity needs not met.",
        "lse_risk_level": risk,
        "risk_assessment": "High risk of harm to residents with high dependency.",
        "contractual_action": "Suspension of placements considered.",
        "lse_recommends_suspension": recommend_suspension,
        "enquiry_planning": "Two section 42 enquiries co-ordinated by adult social care.",
        "s42_enquiries": [
            {"enquiry_reference": "S42-1001", "lead_agency": "Adult social care", "enquiry_status": "open"},
            {"enquiry_reference": "S42-1002", "lead_agency": "Adult social care", "enquiry_status": "concluded"},
        ],
        "protection_plan_provider": "Moving and handling training for every carer by Friday.",
        "protection_plan_other_agencies": "Tissue viability nurse to visit weekly.",
        "information_sharing": "Police to share outcome with the chair only.",
        "communication_plan": "Letter to relatives; update to agencies after each meeting.",
        "organisational_concerns_for_qsism": qsism_text or (
            "Systemic moving and handling failures; slings not assessed. Albert Fenwick's ulcer was not reported."),
        "imminent_failure_identified": imminent_failure,
        "adults_safe": adults_safe,
    }
    if recommend_suspension:
        submission["lse_suspension_grounds"] = "Unsafe moving and handling"
    if data(world, case).get("provider_excluded_items"):
        submission["excluded_items_minutes"] = "Police update on the investigation; names of adults."
    complete(world, case, "record_lse_discussion", submission)


def decide_lse(world, case, decision, de_escalate_to=None, reason=None, next_meeting_date=None):
    suggested = data(world, case)["lse_recommended_next_step"]
    submission = {"lse_recommended_next_step": suggested, "lse_decision": decision}
    if decision == "continue":  # practice guide 9 item 17: the next meeting's date, four weeks on unless given
        submission["next_lse_meeting_date"] = next_meeting_date or (clock.now().date() + _dt.timedelta(weeks=4)).isoformat()
    if decision != suggested:
        submission["lse_decision_reason"] = reason or "The agencies judged otherwise."
    if decision == "adults_safe":
        submission["lse_de_escalate_to"] = de_escalate_to
        submission["lse_outcome_summary"] = "Users of the service are safe from abuse or neglect."
    complete(world, case, "decide_lse_next_step", submission)
    share_closing_update(world, case)
    return suggested


def lse_meeting(world, case, decision, *, police=False, adults_safe=False, risk="high",
                imminent_failure=False, recommend_suspension=False, de_escalate_to=None, reason=None,
                next_meeting_date=None, qsism_text=None):
    """One LSE meeting: the chair's exclusions (as recommended), the shared meeting, the practice
    guide 9 record and the decision."""
    decide_exclusions(world, case)
    agenda = hold_meeting(world, case, next_meeting_date=next_meeting_date)
    lse_discussion(world, case, police=police, adults_safe=adults_safe, risk=risk,
                   imminent_failure=imminent_failure, recommend_suspension=recommend_suspension,
                   qsism_text=qsism_text)
    suggested = decide_lse(world, case, decision, de_escalate_to=de_escalate_to, reason=reason,
                           next_meeting_date=next_meeting_date)
    return suggested, agenda


def coordinate_enquiries(world, case):
    complete(world, case, "coordinate_enquiries", {
        "s42_enquiry_progress": "Enquiry S42-1001 interviews complete.",
        "action_follow_up": "Training completed by 8 of 12 carers.",
    })


def level_5(world, case, decision, board_escalation=False, basis=None):
    answers = {
        "senior_review_date": clock.now().date().isoformat(),
        "senior_team_members": "Director of Health and Care; Assistant Director Commissioning",
        "risks_persisting": "Moving and handling failures persist after six months.",
        "reputational_risk": "Local press interest.",
        "further_actions": "Consider termination of the contract.",
        "board_escalation": board_escalation,
        "level_5_decision": decision,
    }
    if basis:
        answers["level_5_outcome_basis"] = basis
    complete(world, case, "level_5_senior_review", answers)


# --------------------------------------------------------------------------- urgent closure plan

def closure_contacts(world, case):
    complete(world, case, "contact_social_care_and_commissioners", {
        "imminent_failure_details": "The provider has told us it will cease trading at the end of the month.",
        "social_care_team_contacted": "North Staffordshire Social Care team",
        "social_care_team_contacted_on": clock.now().date().isoformat(),
        "commissioners_contacted": [{"organisation": "NHS Staffordshire and Stoke-on-Trent ICB",
                                     "contact": "Head of Continuing Healthcare",
                                     "contacted_on": clock.now().date().isoformat()}],
        "regulator_informed": True,
    })


def instigate_closure_plan(world, case, review_date):
    complete(world, case, "instigate_urgent_closure_plan", {
        "adults_affected": 28, "council_funded": 18, "nhs_funded": 4, "self_funders": 6,
        "section_48_applies": True,
        "closure_plan": "Each resident reviewed and moved with family involvement.",
        "local_guidance": "Staffordshire Business Failure Process",
        "closure_plan_review_date": review_date,
    })


def review_closure_plan(world, case, outcome, next_review_date=None):
    submission = {"closure_review_date": clock.now().date().isoformat(),
                  "closure_progress": "Moves progressing safely.", "closure_outcome": outcome}
    if next_review_date:
        submission["closure_plan_review_date"] = next_review_date
    complete(world, case, "review_closure_plan", submission)
    share_closing_update(world, case)


def share_closing_update(world, case, shared_on=None):
    """When an LSE ends, its closing update is reviewed and shared (9.22); nothing if none is waiting."""
    if "share_closing_lse_update" in open_elements(world, case):
        day = shared_on or clock.now().date().isoformat()
        complete(world, case, "share_closing_lse_update", {"no_personal_data_confirmed": True,
                                                           "shared_with_sab_on": day, "shared_with_qsism_on": day})
