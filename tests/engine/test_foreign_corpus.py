"""Diagrams no one here wrote (tests/fixtures/foreign/, sources in its README), each with its verdict.

A diagram from SpiffWorkflow, SpiffArena or Camunda 7 or 8 (the BPMN MIWG's: test_foreign_corpus_miwg.py) either deploys as
copied and runs to its end (each task completed with answers its form accepts, the messages its
scenario names delivered, each timer fired when due), or is refused with every reason at once,
in our words: exactly the problems listed, each on its element. Issue 25 lists the cases that were
wrongly refused (event-based gateway, plain and message start, a non-executable pool beside the
process, Camunda 8's <zeebe:userTask/>, SpiffArena's dynamic choices) or wrongly accepted
(datetime in scripts, unquoted timers, service tasks, a process calling itself).
"""

from __future__ import annotations

import pytest

from engine.roles import Role
from engine.runtime import COMPLETED
from tests.support.foreign import (CORPUS, Delivery, assert_refused_in_our_words, deploy_case, deploy_imported, drive,
                                   start_case)

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

NO_LANE = "the user task is in no lane"
NO_FORM = "the user task has no form"
# SpiffWorkflow waits for a person at a plain or manual task, so here it needs a role lane (issue 16).
NO_LANE_PLAIN, NO_LANE_MANUAL = "the task is in no lane", "the manual task is in no lane"
SERVICE = "the service task calls another system"
FEEL = "is a FEEL expression (Camunda 8); needs a person"
NOT_EXECUTABLE = "is not executable (isExecutable=\"false\")"

# case: (process to start, start data, messages from outside)
RUNS = {
    "spiff_event_gateway": ("Process_0pvx19v", {}, [Delivery("message_1")]),
    "spiff_collaboration": ("process_buddy", {}, [Delivery("Love Letter Response", {"from_name": "Peggy"})]),
    "spiff_timer": ("timer", {}, []),
    "derived_plain_and_message_start": ("main", {}, []),
    "spiff_business_rule": ("Process_bd2e724", {}, []),
}

# case: refused as copied only because SpiffWorkflow waits for a person at its plain or manual
# tasks, which here need a role lane; once `concerns import --role contract_officer` has put them
# in one, it runs to its end as SpiffWorkflow runs it. (process to start, start data, messages)
RUNS_ONCE_IMPORTED = {
    "spiff_correlation": ("proc_1", {"task_num": 7, "task_name": "seven"},
                          [Delivery("proc_2_response", {"init_id": 7, "response": "ok"}, {"process_id": 7})]),
    "spiff_event_subprocess": ("main", {}, []),
    "spiff_exclusive_gateway_no_default": ("NoDefaultGateway", {"x": 2}, []),
    "spiff_standard_loop": ("main", {"done": True}, []),
    "spiff_start_event_split": ("main", {}, [Delivery("message_2")]),
}

# case: every problem, as (element id, words it must contain)
REFUSED = {
    "arena_dynamic_enums": [("Activity_1gqykqt", NO_LANE)],
    "arena_form_naming": [("form1", NO_LANE), ("form2", NO_LANE), ("form3", NO_LANE), ("form4", NO_LANE)],
    "arena_local_date_time": [("Activity_Get_Local_Date_Time", "calls 'get_localtime', which scripts here do not have")],
    "arena_service_tasks": [("service_task_one", SERVICE)],
    "arena_unquoted_cycle": [("Activity_0tlg7co", NO_LANE), ("Activity_0tlg7co", NO_FORM),
                             ("Activity_1ekqkbv", "calls 'mycustomfunc'"),
                             ("TimerEventDefinition_055irb2", 'quote the timer text: "R/PT1H"')],
    "arena_xero_refresh": [("Activity_0if5cjh", SERVICE)],
    "camunda7_loan_approval": [("UserTask_1", NO_LANE), ("UserTask_1", NO_FORM)],
    "camunda7_order_handling": [("Task_06z99p1", SERVICE + " (external)"), ("Task_1yjkccw", SERVICE + " (external)"),
                                ("BoundaryEvent_1y1bvad", "is a JUEL expression (Camunda 7"),
                                ("StartEvent_1", "this is a cron expression")],
    "camunda8_payment": [("ChargeCustomerCreditTask", SERVICE), ("ChargeCreditCardTask", SERVICE),
                         ("CheckPaymentDataTask", NO_LANE), ("CheckPaymentDataTask", NO_FORM),
                         ("NoSequenceFlow", FEEL), ("YesSequenceFlow", FEEL),
                         ("NoSequenceFlow1", FEEL), ("YesSequenceFlow1", FEEL)],
    "camunda8_react_tasklist": [(task, problem) for task in ("Activity_0v7f68e", "Activity_0kdcks8", "Activity_13q3aye")
                                for problem in (NO_LANE, NO_FORM)],
    "spiff_inclusive_gateway": [("set_data", NO_LANE), ("set_data", NO_FORM)],
    "spiff_non_executable": [("Process_14di7kj", NOT_EXECUTABLE)],
    "spiff_self_calling": [("Activity_12zat0d", "the process 'Level3' calls itself, so a case starting it would never end")],
    "spiff_service_task": [("Activity_1inxqgx", SERVICE)],
    "spiff_timer_cycle": [("Get_Coffee", NO_LANE_MANUAL), ("Back_To_Work", NO_LANE_MANUAL),
                          ("Refill_Coffee", "calls 'custom_function'")],
    "spiff_correlation": [("configure", NO_LANE_PLAIN), ("prepare_response", NO_LANE_PLAIN)],
    "spiff_event_subprocess": [("set_data", NO_LANE_PLAIN), ("task", NO_LANE_PLAIN)],
    "spiff_exclusive_gateway_no_default": [("Activity_Greater", NO_LANE_PLAIN), ("Activity_Less", NO_LANE_PLAIN)],
    "spiff_standard_loop": [("any_task", NO_LANE_PLAIN)],
    "spiff_start_event_split": [("any_task", NO_LANE_PLAIN)],
    "spiff_timer_non_interrupt_boundary": [(task, problem) for task in ("Activity_Work", "GetReason") for problem in (NO_LANE, NO_FORM)],
}


def test_every_case_in_the_corpus_has_a_verdict():
    # The BPMN MIWG reference files have theirs in test_foreign_corpus_miwg.py.
    cases = {path.name for path in CORPUS.iterdir() if path.is_dir() and not path.name.startswith("miwg_")}
    assert cases == set(RUNS) | set(REFUSED)
    assert not set(RUNS) & set(REFUSED)


@pytest.mark.parametrize("case", sorted(RUNS))
def test_the_diagram_deploys_as_copied_and_runs_to_its_end(case):
    key, data, deliveries = RUNS[case]
    deployed = deploy_case(case)
    assert deployed.problems == []
    run = start_case(deployed, key, data)
    steps = drive(run, deliveries)
    assert run.status == COMPLETED, "\n".join(steps)


@pytest.mark.parametrize("case", sorted(RUNS_ONCE_IMPORTED))
def test_the_diagram_runs_to_its_end_once_imported_with_its_tasks_in_a_role_lane(case):
    assert {e for e, _ in REFUSED[case]} == {e for e, m in REFUSED[case] if "is in no lane" in m}
    key, data, deliveries = RUNS_ONCE_IMPORTED[case]
    deployed, _fixes = deploy_imported(case, Role.CONTRACT_OFFICER)
    assert deployed.problems == []
    run = start_case(deployed, key, data)
    steps = drive(run, deliveries)
    assert run.status == COMPLETED, "\n".join(steps)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_diagram_is_refused_with_every_reason_at_once_in_our_words(case):
    assert_refused_in_our_words(deploy_case(case), REFUSED[case])
