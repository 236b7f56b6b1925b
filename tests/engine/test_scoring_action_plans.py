"""Progress against an action plan rests on what was due and completed with evidence
(engine/scoring/action_plans.py), never on nothing being overdue."""

from __future__ import annotations

import pytest

from engine.scoring import action_plan_progress, done_and_evidenced


def _action(ref, due, progress="on_track", kind="developmental", **extra):
    return {"item_id": ref, "due_date": due, "progress": progress, "kind": kind, **extra}


def _done(ref, due, **extra):
    return _action(ref, due, "completed", completed_on="2026-03-01", evidence="Audit seen", **extra)


def test_nothing_overdue_and_nothing_done_is_not_good_progress():
    summary = action_plan_progress([_action("1", "2026-06-01"), _action("2", "2026-06-01")], "2026-03-02")
    assert summary["recommended_outcome"] == "some_progress"
    assert "No action completed with evidence yet" in summary["explanation"]


def test_actions_due_and_not_evidenced_are_little_progress_even_when_marked_completed():
    plan = [_action("1", "2026-03-01", "completed", completed_on="2026-03-01"), _action("2", "2026-03-01")]
    summary = action_plan_progress(plan, "2026-03-02")
    assert summary["recommended_outcome"] == "little_progress"
    assert summary["completed_without_evidence"] == ["1"] and "without date or evidence: 1" in summary["explanation"]


def test_everything_due_done_with_evidence_is_good_progress():
    summary = action_plan_progress([_done("1", "2026-03-01"), _action("2", "2026-06-01")], "2026-03-02")
    assert (summary["recommended_outcome"], summary["completed"], summary["due"]) == ("good_progress", 1, 1)


def test_a_corrective_action_due_and_open_is_little_progress_whatever_else_is_done():
    plan = [_done("D1", "2026-03-01"), _done("D2", "2026-03-01"), _action("C1", "2026-03-01", kind="corrective")]
    summary = action_plan_progress(plan, "2026-03-02")
    assert summary["recommended_outcome"] == "little_progress" and "C1" in summary["explanation"]


def test_actions_no_longer_required_are_left_out():
    plan = [_done("1", "2026-03-01"), _action("2", "2026-03-01", next_step="no_longer_required")]
    summary = action_plan_progress(plan, "2026-03-02")
    assert (summary["total"], summary["recommended_outcome"]) == (1, "good_progress")


def test_overdue_and_behind_are_listed_for_the_review():
    plan = [_action("1", "2026-02-01"), _action("2", "2026-06-01", "behind"), _done("3", "2026-02-01")]
    summary = action_plan_progress(plan, "2026-03-02")
    assert (summary["overdue_items"], summary["behind_items"]) == (["1"], ["2"])


def test_the_share_is_checked_with_a_message_that_says_how_to_fix_it():
    with pytest.raises(ValueError, match="action_plan_little_progress_share must be a number above 0 and at most 1"):
        action_plan_progress([], "2026-03-02", 1.5)


def test_done_needs_the_date_and_the_evidence():
    assert done_and_evidenced(_done("1", "2026-03-01"))
    assert not done_and_evidenced(_action("1", "2026-03-01", "completed", completed_on="2026-03-01", evidence=" "))
