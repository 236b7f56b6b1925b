"""Parallel branches join without losing what either recorded."""

from __future__ import annotations

from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from engine.merge import merge_branches
from engine.runtime import COMPLETED, Bundle, CaseRun
from tests.support.bpmn_builder import Diagram


def test_records_appended_in_both_branches_are_all_kept_in_arrival_order():
    base = {"notes": [{"by": "start"}], "level": 1}
    left = {"notes": [{"by": "start"}, {"by": "left"}], "level": 1}
    right = {"notes": [{"by": "start"}, {"by": "right"}, {"by": "right again"}], "level": 1}
    assert merge_branches(base, [left, right])["notes"] == [{"by": "start"}, {"by": "left"}, {"by": "right"}, {"by": "right again"}]


def test_a_value_changed_in_one_branch_survives_the_other_branch_leaving_it_alone():
    base = {"level": 1, "status": "open"}
    assert merge_branches(base, [{"level": 2, "status": "open"}, {"level": 1, "status": "open"}]) == {"level": 2, "status": "open"}


def test_an_edited_list_takes_the_editing_branch_and_a_key_missing_from_a_branch_is_kept():
    base = {"plan": [{"item": 1, "done": False}], "draft": "x", "kept": "y"}
    edited = {"plan": [{"item": 1, "done": True}], "kept": "y"}
    other = {"plan": [{"item": 1, "done": False}], "draft": "x", "kept": "y"}
    assert merge_branches(base, [other, edited]) == {"plan": [{"item": 1, "done": True}], "draft": "x", "kept": "y"}


def test_a_key_one_branch_deleted_but_another_changed_is_kept():
    base = {"notes": ["a"]}
    assert merge_branches(base, [{}, {"notes": ["a", "b"]}]) == {"notes": ["a", "b"]}
    assert merge_branches(base, [{"notes": ["a", "b"]}, {}]) == {"notes": ["a", "b"]}


def test_keys_added_in_both_branches_merge():
    assert merge_branches({}, [{"seen": ["x"]}, {"seen": ["y"]}]) == {"seen": ["x", "y"]}
    assert merge_branches({}, [{"who": {"a": 1}}, {"who": {"b": 2}}]) == {"who": {"a": 1, "b": 2}}


def test_a_real_parallel_join_keeps_both_branches_records():
    d = Diagram("fork", "Fork", lanes=["contract_officer"])
    d.start("begin", "Begin", "contract_officer")
    d.script_task("open_log", "Open the log", "contract_officer", "log = ['opened']")
    d.parallel("split", "Both at once", "contract_officer")
    d.script_task("left", "Left", "contract_officer", "log = log + ['left']")
    d.script_task("right", "Right", "contract_officer", "log = log + ['right']\nlevel = 2")
    d.parallel("join", "Both done", "contract_officer")
    d.end("finish", "Finish", "contract_officer")
    d.chain("begin", "open_log", "split")
    d.flow("split", "left")
    d.flow("split", "right")
    d.flow("left", "join")
    d.flow("right", "join")
    d.flow("join", "finish")
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(d.to_xml())
    run = CaseRun.start(Bundle("fork", parser.get_spec("fork"), {}, {}), {})
    assert run.status == COMPLETED
    data = run.data()
    assert sorted(data["log"]) == ["left", "opened", "right"] and data["log"][0] == "opened"
    assert data["level"] == 2
