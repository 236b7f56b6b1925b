"""The Berkshire six steps (seed 003), step by step, as the people who do them would complete
them: the scenario helpers the top-level module (test_berkshire_provider_concerns) and the step
modules (test_berkshire_<step>.py, one per step diagram) share."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import select

from api.actors import Actor
from api.cases.models import CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data, deliver_message
from engine import clock
from engine.roles import Role
from engine.scoring import action_plan_progress
from tests.support.world import complete, open_elements, start

KEY = "berkshire_provider_concerns"
READING = "reading"
UTC = _dt.timezone.utc


# --------------------------------------------------------------------------- the clock and timers

def at(day: str, hour: int = 9) -> None:
    clock.set_clock(_dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC))


def catch_up(day: str) -> None:
    """The clock moves on to the day a thing was done, never back: a form refuses a date it has not reached."""
    if clock.now().date() < _dt.date.fromisoformat(day):
        at(day)


def timers(world, case) -> dict:
    world.session.expire_all()
    return {t.element_id: t for t in world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}


def fire(world, sessions, day: str, hour: int = 18) -> None:
    at(day, hour)
    run_due_timers(sessions)
    world.session.expire_all()


def chase(world, case, outcome: str = "chased", role: Role | None = None, **extra) -> None:
    """The standard chase of an overdue step (processes/shared/chase_overdue_step.bpmn)."""
    complete(world, case, "chase_step", {"chase_action": "Phoned the step's owner", "chase_outcome": outcome, **extra},
             role=role)


def chaser_role(world, case) -> str:
    from tests.support.world import open_tasks

    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "chase_step"]
    return task.role


def status(world, case) -> str:
    world.session.expire_all()
    world.session.refresh(case)
    return case.status


# --------------------------------------------------------------------------- shared sub-processes

INVITEES = [{"name": "Sam Okafor", "organisation": "Reading Borough Council", "role": "Chair"},
            {"name": "Jo Wright", "organisation": "Reading Borough Council", "role": "Co-ordinator"},
            {"name": "Dr Mina Shah", "organisation": "Berkshire West ICB", "role": "Safeguarding lead"}]


def hold_meeting(world, case, day: str, decisions: str = "Actions agreed") -> dict:
    """The shared multi-agency meeting: the administrator prepares it, the chair records it.
    Returns the case data as the meeting was prepared (its title and agenda)."""
    prepared = case_data(world.session, case)
    complete(world, case, "prepare_meeting", {
        "meeting_title": prepared["meeting_title"], "meeting_date": day, "meeting_format": "in_person",
        "invitees": INVITEES, "agenda": prepared["agenda"]})
    complete(world, case, "record_meeting", {
        "attendees": INVITEES, "apologies": [], "confidentiality_agreed": True, "minutes": "Minutes of the meeting",
        "meeting_decisions": decisions,
        "meeting_actions": [{"action": "Circulate the minutes", "owner": "Jo Wright",
                             "organisation": "Reading Borough Council", "due_date": day}]})
    return prepared


def set_review_date(world, case, date: str | None = None, reason: str | None = None) -> str:
    """Step 4: the Co-ordinator sets the next review date (the one the level of risk suggests, unless given)."""
    suggested = case_data(world.session, case)["suggested_review_date"]
    answer = {"next_review_date": date or suggested}
    if reason:
        answer["review_date_reason"] = reason
    complete(world, case, "schedule_review", answer)
    return suggested


def monitoring_meeting(world, case, day: str) -> None:
    """Step 4: the chair meets the provider on the review date and shares the updated plan."""
    catch_up(day)
    complete(world, case, "meet_provider_to_monitor", {
        "monitoring_meeting_date": day, "monitoring_meeting_attendees": "Chair, Senior Commissioning Officer, home manager",
        "sip_shared_with_provider": True, "monitoring_meeting_notes": "Progress against each action"})


def review_plan(world, case, progress: list[str], decided: str, day: str) -> str:
    """The monitoring meeting with the provider, then the shared action plan review of the Service Improvement
    Plan (an action completed on ``day`` with the evidence seen); returns the outcome the recorded progress
    suggests (engine/scoring/action_plans.py), and gives a reason when the decision differs from it."""
    if "meet_provider_to_monitor" in open_elements(world, case):
        monitoring_meeting(world, case, day)
    data = case_data(world.session, case)
    items = []
    for item, p in zip(data["action_plan"], progress):
        row = {k: item[k] for k in ("item_id", "concern", "action", "owner", "due_date", "status")}
        row["progress"] = p
        if p == "completed":
            row.update(completed_on=day, evidence="Seen at the monitoring meeting: the home's audit and records")
        items.append(row)
    recommended = action_plan_progress(items, day)["recommended_outcome"]
    answer = {"action_plan_reviewed_on": day, "action_plan": items, "progress_outcome": decided,
              "review_summary": f"Review of {day}"}
    if decided != recommended:
        answer["outcome_reason"] = "The evidence seen at the visit"
    complete(world, case, "review_action_plan", answer)
    return recommended


def record_letter(world, case, day: str) -> str:
    """Step 6: the chair signs the next closure letter (the provider's, then the CQC's) and records it sent."""
    step = next(e for e in ("write_to_provider", "write_to_cqc") if e in open_elements(world, case))
    catch_up(day)
    complete(world, case, step, {"letter_signed_by": "Sam Okafor", "letter_sent_on": day,
                                 "letter_recipient": "Registered manager / CQC inspector",
                                 "letter_summary": "The Provider Concerns process has closed"})
    return step


# --------------------------------------------------------------------------- form data

def risk(level: str, alternative_provision_likely: bool = False) -> dict:
    data = {"risk_level": level,
            "risks": [{"risk": "Medication errors", "safeguards": "Daily MAR checks", "owner": "Home manager"}],
            "risk_shared_with_provider": True, "alternative_provision_likely": alternative_provision_likely}
    if level in ("high", "extreme"):
        data["escalation_triggers"] = "Any further medication error is reported to the chair the same day"
    return data


COMMISSIONING = {"commissioning_actions": ["additional_monitoring"], "commissioning_reason": "Moderate risk"}
FINDINGS = {
    "findings": "Medication errors substantiated; staffing rotas show gaps at night",
    "sip_issues": [{"issue": "Medication management", "area": "safety", "kind": "safeguarding", "priority": "high"}],
    "safeguarding_measures": "Daily checks of medication records",
    "safety_monitoring": "Weekly unannounced visits",
    "escalation_triggers_agreed": "Any missed medication is reported within 24 hours",
    "police_information_preserved": "Copies of MAR charts kept",
    "findings_agreed_on": "2027-03-19",
}
PROPOSALS = [
    {"concern": "Medication errors", "action": "Retrain all staff", "lead": "Home manager", "due_date": "2027-04-30"},
    {"concern": "Night staffing", "action": "Recruit two night carers", "lead": "Registered manager",
     "due_date": "2027-05-31"},
]
COMMS_ITEMS = ("senior_management", "provider_information", "suspension_communication", "press_release",
               "chief_executives_members", "adults_families", "self_funders")


def decide(world, initiate: str = "yes", risk_level: str = "moderate", **extra):
    at("2027-03-01")
    case = start(world, KEY, tenant=READING, role=Role.HEAD_OF_SERVICE)
    assert open_elements(world, case) == ["decide_to_initiate"]
    complete(world, case, "decide_to_initiate", {
        "decision_source": "quality_and_safeguarding_meeting", "decision_source_detail": "Meeting of 26 Feb 2027",
        "concerns_summary": "Repeated medication errors and night staffing gaps", "initial_risk_level": risk_level,
        "initiate": initiate, "decision_date": "2027-03-01", "decided_by": "Head of Adult Social Care", **extra})
    return case


def step_1(world, case, risk_level: str = "moderate", welfare_done: bool = False) -> None:
    """The nine actions of step 1, on 1 March 2027."""
    expected = {"consult_police", "contact_placing_authorities", "agree_chair_and_lead_organisation"}
    assert expected <= set(open_elements(world, case))
    if not welfare_done:
        complete(world, case, "check_welfare", {"welfare_checked_on": "2027-03-01", "people_checked": 28,
                                                "welfare_check_methods": ["visit"], "welfare_outcome": "all_safe"})
    complete(world, case, "consult_police", {"police_consulted_on": "2027-03-01", "police_contact": "DC Patel",
                                             "criminal_matters": "no"})
    complete(world, case, "contact_placing_authorities", {
        "placing_authorities": [{"authority": "Wokingham Borough Council", "contacted_on": "2027-03-01",
                                 "people_placed": 3}],
        "no_other_placing_authorities": False})
    complete(world, case, "agree_chair_and_lead_organisation", {
        "chair_arrangement": "as_recommended", "chair_name": "Sam Okafor",
        "lead_organisation": "Reading Borough Council", "chair_agreed_on": "2027-03-01"})
    complete(world, case, "appoint_coordinator", {"coordinator_name": "Jo Wright", "coordinator_role": "Quality officer",
                                                  "coordinator_organisation": "Reading Borough Council",
                                                  "coordinator_appointed_on": "2027-03-01"})
    complete(world, case, "convene_provider_concerns_meeting", {"initial_meeting_date": "2027-03-05",
                                                                "initial_meeting_invitees": INVITEES})
    complete(world, case, "set_up_provider_meeting", {"provider_meeting_date": "2027-03-04", "provider_informed": True,
                                                      "provider_information_shared": "The concerns and the process"})
    complete(world, case, "map_risk_and_risk_management_plan", risk(risk_level))
    complete(world, case, "consider_commissioning_intentions", COMMISSIONING)


def step_2(world, case, merged: bool = False, risk_level: str = "moderate", findings_date: str = "2027-03-19",
           findings_reason: str | None = "The enquiries report within two weeks") -> None:
    """The Initial Provider Concerns meeting, on 5 March 2027."""
    at("2027-03-05")
    prepared = hold_meeting(world, case, "2027-03-05")
    assert prepared["meeting_title"] == "Initial Provider Concerns meeting"
    assert prepared["meeting_date"] == "2027-03-05" and prepared["invitees"] == INVITEES  # offered from step 1
    complete(world, case, "identify_concerns", {"concerns": [
        {"concern": "Medication errors", "kind": "safeguarding", "severity": "high"},
        {"concern": "Night staffing", "kind": "quality", "severity": "moderate"}]})
    comms = {}
    for key in COMMS_ITEMS:
        needed = key not in ("press_release", "suspension_communication")
        comms[f"comms_{key}"] = "needed" if needed else "not_needed"
        if needed:
            comms[f"comms_{key}_how"] = "Co-ordinator, by letter, this week"
    complete(world, case, "agree_communication_strategy", comms)
    complete(world, case, "listen_to_provider", {"provider_views": "The provider accepts the concerns",
                                                 "provider_views_heard_on": "2027-03-05"})
    complete(world, case, "ensure_advocacy_and_support", {"advocacy_arranged": "not_needed",
                                                          "independent_feedback_route": "Dedicated phone line",
                                                          "complaints_and_surveys_checked": True})
    complete(world, case, "plan_safeguarding_enquiries", {
        "enquiries": [{"enquiry_type": "Medication audit", "lead": "Pharmacist", "due_date": "2027-03-12"}],
        "information_sources": ["adults_views", "factual_information", "professional_assessment"],
        "enquiry_skills": "Pharmacist and social worker"})
    complete(world, case, "update_risk_plan_initial_meeting", risk(risk_level))
    complete(world, case, "commissioning_intentions_initial_meeting", COMMISSIONING)
    if merged:
        assert "agree_findings_at_initial_meeting" in open_elements(world, case)
        assert "set_findings_meeting_date" not in open_elements(world, case)
        complete(world, case, "agree_findings_at_initial_meeting", {**FINDINGS, "findings_agreed_on": "2027-03-05"})
    else:
        assert "set_findings_meeting_date" in open_elements(world, case)
        assert "agree_findings_at_initial_meeting" not in open_elements(world, case)
        answer = {"findings_meeting_date": findings_date}
        if findings_reason:
            answer["findings_date_reason"] = findings_reason
        complete(world, case, "set_findings_meeting_date", answer)


def report_findings(world, case) -> None:
    """The enquiries report on 12 March 2027, the day they were completed."""
    at("2027-03-12")
    complete(world, case, "report_enquiry_findings", {
        "enquiry_results": [{"enquiry": "Medication audit", "finding": "Errors on 12 of 30 charts",
                             "substantiated": "yes"}],
        "enquiries_completed_on": "2027-03-12"})


def findings_meeting(world, case, risk_level: str = "moderate", reported: bool = False) -> None:
    """The Findings meeting, on 19 March 2027."""
    if not reported:
        report_findings(world, case)
    at("2027-03-19")
    assert hold_meeting(world, case, "2027-03-19")["meeting_title"] == "Findings meeting"
    complete(world, case, "agree_findings", FINDINGS)
    complete(world, case, "update_risk_plan_findings_meeting", risk(risk_level))
    complete(world, case, "commissioning_intentions_findings_meeting", COMMISSIONING)


def meet_provider(world, case, position: str = "can_improve") -> None:
    """The meeting with the provider, on 22 March 2027."""
    at("2027-03-22")
    data = {"provider_met_on": "2027-03-22", "provider_meeting_attendees": "Chair, lead commissioner, home manager",
            "provider_position": position}
    if position == "can_improve":
        data["provider_proposals"] = PROPOSALS
    else:
        data["provider_position_detail"] = "The provider cannot recruit night staff"
    complete(world, case, "meet_provider", data)
    if "schedule_review" in open_elements(world, case):
        set_review_date(world, case)


def through_step_3(world):
    case = decide(world)
    step_1(world, case)
    step_2(world, case)
    findings_meeting(world, case)
    meet_provider(world, case)
    return case


def first_review_to_quality_assurance(world, sessions, case) -> None:
    fire(world, sessions, "2027-05-03")
    review_plan(world, case, ["completed", "completed"], "good_progress", "2027-05-03")
    assert case_data(world.session, case)["recommended_next_step"] == "quality_assurance"
    complete(world, case, "decide_next_step", {"next_step_arrangement": "as_recommended"})
    assert open_elements(world, case) == ["agree_quality_assurance"]


def quality_assurance(world, case, sustained: bool = True) -> None:
    complete(world, case, "agree_quality_assurance", {
        "qa_activities": ["out_of_hours_calls", "unannounced_visits", "adults_and_carers_feedback"],
        "qa_staff": "The fact finding team", "qa_complete_by": "2027-07-30",
        "qa_date_reason": "Out of hours calls need the summer rota"})
    catch_up("2027-07-17")
    complete(world, case, "carry_out_quality_assurance", {"qa_results": [
        {"activity": "out_of_hours_calls", "carried_out_on": "2027-07-10", "result": "sustained"},
        {"activity": "unannounced_visits", "carried_out_on": "2027-07-17",
         "result": "sustained" if sustained else "not_sustained"}]})
    complete(world, case, "gather_adults_and_carers_feedback", {
        "feedback_method": "telephone_sample", "people_contacted": 8,
        "service_difference": "improved" if sustained else "no_change"})
    complete(world, case, "gather_agency_feedback", {"agencies_view": "improved" if sustained else "no_view"})
    assert open_elements(world, case) == ["decide_improvements_sustained"]
    assert case_data(world.session, case)["recommended_sustained"] is sustained
    complete(world, case, "decide_improvements_sustained", {"qa_outcome_arrangement": "as_recommended",
                                                            "qa_evidence": "QA results and feedback"})
    complete(world, case, "update_risk_plan_quality_assurance", risk("low"))


def closure(world, case, lessons: bool = False) -> None:
    at("2027-08-02")
    complete(world, case, "decide_to_close", {"closure_decided_on": "2027-08-02",
                                              "closure_basis": "Improvements attained and sustained",
                                              "residual_risk_level": "low", "lessons_learnt_session": lessons})
    record_letter(world, case, "2027-08-03")
    record_letter(world, case, "2027-08-03")
    if lessons:
        hold_meeting(world, case, "2027-08-10", "Lessons recorded")
    catch_up("2027-08-12")
    complete(world, case, "collate_feedback", {"provider_feedback": "Fair process", "adults_feedback": "Safer now",
                                               "carers_feedback": "Better communication",
                                               "feedback_collated_on": "2027-08-12"})
    complete(world, case, "assure_adults_and_carers", {"assurance_methods": ["letter"],
                                                       "how_to_raise_concerns": "Call the adult social care front door",
                                                       "assured_on": "2027-08-12"})
    catch_up("2027-08-20")
    complete(world, case, "send_sab_summary", {"safeguarding_effectiveness": "Adults were kept safe throughout",
                                               "sent_to_sab_on": "2027-08-20"})


def urgent_request(world, case, **payload) -> None:
    deliver_message(world.session, tenant=world.tenants[READING], actor=Actor.system("tests"),
                    name="urgent_action_requested", correlation={"provider_id": case.provider_id},
                    payload={"provider_id": case.provider_id, **payload})
    world.session.expire_all()
