"""Partners as users (issue 23): in Wales the health board and CIW are separate agencies, each
completing only the steps of its own lane (Appendix 6 responsibilities), and reading the case as
its agency."""

from __future__ import annotations

import pytest

from api.actors import Actor
from api.cases.service import complete_task, start_case
from api.definitions.service import deploy_compiled
from api.errors import Forbidden
from api.users.service import add_user
from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.visibility import Viewer
from tests.support.bpmn_builder import Diagram
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
