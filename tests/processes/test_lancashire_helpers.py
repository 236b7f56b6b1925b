"""Steps shared by the Lancashire scenario modules (no tests here).

Each helper completes one step of a Lancashire procedure, or of a shared sub-process it calls,
with the data a person would enter on the form, so the scenarios read as the procedure.
"""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import select

from api.actors import Actor
from api.cases.models import Case, CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data, deliver_message
from engine import clock
from engine.scoring import INITIAL_ASSESSMENT_CRITERION_KEYS, action_plan_progress
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc
LANCS = "lancashire"


def at(year, month, day, hour=9, minute=0) -> _dt.datetime:
    """Set the engine clock (UTC) and return the instant."""
    when = _dt.datetime(year, month, day, hour, minute, tzinfo=UTC)
    clock.set_clock(when)
    return when


def catch_up(day: str) -> None:
    """The clock moves on to the day a thing was done, never back: a form refuses a date it has not reached."""
    if clock.now().date() < _dt.date.fromisoformat(day):
        at(*map(int, day.split("-")))


def advance_to(sessions, when: _dt.datetime) -> int:
    """Move the engine clock and fire every timer due by then; return how many fired."""
    clock.set_clock(when)
    return run_due_timers(sessions).timers


def complete_for(world, case, element_id: str, mentioned: str, data_: dict):
    """Complete the one open task with this element id whose instructions mention ``mentioned``
    (one instance of a multi-instance step, e.g. one service user)."""
    from api.cases.service import complete_task
    from engine.roles import task_roles

    [task] = [t for t in open_tasks(world.session, case) if t.element_id == element_id and mentioned in t.instructions]
    return complete_task(world.session, tenant=world.tenants[LANCS], actor=world.actor(LANCS, task_roles(task.role)[0]),
                         task_id=task.id, data=data_)


def timers(world, case) -> dict:
    world.session.expire_all()
    return {t.element_id: t for t in world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}


def cases_of(world, key: str) -> list[Case]:
    world.session.expire_all()
    return list(world.session.scalars(select(Case).where(Case.process_key == key).order_by(Case.id)))


def data(world, case) -> dict:
    world.session.expire_all()
    return case_data(world.session, world.session.get(Case, case.id))


def refresh(world, case) -> Case:
    world.session.expire_all()
    return world.session.get(Case, case.id)


def send(world, name: str, payload: dict) -> list[Case]:
    """A message from outside the council's cases (another system, or a person through the API)."""
    return deliver_message(world.session, tenant=world.tenants[LANCS], actor=Actor.system("tests"), name=name,
                           correlation={"provider_id": payload["provider_id"]}, payload=payload)


def referral(world, route="early_alert", alerter="Ann Alerter", organisation="Integrated Care Board (ICB)",
             criteria=("complaints",), referred_on="2026-03-02") -> dict:
    return {"provider_id": world.providers[LANCS], "route": route, "criteria": list(criteria),
            "summary": "High levels of complaints about night staffing.",
            "alerter": {"name": alerter, "organisation": organisation, "email": "ann.alerter@icb.example"},
            "referred_on": referred_on}


# ------------------------------------------------------------------ shared sub-processes

def hold_meeting(world, case, meeting_date: str, *, next_meeting_date: str | None = None, actions=None,
                 decisions: str = "Recorded in the minutes.") -> None:
    """multi_agency_meeting: the administrator prepares it, the chair records it."""
    complete(world, case, "prepare_meeting", {
        "meeting_title": data(world, case)["meeting_title"], "meeting_date": meeting_date, "meeting_format": "virtual",
        "invitees": [{"name": "Carol Chair", "organisation": "Lancashire County Council", "role": "Chair"},
                     {"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)", "role": "Quality lead"}],
        "agenda": list(data(world, case)["meeting_agenda"]),
    })
    record = {
        "attendees": [{"name": "Carol Chair", "organisation": "Lancashire County Council", "role": "Chair"},
                      {"name": "Pat Partner", "organisation": "Integrated Care Board (ICB)", "role": "Quality lead"}],
        "confidentiality_agreed": True, "minutes": "Concerns discussed.", "meeting_decisions": decisions,
        "meeting_actions": actions if actions is not None else [
            {"action": "Unannounced visit", "owner": "Pat Partner", "organisation": "Integrated Care Board (ICB)",
             "due_date": meeting_date}],
    }
    if next_meeting_date:
        record["next_meeting_date"] = next_meeting_date
    complete(world, case, "record_meeting", record)


def review_action_plan(world, case, reviewed_on: str, progress: str, outcome: str, reason: str | None = None) -> None:
    """action_plan_review: the reviewer records progress on every action (completed: on the review's
    date, with the evidence seen) and decides the outcome, with a reason when it differs from the
    outcome that recorded progress suggests (engine/scoring/action_plans.py)."""
    d = data(world, case)
    items = []
    for item in d["action_plan"]:
        item = {k: v for k, v in item.items() if v not in (None, "")}
        item["progress"] = progress
        if progress == "completed":
            item["completed_on"] = reviewed_on
            item["evidence"] = "Seen at the review meeting: the provider's audit and the records it covers."
        items.append(item)
    submission = {"action_plan_reviewed_on": reviewed_on, "action_plan": items,
                  "progress_outcome": outcome, "review_summary": "Progress reviewed with the provider."}
    if reason or outcome != action_plan_progress(items, reviewed_on)["recommended_outcome"]:
        submission["outcome_reason"] = reason or "Progress seen at the review meeting."
    catch_up(reviewed_on)
    complete(world, case, "review_action_plan", submission)


def send_notification(world, case, sent_on: str, recipient: str) -> None:
    catch_up(sent_on)
    complete(world, case, "send_notification", {"notification_method": "letter", "sent_on": sent_on,
                                                "recipient": recipient, "summary": "Letter sent."})


# ------------------------------------------------------------------ Lancashire steps

def initial_assessment_scores(total: int) -> dict:
    """Appendix 3 answers (score per criterion) adding up to ``total``."""
    extra = total - 8
    scores = {}
    for key in INITIAL_ASSESSMENT_CRITERION_KEYS:
        add = min(4, extra)
        scores[key] = 1 + add
        extra -= add
    return scores


def record_concern(world, case, received_on="2026-03-02") -> None:
    complete(world, case, "record_concern", {
        "concern_route": "reactive", "concern_sources": ["safeguarding", "whistle_blower"],
        "indications": ["patterns_or_trends"], "assessment_occasion": "concerns_expressed",
        "concern_received_on": received_on, "concern_summary": "Residents left in wet beds overnight.",
    })


def assess_initially(world, case, total: int) -> None:
    complete(world, case, "initial_assessment", {"nature_of_concern": "Night-time continence care.",
                                                 **initial_assessment_scores(total)})


def decide_initial_outcome(world, case, outcome: str, category="underperforming", reason=None) -> None:
    submission = {"recommended_initial_outcome": data(world, case)["recommended_initial_outcome"],
                  "initial_outcome": outcome, "concern_category": category}
    if reason:
        submission["initial_outcome_reason"] = reason
    complete(world, case, "decide_initial_outcome", submission)


def decide_action(world, case, action: str, reason: str | None = None) -> None:
    submission = {"recommended_action": data(world, case)["recommended_action"], "decided_action": action,
                  "proportionality": "Proportionate to the risk to residents."}
    if reason:
        submission["action_reason"] = reason
    complete(world, case, "decide_action", submission)


def appendix_7_plan(received_on: str, by_when: str) -> dict:
    return {"plan_received_on": received_on, "plan_agreed": True, "plan_rows": [
        {"concern_no": "1", "nature_of_concern": "Night checks not recorded", "action_required": "Hourly checks",
         "action_type": "urgent", "providers_response": "Agreed", "by_whom": "Registered manager",
         "by_when": by_when, "compliance_measure": "Audit of night records", "source": "Safeguarding enquiry"},
        {"concern_no": "2", "nature_of_concern": "Staff training out of date", "action_required": "Refresher training",
         "action_type": "developmental", "by_whom": "Training lead", "by_when": by_when,
         "compliance_measure": "Training matrix", "source": "Monitoring visit"},
    ]}


def start_performance_case(world, received_on="2026-03-02"):
    case = start(world, "lancashire_provider_performance", tenant=LANCS)
    record_concern(world, case, received_on)
    return case


def gather_information(world, case, visit=False, reviews=False) -> None:
    catch_up("2026-03-04")
    complete(world, case, "gather_information", {
        "information_requests": [{"option": "provider_response", "requested_of": "Registered manager",
                                  "requested_on": "2026-03-04", "information_received": "Rota and night records."}],
        "monitoring_visit_needed": visit, "service_user_reviews_needed": reviews, "partners_informed": True})


def observation_checklist(visit_date="2026-03-10", purpose="Monitoring visit", visit_type="monitoring", no=()) -> dict:
    answers = {}
    for section, prompts in CHECKLIST_PROMPTS.items():
        answers[section] = {p: ("no" if p in no else "yes") for p in prompts}
    return {"care_home_name": "Rosewood House", "observer": "Cath Contracts, Contract Officer",
            "visit_date": visit_date, "visit_purpose": purpose, "visit_type": visit_type, **answers,
            "manager_informed": "Yes, the deputy manager." if no else "", "actions_agreed": "", "other_comments": ""}


CHECKLIST_PROMPTS = {
    "environment": ["smell_pleasant", "tidy_and_in_good_order", "clean", "food_and_drinks"],
    "residents": ["resident_seen", "dressed_appropriately", "well_cared_for"],
    "residents_room": ["equipment_in_place", "room_clean_and_tidy"],
    "staff": ["enough_staff", "polite_and_courteous", "dignity_and_respect", "professional_attitude", "infection_control"],
    "care_plans": ["care_files_up_to_date", "medication_concerns"],
}


def holistic_row(domain, su=(2, 2), others=(1, 1), issues="Care issue identified.") -> dict:
    return {"domain": domain, "care_issues": issues, "service_user_impact": su[0], "service_user_likelihood": su[1],
            "others_impact": others[0], "others_likelihood": others[1]}


#: Appendix 5's suggested responsibility, as the team whose step lists the domain (the rest: Contracts).
TEAM_OF_DOMAIN = {**{d: "qi" for d in ("behaviour", "cognition", "psychological_and_emotional", "communication",
                                       "mobility")},
                  **{d: "health" for d in ("nutrition_food_drink", "continence", "skin_including_tissue_viability",
                                           "breathing", "drug_therapies_and_medication",
                                           "altered_states_of_consciousness", "end_of_life_care")},
                  "infection_prevention_control": "ipc", "safeguarding": "safeguarding"}
TEAMS = ("qi", "health", "ipc", "safeguarding", "contracts")


def sample_group_under_assessment(world, refs: tuple[str, ...] = ("AB", "CD")):
    """A case that implements the procedure, its sample group chosen: Appendix 5 open for each service user."""
    at(2026, 3, 2)
    case = start_performance_case(world)
    assess_initially(world, case, 34)
    decide_initial_outcome(world, case, "implement_procedure")
    gather_information(world, case)
    complete(world, case, "choose_sample_group", {
        "sample_service_users": [{"reference": ref} for ref in refs], "provider_type": "residential_home"})
    return case


def assess_service_user_by_team(world, case, ref: str, rows: list) -> None:
    """Appendix 5 for one service user: each responsible team records its own domains."""
    for team in TEAMS:
        mine = [r for r in rows if TEAM_OF_DOMAIN.get(r["domain"], "contracts") == team]
        complete_for(world, case, f"assess_{team}_domains", ref, {"holistic_rows": mine})


def assess_risk(world, case, rows_per_user: dict, overall: str | None = None, reason: str | None = None) -> None:
    """Section 7: the sample group, Appendix 5 per service user, then Appendix 4 Steps 3 and 4."""
    complete(world, case, "choose_sample_group", {
        "sample_service_users": [{"reference": ref} for ref in rows_per_user], "provider_type": "residential_home"})
    for ref, rows in rows_per_user.items():
        assess_service_user_by_team(world, case, ref, rows)
    if "take_immediate_action" in open_elements(world, case):
        catch_up("2026-03-12")
        complete(world, case, "take_immediate_action", {
            "immediate_actions": [{"service_user": "AB", "risk": "Skin integrity", "action_taken": "District nurse visit",
                                   "taken_by": "QI practitioner", "taken_on": "2026-03-12"}],
            "safeguarding_referral_made": True})
    recommended = data(world, case)["recommended_risk_level"]
    submission = {"service_user_views": "Residents said staff are kind but busy at night.",
                  "recommended_risk_level": recommended, "overall_risk_level": overall or recommended,
                  "remedial_action": "Improvement plan for night care.", "form_completed_by": "Cath Contracts",
                  "provider_feedback": "2026-03-13 10:00, telephone call to the manager", "designation": "Contract Officer",
                  "organisation": "Lancashire County Council", "email": "cath@lancashire.example",
                  "completed_on": "2026-03-13", "signature": "Cath Contracts"}
    if reason:
        submission["risk_level_reason"] = reason
    catch_up("2026-03-13")
    complete(world, case, "assess_overall_risk", submission)


def level_1_meeting_and_plan(world, case, meeting_date="2026-04-01", plan_due="2026-04-15",
                             review_on="2026-05-15", plan_received="2026-04-14"):
    """Level 1 QPIP: the meeting, the provider's agreement, and its Appendix 7 plan."""
    hold_meeting(world, case, meeting_date)
    complete(world, case, "record_level_1_meeting", {
        "provider_attended": True, "concerns_summary": "Night care and record keeping.",
        "urgent_actions": "Hourly night checks.", "level_1_plan_due_on": plan_due, "level_1_review_on": review_on,
        "qpip_options": ["request_action_plan"]})
    if plan_received:
        catch_up(plan_received)
        complete(world, case, "receive_level_1_plan", appendix_7_plan(plan_received, "2026-05-01"))


def level_2_meeting_and_plan(world, case, requested_on="2026-04-01", meeting_date="2026-04-06", weeks=3,
                             plan_received="2026-04-10"):
    """Level 2 QPIP: request, the senior manager's response, the meeting, agreement and plan."""
    catch_up(requested_on)
    complete(world, case, "request_level_2_meeting", {"level_2_reason": "failure_at_level_1",
                                                      "senior_manager": "Sue Senior", "meeting_requested_on": requested_on,
                                                      "proposed_meeting_date": meeting_date})
    complete(world, case, "record_senior_manager_response", {"response_received_on": requested_on,
                                                             "response_summary": "Will attend.",
                                                             "meeting_date_agreed": meeting_date})
    hold_meeting(world, case, meeting_date)
    complete(world, case, "record_level_2_meeting", {
        "provider_attended": True, "concerns_summary": "Serious concerns about night care.",
        "urgent_actions": "Night staffing; hourly checks.", "improvement_weeks": weeks,
        "qpip_options": ["request_action_plan", "reassess_service_users"]})
    if plan_received:
        catch_up(plan_received)
        complete(world, case, "receive_level_2_plan", appendix_7_plan(plan_received, "2026-04-24"))


def decide_level_outcome(world, case, level: int, outcome: str, reason=None, **extra):
    d = data(world, case)
    submission = {f"recommended_level_{level}_outcome": d[f"recommended_level_{level}_outcome"],
                  f"level_{level}_outcome": outcome, **extra}
    if reason:
        submission[f"level_{level}_outcome_reason"] = reason
    complete(world, case, f"decide_level_{level}_outcome", submission)


RISK_ROWS = {"low": (1, 2), "moderate": (2, 3), "high": (3, 3), "extreme": (4, 4)}


def performance_case_at_decision(world, level: str):
    """A performance case taken through the initial assessment, information and risk assessment, at
    the decision on action, with the sample group graded ``level``."""
    case = start_performance_case(world)
    assess_initially(world, case, 34)
    decide_initial_outcome(world, case, "implement_procedure")
    gather_information(world, case)
    assess_risk(world, case, {"AB": [holistic_row("staffing", su=RISK_ROWS[level])]})
    return case
