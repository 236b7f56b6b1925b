"""Lanes map to role slugs through their ``role`` property, keeping a name people read (issue 23,
roles and agencies are data); `concerns validate` names a lane whose roles a council using the
folder does not declare."""

from __future__ import annotations

from pathlib import Path

from engine.declared_roles import DeclaredRole, council_roles
from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.roles import role_of_task, task_roles
from tests.support.bpmn_builder import Diagram
from tests.support.foreign import Deployed, start_case
from tests.support.lane_roles import declare_lane_roles

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIBRARY = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")


def _diagram() -> bytes:
    d = Diagram("raise_concern", "Raise a concern", lanes=["contract_officer", "stage_one"])
    d.start("begin", "Concern", "contract_officer")
    d.user_task("assess_risk", "Complete the risk assessment", "stage_one", form="after_meeting")
    d.end("done", "Assessed", "contract_officer")
    d.flow("begin", "assess_risk")
    d.flow("assess_risk", "done")
    return d.to_xml()


def _compile(xml: bytes, councils=None):
    return compile_source(SourceFile("wales", "processes/wales/raise_concern.bpmn", xml),
                          forms=LIBRARY.form_lookup("shared"), councils=councils)


def _welsh(roles: str, label: str = "Any agency raising a concern") -> bytes:
    return declare_lane_roles(_diagram(), {"stage_one_lane": (label, roles)})


def test_the_role_property_names_the_role_and_the_name_is_for_people():
    [process], problems = _compile(_welsh("health_board_nurse_assessor", "Nurse assessor (Swansea Bay UHB)"))
    assert problems == []
    assert "health_board_nurse_assessor" in process.roles
    assert b'name="Nurse assessor (Swansea Bay UHB)"' in process.bpmn


def test_a_lane_may_name_several_roles_and_any_of_them_may_do_its_steps():
    [process], problems = _compile(_welsh("contract_officer, health_board_nurse_assessor, police_officer"))
    assert problems == []
    assert {"contract_officer", "health_board_nurse_assessor", "police_officer"} <= set(process.roles)
    run = start_case(Deployed({process.key: process}, []), process.key)
    [task] = run.ready_tasks()
    assert task_roles(task.role) == ("contract_officer", "health_board_nurse_assessor", "police_officer")


def test_the_old_form_a_lane_named_by_slug_or_label_still_reads():
    assert role_of_task("contract_officer", None) == "contract_officer"
    assert role_of_task("Health board nurse assessor", None) == "health_board_nurse_assessor"
    assert role_of_task("contract_officer, Police officer", None) == "contract_officer police_officer"
    assert role_of_task("Chaser (named by the calling step)", {"lane_roles": {"chaser": "chair"}}) == "chair"


def test_a_calling_step_may_name_several_roles_and_names_only_roles():
    lane = "Intervention owner (named by the calling step)"
    named = {"intervention_owner": "contract_officer, quality_improvement"}
    assert role_of_task(lane, {"lane_roles": named}) == "contract_officer quality_improvement"
    assert role_of_task(lane, {"lane_roles": {"intervention_owner": "icb_nurse_assessor"}}) == "icb_nurse_assessor"
    # A slug that is no role leaves the task to nobody (the explorer says so), not to the roles that are.
    assert role_of_task(lane, {"lane_roles": {"intervention_owner": "contract_officer, csu_officer"}}) is None
    assert role_of_task(lane, {"lane_roles": {"chaser": "chair"}}) is None


def test_a_role_no_council_using_the_folder_declares_is_named_with_the_lane_and_the_known_roles():
    councils = {"swansea": council_roles("wales", None), "bridgend": council_roles("wales", None)}
    xml = _welsh("contract_officer, icb_nurse_assessor")
    _, problems = _compile(xml, councils)
    [problem] = problems
    assert problem.element_id == "stage_one_lane" and problem.file == "processes/wales/raise_concern.bpmn"
    assert problem.line == xml.decode()[: xml.decode().index('<bpmn:lane id="stage_one_lane"')].count("\n") + 1
    assert "'icb_nurse_assessor', which is not a role declared for bridgend, swansea" in problem.message
    assert "known roles: admin, chair, ciw_inspector" in problem.message


def test_a_role_only_one_council_declares_is_reported_for_the_others():
    own = council_roles("wales", {"ec_coordinator": {"label": "EC coordinator", "agency": "council", "acts_as": ["chair"]}})
    councils = {"swansea": own, "bridgend": council_roles("wales", None)}
    [problem] = _compile(_welsh("ec_coordinator"), councils)[1]
    assert "not a role declared for bridgend" in problem.message and "swansea" not in problem.message.split("known")[0]
    assert _compile(_welsh("ec_coordinator"), {"swansea": own})[1] == []


def test_a_lane_of_provider_roles_only_is_refused_as_nobody_could_do_its_steps():
    roles = council_roles("wales", None)
    roles["provider_manager"] = DeclaredRole("provider_manager", "Registered manager", "provider", ("partner",))
    [problem] = _compile(_welsh("provider_manager"), {"swansea": roles})[1]
    assert problem.element_id == "stage_one_lane" and "names only provider roles" in problem.message
    assert _compile(_welsh("provider_manager, contract_officer"), {"swansea": roles})[1] == []


def test_without_councils_any_base_or_regional_role_is_known():
    assert _compile(_welsh("ciw_inspector"))[1] == []
    [problem] = _compile(_welsh("wizard"))[1]
    assert "'wizard', which is not a role" in problem.message


def test_naming_a_lane_in_words_with_its_role_property_moves_no_step_in_compare():
    from engine.compare import compare_versions

    old = _diagram()
    relabelled = declare_lane_roles(old, {"contract_officer_lane": ("Contracting officer (Bridgend)", "contract_officer")})
    assert [c.text for c in compare_versions(old, {}, relabelled, {})] == [
        "lane 'contract_officer' renamed to 'Contracting officer (Bridgend)'"]  # and no step moved
    moved = declare_lane_roles(old, {"contract_officer_lane": ("Contracting officer", "chair")})
    assert any("moved from lane 'contract_officer' to 'chair'" in c.text for c in compare_versions(old, {}, moved, {}))
