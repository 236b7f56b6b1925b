"""Issue 16, item 3: read-only roles do not act. Starting a case, and sending a message to one,
needs a role the procedure names; a sub-process is started by its callers, not on its own;
manual and plain tasks outside a role lane are refused by the checks."""

from __future__ import annotations

import pytest

from engine.roles import Role
from engine.start_rules import declared_start
from tests.engine.test_definitions import problems_of
from tests.support.bpmn_builder import Diagram

READ_ONLY = (Role.VIEWER, Role.PARTNER)


def _start(http, world, key="simple_review", role=Role.CONTRACT_OFFICER):
    return http.post("/api/v1/cases", {"process_key": key, "provider_id": world.providers["alpha"]}, role=role)


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_start_a_case(http, world, role):
    response = _start(http, world, role=role)
    assert response.status_code == 403 and "contract_officer" in response.json["detail"]
    assert http.get("/api/v1/cases").json["total"] == 0


def test_a_role_the_procedure_does_not_name_cannot_start_it(http, world):
    assert _start(http, world, role=Role.LEGAL).status_code == 403
    assert _start(http, world, role=Role.HEAD_OF_SERVICE).status_code == 201  # its escalation lane


def test_a_called_sub_process_is_not_started_on_its_own(http, world):
    response = _start(http, world, key="meeting", role=Role.CHAIR)
    assert response.status_code == 403 and "started by them" in response.json["detail"]
    assert _start(http, world, key="call_meeting", role=Role.CHAIR).status_code == 201


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_send_a_message_to_a_waiting_case(http, world, role):
    radar = _start(http, world, key="radar_referral", role=Role.CHAIR).json
    http.post(f"/api/v1/tasks/{radar['tasks'][0]['id']}/complete", {"data": {"outcome": "qpip"}}, role=Role.CHAIR)
    message = {"name": "qpip_outcome", "correlation": {"provider_id": world.providers["alpha"]},
               "payload": {"provider_id": world.providers["alpha"], "result": "improved"}}
    assert http.post("/api/v1/messages", message, role=role).status_code == 403
    assert http.get(f"/api/v1/cases/{radar['id']}").json["status"] == "running"
    assert http.post("/api/v1/messages", message, role=Role.CHAIR).status_code == 200


def test_the_provider_page_offers_only_procedures_the_person_may_start(app, world, session):
    from tests.support.web import web_user

    viewer = web_user(app, session, "alpha", Role.VIEWER)
    page = viewer.get(f"/providers/{world.providers['alpha']}").get_data(as_text=True)
    assert 'value="simple_review"' not in page
    refused = viewer.post(f"/providers/{world.providers['alpha']}/cases", {"process_key": "simple_review"})
    assert refused.status_code == 400 and "Location" not in refused.headers  # the page again, with the error summary
    officer = web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    assert 'value="simple_review"' in officer.get(f"/providers/{world.providers['alpha']}").get_data(as_text=True)


def _one_step(kind: str, lane: str) -> bytes:
    d = Diagram("one_step", "One step", lanes=list(dict.fromkeys(["contract_officer", lane])))
    d.start("begin", "Begin", "contract_officer")
    getattr(d, kind)("step", "Do the step", lane)
    d.end("done", "Done", "contract_officer")
    d.flow("begin", "step")
    d.flow("step", "done")
    return d.to_xml()


def test_a_manual_task_outside_a_role_lane_is_refused_by_the_checks():
    problems = problems_of(_one_step("manual_task", "notes"))
    assert any(p.element_id == "notes_lane" and "names 'notes', which is not a role" in p.message for p in problems)
    assert not problems_of(_one_step("manual_task", "contract_officer"))


def test_the_diagram_may_name_who_starts_it():
    xml = _one_step("manual_task", "contract_officer").replace(
        b'<bpmn:laneSet', b'<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property name="startedBy" '
        b'value="safeguarding_lead, chair"/></spiffworkflow:properties></bpmn:extensionElements><bpmn:laneSet', 1)
    assert declared_start(xml, "one_step").started_by == ("safeguarding_lead", "chair")
    assert declared_start(_one_step("manual_task", "contract_officer"), "one_step").started_by is None
