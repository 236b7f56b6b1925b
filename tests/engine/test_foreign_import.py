"""`concerns import`: the fixes a machine can make to a diagram from another tool, and the list of
what needs a person. A process owner picks the role whose lane takes the unassigned user tasks."""

from __future__ import annotations

import pytest

from engine.errors import TaskDataInvalid
from engine.forms import bind_schema
from engine.roles import Role
from engine.runtime import COMPLETED
from tests.support.foreign import CORPUS, deploy_imported, drive, start_case

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

OFFICER = Role.CONTRACT_OFFICER


def test_spiffarena_dynamic_choices_run_once_the_task_has_a_lane_and_offer_the_choices_the_script_made():
    deployed, fixes = deploy_imported("arena_dynamic_enums", OFFICER)
    assert [(f.element_id, f.what) for f in fixes] == [("Activity_1gqykqt", "put into the lane 'Contract officer'")]
    assert deployed.problems == []
    run = start_case(deployed, "Proccess_0e253c6")
    [task] = run.ready_tasks()
    assert task.role == "contract_officer"
    schema = run.bundle.form(task.process_key, task.form)
    assert bind_schema(schema, task.data)["definitions"]["Color"]["anyOf"] == [
        {"const": "blue", "title": "Blue"}, {"const": "green", "title": "Green"}]
    assert run.complete(task.id, {"selectedColor": "green"}) is None
    assert run.status == COMPLETED


def test_a_colour_the_script_did_not_offer_is_refused():
    deployed, _ = deploy_imported("arena_dynamic_enums", OFFICER)
    run = start_case(deployed, "Proccess_0e253c6")
    [task] = run.ready_tasks()
    with pytest.raises(TaskDataInvalid):
        run.complete(task.id, {"selectedColor": "mauve"})


def test_spiffarena_forms_named_form1_json_keep_their_names_and_run():
    deployed, fixes = deploy_imported("arena_form_naming", OFFICER)
    assert deployed.problems == [], deployed.problems
    [process] = deployed.processes.values()
    assert sorted(process.forms) == ["form1.json", "form1_ui.json", "form2.json", "form2_ui.json", "form3.json",
                                     "form3_ui.json", "form4.json", "form4_ui.json"]
    run = start_case(deployed, process.key)
    assert drive(run) and run.status == COMPLETED


def test_camunda_8_user_tasks_get_lanes_and_forms_made_from_their_camunda_forms_and_run():
    deployed, fixes = deploy_imported("camunda8_react_tasklist", OFFICER)
    assert ("Activity_0v7f68e", "given the form activity_0v7f68e.schema.json, made from its Camunda form") in [
        (f.element_id, f.what) for f in fixes]
    assert deployed.problems == []
    [process] = deployed.processes.values()
    assert '"myText"' in process.forms["activity_0v7f68e.schema.json"]
    run = start_case(deployed, process.key)
    steps = drive(run)
    assert run.status == COMPLETED, steps


def test_unquoted_durations_are_written_as_this_engine_reads_them_and_only_what_needs_a_person_is_left():
    deployed, fixes = deploy_imported("arena_unquoted_cycle", OFFICER)
    assert ("Event_1vhjqne", 'wrote the timer text R/P1H as "R/PT1H"') in [(f.element_id, f.what) for f in fixes]
    assert [(p.element_id, p.message.split(";")[0]) for p in deployed.problems] == [
        ("Activity_1ekqkbv", "the script calls 'mycustomfunc', which scripts here do not have (another tool's own function?)")]


def test_the_import_command_writes_the_fixed_files_and_lists_what_needs_a_person(runner, tmp_path):
    result = runner.invoke(args=["import", str(CORPUS / "camunda8_payment" / "payment_process.bpmn"), "--role", "contract_officer",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "fixed [CheckPaymentDataTask]: put into the lane 'Contract officer'" in result.output
    assert "needs a person [ChargeCreditCardTask] line 37: the service task calls another system" in result.output
    assert "needs a person [YesSequenceFlow] line 24: the condition is a FEEL expression (Camunda 8)" in result.output
    assert (tmp_path / "payment_process.bpmn").is_file() and (tmp_path / "checkpaymentdatatask.schema.json").is_file()


def test_the_import_command_asks_for_the_role_when_tasks_are_in_no_lane(runner, tmp_path):
    result = runner.invoke(args=["import", str(CORPUS / "camunda7_loan_approval" / "loanApproval.bpmn"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "pick the role whose lane takes the unassigned user tasks: --role" in result.output


def test_the_lane_set_goes_after_a_processs_own_inputs_so_the_imported_diagram_still_matches_the_schema():
    # MIWG C.8.1's process declares its inputs (ioSpecification); a lane set before them broke the BPMN
    # schema, and the import's own change was then all a process owner was told about the diagram.
    deployed, fixes = deploy_imported("miwg_C_8_1", OFFICER)
    assert ("_79523269-7444-4b01-90e9-e23957a9d020", "put into the lane 'Contract officer'") in [(f.element_id, f.what) for f in fixes]
    assert not [p for p in deployed.problems if "BPMN schema" in p.message]
    assert {p.element_id for p in deployed.problems if "service task" in p.message} == {
        "_2b960d84-feb1-46a9-a1a1-c300dd996b99", "_4b72053b-8ebb-4ae6-99c6-7c93cf1c1d1b", "_5e16a4e0-0f23-482a-be47-d3edbc5741ba"}
