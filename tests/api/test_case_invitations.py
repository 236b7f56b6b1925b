"""Partners as users (issue 23, item 4): police, regulator and NHS users see the cases they are
invited to (their agency raising a concern invites it), and a case while a step of their own is open
(in a lane of their agency alone, or given to them); nothing else of the council's, in no list,
count or page."""

from __future__ import annotations

import pytest

from api.actors import Actor
from api.cases.assignment import assign_task
from api.cases.service import complete_task, start_case
from api.definitions.service import deploy_compiled
from api.users.service import add_user, issue_token
from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.roles import Role
from tests.api.test_agency_lanes import DONE, _appendix_6_steps
from tests.support.bpmn_builder import Diagram
from tests.support.lane_roles import declare_lane_roles
from tests.support.world import FIXTURES, open_tasks

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

CO, VIEWER, PARTNER = Role.CONTRACT_OFFICER, Role.VIEWER, Role.PARTNER
CASE_PAGES = ("", "/chronology", "/documents", "/events", "/invitations")


class Partner:
    """A partner user of a council with a bearer token."""

    def __init__(self, http, session, slug: str, tenant: str = "alpha"):
        role, _, n = slug.partition(".")  # "police_officer.2": a second user of the role
        self.user = add_user(session, email=f"{role}{n}@{tenant}.test", tenant_slug=tenant, roles=[role], actor=Actor.system("tests"))
        self.client = http.client
        self.headers = {"Authorization": f"Bearer {issue_token(session, email=self.user.email, days=3650, actor=Actor.system('t'))}"}

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def post(self, path, json=None):
        return self.client.post(path, json=json, headers=self.headers)

    def case_ids(self) -> set[int]:
        return {c["id"] for c in self.get("/api/v1/cases?page_size=200").json["items"]}

    def task_case_ids(self) -> set[int]:
        return {t["case_id"] for t in self.get("/api/v1/tasks?page_size=200").json["items"]}

    def statuses(self, case_id: int) -> set[int]:
        return {self.get(f"/api/v1/cases/{case_id}{page}").status_code for page in CASE_PAGES}


def _start(http, tenant="alpha") -> dict:
    response = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": http.provider_ids[tenant]}, tenant=tenant)
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def api(http, world):
    http.provider_ids = world.providers
    return http


def test_an_uninvited_police_officer_sees_no_case_until_the_police_are_invited(api, session):
    police = Partner(api, session, "police_officer")
    case, other = _start(api), _start(api)
    task_id = case["tasks"][0]["id"]
    assert police.case_ids() == set() and api.get("/api/v1/cases").json["total"] == 2
    assert police.get("/api/v1/cases").json["total"] == 0
    assert police.task_case_ids() == set() and police.get("/api/v1/tasks").json["total"] == 0
    assert police.statuses(case["id"]) == {404}
    assert police.get(f"/api/v1/tasks/{task_id}").status_code == 404

    invited = api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "police"})
    assert invited.status_code == 201, invited.json
    assert (invited.json["agency"], invited.json["label"], invited.json["withdrawn_at"]) == ("police", "Police", None)
    assert police.case_ids() == {case["id"]} and police.get("/api/v1/cases").json["total"] == 1
    assert police.task_case_ids() == {case["id"]}
    assert police.statuses(case["id"]) == {200} and police.statuses(other["id"]) == {404}
    assert police.get(f"/api/v1/tasks/{task_id}").status_code == 200
    # The police read it; they do not work the council's steps.
    assert police.post(f"/api/v1/tasks/{task_id}/claim").status_code == 403
    listed = api.get(f"/api/v1/cases/{case['id']}/invitations").json
    assert [i["id"] for i in listed] == [invited.json["id"]]

    gone = api.delete(f"/api/v1/cases/{case['id']}/invitations/{invited.json['id']}")
    assert gone.status_code == 204
    assert police.case_ids() == set() and police.task_case_ids() == set() and police.statuses(case["id"]) == {404}
    assert api.get(f"/api/v1/cases/{case['id']}/invitations").json == []
    again = api.delete(f"/api/v1/cases/{case['id']}/invitations/{invited.json['id']}")
    assert again.status_code == 404 and "no invitation" in again.json["detail"]


def test_an_invitation_of_one_agency_or_one_partner_shows_the_case_to_them_only(api, session):
    police, nhs, colleague = (Partner(api, session, slug) for slug in ("police_officer", "icb_nurse_assessor", "cqc_inspector"))
    case = _start(api)
    assert api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "nhs"}).status_code == 201
    assert api.post(f"/api/v1/cases/{case['id']}/invitations", {"user_id": colleague.user.id}).status_code == 201
    assert nhs.case_ids() == {case["id"]} and colleague.case_ids() == {case["id"]} and police.case_ids() == set()
    # The base partner role belongs to no agency: only an invitation by name shows a case to them.
    assert api.get(f"/api/v1/cases/{case['id']}", role=PARTNER).status_code == 404


def test_a_partner_sees_a_case_while_a_step_of_its_own_is_open_and_not_after(api, world, session):
    deploy_compiled(session, processes=_appendix_6_steps(), actor=Actor.system("tests"))
    nurse, inspector = Partner(api, session, "health_board_nurse_assessor", "beta"), Partner(api, session, "ciw_inspector", "beta")
    case = start_case(session, tenant=world.tenants["beta"], actor=world.actor("beta", CO), process_key="appendix_6_steps",
                      provider_id=world.providers["beta"], data={})
    [step] = open_tasks(session, case)
    assert nurse.case_ids() == {case.id} and nurse.task_case_ids() == {case.id}
    assert inspector.case_ids() == set() and inspector.statuses(case.id) == {404}
    # The nurse completes the step of their lane through the API; the answer says no more than that it is done.
    done = nurse.post(f"/api/v1/tasks/{step.id}/complete", {"data": DONE})
    assert done.status_code == 200, done.json
    assert (done.json["id"], done.json["status"], done.json["tasks"]) == (case.id, "running", [])
    assert inspector.case_ids() == {case.id} and inspector.statuses(case.id) == {200}
    # Their part done, the case is no longer the nurse's to read (Caldicott: need to know).
    assert nurse.case_ids() == set() and nurse.statuses(case.id) == {404}
    [step] = open_tasks(session, case)
    complete_task(session, tenant=world.tenants["beta"], actor=Actor.of(inspector.user), task_id=step.id, data=DONE)
    assert inspector.case_ids() == set()
    # Invited, the health board reads the case again, whoever's step is open.
    assert api.post(f"/api/v1/cases/{case.id}/invitations", {"agency": "nhs"}, tenant="beta").status_code == 201
    assert nurse.case_ids() == {case.id} and inspector.case_ids() == set()


def _any_agency_steps():
    """A step any of several agencies may do (as Wales Stage 1), then the council's own."""
    d = Diagram("any_agency_steps", "Concerns raised by any agency", lanes=["any_agency", "contract_officer"])
    d.start("raised", "Concerns raised", "any_agency")
    d.user_task("record_concerns", "Record the concerns", "any_agency", form="after_meeting")
    d.user_task("review", "Review the concerns", "contract_officer", form="after_meeting")
    d.end("done", "Reviewed", "contract_officer")
    d.flow("raised", "record_concerns")
    d.flow("record_concerns", "review")
    d.flow("review", "done")
    xml = declare_lane_roles(d.to_xml(), {"any_agency_lane": ("Any agency raising concerns",
                                                               "contract_officer, police_officer, icb_nurse_assessor")})
    library = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    compiled, problems = compile_source(SourceFile(folder="alpha", path="processes/alpha/any_agency_steps.bpmn", content=xml),
                                        forms=library.form_lookup("shared"))
    assert problems == []
    return compiled


def test_a_step_several_agencies_share_shows_the_case_to_none_until_one_holds_it_or_raised_it(api, world, session):
    deploy_compiled(session, processes=_any_agency_steps(), actor=Actor.system("tests"))
    police, colleague, nurse = (Partner(api, session, slug) for slug in ("police_officer", "police_officer.2", "icb_nurse_assessor"))
    tenant = world.tenants["alpha"]
    raised_by_council = start_case(session, tenant=tenant, actor=world.actor("alpha", CO), process_key="any_agency_steps",
                                   provider_id=world.providers["alpha"], data={})
    # Every agency may do its open step: none of them sees the case for it, so no partner sees every case of the county.
    assert police.case_ids() == nurse.case_ids() == set()
    [step] = open_tasks(session, raised_by_council)
    assign_task(session, tenant=tenant, actor=world.actor("alpha", CO), task_id=step.id, assignee_id=police.user.id)
    # Given to one police officer, it is theirs: they see the case; their colleague does not.
    assert police.case_ids() == {raised_by_council.id} and colleague.case_ids() == set() and nurse.case_ids() == set()

    # A concern the police raise themselves: their agency is invited with it (and the audit trail says so).
    raised = police.post("/api/v1/cases", {"process_key": "any_agency_steps", "provider_id": world.providers["alpha"]})
    assert raised.status_code == 201, raised.json
    assert colleague.case_ids() == {raised.json["id"]} and nurse.case_ids() == set()
    assert [i["label"] for i in police.get(f"/api/v1/cases/{raised.json['id']}/invitations").json] == ["Police"]
    events = api.get(f"/api/v1/cases/{raised.json['id']}/events?page_size=50").json["items"]
    assert any(e["action"] == "partner_invited" and e["detail"] == "Invited: Police (raised the concern)" for e in events)
    # Once the police have recorded the concerns, the case stays theirs to follow.
    [step] = raised.json["tasks"]
    assert police.post(f"/api/v1/tasks/{step['id']}/complete", {"data": DONE}).json["tasks"][0]["element_id"] == "review"
    assert police.statuses(raised.json["id"]) == {200}


def test_only_the_officers_who_manage_the_case_read_every_invitation(api, world, session):
    police, nhs, inspector = (Partner(api, session, slug) for slug in ("police_officer", "icb_nurse_assessor", "cqc_inspector"))
    case = _start(api)
    url = f"/api/v1/cases/{case['id']}/invitations"
    ids = {target: api.post(url, body).json["id"] for target, body in
           (("police", {"agency": "police"}), ("nhs", {"agency": "nhs"}), ("inspector", {"user_id": inspector.user.id}))}
    assert [i["id"] for i in api.get(url).json] == list(ids.values())
    assert [i["id"] for i in api.get(url, role=Role.HEAD_OF_SERVICE).json] == list(ids.values())
    # A partner reads its own agency's invitation, or its own by name: not who else shares the case.
    assert [i["id"] for i in police.get(url).json] == [ids["police"]]
    assert [i["id"] for i in nhs.get(url).json] == [ids["nhs"]]
    assert [i["id"] for i in inspector.get(url).json] == [ids["inspector"]]
    # The council's staff who do not manage cases read none.
    for role in (VIEWER, Role.LEGAL, Role.PROCESS_OWNER):
        listed = api.get(url, role=role)
        assert listed.status_code == 200 and listed.json == [], role


@pytest.mark.parametrize("role", [VIEWER, PARTNER, Role.LEGAL, Role.PROCESS_OWNER])
def test_only_the_officers_who_work_cases_invite_or_withdraw(api, world, role):
    case = _start(api)
    invitation = api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "police"}).json
    if role is PARTNER:  # a partner must see the case to be told no
        api.post(f"/api/v1/cases/{case['id']}/invitations", {"user_id": world.actor("alpha", PARTNER).user.id})
    refused = api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "nhs"}, role=role)
    assert refused.status_code == 403 and "officer who works the case" in refused.json["detail"]
    assert api.delete(f"/api/v1/cases/{case['id']}/invitations/{invitation['id']}", role=role).status_code == 403
    for officer in (Role.HEAD_OF_SERVICE, Role.CHAIR, Role.SAFEGUARDING_LEAD, Role.QUALITY_IMPROVEMENT):
        assert api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "regulator"}, role=officer).status_code in (201, 409)


def test_bad_invitations_say_what_to_name(api, world):
    case = _start(api)
    url = f"/api/v1/cases/{case['id']}/invitations"
    unknown = api.post(url, {"agency": "fire_service"})
    assert unknown.status_code == 422 and "nhs, police, regulator, neighbouring_council" in unknown.json["detail"]
    assert unknown.json["errors"][0]["field"] == "/agency"
    assert api.post(url, {"agency": "council"}).status_code == 422
    elsewhere = api.post(url, {"user_id": world.actor("beta", PARTNER).user.id})
    assert elsewhere.status_code == 422 and "not an active user of this council" in elsewhere.json["detail"]
    staff = api.post(url, {"user_id": world.actor("alpha", VIEWER).user.id})
    assert staff.status_code == 422 and "already see every case" in staff.json["detail"]
    assert api.post(url, {}).status_code == 422
    assert api.post(url, {"agency": "police", "user_id": world.actor("alpha", PARTNER).user.id}).status_code == 422
    assert api.post(url, {"agency": "police"}).status_code == 201
    assert api.post(url, {"agency": "police"}).status_code == 409
    # Another council's case is not there to invite anyone to.
    assert api.post(f"/api/v1/cases/{_start(api, 'beta')['id']}/invitations", {"agency": "police"}).status_code == 404


def test_each_invitation_and_withdrawal_is_in_the_audit_trail(api, world):
    case = _start(api)
    invitation = api.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "police"}).json
    api.delete(f"/api/v1/cases/{case['id']}/invitations/{invitation['id']}", role=Role.HEAD_OF_SERVICE)
    events = {e["action"]: e for e in api.get(f"/api/v1/cases/{case['id']}/events?page_size=100").json["items"]}
    invited, withdrawn = events["partner_invited"], events["partner_invitation_withdrawn"]
    assert invited["actor"] == "contract_officer@alpha.test" and invited["detail"] == "Invited: Police"
    assert invited["after"] == {"invitation_id": invitation["id"], "agency": "police", "user_id": None}
    assert withdrawn["actor"] == "head_of_service@alpha.test" and withdrawn["before"]["invitation_id"] == invitation["id"]
    entries = api.get(f"/api/v1/cases/{case['id']}/chronology").json["entries"]
    assert any(e["title"] == "A partner was invited to the case" for e in entries)


def test_an_uninvited_partner_cannot_learn_that_a_completed_step_existed(api, session):
    police = Partner(api, session, "police_officer")
    case = _start(api)
    task_id = case["tasks"][0]["id"]
    assert api.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}).status_code == 200
    # The council's staff are told it was done; the police, not invited, that there is no such step.
    assert api.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}).status_code == 409
    assert police.post(f"/api/v1/tasks/{task_id}/complete", {"data": {"score_a": 1, "score_b": 1}}).status_code == 404
