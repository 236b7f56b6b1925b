"""Messages from SpiffWorkflow's correlation.bpmn: a reply reaches the receive task inside a sub-process.

Process 1 starts two instances of a sub-process; each sends "init_proc_2" with its number and
waits, in a receive task, for "proc_2_response" correlated on that number (the sub-process's own
correlation, not the top level's).
"""

from __future__ import annotations

import pytest

from engine.errors import MessageNotCaught
from engine.roles import Role
from engine.runtime import COMPLETED
from tests.support.foreign import deploy_imported, start_case

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


def _deployed():
    # "Configure Data" is a plain task: SpiffWorkflow waits for a person there, so it goes into an officer's lane.
    deployed, _ = deploy_imported("spiff_correlation", Role.CONTRACT_OFFICER)
    assert deployed.problems == []
    return deployed


def _waiting_for_the_reply():
    run = start_case(_deployed(), "proc_1", {"task_num": 7, "task_name": "seven"})
    for task in run.ready_tasks():  # "Configure Data" in each instance
        run.complete(task.id, {})
    return run


def test_each_instance_waits_in_its_sub_process_with_its_own_correlation():
    run = _waiting_for_the_reply()
    waiting = run.waiting_messages()
    assert [(m.element_id, m.name, m.correlations, m.part != "root") for m in waiting] == [
        ("get_response", "proc_2_response", {"process_id": 7}, True)] * 2
    assert [m.name for m in run.outgoing_messages()] == ["init_proc_2", "init_proc_2"]


def test_the_reply_correlated_on_the_number_arrives_and_the_case_ends():
    run = _waiting_for_the_reply()
    run.deliver("proc_2_response", {"init_id": 7, "response": "ok"}, {"process_id": 7})
    assert run.failure is None
    assert run.status == COMPLETED


def test_a_reply_for_another_number_is_not_caught():
    run = _waiting_for_the_reply()
    with pytest.raises(MessageNotCaught):
        run.deliver("proc_2_response", {"init_id": 8, "response": "ok"}, {"process_id": 8})


def test_the_reply_posted_to_the_messages_api_reaches_the_receive_task_inside_the_sub_process(http, world):
    from api.definitions.service import deploy_compiled
    from tests.support.world import complete, start

    # Only process 1 is deployed: its requests go out, and the replies come back through the API.
    process_1 = _deployed().processes["proc_1"]
    process_1.folder = "shared"
    deploy_compiled(world.session, processes=[process_1], actor=world.actor("alpha", "contract_officer"))
    case = start(world, "proc_1", data={"task_num": 7, "task_name": "seven"})
    for _ in range(2):  # "Configure Data" in each instance: a plain task, in no lane
        complete(world, case, "configure", role=Role.CONTRACT_OFFICER)
    wrong = http.post("/api/v1/messages", {"name": "proc_2_response", "correlation": {"process_id": 8},
                                           "payload": {"init_id": 8, "response": "no"}})
    assert wrong.status_code == 404
    reply = http.post("/api/v1/messages", {"name": "proc_2_response", "correlation": {"process_id": 7},
                                           "payload": {"init_id": 7, "response": "ok"}})
    assert reply.status_code == 200, reply.json
    assert [c["id"] for c in reply.json["cases"]] == [case.id]
    assert http.get(f"/api/v1/cases/{case.id}").json["status"] == "completed"
