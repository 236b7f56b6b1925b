"""`concerns validate` on folders from another tool, and processes calling each other in a circle."""

from __future__ import annotations

import shutil

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
