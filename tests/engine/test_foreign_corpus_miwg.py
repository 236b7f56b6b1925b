"""The 21 reference files of the BPMN MIWG test suite (tests/fixtures/foreign/miwg_*, sources in its
README), each with its verdict (issue 25: "All 21 MIWG files get a located 422, never a 500").

The A and B files and C.2.0 and C.8.0 are drawings: no process in them is executable, so each is
refused for that alone. The other C files are executable, and each is refused with every reason at
once, in our words: lanes named after their own departments rather than roles, user tasks with no
form, service tasks, data stores, conditions in JUEL, FEEL or XPath, flows an exclusive gateway could
never choose, and what SpiffWorkflow cannot read (a process's own inputs read through a data
association, a compensation event, a sub-process with no start event). C.9.0, C.9.1 and C.9.2 are
one model whose files call each other, so they are deployed together, as one upload. C.9.1 alone
deploys once `concerns import` has made its mechanical fixes, and runs to its end.
"""

from __future__ import annotations

import pytest

from engine.roles import Role
from engine.runtime import COMPLETED
from tests.support.foreign import (CORPUS, MIWG_FILES, assert_refused_in_our_words, deploy_case, deploy_imported,
                                   deploy_together, drive, start_case)

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

NOT_EXECUTABLE = "is not executable (isExecutable=\"false\")"
NO_LANE, NO_LANE_MANUAL = "the user task is in no lane", "the manual task is in no lane"
LANE_NOT_A_ROLE = "which is not a role (processes/tenants.toml"
NO_FORM = "the user task has no form"
SERVICE = "the service task calls another system"
DATA_STORE = "has no implementation here"
NO_CONDITION = "leaves an exclusive gateway with no condition and is not the gateway's default"
JUEL, FEEL, XPATH = "is a JUEL expression (Camunda 7", "is a FEEL expression (Camunda 8)", "is an XPath expression"
READS_INPUT, WRITES_OUTPUT = "the task reads data through an association", "the task writes data through an association"
NO_DECISION = "the business rule task names no decision"


def each(words: str, *element_ids: str) -> list[tuple[str, str]]:
    return [(element_id, words) for element_id in element_ids]


def user_tasks(lane_words: str, *element_ids: str) -> list[tuple[str, str]]:
    """User tasks in no lane: each refused for that and for having no form. (A lane that names no
    role is refused once, for the lane: LANE_NOT_A_ROLE.)"""
    return [(element_id, words) for element_id in element_ids for words in (lane_words, NO_FORM)]


C_1_CONDITIONS = ("sid-0ed8a0cb-f28a-4689-bbd8-77dafd0ccfa0", "sid-d4f3f0f7-79c3-4b1c-817e-13d9bdd96666",
                  "sid-e669aead-8bad-4dbb-b282-e9f811e02f77", "sid-628a2fdc-7654-4273-930d-8e3127b9e8b2")
C_1_TASKS = ("approveInvoice", "assignApprover", "reviewInvoice", "prepareBankTransfer")
B_POOLS = ("Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450", "WFP-6-1", "WFP-6-2", "WFP-0-")

# case: every problem, as (element id, words it must contain)
REFUSED = {
    "miwg_A_1_0": each(NOT_EXECUTABLE, "WFP-6-"),
    "miwg_A_2_0": each(NOT_EXECUTABLE, "WFP-6-"),
    "miwg_A_2_1": each(NOT_EXECUTABLE, "_To9ZoTOCEeSknpIVFCxNIQ"),
    "miwg_A_3_0": each(NOT_EXECUTABLE, "WFP-6-"),
    "miwg_A_4_0": each(NOT_EXECUTABLE, "WFP-6-1", "WFP-6-2"),
    "miwg_A_4_1": each(NOT_EXECUTABLE, "sid-34746A54-1D7D-46CA-B219-0C4CEAE51170", "sid-54D696FD-DEDC-45F3-99DB-1404DA433FC4"),
    # No executable process: refused for that, and for the data store SpiffWorkflow's parse (which reads every pool) has no implementation for.
    "miwg_B_1_0": [*each(NOT_EXECUTABLE, *B_POOLS), ("DS1373655174514", "the data store 'Data Store Reference' " + DATA_STORE)],
    "miwg_B_2_0": [*each(NOT_EXECUTABLE, *B_POOLS), ("DS1373638079677", "the data store 'Data Store Reference' " + DATA_STORE)],
    "miwg_C_1_0": [*each(LANE_NOT_A_ROLE, "Approver", "teamAssistant", "Accountant"), *each(NO_FORM, *C_1_TASKS), ("archiveInvoice", SERVICE), *each(JUEL, *C_1_CONDITIONS)],
    "miwg_C_1_1": [*user_tasks(NO_LANE, *C_1_TASKS), ("archiveInvoice", SERVICE), *each(XPATH, *C_1_CONDITIONS),
                   ("sid-14ef3d18-7218-4f57-98f0-bb595114754b", "the data store 'Financial Accounting System' " + DATA_STORE)],
    "miwg_C_2_0": each(NOT_EXECUTABLE, "WFP-Page_1-1", "WFP-Page_1-2", "WFP-Page_1-3", "WFP-Page_1-4"),
    "miwg_C_3_0": [
        *user_tasks(NO_LANE, "_c73a5f4a-72f1-4e11-bb40-2f98da75fb9a", "_a92069f7-377b-4dbd-a1fd-1da071aabf6d",
                    "_d034722f-751d-4f37-a3d7-47993822e979", "_6a34496f-8cf7-42e5-88a9-d1af98cc3cba"),
        ("Bpmn_FormalExpression_ipW2kBqIEeWDuOtG0oS24A", "the condition cannot run"),
        ("Bpmn_FormalExpression_8pPK4BqGEeWDuOtG0oS24A", 'quote the duration: "PT2H"'),
        ("_cd6f230f-13c3-4027-aa3e-57de601a1ab2", "the sub-process has no start event; the engine needs exactly one"),
        *each(NO_CONDITION, "_3fb323d5-2c59-487a-af63-804208f6c5cb", "_cf380e47-1401-4e7e-b710-193b626e49eb",
              "_cddf9325-a85b-4347-8c57-8b909fa77ae9", "_b99800c3-c340-460c-a43e-098014a365d0",
              "_437e5969-1e61-4cb9-aa76-4f8854f32eeb", "_ada039b6-94dd-4a15-a6b1-c7fe662c64ee")],
    "miwg_C_4_0": [
        *each(LANE_NOT_A_ROLE, "_ff7ff8f6-a4f1-4e93-84e1-01cdb85eb755", "_937b5086-463f-4c8c-837d-f5eee5cbc1f4"), *each(NO_FORM, "_f8973a92-3d84-4672-a1a3-b0df154121e1", "_aa275782-c989-49ba-bf94-c58916ca7bb5",
                    "_987b9b74-333a-4043-a72a-daadf667acc7", "_0e71ed63-93f9-44b6-a89d-da9628652926",
                    "_eba690b9-34ef-49e4-b265-1411809d9302", "_67944b4c-4950-45a2-a131-1c4679c6b433",
                    "_4c95f4a0-f4ec-45ed-9fdb-7b236155d6f5", "_986cf801-0780-49d3-91cd-2cc6d3c1aac3",
                    "_72da5cee-0456-4c3c-ba8d-6dd085d6f52d", "_e3d3ac43-74a3-48ff-9a02-e64b1358cc34",
                    "_351b058e-c37c-4fb7-9d32-24075f53ce02", "_52401cbb-02b8-4eaf-84f1-1edbc0854a4a"),
        *user_tasks(NO_LANE, "_7e9d2e5a-21f7-493b-9ae4-03245aa33a5c", "_912f731a-fb6b-499b-a3f4-4c1632d606bd",
                    "_ad173aff-cfe3-4098-8c65-02f783ad9e1f", "_ae47ce79-bd91-452b-be68-47a2ea589e75",
                    "_9dbd92a5-5c0a-4039-b741-bf4ede54ccf0", "_737503c8-10bc-483f-8871-5461d822b469"),
        *each(NO_LANE_MANUAL, "_c29af228-0768-4dfe-945a-17755e173674", "_788443d9-65f0-43a4-96a8-63e8d6f380a7",
              "_2bf94039-15a1-44bb-9d14-81358777466c"),
        ("_9db2d136-aa33-4de2-be76-554e7843363d", SERVICE),
        ("_d367181e-c25a-407e-a5fb-817a27698a30", "the data store 'Employee Details' " + DATA_STORE),
        ("_7c793f30-d450-4a8e-becf-f168b14317ea", "the data store 'User Management' " + DATA_STORE),
        ("_2addcc9a-638e-4496-b84f-5b0e28fe6536", "the data store 'Payroll system' " + DATA_STORE),
        ("_788443d9-65f0-43a4-96a8-63e8d6f380a7", "the loop activity says neither when it stops nor how many times it runs"),
        *each(NO_CONDITION, "_7e9d8b8b-faa9-4264-858b-7454702c4ec2", "_237c8380-5449-446e-a323-aad80181176d",
              "_12e2f256-ec10-4a8d-934c-329143c588d8", "_ca6f904d-e30d-4777-a7dd-661650e1e3a2")],
    "miwg_C_5_0": [
        *each(LANE_NOT_A_ROLE, "_2935f981-e194-4a1b-bb22-846ad3c0f72c", "_af0d417a-6492-48d6-ace2-f70b807564a8", "_1c6c313d-4950-47a0-b6bf-c51a4b2ea7ed"), *each(NO_FORM, "_945cd271-46b6-4d71-83a1-530e445af820", "_17db66a1-badd-4942-9ebd-02bc5595cdde",
                    "_664f14a9-c1f1-490a-bbec-1f66ba4e7fe4", "_d22de266-6170-4783-91f9-40832e4cc58d",
                    "_87785f46-7026-4d3c-b2c0-6a9468da67f6", "_a73027a7-615e-4a4d-95ee-c4cd78ab30c4",
                    "_9c5d383f-df57-4012-b490-fa36f9f90eed", "_be6ea91a-4f8e-4240-86e8-f85036aee96f",
                    "_f006114d-c7cb-4ce0-9bfe-f0938c36a53e", "_b360104e-8410-4b99-827a-776e2083fb96",
                    "_2fd5c7d3-797d-45a5-a0d8-dfa60654ba5e", "_09074897-556d-4fd2-afb6-2f6c774e1820",
                    "_f0422f0d-396b-4ee7-ad83-fdd34a8bab71", "_05a1a66a-9308-41c7-a611-4fc57627a058",
                    "_1fc87527-9cad-4f8e-b9c7-ebe106cbe98d"),
        *user_tasks(NO_LANE, "_8b104885-149e-4af6-a459-d924dacd81b3", "_7507ae41-a1fa-405c-b4ea-85ed920eace5"),
        ("_776bd6ca-5f18-432f-a748-f1930bfdf16e", "the data store 'Bank System' " + DATA_STORE),
        ("_46aee7ee-fab2-4735-80cc-fa78092ef92e", "the data store 'Customer Data (temporary storage)' " + DATA_STORE),
        *each(NO_CONDITION, "_8a77d7f6-320a-47ff-a155-57ee200df478", "_ae94e0c1-aa12-433f-bd44-a4d8a70a089e",
              "_1887adee-8291-4640-a5fa-3dc5f33d5a34", "_e88d64c7-3aaf-4a5f-9787-4e5ba696312b",
              "_eec53048-291a-4802-8fec-012857f845eb", "_664f3a71-3efa-4c94-8797-815f2e377cf7",
              "_afc35597-a482-432a-8ace-17adaf609572", "_470d1a12-e1fa-4471-b753-cfd7dbe20d80",
              "_fcb09e30-bfe6-46b9-af01-6777c60026f2", "_6912e5ed-5cae-4798-b6e6-8d367ddb3f60",
              "_c329c58d-4a71-471f-acb9-b7f7113d8547", "_e25b9c2d-690e-470b-8993-112002994fc2")],
    "miwg_C_6_0": [
        *each(SERVICE, "_3a2f133c-3ae1-4e21-94b5-6e8cf51acd74", "_b595ec43-0769-4864-8f2e-403c405c8217",
              "_ea5cc55d-bfce-49c6-8a1a-a8a41a85da12", "_0198160d-b56c-4919-9920-db5f32d16b3f",
              "_614d6469-2bb8-4ad6-a20a-db5db6321c6b", "_8afc49f0-42c2-4da9-8e79-e08dbe349776"),
        *each("the timer date is empty", "_87baeef0-f32e-4a93-b802-fdd588aaf729", "_32c4138c-74ae-484a-a7e5-0609370d7080"),
        ("_9cc2ac34-f12c-49e0-b37c-144e5a84fd92", READS_INPUT), ("_22612d45-65ca-4a74-a6eb-53af7ebcb5ff", WRITES_OUTPUT),
        *each("the boundary event is a compensation event there, which the engine does not run",
              "_fe3f9094-097b-416d-adeb-4b7e7e753f3c", "_b25ecc7c-4eff-4a70-96f2-6b2f94cf19b1")],
    "miwg_C_7_0": [
        *each(LANE_NOT_A_ROLE, "_b836aa5e-fb94-4479-af77-64a3a5202451", "_dd32321b-8e95-4801-8eed-5451399b4378"), *each(NO_FORM, "_392c86ba-38b5-4dc9-b98d-f97ad4c2add5", "_15b00027-5049-4081-8952-fd398e8b722a",
                    "_d3435084-f2c7-43cc-abcc-c679bc4232ac"),
        *each(SERVICE, "_64eabfe9-6947-43eb-ac45-8d331745f86c", "_a36ddf2f-23c1-46c5-86d4-bd2a0eb42535"),
        ("_15b00027-5049-4081-8952-fd398e8b722a", WRITES_OUTPUT), ("_eae674ce-4d6e-48ac-819c-c79e0868e40d", NO_DECISION),
        # The same service task is a multi-instance saying over what it runs only in Camunda's terms: both at once.
        ("_a36ddf2f-23c1-46c5-86d4-bd2a0eb42535", "the multi-instance activity says neither how many times it runs"),
        *each(NO_CONDITION, "_d74707c7-6af3-4db7-9403-924bfdf6a7d8", "_1d201a22-d500-4412-a32a-2c7e24ad4d6b")],
    "miwg_C_8_0": each(NOT_EXECUTABLE, "VacationRequestProcess"),
    "miwg_C_8_1": [
        *each(SERVICE, "_2b960d84-feb1-46a9-a1a1-c300dd996b99", "_4b72053b-8ebb-4ae6-99c6-7c93cf1c1d1b",
              "_5e16a4e0-0f23-482a-be47-d3edbc5741ba"),
        *user_tasks(NO_LANE, "_79523269-7444-4b01-90e9-e23957a9d020"),
        *each("the condition cannot run", "_0a1c4f20-509f-4aeb-baf9-acc762f4fdf9", "_325973e7-0bc8-4136-b6df-be1e681d8608",
              "_f2b0da63-d841-4457-ad85-7d86c8b5c1d2"),
        ("_1a818a94-ba6f-413b-a7e8-6f8fd2a11e32", NO_DECISION),
        *each(READS_INPUT, "_9ed61a6a-7cc1-4ed1-86d8-03482b0983c9", "_79523269-7444-4b01-90e9-e23957a9d020",
              "_a97c1a48-faba-447b-bfa6-7aa81a6fe0a0", "_02232e32-c3d2-473c-a15d-9c5dca00eadc",
              "_93ec9873-edf1-4549-b052-961994ec8234"),
        # The service tasks and the business rule task read data the same way: each says both at once.
        *each(READS_INPUT, "_2b960d84-feb1-46a9-a1a1-c300dd996b99", "_4b72053b-8ebb-4ae6-99c6-7c93cf1c1d1b",
              "_5e16a4e0-0f23-482a-be47-d3edbc5741ba", "_1a818a94-ba6f-413b-a7e8-6f8fd2a11e32")],
}

# MIWG C.9 is one model in three files: C.9.0 calls C.9.2's 'ManualCheck', which calls C.9.1's
# 'requestDocument_en'. Deployed alone, a file is refused for a call no folder resolves, which says
# only that its partner was not uploaded with it; deployed together, as one upload of the three, the
# calls resolve and the set is refused for what is wrong in the model itself.
C_9 = ("miwg_C_9_0", "miwg_C_9_1", "miwg_C_9_2")
REFUSED_TOGETHER = {
    C_9: [
        # C.9.0
        *user_tasks(NO_LANE, "UserTask_HandleTimeout"),
        *each(SERVICE, "ServiceTask_CancelApplication", "SendTask_SendPolicy", "ServiceTask_DeliverPolicy",
              "ServiceTask_RejectPolicy", "SendTask_SendRejection", "ServiceTask_GetCreditScore"),
        *each(FEEL, "SequenceFlow_Red", "SequenceFlow_ApplicationAccepted", "SequenceFlow_ApplicationDeclined", "SequenceFlow_Yellow"),
        ("BusinessRuleTask_CheckApplicationAutomatically", NO_DECISION),
        # C.9.1
        *user_tasks(NO_LANE, "UserTask_CallCustomer"),
        ("_TimerEventDefinition_2", 'quote the timer text: "R6/P1D"'),
        ("_TimerEventDefinition_3", 'quote the duration: "P7D"'),
        # C.9.2
        *user_tasks(NO_LANE, "UserTask_DecideOnApplication", "UserTask_AccelerateDecision", "UserTask_CheckForFraud"),
        ("SequenceFlow_Yes", FEEL),
        ("TimerEventDefinition_0vna3l8", 'quote the duration: "P7D"'),
        ("TimerEventDefinition_0kdavba", 'quote the timer text: "R1/P5D"'),
        ("CallActivity_RequestDocument", "the multi-instance activity says neither how many times it runs nor over which list")],
}


def test_the_corpus_holds_the_21_miwg_reference_files_each_with_a_verdict():
    folders = {path.name: [f.name for f in path.iterdir()] for path in CORPUS.iterdir() if path.name.startswith("miwg_")}
    assert folders == {f"miwg_{name.replace('.', '_')}": [f"{name}.bpmn"] for name in MIWG_FILES}
    assert set(REFUSED) | {case for cases in REFUSED_TOGETHER for case in cases} == set(folders)
    assert not set(REFUSED) & {case for cases in REFUSED_TOGETHER for case in cases}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_miwg_file_is_refused_with_every_reason_at_once_in_our_words(case):
    assert_refused_in_our_words(deploy_case(case), REFUSED[case])


@pytest.mark.parametrize("cases", sorted(REFUSED_TOGETHER))
def test_the_miwg_files_of_one_model_deployed_together_are_refused_with_every_reason_at_once(cases):
    assert_refused_in_our_words(deploy_together(*cases), REFUSED_TOGETHER[cases])


@pytest.mark.parametrize("case, calls", [("miwg_C_9_0", "ManualCheck"), ("miwg_C_9_2", "requestDocument_en")])
def test_a_c_9_file_deployed_without_its_partner_names_the_process_it_calls(case, calls):
    problems = deploy_case(case).problems
    assert any(f"calls process '{calls}', which no folder of this council defines" in p.message for p in problems)
    assert not any("calls process" in p.message for p in deploy_together(*C_9).problems)


def test_c_9_1_runs_to_its_end_once_concerns_import_has_made_its_fixes():
    # Its only problems are ones a machine can fix: a lane for its task, a form, its timers quoted.
    deployed, fixes = deploy_imported("miwg_C_9_1", Role.CONTRACT_OFFICER)
    assert {f.element_id for f in fixes} == {"UserTask_CallCustomer", "BoundaryEvent_1", "BoundaryEvent_2"}
    assert deployed.problems == []
    run = start_case(deployed, "requestDocument_en")
    steps = drive(run)
    assert run.status == COMPLETED, "\n".join(steps)
    assert "completed UserTask_CallCustomer with {}" in steps
