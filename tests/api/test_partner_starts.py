"""Partners start what their lanes name (issue 23): in Wales "any agency can raise concerns /
request commencement of Escalating Concerns" (seed 004, Stage 1), and the Stage 1 lane names each
agency's roles, so a police officer, a health board nurse assessor or a CIW inspector raises a
concern through the REST API and the web's "Raise a concern"; the read-only base roles still never
start one, and a partner whose role no lane names starts nothing."""

from __future__ import annotations

import pytest

from api.actors import Actor
from api.cases.permissions import check_may_start
from api.errors import Forbidden
from api.models import Case
from api.users.service import add_user, issue_token
from engine.roles import Role
from tests.processes.test_wales_escalating_concerns import KEY, TENANT
from tests.support.web import PASSWORD, WebUser
from tests.support.world import open_tasks

pytestmark = pytest.mark.clock("2026-11-10T10:00:00+00:00")

AGENCY_ROLES = ("police_officer", "health_board_nurse_assessor", "ciw_inspector")


def _token(session, slug: str, tenant: str = TENANT) -> dict:
    user = add_user(session, email=f"api.{slug}@{tenant}.test", tenant_slug=tenant, roles=[slug], password=PASSWORD,
                    actor=Actor.system("tests"))
    return {"Authorization": f"Bearer {issue_token(session, email=user.email, days=3650, actor=Actor.system('t'))}"}


def _raise(client, councils, headers):
    return client.post("/api/v1/cases", json={"process_key": KEY, "provider_id": councils.providers[TENANT]}, headers=headers)


def test_each_agency_raises_a_welsh_concern_through_the_api_and_read_only_roles_do_not(client, councils, session):
    for slug in AGENCY_ROLES:
        started = _raise(client, councils, _token(session, slug))
        assert started.status_code == 201, (slug, started.json)
        assert [t["element_id"] for t in started.json["tasks"]] == ["record_concerns"]
    for slug in ("partner", "viewer"):
        refused = _raise(client, councils, _token(session, slug))
        assert refused.status_code == 403 and "police_officer" in refused.json["detail"], refused.json


def test_a_partner_starts_only_what_a_lane_or_started_by_names(councils):
    tenant = councils.tenants[TENANT]
    police = councils.actor(TENANT, "police_officer")
    check_may_start(councils.session, tenant=tenant, actor=police, key=KEY)
    # The home closure referral names no partner role: the police do not start it.
    with pytest.raises(Forbidden, match="needs one of the roles"):
        check_may_start(councils.session, tenant=tenant, actor=police, key="home_closure_referral")


def test_the_police_raise_a_concern_on_the_web(app, councils, session):
    app.config["SESSION_COOKIE_SECURE"] = False
    add_user(session, email="constable@bridgend.test", tenant_slug=TENANT, roles=["police_officer"], password=PASSWORD,
             actor=Actor.system("tests"))
    police = WebUser(app.test_client())
    assert police.sign_in("constable@bridgend.test").status_code == 302
    page = police.get("/concerns/new").get_data(as_text=True)
    assert f'value="{KEY}"' in page and 'value="home_closure_referral"' not in page
    raised = police.post("/concerns/new", {"provider_id": str(councils.providers[TENANT]), "process_key": KEY})
    assert raised.status_code == 302, raised.get_data(as_text=True)
    case_id = int(raised.headers["Location"].rsplit("/", 1)[1])
    assert police.get(f"/cases/{case_id}").status_code == 200
    case = councils.session.get(Case, case_id)
    assert [t.element_id for t in open_tasks(councils.session, case)] == ["record_concerns"]
    viewer = WebUser(app.test_client())
    add_user(session, email="reader@bridgend.test", tenant_slug=TENANT, roles=[Role.VIEWER.value], password=PASSWORD,
             actor=Actor.system("tests"))
    assert viewer.sign_in("reader@bridgend.test").status_code == 302
    assert f'value="{KEY}"' not in viewer.get("/concerns/new").get_data(as_text=True)


def test_started_by_may_name_a_partner_role_the_council_declares(world):
    from api.definitions.service import deploy_compiled
    from engine.definitions import ProcessLibrary, SourceFile, compile_source
    from tests.api.test_security_roles import _one_step
    from tests.support.world import FIXTURES

    xml = _one_step("manual_task", "contract_officer").replace(
        b'<bpmn:laneSet', b'<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property name="startedBy" '
        b'value="police_officer"/></spiffworkflow:properties></bpmn:extensionElements><bpmn:laneSet', 1)
    library = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    compiled, problems = compile_source(SourceFile(folder="alpha", path="processes/alpha/one_step.bpmn", content=xml),
                                        forms=library.form_lookup("shared"))
    assert problems == []
    deploy_compiled(world.session, processes=compiled, actor=Actor.system("tests"))
    tenant = world.tenants["alpha"]
    check_may_start(world.session, tenant=tenant, actor=world.actor("alpha", "police_officer"), key="one_step")
    for role in (Role.CONTRACT_OFFICER, Role.PARTNER):  # its lane's role, and a partner of no agency: not named
        with pytest.raises(Forbidden, match="police_officer"):
            check_may_start(world.session, tenant=tenant, actor=world.actor("alpha", role), key="one_step")
