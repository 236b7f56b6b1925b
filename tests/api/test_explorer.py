"""`concerns explore` finds each class of defect it promises to, on a small diagram that has
it, and nothing in a sound one."""

from __future__ import annotations

import datetime as _dt
import json
import random
from pathlib import Path

import pytest

from api.explorer import DefectKind, ExploreOptions, explore
from api.explorer.answers import make_answers
from engine.definitions import ProcessLibrary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIBRARY = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")


def explored(key: str, paths: int = 6, max_steps: int = 40):
    [report] = explore(LIBRARY, ExploreOptions(keys=(key,), tenants=("alpha",), paths=paths, max_steps=max_steps))
    return report


def kinds(report) -> set[DefectKind]:
    return {d.kind for d in report.defects.values()}


@pytest.mark.parametrize("key, kind, element", [
    ("script_failure", DefectKind.ERROR, "compute_ratio"),
    ("hidden_rule", DefectKind.REFUSED, "decide"),
    ("waits_forever", DefectKind.STALL, None),
    ("unnamed_chaser", DefectKind.NO_ROLE, "chase_step"),
    ("unchased_deadline", DefectKind.UNCHASED, "send_notice"),
])
def test_the_explorer_reports_each_defect_with_the_path_that_shows_it(key, kind, element):
    report = explored(key)
    found = [d for d in report.defects.values() if d.kind == kind]
    assert found, f"no {kind} defect in {key}: {report.defects}"
    assert found[0].element_id == element
    assert found[0].path[0].kind == "start" and found[0].path[0].what == key


def test_a_refusal_names_the_scripts_own_words_and_the_answer_that_caused_it():
    [refusal] = explored("hidden_rule").defects.values()
    assert "Give a reason to disagree" in refusal.message
    assert refusal.path[-1].answers == {"decision": "disagree"}


DECLARED_REASON = {
    "type": "object", "required": ["decision"], "additionalProperties": False,
    "properties": {
        "decision": {"type": "string", "enum": ["agree", "disagree"]},
        "note": {"type": "string"},
        "reason": {"type": "string", "minLength": 1,
                   "x-required-when": "the decision differs from what the answers suggest (the step's script checks it)"},
    },
}


def test_a_field_whose_script_rule_the_form_declares_is_always_answered():
    answers = [make_answers(DECLARED_REASON, random.Random(seed), _dt.date(2026, 11, 2)) for seed in range(20)]
    assert all(a.get("reason") for a in answers)
    assert 0 < sum("note" in a for a in answers) < 20  # an optional field without the declaration: sometimes


def test_a_sound_procedure_with_a_chased_deadline_has_no_defect_and_is_covered():
    report = explored("chased_notice", paths=20, max_steps=60)
    assert report.defects == {}
    assert report.paths == 20 and report.ended >= 1
    for key in ("chased_notice", "notify_provider_until_done"):
        reached, total = report.coverage(key)
        assert reached == total, key
    assert report.coverage("chase_overdue_step")[0] >= 8


def test_the_same_seed_walks_the_same_paths():
    first, second = explored("hidden_rule", paths=3), explored("hidden_rule", paths=3)
    assert [d.path for d in first.defects.values()] == [d.path for d in second.defects.values()]


def test_the_command_exits_non_zero_on_a_defect_and_prints_json(runner):
    failed = runner.invoke(args=["explore", "unchased_deadline", "--tenant", "alpha", "--paths", "6", "--json"])
    assert failed.exit_code == 1
    report = json.loads(failed.output[: failed.output.rindex("]") + 1])
    assert report[0]["defects"][0]["kind"] == "unchased"
    passed = runner.invoke(args=["explore", "simple_review", "--tenant", "alpha", "--paths", "2"])
    assert passed.exit_code == 0, passed.output
    assert "No defect in 1 procedure(s)." in passed.output


def test_an_unknown_council_is_named_with_the_ones_there_are(runner):
    result = runner.invoke(args=["explore", "--tenant", "nowhere", "--paths", "1"])
    assert result.exit_code == 1
    assert "no council nowhere in tenants.toml; the councils are: alpha, beta" in result.output


def test_the_modellers_check_walks_the_draft_and_lists_each_defect_with_its_path(app, http):
    from engine.roles import Role

    owner = Role.PROCESS_OWNER
    draft = http.post("/api/v1/drafts", {"key": "unchased_deadline"}, role=owner)
    assert draft.status_code == 201, draft.json
    app.config["CHECK_EXPLORE_PATHS"] = 6
    check = http.post(f"/api/v1/drafts/{draft.json['id']}/check", role=owner).json
    assert check["ok"] is True and check["problems"] == []  # nothing stops deploying; the defect is reported
    [defect] = check["defects"]
    assert defect["kind"] == "unchased" and defect["element_id"] == "send_notice"
    assert defect["path"][0].endswith("start unchased_deadline") and "wait until" in defect["path"][-1]
