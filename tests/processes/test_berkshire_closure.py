"""Berkshire Provider Concerns, Step 6 (berkshire_closure):
the chair's letters to the provider and the CQC, the SAB summary, late letters.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

from api.cases.models import CaseStatus
from api.cases.service import case_data
from tests.processes.berkshire_steps import (
    UTC,
    at,
    timers,
    chase,
    chaser_role,
    fire,
    status,
    hold_meeting,
    record_letter,
    through_step_3,
    first_review_to_quality_assurance,
    quality_assurance,
)
from tests.support.world import complete, open_elements, open_tasks


def test_closure_letters_to_the_provider_and_the_cqc_and_the_sab_summary(councils, sessions):
    world = councils
    case = through_step_3(world)
    first_review_to_quality_assurance(world, sessions, case)
    quality_assurance(world, case)
    at("2027-08-02")
    complete(world, case, "decide_to_close", {"closure_decided_on": "2027-08-02",
                                              "closure_basis": "Improvements attained and sustained",
                                              "residual_risk_level": "low", "lessons_learnt_session": True})
    # The chair signs each letter: the task is the chair's, and a letter is the only way it goes.
    [task] = [t for t in open_tasks(world.session, case) if t.element_id == "write_to_provider"]
    assert task.role == "chair" and "The chair, **Sam Okafor**, signs the letter" in task.instructions
    assert record_letter(world, case, "2027-08-03") == "write_to_provider"
    assert record_letter(world, case, "2027-08-04") == "write_to_cqc"
    assert hold_meeting(world, case, "2027-08-10", "Lessons recorded")["meeting_title"] == "Lessons learnt session"
    at("2027-08-12")
    complete(world, case, "collate_feedback", {"provider_feedback": "Fair process", "adults_feedback": "Safer now",
                                               "carers_feedback": "Better communication",
                                               "feedback_collated_on": "2027-08-12"})
    complete(world, case, "assure_adults_and_carers", {"assurance_methods": ["letter", "meeting"],
                                                       "how_to_raise_concerns": "Call the front door",
                                                       "assured_on": "2027-08-12"})
    report = case_data(world.session, case)["sab_summary_report"]
    assert report["outcomes"]["letters"] == [{"party": "provider", "sent_on": "2027-08-03"},
                                             {"party": "CQC", "sent_on": "2027-08-04"}]
    assert [a["item_id"] for a in report["actions"]] == ["SIP-1", "SIP-2"]
    assert report["risk_management"]["final_level"] == "low"
    assert report["feedback"]["carers"] == "Better communication"
    assert report["meetings"][-1]["title"] == "Lessons learnt session"
    at("2027-08-20")
    complete(world, case, "send_sab_summary", {"safeguarding_effectiveness": "Adults were kept safe",
                                               "sent_to_sab_on": "2027-08-20"})
    assert status(world, case) == CaseStatus.COMPLETED
    data = case_data(world.session, case)
    assert [(letter["party"], letter["method"], letter["signed_by"]) for letter in data["closure_letters"]] == [
        ("provider", "letter", "Sam Okafor"), ("CQC", "letter", "Sam Okafor")]
    assert [n["party"] for n in data["notifications"]] == ["provider", "CQC"]
    assert data["sab_summary_report"]["sent_to_sab_on"] == "2027-08-20"
    assert data["sab_summary_report"]["effectiveness_of_safeguarding"] == "Adults were kept safe"


def test_closure_letters_not_sent_in_time_are_chased(councils, sessions):
    world = councils
    case = through_step_3(world)
    first_review_to_quality_assurance(world, sessions, case)
    quality_assurance(world, case)
    at("2027-08-02")
    complete(world, case, "decide_to_close", {"closure_decided_on": "2027-08-02",
                                              "closure_basis": "Improvements sustained",
                                              "residual_risk_level": "low", "lessons_learnt_session": False})
    assert timers(world, case)["provider_letter_overdue"].due_at == _dt.datetime(2027, 8, 9, 16, tzinfo=UTC)
    fire(world, sessions, "2027-08-09", 17)
    assert set(open_elements(world, case)) == {"chase_step", "write_to_provider"}
    assert chaser_role(world, case) == "head_of_service"
    chase(world, case)
    record_letter(world, case, "2027-08-10")
    # The provider's letter sent, its chase ended with it; the CQC letter, due by the same day, is chased at once.
    assert set(open_elements(world, case)) == {"chase_step", "write_to_cqc"}
    record_letter(world, case, "2027-08-11")
    at("2027-08-12")
    complete(world, case, "collate_feedback", {"provider_feedback": "-", "adults_feedback": "-", "carers_feedback": "-",
                                               "feedback_collated_on": "2027-08-12"})
    complete(world, case, "assure_adults_and_carers", {"assurance_methods": ["leaflet"],
                                                       "how_to_raise_concerns": "Front door", "assured_on": "2027-08-12"})
    at("2027-08-20")
    complete(world, case, "send_sab_summary", {"safeguarding_effectiveness": "Good", "sent_to_sab_on": "2027-08-20"})
    assert status(world, case) == CaseStatus.COMPLETED
    data = case_data(world.session, case)
    assert [letter["sent_on"] for letter in data["closure_letters"]] == ["2027-08-10", "2027-08-11"]
    assert data["sab_summary_report"]["sent_to_sab_on"] == "2027-08-20"
