"""`concerns validate` on folders from another tool, and processes calling each other in a circle."""

from __future__ import annotations

import shutil

import pytest

from engine.definitions import SourceFile, call_cycle_problems, compile_source
from tests.support.foreign import CORPUS

LEVEL_3 = (CORPUS / "spiff_self_calling" / "call_activity_level_3.bpmn").read_text()


def test_a_folder_without_tenants_toml_is_checked_as_given_and_says_where_forms_were_looked_for(runner, tmp_path):
    shutil.copytree(CORPUS / "arena_dynamic_enums", tmp_path / "colours")
    result = runner.invoke(args=["validate", str(tmp_path / "colours")])
    assert result.exit_code == 1
    assert f"1 diagram(s) checked outside a processes folder (no tenants.toml above them); forms looked for in: {tmp_path / 'colours'}" in result.output
    assert "dynamic_enums_ask_for_color.bpmn:20 [Activity_1gqykqt]: the user task is in no lane" in result.output
    assert "valid" not in result.output.replace("invalid", "")


def test_a_script_importing_os_in_a_folder_from_elsewhere_is_refused(runner, tmp_path):
    folder = tmp_path / "downloaded"
    folder.mkdir()
    timer = (CORPUS / "spiff_timer" / "timer.bpmn").read_text()
    script = '<bpmn:scriptTask id="peek"><bpmn:script>from os import environ</bpmn:script></bpmn:scriptTask>'
    (folder / "timer.bpmn").write_text(timer.replace("</bpmn:process>", script + "</bpmn:process>"))
    result = runner.invoke(args=["validate", str(folder)])
    assert result.exit_code == 1
    assert "[peek]: the script cannot run: 'from os import ...' is not allowed" in result.output


def test_an_empty_folder_is_not_called_valid(runner, tmp_path):
    result = runner.invoke(args=["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "no .bpmn diagram here: nothing was checked" in result.output


def test_a_process_calling_itself_through_another_file_is_refused_with_the_chain():
    # Level3 of SpiffWorkflow's nested call activities, split: level_3 calls level_4, which calls level_3 back.
    calls_four = LEVEL_3.replace('calledElement="Level3"', 'calledElement="Level4"')
    calls_three = LEVEL_3.replace('id="Level3" name="Level3"', 'id="Level4" name="Level4"')
    compiled = []
    for name, text in (("level_3.bpmn", calls_four), ("level_4.bpmn", calls_three)):
        found, problems = compile_source(SourceFile("shared", name, text.encode()), forms=lambda n: None,
                                         resolves={"Level3", "Level4"}.__contains__)
        assert problems == []
        compiled.extend(found)
    problems = call_cycle_problems(compiled)
    assert [(p.file, p.element_id) for p in problems] == [("level_3.bpmn", "Level3"), ("level_4.bpmn", "Level4")]
    assert "the process 'Level3' calls itself through 'Level4', so a case starting it would never end" in problems[0].message


def test_a_councils_variant_calling_back_through_a_shared_process_is_refused_by_deploy(tmp_path):
    from engine.definitions import ProcessLibrary
    from engine.errors import DefinitionError
    from engine.tenants import TenantConfig

    # shared: Level4 calls Level3 and Level3 just ends; alpha's own Level3 calls Level4: a circle for alpha only.
    ends = LEVEL_3.replace('<bpmn:callActivity id="Activity_12zat0d" name="call level 3" calledElement="Level3">',
                           '<bpmn:scriptTask id="Activity_12zat0d" name="call level 3">').replace(
                           "</bpmn:callActivity>", "<bpmn:script>done = True</bpmn:script></bpmn:scriptTask>")
    for folder, name, text in (("shared", "level_3.bpmn", ends),
                               ("shared", "level_4.bpmn", LEVEL_3.replace('id="Level3" name="Level3"', 'id="Level4" name="Level4"')),
                               ("alpha", "level_3.bpmn", LEVEL_3.replace('calledElement="Level3"', 'calledElement="Level4"'))):
        (tmp_path / "processes" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "processes" / folder / name).write_text(text)
    library = ProcessLibrary(tmp_path / "processes")
    alpha = TenantConfig(slug="alpha", name="Alpha", region="england", folders=("alpha", "shared"))
    beta = TenantConfig(slug="beta", name="Beta", region="england", folders=("shared",))
    assert set(library.compile_all([beta])) == {"alpha", "shared"}
    with pytest.raises(DefinitionError) as refused:
        library.compile_all([alpha, beta])
    assert [(p.file, p.element_id) for p in refused.value.problems] == [("processes/alpha/level_3.bpmn", "Level3"),
                                                                        ("processes/shared/level_4.bpmn", "Level4")]


def test_the_engines_problems_come_with_ours_in_one_pass_and_in_our_words():
    # SpiffWorkflow's business rule example without its .dmn, and a script importing os: two rounds before.
    bpmn = (CORPUS / "spiff_business_rule" / "business_rule_task.bpmn").read_text()
    bpmn = bpmn.replace('question = "X"', "import os")
    _, problems = compile_source(SourceFile("shared", "business_rule_task.bpmn", bpmn.encode()), forms=lambda n: None)
    assert [(p.element_id, p.message.split(":")[0]) for p in problems] == [
        ("Activity_10k4dgb", "the script cannot run"),
        ("Activity_0diq2z1", "the business rule task calls decision 'decision_1', which no uploaded .dmn file defines")]
    assert all(p.line for p in problems)
