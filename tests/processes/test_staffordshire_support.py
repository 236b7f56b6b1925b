"""Steps shared by the Staffordshire & Stoke-on-Trent scenario modules (seed 001, Section 9).

Each helper completes the tasks of one step as the people who do them would, with the form data
the forms ask for. The module holds no tests of its own.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from sqlalchemy import select

from api.cases.models import Case, CaseStatus, CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data, load_run
from engine import clock
from engine.scoring import action_plan_progress
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc
ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms" / "staffordshire"

ADULTS = [
    {"name": "Margaret Oakley", "safeguarding_referral": "Unexplained bruising reported by her daughter",
     "enquiry_reference": "S42-1001"},
    {"name": "Albert Fenwick", "safeguarding_referral": "Pressure ulcer not reported to the district nurse",
     "enquiry_reference": "S42-1002"},
]


# --------------------------------------------------------------------------- clock and reading

def at(year, month, day, hour=9, minute=0):
    when = _dt.datetime(year, month, day, hour, minute, tzinfo=UTC)
    clock.set_clock(when)
    return when


def fire_timers(world, sessions, when=None):
    if when is not None:
        clock.set_clock(when)
    result = run_due_timers(sessions)
    world.session.expire_all()
    return result


def data(world, case):
    world.session.expire_all()
    return case_data(world.session, case)


def task_data(world, case, element_id):
    """The data an open task sees. (Case data merges every open task's data, and a task on a
    boundary-event path holds a snapshot from when that path started.)"""
    world.session.expire_all()
    [task] = [t for t in load_run(world.session, case).ready_tasks() if t.element_id == element_id]
    return task.data


def status(world, case):
    world.session.refresh(case)
    return case.status


def timers(world, case):
    world.session.expire_all()
    return {t.element_id: t for t in world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}


def cases_of(world, process_key):
    world.session.expire_all()
    return list(world.session.scalars(select(Case).where(Case.process_key == process_key).order_by(Case.id)))


def schema(name):
    return json.loads((FORMS / f"{name}.schema.json").read_text(encoding="utf-8"))


def assert_running(world, case):
    assert status(world, case) == CaseStatus.RUNNING, case.error


# --------------------------------------------------------------------------- shared sub-processes

def hold_meeting(world, case, *, next_meeting_date=None, meeting_date=None, meeting_format="in_person",
                 actions=None):
    """The admin prepares the meeting with the agenda the procedure proposed; the chair records it."""
    agenda = data(world, case)["agenda"]
    complete(world, case, "prepare_meeting", {
        "meeting_title": data(world, case)["meeting_title"],
        "meeting_date": meeting_date or clock.now().date().isoformat(),
        "meeting_format": meeting_format,
        "invitees": [{"name": "Jo Bright", "organisation": "Staffordshire County Council", "role": "Chair"},
                     {"name": "Sam Hale", "organisation": "NHS Staffordshire and Stoke-on-Trent ICB",
                      "role": "Nurse Assessor"}],
        "agenda": agenda,
    })
    record = {
        "attendees": [{"name": "Jo Bright", "organisation": "Staffordshire County Council", "role": "Chair"}],
        "confidentiality_agreed": True,
        "minutes": "Concerns and agency information shared.",
        "meeting_decisions": "As recorded.",
        "meeting_actions": actions or [],
    }
    if next_meeting_date:
        record["next_meeting_date"] = next_meeting_date
    complete(world, case, "record_meeting", record)
    return agenda


def send_notification(world, case, summary="Decision and next steps explained"):
    complete(world, case, "send_notification", {
        "notification_method": "letter", "sent_on": clock.now().date().isoformat(),
        "recipient": "Registered manager, Rosewood House", "summary": summary,
    })


def review_action_plan(world, case, progress="on_track", decision=None, reason=None):
    """Record each action's progress (completed: with the date and the evidence seen); decide the
    outcome that progress suggests (engine/scoring/action_plans.py) unless told otherwise, then
    with the reason. Returns the suggestion."""
    current = data(world, case)
    today = clock.now().date().isoformat()
    items = []
    for item in current["action_plan"]:
        row = {k: item[k] for k in ("item_id", "concern", "action", "owner", "due_date", "kind") if k in item}
        row["progress"] = progress
        if progress == "completed":
            row["completed_on"] = today
            row["evidence"] = "Seen at the monitoring visit: post-falls reviews on file and the night rota"
        items.append(row)
    suggested = action_plan_progress(items, today)["recommended_outcome"]
    submission = {"action_plan_reviewed_on": today, "action_plan": items, "progress_outcome": decision or suggested,
                  "review_summary": "Progress checked against every action."}
    if decision and decision != suggested:
        submission["outcome_reason"] = reason or "The team's judgement differs."
    complete(world, case, "review_action_plan", submission)
    return suggested


# --------------------------------------------------------------------------- framework levels

def level_1(world, case, decision, review_date=None):
    submission = {
        "intelligence_sources": ["quality_assurance_forms", "as1s", "cqc_updates"],
        "intelligence_summary": "Two AS1s about falls; CQC inspection rated the home requires improvement.",
        "risks_identified": "Falls management and staffing at night.",
        "level_1_risk_level": "moderate",
        "level_1_decision": decision,
    }
    if review_date:
        submission["next_intelligence_review_date"] = review_date
    complete(world, case, "level_1_intelligence", submission)


def plan_provider_contact(world, case, contact_types=("formal_meeting",), risk="high"):
    complete(world, case, "plan_provider_contact", {
        "particular_concerns": "Falls are not being reviewed; night staffing below the agreed level.",
        "level_2_risk_level": risk,
        "contact_types": list(contact_types),
        **({"contractual_action_details": "Default notice under clause 12"}
           if "contractual_action" in contact_types else {}),
    })


def review_level_2(world, case, decision, reason=None):
    suggested = data(world, case)["level_2_recommended"]
    submission = {"level_2_recommended": suggested, "level_2_decision": decision,
                  "level_2_review_notes": "Reviewed with the provider."}
    if decision != suggested:
        submission["level_2_decision_reason"] = reason or "The provider has not engaged."
    complete(world, case, "review_level_2", submission)
    return suggested


LSE_FACTS_FEW = {
    "s42_referrals_high_volume": False, "s42_no_referrals_made": False,
    "s42_referrals_significant_concerns": True, "demographic_of_adults_receiving_care": False,
    "systemic_higher_risk_concerns": False, "residents_admitted_to_hospital": False,
    "provider_not_engaged": False,
}
LSE_FACTS_MANY = dict(LSE_FACTS_FEW, s42_referrals_high_volume=True, demographic_of_adults_receiving_care=True,
                      systemic_higher_risk_concerns=True, residents_admitted_to_hospital=True)


def planning_meeting(world, case, facts, decided_level, safeguarding="yes", reason=None,
                     meeting_format="in_person"):
    """Record the 9.5 factors, hold the planning meeting, record the decision, tell the provider."""
    complete(world, case, "record_lse_factors", {
        "planning_reasons": ["lower_levels_unsuccessful", "significant_risks"],
        **facts,
        "concerns_predominantly_safeguarding": safeguarding,
    })
    hold_meeting(world, case, meeting_format=meeting_format)
    suggested = data(world, case)["recommended_level"]
    submission = {
        "current_risk_to_users": "high",
        "recommended_level": suggested,
        "decided_level": decided_level,
        "level_decision_rationale": "The presenting risks were weighed by every agency.",
    }
    if decided_level != suggested:
        submission["level_decision_reason"] = reason or "The agencies judged the risks differently."
    if decided_level in ("level_3", "level_4"):
        submission["provider_next_steps"] = "A first meeting within two weeks; an action plan to agree."
    complete(world, case, "decide_level", submission)
    if decided_level in ("level_3", "level_4"):
        send_notification(world, case)
    return suggested


QIP_ACTIONS = [
    {"concern": "Falls not reviewed", "action": "Post-falls reviews for every fall", "owner": "Registered manager",
     "due_date": "2026-12-18", "kind": "corrective"},
    {"concern": "Night staffing", "action": "Two waking staff every night", "owner": "Provider director",
     "due_date": "2026-12-31", "kind": "developmental"},
]


def qip_set_up(world, case, next_review_date, contractual_actions=(), grounds=None):
    submission = {
        "qip_purposes": ["persistent_concerns", "regulatory_action"],
        "regulatory_action_details": "CQC Notice of Decision to impose conditions",
        "qip_lead": "Quality Assurance Team manager",
        "parties_consulted": ["Clinical Commissioning Group (CCG)"],
        "qip_actions": QIP_ACTIONS,
        "qip_contractual_actions": list(contractual_actions),
        "qip_next_review_date": next_review_date,
    }
    if "prevent_new_placements" in contractual_actions:
        submission["placement_suspension_grounds"] = grounds or "Unsafe falls management"
    complete(world, case, "qip_set_up", submission)


def monitoring_visit(world, case):
    complete(world, case, "monitoring_visit", {
        "monitoring_visit_held": True, "monitoring_visit_date": clock.now().date().isoformat(),
        "monitoring_visit_findings": "Falls reviews now in place for most residents.",
    })


def record_qip_review(world, case, risk="moderate", imminent_failure=False, safeguarding=False):
    complete(world, case, "record_qip_review", {
        "qip_meeting_purpose": "Review progress of the Quality Improvement Process",
        "qip_confidentiality_agreed": True,
        "previous_minutes_accurate": True,
        "previous_actions_review": "Most actions completed on time.",
        "safeguarding_enquiries_review": "One enquiry concluded, one open.",
        "statutory_agencies_views": "District nurses report improvement.",
        "service_users_reviewed": [{"name": "Edith Marsh", "reviewed_on": clock.now().date().isoformat(),
                                    "reviewed_by": "Adult social care"}],
        "service_user_and_carer_views": "Relatives are positive about the new manager.",
        "provider_views": "The provider reports the action plan on track.",
        "qip_risk_of_harm": risk,
        "risk_of_harm_assessment": "Falls risk reducing.",
        "protection_plan_provider": "Post-falls reviews continue.",
        "protection_plan_other_agencies": "District nurses visit weekly.",
        "contractual_actions_update": "No further contractual action.",
        "qip_communication_plan": "Monthly update letter to relatives.",
        "actions_shared_with_provider_on": clock.now().date().isoformat(),
        "imminent_failure_identified": imminent_failure,
        "concerns_now_predominantly_safeguarding": safeguarding,
    })


def decide_qip(world, case, decision, next_review_date=None, contractual_actions=(), reason=None, grounds=None):
    suggested = data(world, case)["qip_recommended_next_step"]
    submission = {"qip_recommended_next_step": suggested, "qip_decision": decision,
                  "qip_contractual_actions": list(contractual_actions)}
    if decision != suggested:
        submission["qip_decision_reason"] = reason or "The meeting judged otherwise."
    if next_review_date:
        submission["qip_next_review_date"] = next_review_date
    if "prevent_new_placements" in contractual_actions:
        submission["placement_suspension_grounds"] = grounds or "Unsafe falls management"
    complete(world, case, "decide_qip_next_step", submission)
    return suggested


def qip_cycle(world, case, decision, *, progress="on_track", progress_outcome=None, risk="moderate",
              imminent_failure=False, safeguarding=False, next_review_date=None, contractual_actions=(), reason=None):
    """Monitoring visit, action plan review, the Level 3 review meeting, the record and the decision."""
    monitoring_visit(world, case)
    review_action_plan(world, case, progress=progress, decision=progress_outcome)
    agenda = hold_meeting(world, case, next_meeting_date=next_review_date)
    record_qip_review(world, case, risk=risk, imminent_failure=imminent_failure, safeguarding=safeguarding)
    suggested = decide_qip(world, case, decision, next_review_date=next_review_date,
                           contractual_actions=contractual_actions, reason=reason)
    return suggested, agenda


__all__ = [name for name in dir() if not name.startswith("_")] + ["open_elements", "open_tasks", "start", "complete"]
