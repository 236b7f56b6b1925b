"""Shared sub-process `action_plan_review`: a script summarises the plan and recommends an outcome
(overdue = due date before today, by the engine clock); a person records progress and decides the
outcome, with a reason when the decision differs from the recommendation."""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from engine import clock
from tests.support.world import complete, open_elements, open_tasks, start

UTC = _dt.timezone.utc


def _item(ref, due, *, status="open", kind=None, progress=None):
    item = {"item_id": ref, "concern": f"Concern {ref}", "action": f"Action {ref}", "owner": "Registered manager",
            "due_date": due, "status": status}
    if kind:
        item["kind"] = kind
    if progress:
        item["progress"] = progress
    return item


def _reviewed(plan, progress, **extra):
    """The plan as the reviewer returns it: every item with its progress."""
    items = []
    for item, p in zip(plan, progress):
        row = {**item, "progress": p, "evidence": "Seen at the monitoring visit"}
        if p == "completed":
            row["completed_on"] = "2026-03-01"
        items.append(row)
    return {"action_plan_reviewed_on": "2026-03-02", "action_plan": items, "review_summary": "Reviewed at the JIMP.", **extra}


def _start(councils, plan, tenant="lancashire", on=_dt.datetime(2026, 3, 2, 9, tzinfo=UTC), **data):
    clock.set_clock(on)
    return start(councils, "action_plan_review", tenant=tenant,
                 data={"action_plan": plan, "review_title": "Level 1 QPIP review", **data})


def test_nothing_overdue_recommends_good_progress_and_the_reviewer_agrees(councils):
    plan = [_item("1", "2026-03-10"), _item("2", "2026-02-20", status="completed")]
    case = _start(councils, plan)
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert {k: summary[k] for k in ("total", "completed", "behind", "overdue", "recommended_outcome")} == {
        "total": 2, "completed": 1, "behind": 0, "overdue": 0, "recommended_outcome": "good_progress"}
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("review_action_plan", "quality_improvement")
    assert "Recommended outcome: good progress" in task.instructions

    complete(councils, case, "review_action_plan",
             _reviewed(plan, ["on_track", "completed"], recommended_progress_outcome="good_progress",
                       progress_outcome="good_progress"))
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["progress_outcome"] == "good_progress" and data["outcome_reason"] is None
    assert data["progress_outcome_differs"] is False
    assert [i["status"] for i in data["action_plan"]] == ["open", "completed"]
    assert data["action_plan"][0]["progress"] == "on_track"
    assert data["review_summary"] == "Reviewed at the JIMP."
    assert [r["progress_outcome"] for r in data["action_plan_reviews"]] == ["good_progress"]


def test_overdue_is_counted_against_the_engine_clock(councils):
    plan = [_item("1", "2026-03-10"), _item("2", "2026-03-05"), _item("3", "2026-03-01", status="completed")]
    early = _start(councils, plan, on=_dt.datetime(2026, 3, 4, 9, tzinfo=UTC))
    assert case_data(councils.session, early)["action_plan_summary"]["overdue"] == 0
    later = _start(councils, plan, on=_dt.datetime(2026, 3, 6, 9, tzinfo=UTC))
    summary = case_data(councils.session, later)["action_plan_summary"]
    assert summary["overdue"] == 1 and summary["overdue_items"] == ["2"]  # item 3 is completed: never overdue
    assert summary["recommended_outcome"] == "some_progress"
    much_later = _start(councils, plan, on=_dt.datetime(2026, 3, 11, 9, tzinfo=UTC))
    summary = case_data(councils.session, much_later)["action_plan_summary"]
    assert summary["overdue"] == 2 and summary["recommended_outcome"] == "little_progress"


def test_an_overdue_corrective_action_recommends_little_progress(councils):
    plan = [_item("C1", "2026-02-27", kind="corrective"), _item("D1", "2026-06-01", kind="developmental"),
            _item("D2", "2026-06-01", kind="developmental"), _item("D3", "2026-06-01", kind="developmental")]
    case = _start(councils, plan, tenant="bridgend")
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert summary["recommended_outcome"] == "little_progress" and "C1" in summary["explanation"]
    assert case.definition.folder == "shared"


def test_behind_at_the_last_review_counts_against_progress(councils):
    plan = [_item("1", "2026-06-01", progress="behind"), _item("2", "2026-06-01", progress="on_track"),
            _item("3", "2026-06-01", progress="on_track")]
    case = _start(councils, plan)
    summary = case_data(councils.session, case)["action_plan_summary"]
    assert (summary["behind"], summary["overdue"], summary["recommended_outcome"]) == (1, 0, "some_progress")


def test_a_decision_different_from_the_recommendation_needs_a_reason(councils):
    plan = [_item("1", "2026-02-01"), _item("2", "2026-02-01")]
    case = _start(councils, plan)
    assert case_data(councils.session, case)["action_plan_summary"]["recommended_outcome"] == "little_progress"
    answers = _reviewed(plan, ["behind", "on_track"], recommended_progress_outcome="little_progress",
                        progress_outcome="some_progress")
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "review_action_plan", answers)
    assert [e["field"] for e in raised.value.errors] == ["/outcome_reason"]
    assert case.status == "running"

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
    with pytest.raises(Invalid) as refused:
        complete(councils, case, "review_action_plan",
                 _reviewed(plan, ["behind"], recommended_progress_outcome="good_progress", progress_outcome="good_progress"))
    assert "reason" in refused.value.detail.lower()  # the server kept its own recommendation (issue 16)
    assert case.status == "running" and open_elements(councils, case) == ["review_action_plan"]


def test_progress_completed_needs_the_date_and_marks_the_action_completed(councils):
    plan = [_item("1", "2026-03-10")]
    case = _start(councils, plan)
    answers = _reviewed(plan, ["on_track"], recommended_progress_outcome="good_progress", progress_outcome="good_progress")
    answers["action_plan"][0]["progress"] = "completed"
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
    complete(councils, case, "review_action_plan",
             _reviewed(plan, ["on_track"], recommended_progress_outcome="good_progress", progress_outcome="good_progress"))
    data = case_data(councils.session, case)
    assert data["outcome_reason"] is None  # the previous round's reason is not carried into this decision
    assert [r["review_date"] for r in data["action_plan_reviews"]] == ["2026-02-01", "2026-03-02"]
