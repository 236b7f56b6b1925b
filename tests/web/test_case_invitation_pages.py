"""Partners as users on the web (issue 23, item 4): a police officer sees a case in the case list,
the inbox, the dashboard and by its page only while the police are invited; the case page's
"Agencies invited" section invites and withdraws, for the officers who work the case."""

from __future__ import annotations

import re

import pytest
from lxml import html

from api.actors import Actor
from api.users.service import add_user
from engine.roles import Role
from tests.support.web import PASSWORD, WebUser, web_user

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


def _police(app, session) -> WebUser:
    add_user(session, email="constable@alpha.test", tenant_slug="alpha", roles=["police_officer"], password=PASSWORD,
             actor=Actor.system("tests"))
    user = WebUser(app.test_client())
    assert user.sign_in("constable@alpha.test").status_code == 302
    return user


def _case_links(user: WebUser) -> set[int]:
    page = user.get("/cases?status=all")
    assert page.status_code == 200
    return {int(m) for m in re.findall(r'href="/cases/(\d+)"', page.get_data(as_text=True))}


def _sees(user: WebUser, case_id: int) -> dict[str, object]:
    dashboard = html.fromstring(user.get("/dashboard").get_data(as_text=True))
    captions = [c.text_content().strip() for c in dashboard.cssselect("caption a") if "open case" in c.text_content()]
    inbox = user.get("/inbox?view=team").get_data(as_text=True)
    return {"listed": case_id in _case_links(user), "dashboard": captions[0] if captions else "no table of open cases", "inbox": f"/cases/{case_id}" in inbox,
            "page": user.get(f"/cases/{case_id}").status_code, "chronology": user.get(f"/cases/{case_id}/chronology").status_code}


def _invitations(officer: WebUser, case_id: int) -> list[str]:
    doc = html.fromstring(officer.get(f"/cases/{case_id}").get_data(as_text=True))
    section = doc.get_element_by_id("invitations")
    return [dt.text_content().strip() for dt in section.cssselect(".govuk-summary-list__key")]


def test_the_police_see_a_case_on_the_web_only_while_invited(app, http, world, session):
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    police, officer = _police(app, session), web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    hidden = {"listed": False, "dashboard": "no table of open cases", "inbox": False, "page": 404, "chronology": 404}
    assert _sees(police, case["id"]) == hidden
    assert _invitations(officer, case["id"]) == []

    invited = officer.post(f"/cases/{case['id']}/invitations", {"invitee": "agency:police"})
    assert invited.status_code == 302 and invited.headers["Location"].endswith(f"/cases/{case['id']}#invitations")
    assert _invitations(officer, case["id"]) == ["Police"]
    # Its open step is the contract officer's: the police read the case, their inbox stays empty.
    assert _sees(police, case["id"]) == {"listed": True, "dashboard": "1 open case", "inbox": False, "page": 200, "chronology": 200}

    [invitation] = http.get(f"/api/v1/cases/{case['id']}/invitations").json
    withdrawn = officer.post(f"/cases/{case['id']}/invitations/{invitation['id']}/withdraw")
    assert withdrawn.status_code == 302
    assert _invitations(officer, case["id"]) == [] and _sees(police, case["id"]) == hidden


def test_a_viewer_sees_every_case_but_not_who_is_invited_and_cannot_invite(app, http, world, session):
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    assert http.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "police"}).status_code == 201
    viewer = web_user(app, session, "alpha", Role.VIEWER)
    page = viewer.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Agencies invited" not in text and 'id="invitations"' not in text and 'name="invitee"' not in text
    assert viewer.post(f"/cases/{case['id']}/invitations", {"invitee": "agency:police"}).status_code == 403
    assert len(http.get(f"/api/v1/cases/{case['id']}/invitations").json) == 1


def test_an_invited_partner_reads_only_its_own_agencys_invitation_on_the_case_page(app, http, world, session):
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    police, officer = _police(app, session), web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    for invitee in ("agency:police", "agency:nhs", "agency:regulator"):
        assert officer.post(f"/cases/{case['id']}/invitations", {"invitee": invitee}).status_code == 302
    assert _invitations(officer, case["id"]) == ["Police", "NHS", "Regulator"]
    assert _invitations(police, case["id"]) == ["Police"]
    page = police.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'name="invitee"' not in page and "Withdraw" not in page


def test_a_bad_choice_is_explained_on_the_case_page(app, http, world, session):
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": world.providers["alpha"]}).json
    officer = web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    page = officer.post(f"/cases/{case['id']}/invitations", {"invitee": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Name either an agency" in page


def test_a_partner_who_completes_its_own_step_is_taken_back_to_its_inbox(app, world, session):
    from api.cases.service import start_case
    from api.definitions.service import deploy_compiled
    from tests.api.test_agency_lanes import DONE, _appendix_6_steps
    from tests.support.world import open_tasks

    deploy_compiled(session, processes=_appendix_6_steps(), actor=Actor.system("tests"))
    add_user(session, email="nurse@beta.test", tenant_slug="beta", roles=["health_board_nurse_assessor"], password=PASSWORD,
             actor=Actor.system("tests"))
    nurse = WebUser(app.test_client())
    assert nurse.sign_in("nurse@beta.test").status_code == 302
    case = start_case(session, tenant=world.tenants["beta"], actor=world.actor("beta", Role.CONTRACT_OFFICER),
                      process_key="appendix_6_steps", provider_id=world.providers["beta"], data={})
    [step] = open_tasks(session, case)
    assert nurse.get(f"/cases/{case.id}").status_code == 200 and f"/tasks/{step.id}" in nurse.get("/inbox?view=team").get_data(as_text=True)
    done = nurse.post(f"/tasks/{step.id}", DONE, follow_redirects=True)
    assert done.status_code == 200 and done.request.path == "/inbox"
    text = " ".join(html.fromstring(done.get_data(as_text=True)).text_content().split())
    assert "is complete" in text and "The case goes on with the council" in text
    assert nurse.get(f"/cases/{case.id}").status_code == 404
