"""Shared sub-process `action_plan_review`. Before the review a script summarises the plan as it
stood and suggests an outcome (engine/scoring/action_plans.py: an action is done only when
completed with its date and the evidence seen; due by the engine clock's date). The reviewer
records each action's progress, completion date and evidence and decides the outcome; the
outcome is suggested again from the progress recorded in this review, on the review's date, and a
decision that differs from that suggestion needs a reason."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from engine import clock
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc
REVIEWED_ON = "2026-03-02"
EVIDENCE = "Seen at the monitoring visit: the updated care plans and the training records"


def _item(ref, due, *, kind=None, completed_on=None):
    """An action as it stands in the plan; one ``completed_on`` was completed with evidence at an earlier review."""
    item = {"item_id": ref, "concern": f"Concern {ref}", "action": f"Action {ref}", "owner": "Registered manager",
            "due_date": due, "status": "open"}
    if kind:
        item["kind"] = kind
    if completed_on:
        item.update(status="completed", progress="completed", completed_on=completed_on, evidence=EVIDENCE)
    return item


def _row(item, progress, *, completed_on="2026-03-01", evidence=EVIDENCE):
    """An action as the reviewer records it: its progress, and when completed the date and the evidence seen."""
    row = {**item, "progress": progress}
    if progress == "completed":
        row.update(completed_on=item.get("completed_on") or completed_on, evidence=evidence)
        if not evidence:
            row.pop("evidence")
    return row


def _reviewed(rows, progress_outcome, **extra):
    return {"action_plan_reviewed_on": REVIEWED_ON, "action_plan": rows, "review_summary": "Reviewed at the JIMP.",
            "progress_outcome": progress_outcome, **extra}


def _start(councils, plan, tenant="lancashire", on=_dt.datetime(2026, 3, 2, 9, tzinfo=UTC), **data):
    clock.set_clock(on)
    return start(councils, "action_plan_review", tenant=tenant,
                 data={"action_plan": plan, "review_title": "Level 1 QPIP review", **data})


def _refusal(councils, case, answers) -> str:
    with pytest.raises(Invalid) as refused:
        complete(councils, case, "review_action_plan", answers)
    assert case.status == "running" and open_elements(councils, case) == ["review_action_plan"]
    [error] = refused.value.errors
    assert error["element_id"] == "review_action_plan"
    return error["message"]


def test_the_summary_before_the_review_is_of_the_plan_as_it_stood(councils):
    plan = [_item("1", "2026-03-10"), _item("2", "2026-02-20", completed_on="2026-02-19")]
    case = _start(councils, plan)
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert {k: summary[k] for k in ("date", "total", "due", "completed", "overdue", "recommended_outcome")} == {
        "date": "2026-03-02", "total": 2, "due": 1, "completed": 1, "overdue": 0, "recommended_outcome": "good_progress"}
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("review_action_plan", "quality_improvement")
    assert "Before this review, the plan as it stood on 2026-03-02" in task.instructions
    assert "Suggested before this review: good progress." in task.instructions

    complete(councils, case, "review_action_plan",
             _reviewed([_row(plan[0], "on_track"), _row(plan[1], "completed")], "good_progress"))
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["progress_outcome"] == "good_progress" and data["outcome_reason"] is None
    assert data["progress_outcome_differs"] is False
    assert [i["status"] for i in data["action_plan"]] == ["open", "completed"]
    assert data["review_summary"] == "Reviewed at the JIMP."
    [review] = data["action_plan_reviews"]
    assert (review["recommended_outcome"], review["progress_outcome"], review["completed"]) == ("good_progress", "good_progress", 1)


def test_a_plan_with_nothing_overdue_and_nothing_done_is_not_good_progress(councils):
    plan = [_item("1", "2026-03-10"), _item("2", "2026-04-01")]
    case = _start(councils, plan)
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert (summary["overdue"], summary["recommended_outcome"]) == (0, "some_progress")

    rows = [_row(plan[0], "on_track"), _row(plan[1], "not_started")]
    message = _refusal(councils, case, _reviewed(rows, "good_progress"))
    assert message == ("On the progress recorded in this review the suggested outcome is some progress (No action completed "
                       "with evidence yet; none was due.): give the reason for deciding good progress")
    complete(councils, case, "review_action_plan", _reviewed(rows, "some_progress"))
    assert case_data(councils.session, case)["action_plan_reviews"][-1]["recommended_outcome"] == "some_progress"


def test_the_reviewer_is_held_to_the_recommendation_from_the_progress_they_recorded(councils):
    plan = [_item("C1", "2026-02-27", kind="corrective"), _item("D1", "2026-06-01", kind="developmental")]
    case = _start(councils, plan)
    assert case_data(councils.session, case)["action_plan_summary"]["recommended_outcome"] == "little_progress"

    # The overdue corrective action was completed, and the reviewer saw the evidence: good progress needs no reason.
    complete(councils, case, "review_action_plan",
             _reviewed([_row(plan[0], "completed", completed_on="2026-02-26"), _row(plan[1], "on_track")], "good_progress"))
    data = case_data(councils.session, case)
    assert (data["recommended_progress_outcome"], data["progress_outcome_differs"]) == ("good_progress", False)
    [review] = data["action_plan_reviews"]
    assert (review["recommended_before_review"], review["recommended_outcome"]) == ("little_progress", "good_progress")
    assert review["explanation"] == "Every action due by 2026-03-02 and every corrective action completed with evidence."


def test_an_action_found_behind_at_this_review_no_longer_counts_as_done(councils):
    plan = [_item("C1", "2026-02-27", kind="corrective", completed_on="2026-02-20"), _item("D1", "2026-06-01")]
    case = _start(councils, plan)
    assert case_data(councils.session, case)["action_plan_summary"]["recommended_outcome"] == "good_progress"

    rows = [_row(plan[0], "behind"), _row(plan[1], "on_track")]
    message = _refusal(councils, case, _reviewed(rows, "good_progress"))
    assert message.startswith("On the progress recorded in this review the suggested outcome is little progress "
                              "(Corrective action(s) C1 due by 2026-03-02 and not completed with evidence.)")
    complete(councils, case, "review_action_plan", _reviewed(rows, "little_progress"))
    assert case_data(councils.session, case)["action_plan"][0]["status"] == "open"


def test_an_action_marked_completed_without_evidence_does_not_count_as_done(councils):
    plan = [_item("C1", "2026-02-27", kind="corrective"), _item("D1", "2026-06-01")]
    case = _start(councils, plan)
    unevidenced = [_row(plan[0], "completed", evidence=None), _row(plan[1], "on_track")]
    message = _refusal(councils, case, _reviewed(unevidenced, "good_progress"))
    assert "suggested outcome is little progress" in message
    assert "Marked completed without date or evidence: C1." in message

    complete(councils, case, "review_action_plan",
             _reviewed([_row(plan[0], "completed"), _row(plan[1], "on_track")], "good_progress"))
    assert case_data(councils.session, case)["action_plan_reviews"][-1]["completed"] == 1


def test_a_decision_different_from_the_recommendation_needs_a_reason(councils):
    plan = [_item("1", "2026-02-01"), _item("2", "2026-02-01")]
    case = _start(councils, plan)
    answers = _reviewed([_row(plan[0], "behind"), _row(plan[1], "on_track")], "some_progress")
    message = _refusal(councils, case, answers)
    assert message.startswith("On the progress recorded in this review the suggested outcome is little progress "
                              "(2 of the 2 action(s) due by 2026-03-02 not completed with evidence.)")
    assert message.endswith("give the reason for deciding some progress")

    complete(councils, case, "review_action_plan",
             {**answers, "outcome_reason": "The provider has recruited a deputy manager; both actions are now under way."})
    data = case_data(councils.session, case)
    assert data["progress_outcome"] == "some_progress"
    assert data["recommended_progress_outcome"] == "little_progress"
    assert data["progress_outcome_differs"] is True
    assert data["outcome_reason"].startswith("The provider has recruited")
    assert data["action_plan_reviews"][-1]["outcome_reason"] == data["outcome_reason"]


def test_the_recommendation_cannot_be_changed_on_the_form_to_avoid_giving_a_reason(councils):
    plan = [_item("1", "2026-02-01")]
    case = _start(councils, plan)
    forged = _reviewed([_row(plan[0], "behind")], "good_progress", recommended_progress_outcome="good_progress")
    assert "give the reason for deciding good progress" in _refusal(councils, case, forged)


def test_the_councils_share_decides_when_outstanding_actions_are_little_progress(councils):
    plan = [_item("1", "2026-02-01"), _item("2", "2026-02-01"), _item("3", "2026-02-01"), _item("4", "2026-06-01")]
    rows = [_row(plan[0], "completed"), _row(plan[1], "completed"), _row(plan[2], "behind"), _row(plan[3], "on_track")]
    halfway = _start(councils, plan, tenant="reading")
    assert "suggested outcome is some progress" in _refusal(councils, halfway, _reviewed(rows, "little_progress"))

    reading = councils.tenants["reading"]
    reading.thresholds = {**(reading.thresholds or {}), "action_plan_little_progress_share": 0.3}
    councils.session.commit()
    stricter = _start(councils, plan, tenant="reading")
    complete(councils, stricter, "review_action_plan", _reviewed(rows, "little_progress"))
    assert case_data(councils.session, stricter)["action_plan_reviews"][-1]["explanation"] == (
        "1 of the 3 action(s) due by 2026-03-02 not completed with evidence.")


def test_overdue_is_counted_against_the_engine_clock(councils):
    plan = [_item("1", "2026-03-10"), _item("2", "2026-03-05"), _item("3", "2026-03-01", completed_on="2026-03-01")]
    early = _start(councils, plan, on=_dt.datetime(2026, 3, 4, 9, tzinfo=UTC))
    summary = case_data(councils.session, early)["action_plan_summary"]
    assert (summary["overdue"], summary["recommended_outcome"]) == (0, "good_progress")
    later = _start(councils, plan, on=_dt.datetime(2026, 3, 6, 9, tzinfo=UTC))
    summary = case_data(councils.session, later)["action_plan_summary"]
    assert summary["overdue"] == 1 and summary["overdue_items"] == ["2"]  # item 3 is completed: never overdue
    assert summary["recommended_outcome"] == "little_progress"  # half the actions due are outstanding


def test_an_overdue_corrective_action_recommends_little_progress(councils):
    plan = [_item("C1", "2026-02-27", kind="corrective"), _item("D1", "2026-06-01", kind="developmental"),
            _item("D2", "2026-06-01", kind="developmental"), _item("D3", "2026-06-01", kind="developmental")]
    case = _start(councils, plan, tenant="bridgend")
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert summary["recommended_outcome"] == "little_progress" and "C1" in summary["explanation"]
    assert case.definition.folder == "shared"


def test_actions_behind_at_the_last_review_are_shown_before_the_review(councils):
    plan = [{**_item("1", "2026-06-01"), "progress": "behind"}, {**_item("2", "2026-06-01"), "progress": "on_track"}]
    case = _start(councils, plan)
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert (summary["behind"], summary["behind_items"], summary["overdue"]) == (1, ["1"], 0)
    assert "1 behind at the last review" in open_tasks(councils.session, case)[0].instructions


def test_progress_completed_needs_the_date_and_marks_the_action_completed(councils):
    plan = [_item("1", "2026-03-10")]
    case = _start(councils, plan)
    answers = _reviewed([{**plan[0], "progress": "completed", "evidence": EVIDENCE}], "good_progress")
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "review_action_plan", answers)
    assert [e["field"] for e in raised.value.errors] == ["/action_plan/0/completed_on"]
    answers["action_plan"][0]["completed_on"] = "2026-03-01"
    complete(councils, case, "review_action_plan", answers)
    assert case_data(councils.session, case)["action_plan"][0]["status"] == "completed"


def test_an_empty_plan_can_be_reviewed(councils):
    case = _start(councils, [], tenant="reading")
    data = case_data(councils.session, case)
    assert data["action_plan_summary"]["total"] == 0
    assert data["action_plan_summary"]["recommended_outcome"] == "some_progress"


def test_a_second_review_starts_from_a_clean_decision(councils):
    plan = [_item("1", "2026-03-10")]
    case = _start(councils, plan, progress_outcome="little_progress", outcome_reason="old reason",
                  action_plan_reviews=[{"review_date": "2026-02-01", "progress_outcome": "little_progress"}])
    complete(councils, case, "review_action_plan", _reviewed([_row(plan[0], "on_track")], "some_progress"))
    data = case_data(councils.session, case)
    assert data["outcome_reason"] is None  # the previous round's reason is not carried into this decision
    assert [r["review_date"] for r in data["action_plan_reviews"]] == ["2026-02-01", "2026-03-02"]


def test_a_case_moved_to_this_version_at_the_review_still_reads_its_summary_made_before_the_change():
    from lxml import etree

    from engine.instructions import render_instructions

    root = etree.parse("processes/shared/action_plan_review.bpmn").getroot()
    [template] = root.xpath("//*[@id='review_action_plan']//*[local-name()='instructionsForEndUser']/text()")
    # A summary made by the earlier version: no count of the actions due.
    old = {"date": "2026-03-02", "total": 3, "completed": 1, "overdue": 1, "behind": 0, "overdue_items": [1], "behind_items": [],
           "recommended_outcome": "some_progress", "explanation": "1 of 3 actions overdue or behind."}
    text = render_instructions(template, {"action_plan_summary": old, "recommended_progress_outcome": "some_progress",
                                          "review_title": "Review", "provider_name": "Rosewood House", "action_plan": []})
    assert "3 actions, 1 completed with date and evidence, 1 overdue" in text
