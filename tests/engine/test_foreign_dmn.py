"""DMN business rule tasks: SpiffWorkflow's own example (a .dmn beside the .bpmn), read by its DMN
parser, evaluated in the cases' restricted environment, kept with the version and compared in words."""

from __future__ import annotations

import io

import pytest

from engine.compare import compare_versions
from engine.definitions import SourceFile, compile_source
from engine.roles import Role
from tests.support.foreign import CORPUS, Deployed, start_case

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

FOLDER = CORPUS / "spiff_business_rule"
BPMN = (FOLDER / "business_rule_task.bpmn").read_bytes()
TABLE = (FOLDER / "business_rules.dmn").read_text()


def _compile(table: str, bpmn: bytes = BPMN):
    return compile_source(SourceFile("shared", "business_rule_task.bpmn", bpmn), forms=lambda n: None,
                          decisions={"business_rules.dmn": table.encode()})


def _answer(table: str, question: str) -> str:
    [process], problems = _compile(table, BPMN.replace(b'question = "X"', f"question = {question!r}".encode()))
    assert problems == []
    run = start_case(Deployed({process.key: process}, []), process.key)
    assert run.failure is None, run.failure
    return run.data()["answer"]


def test_the_table_answers_each_question_by_its_rules():
    assert [_answer(TABLE, q) for q in ("X", "A", "Q")] == ["Y", "B", "Something is wrog"]


def test_a_rule_may_compare_rather_than_match():
    scored = TABLE.replace('<text>"X"</text>', '<text>&gt;= "W"</text>').replace('<text>"A"</text>', '<text>&lt; "W"</text>')
    assert [_answer(scored, q) for q in ("X", "A")] == ["Y", "B"]


def test_a_feel_range_is_refused_in_the_dmn_file_with_what_to_write():
    feel = TABLE.replace('<text>"A"</text>', "<text>[1..5]</text>")
    compiled, problems = _compile(feel)
    assert compiled == []
    [problem] = problems
    assert (problem.file, problem.element_id) == ("business_rules.dmn", "UnaryTests_1u0ex1a")
    assert "the rule's test '[1..5]' is not Python (FEEL?); needs a person" in problem.message


def test_a_decision_no_file_defines_is_refused_in_our_words():
    compiled, [problem] = compile_source(SourceFile("shared", "business_rule_task.bpmn", BPMN), forms=lambda n: None)
    assert problem.element_id == "Activity_0diq2z1"
    assert problem.message == ("the business rule task calls decision 'decision_1', which no uploaded .dmn file defines: "
                               "upload it with the diagram")


def test_the_table_is_kept_with_the_version_and_a_changed_rule_makes_a_new_version_described_in_words():
    [before], _ = _compile(TABLE)
    [after], _ = _compile(TABLE.replace('<text>"B"</text>', '<text>"C"</text>'))
    assert before.specs["decisions"] == {"business_rules.dmn": TABLE}
    assert before.checksum != after.checksum
    changes = compare_versions(before.bpmn, before.forms, after.bpmn, after.forms,
                               before.specs["decisions"], after.specs["decisions"])
    assert [c.text for c in changes] == [
        "decision table 'decision_1' (business_rules.dmn): rule 2 now: when \"A\" it gives \"C\" (was: when \"A\" it gave \"B\")"]


def test_a_process_owner_deploys_the_diagram_with_its_table_through_the_api(http):
    files = {"business_rule_task.bpmn": BPMN, "business_rules.dmn": TABLE.encode()}
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()], "note": "scores as a table"}
    deployed = http.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                                headers=http.headers("alpha", Role.PROCESS_OWNER))
    assert deployed.status_code == 201, deployed.json
    assert [d["key"] for d in deployed.json["created"]] == ["Process_bd2e724"]


def test_the_modeller_checks_and_compares_a_draft_with_the_table_its_version_keeps(http):
    test_a_process_owner_deploys_the_diagram_with_its_table_through_the_api(http)
    owner = Role.PROCESS_OWNER
    draft = http.post("/api/v1/drafts", json={"key": "Process_bd2e724"}, tenant="alpha", role=owner)
    assert draft.status_code == 201, draft.json
    assert http.post(f"/api/v1/drafts/{draft.json['id']}/check", tenant="alpha", role=owner).json["problems"] == []
    changes = http.get(f"/api/v1/drafts/{draft.json['id']}/changes", tenant="alpha", role=owner)
    assert changes.status_code == 200, changes.json
    assert not [c for c in changes.json.get("changes", changes.json) if "decision table" in str(c)]


def test_a_table_the_engine_cannot_read_is_refused_in_its_file_and_its_callers_still_read():
    # SpiffWorkflow's DMN parser reads inputs, outputs and rules in a table, and raises on anything else.
    unreadable = TABLE.replace('<output id="output_1"', '<annotation id="note_1"><text>why</text></annotation><output id="output_1"')
    compiled, [problem] = _compile(unreadable)
    assert compiled == []
    assert (problem.file, problem.line, problem.element_id) == ("business_rules.dmn", 10, "note_1")
    assert problem.message.startswith("the engine cannot read the table: Unknown type in decision table: 'annotation'")


def test_a_rule_with_more_cells_than_the_table_has_columns_is_refused_on_the_rule():
    extra = TABLE.replace('<outputEntry id="LiteralExpression_1glqaro">',
                          '<inputEntry id="extra"><text>1</text></inputEntry><outputEntry id="LiteralExpression_1glqaro">')
    _, [problem] = _compile(extra)
    assert (problem.line, problem.element_id) == (11, "DecisionRule_0q751jh")
    assert problem.message == "rule 1 has 2 input cells but the table has 1 input column(s): give the rule one cell a column"
