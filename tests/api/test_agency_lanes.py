"""Partners as users (issue 23): in Wales the health board and CIW are separate agencies, each
completing only the steps of its own lane (Appendix 6 responsibilities), and reading the case as
its agency."""

from __future__ import annotations

import pytest

from api.actors import Actor
from api.cases.service import claim_task, complete_task, start_case
from api.cases.summaries import list_tasks
from api.definitions.service import deploy_compiled
from api.errors import Forbidden
from api.users.service import add_user
from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.visibility import Viewer
from tests.support.bpmn_builder import Diagram
from tests.support.lane_roles import declare_lane_roles
from tests.support.world import FIXTURES, open_tasks

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


READABLE = {"contract_officer": "Contract officer", "health_board_nurse_assessor": "Health board nurse assessor",
            "ciw_inspector": "CIW inspector"}


def _appendix_6_steps():
    d = Diagram("appendix_6_steps", "Appendix 6 responsibilities",
                lanes=["contract_officer", "health_board_nurse_assessor", "ciw_inspector"])
    d.start("begin", "Closure agreed", "contract_officer")
    d.user_task("nursing_reassessments", "Reassess the nursing needs of each resident", "health_board_nurse_assessor",
                form="after_meeting")
    d.user_task("regulatory_action", "Consider regulatory action on the service", "ciw_inspector", form="after_meeting")
    d.end("done", "Responsibilities met", "contract_officer")
    d.flow("begin", "nursing_reassessments")
    d.flow("nursing_reassessments", "regulatory_action")
    d.flow("regulatory_action", "done")
    # Lanes carry the names process owners read; the engine maps them to the role slugs.
    xml = d.to_xml()
    for slug, label in READABLE.items():
        xml = xml.replace(f'name="{slug}"'.encode(), f'name="{label}"'.encode())
    assert b'name="Health board nurse assessor"' in xml
    library = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    compiled, problems = compile_source(SourceFile(folder="beta", path="processes/beta/appendix_6_steps.bpmn", content=xml),
                                        forms=library.form_lookup("shared"))
    assert problems == []
    return compiled


DONE = {"follow_up": "Done as Appendix 6 asks"}


def _user(world, slug):
    return Actor.of(add_user(world.session, email=f"{slug}@beta.test", tenant_slug="beta", roles=[slug], actor=Actor.system("tests")))


def test_the_health_board_and_ciw_each_complete_only_their_own_appendix_6_responsibilities(world):
    deploy_compiled(world.session, processes=_appendix_6_steps(), actor=Actor.system("tests"))
    nurse, inspector = _user(world, "health_board_nurse_assessor"), _user(world, "ciw_inspector")
    tenant = world.tenants["beta"]
    case = start_case(world.session, tenant=tenant, actor=world.actor("beta", "contract_officer"), process_key="appendix_6_steps",
                      provider_id=world.providers["beta"], data={})
    [step] = open_tasks(world.session, case)
    assert (step.element_id, step.role) == ("nursing_reassessments", "health_board_nurse_assessor")
    for outsider in (inspector, world.actor("beta", "partner")):
        with pytest.raises(Forbidden):
            complete_task(world.session, tenant=tenant, actor=outsider, task_id=step.id, data=DONE)
    complete_task(world.session, tenant=tenant, actor=nurse, task_id=step.id, data=DONE)
    [step] = open_tasks(world.session, case)
    assert (step.element_id, step.role) == ("regulatory_action", "ciw_inspector")
    with pytest.raises(Forbidden):
        complete_task(world.session, tenant=tenant, actor=nurse, task_id=step.id, data=DONE)
    complete_task(world.session, tenant=tenant, actor=inspector, task_id=step.id, data=DONE)
    assert open_tasks(world.session, case) == []


def test_each_partner_reads_as_its_own_agency_and_acts_as_a_partner(world):
    nurse, inspector = _user(world, "health_board_nurse_assessor"), _user(world, "ciw_inspector")
    assert Viewer.of(nurse.user.reader_roles).agency == "nhs"
    assert Viewer.of(inspector.user.reader_roles).agency == "regulator"
    assert nurse.user.has_role("partner") and not nurse.user.has_role("ciw_inspector")


def _shared_step():
    """A step in one lane naming two agencies' roles (its role property), read by people as words."""
    d = Diagram("shared_step", "A step any of two agencies may do", lanes=["contract_officer", "either"])
    d.start("begin", "Concern", "contract_officer")
    d.user_task("share_concern", "Share the concern", "either", form="after_meeting")
    d.end("done", "Shared", "contract_officer")
    d.flow("begin", "share_concern")
    d.flow("share_concern", "done")
    xml = declare_lane_roles(d.to_xml(), {"either_lane": ("Contracting or health board", "contract_officer, health_board_nurse_assessor")})
    library = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    compiled, problems = compile_source(SourceFile(folder="beta", path="processes/beta/shared_step.bpmn", content=xml),
                                        forms=library.form_lookup("shared"))
    assert problems == []
    return compiled


def test_a_lane_naming_two_roles_is_claimed_listed_and_completed_by_either_and_refused_to_others(world):
    deploy_compiled(world.session, processes=_shared_step(), actor=Actor.system("tests"))
    nurse, inspector = _user(world, "health_board_nurse_assessor"), _user(world, "ciw_inspector")
    tenant = world.tenants["beta"]
    officer = world.actor("beta", "contract_officer")
    cases = [start_case(world.session, tenant=tenant, actor=officer, process_key="shared_step", provider_id=world.providers["beta"],
                        data={}) for _ in range(2)]
    steps = [open_tasks(world.session, case)[0] for case in cases]
    assert steps[0].role == "contract_officer health_board_nurse_assessor"
    for who in (nurse, officer):
        rows, total = list_tasks(world.session, tenant=tenant, user_id=who.user_id, roles=who.user.reader_roles, mine=True)
        assert total == 2 and {r["id"] for r in rows} == {s.id for s in steps}
    assert list_tasks(world.session, tenant=tenant, user_id=inspector.user_id, roles=inspector.user.reader_roles, mine=True)[1] == 0
    for outsider in (inspector, world.actor("beta", "legal")):
        with pytest.raises(Forbidden):
            claim_task(world.session, tenant=tenant, actor=outsider, task_id=steps[0].id)
        with pytest.raises(Forbidden):
            complete_task(world.session, tenant=tenant, actor=outsider, task_id=steps[0].id, data=DONE)
    claim_task(world.session, tenant=tenant, actor=nurse, task_id=steps[0].id)
    complete_task(world.session, tenant=tenant, actor=nurse, task_id=steps[0].id, data=DONE)
    complete_task(world.session, tenant=tenant, actor=officer, task_id=steps[1].id, data=DONE)
    assert [open_tasks(world.session, case) for case in cases] == [[], []]
