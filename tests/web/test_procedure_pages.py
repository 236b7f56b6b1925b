"""The procedures library and the process owners' pages, without JavaScript."""

from __future__ import annotations

import io
import json
import re

import pytest
from lxml import html

from engine.roles import Role
from tests.support.web import web_user
from tests.support.world import start

OWNER = Role.PROCESS_OWNER
KEY = "escalating_concerns"


@pytest.fixture
def owner(app, councils, session):
    return web_user(app, session, "bridgend", OWNER)


def _doc(response):
    return html.fromstring(response.get_data(as_text=True))


def _text(response) -> str:
    return " ".join(_doc(response).text_content().split())


def test_the_library_lists_every_procedure_with_where_it_comes_from(app, councils, session):
    officer = web_user(app, session, "bridgend", Role.CONTRACT_OFFICER)
    page = officer.get("/procedures")
    assert page.status_code == 200
    rows = {r.xpath("string(td[1]//a)").strip(): " ".join(r.text_content().split()) for r in _doc(page).xpath("//tbody/tr")}
    assert "Regional (Wales)" in rows["Escalating Concerns (Western Bay)"]
    assert rows["Escalating Concerns (Western Bay)"].endswith(" 0")
    assert any("Shared by all councils" in text for text in rows.values())
    assert "Open in the modeller" not in _text(officer.get(f"/procedures/{KEY}"))
    assert officer.post(f"/procedures/{KEY}/variant", data={"note": "mine"}).status_code == 403


def test_a_version_shows_its_diagram_and_previews_its_forms(owner):
    procedure = _doc(owner.get("/procedures/ec_stage_4_ending"))  # the stage holding the senior officer's decision
    view = procedure.xpath("//a[normalize-space()='View the diagram and forms']/@href")[0]
    page = owner.get(view)
    assert page.status_code == 200
    doc = _doc(page)
    assert doc.xpath("//*[@id='version-diagram']/@data-source")[0].endswith("/xml")
    summaries = [" ".join(s.text_content().split()) for s in doc.xpath("//details//summary")]
    assert any(s.startswith("Ending Escalating Concerns") for s in summaries)
    assert doc.xpath("//details//input[@name='senior_officer_name'] | //details//*[@name='senior_officer_name']")
    # a preview is for reading: conditional questions show, and no script is attached to the radios
    assert not doc.xpath("//details//*[contains(@class, 'conditional--hidden')] | //details//*[@data-module='govuk-radios']")
    assert doc.xpath("//details//*[@name='ended_on-day']")


def test_making_and_dropping_a_local_variant_from_the_procedure_page(owner):
    refused = owner.post(f"/procedures/{KEY}/variant", data={"note": ""})
    assert refused.status_code == 400 and "Enter a short note" in _text(refused)
    made = owner.post(f"/procedures/{KEY}/variant", data={"note": "Bridgend's notice period"}, follow_redirects=True)
    assert "now has its own version" in _text(made)
    assert "Local variant of wales version 1" in _text(owner.get("/procedures"))
    dropped = owner.post(f"/procedures/{KEY}/variant/drop", data={"note": "back to the region"}, follow_redirects=True)
    assert "New cases use the wales version 1 again" in _text(dropped)
    assert "local variant dropped" in _text(dropped)
    history = [" ".join(r.text_content().split()) for r in _doc(dropped).xpath("//table[@id='procedure-changes']/tbody/tr")]
    assert "web.process_owner@bridgend.test" in history[0] and "dropped; back to wales version 1: back to the region" in history[0]
    assert "local variant made from wales version 1: Bridgend's notice period" in history[1]


def test_the_deploy_page_shows_the_check_changes_and_running_cases_and_needs_a_note(owner, councils):
    start(councils, KEY, tenant="bridgend")
    opened = owner.post(f"/procedures/{KEY}/drafts")
    assert opened.status_code == 302
    draft_page = opened.headers["Location"]
    draft_id = int(draft_page.rstrip("/").rsplit("/", 1)[-1])
    modeller = _doc(owner.get(draft_page))
    assert modeller.xpath("//*[@id='modeller']/@data-config")
    page = owner.get(f"/procedures/drafts/{draft_id}/deploy")
    assert "Passed" in _text(page) and "No changes." in _text(page) and "1 running case stays" in _text(page)
    no_note = owner.post(f"/procedures/drafts/{draft_id}/deploy", data={"note": ""})
    assert no_note.status_code == 422 and "what changed and why" in _text(no_note)
    same = owner.post(f"/procedures/drafts/{draft_id}/deploy", data={"note": "no change at all"})
    assert same.status_code == 409 and "same as the version" in _text(same)


def test_an_upload_opens_as_a_draft_and_bad_uploads_are_refused_with_the_reason(owner, councils):
    xml = owner.get(f"/api/v1/process-definitions/{KEY}/xml").get_data()
    uploaded = owner.post(f"/procedures/{KEY}/upload", data={"file": (io.BytesIO(xml), "ec.bpmn")},
                          content_type="multipart/form-data")
    assert uploaded.status_code == 302 and "/procedures/drafts/" in uploaded.headers["Location"]
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    for content, name, words in [
        (xxe, "evil.bpmn", "DTD"),
        (b"<bpmn:definitions", "broken.bpmn", "not well-formed"),
        (xml.replace(f'id="{KEY}"'.encode(), b'id="other"'), "renamed.bpmn", "cannot change"),
    ]:
        refused = owner.post(f"/procedures/{KEY}/upload", data={"file": (io.BytesIO(content), name)},
                             content_type="multipart/form-data")
        assert refused.status_code == 422, name
        assert words in _text(refused) and name in _text(refused)
    huge = owner.post(f"/procedures/{KEY}/upload", data={"file": (io.BytesIO(b"<a>" + b" " * (12 * 1024 * 1024) + b"</a>"), "huge.bpmn")},
                      content_type="multipart/form-data")
    assert huge.status_code == 413 and "the file is larger than 5 mb" in _text(huge).lower()


def test_another_councils_draft_is_not_found(app, owner, session, councils):
    draft_id = int(owner.post(f"/procedures/{KEY}/drafts").headers["Location"].rsplit("/", 1)[-1])
    swansea = web_user(app, session, "swansea", OWNER)
    for path in (f"/procedures/drafts/{draft_id}", f"/procedures/drafts/{draft_id}/compare",
                 f"/procedures/drafts/{draft_id}/deploy"):
        response = swansea.get(path)
        assert response.status_code == 404 and "was not found" in _text(response)


def test_a_procedure_page_shows_each_council_setting_it_reads_labelled_as_one(app, councils, session):
    officer = web_user(app, session, "stoke-on-trent", Role.CONTRACT_OFFICER)
    page = _doc(officer.get("/procedures/urgent_closure_plan"))
    rows = [[" ".join(c.itertext()).split() for c in r.xpath("td")] for r in page.xpath("//table[@id='council-settings']//tbody/tr")]
    assert len(rows) == 1
    setting, value, source = (" ".join(words) for words in rows[0])
    assert setting.startswith("Council setting Working days to contact the Social Care team")
    assert "urgent_closure_contact_working_days" in setting
    assert value == "1 working day Set by Stoke-on-Trent City Council"
    assert source.startswith("9.16")


SLUG_LANE = re.compile(r'<bpmn:lane\b[^>]*?\sname="([a-z][a-z0-9_]*)"')


def _labels(roles: list[dict]) -> dict[str, str]:
    return {r["value"]: r["label"] for r in roles}


def test_the_case_page_the_version_viewer_and_compare_are_given_the_councils_lane_labels(owner, councils):
    """The diagrams show a lane named by role slug by the council's label (frontend/common/readable.js),
    as the modeller does: each page is given the labels of every role a lane may name."""
    case = start(councils, KEY, tenant="bridgend")
    diagram = owner.get(f"/cases/{case.id}/diagram.json").json
    served = {"case page": _labels(diagram["roles"])}
    version = _doc(owner.get(f"/procedures/{KEY}"))
    page = _doc(owner.get(version.xpath("//a[normalize-space()='View the diagram and forms']/@href")[0]))
    served["version viewer"] = _labels(json.loads(page.xpath("//*[@id='version-diagram']/@data-roles")[0]))
    draft_id = int(owner.post(f"/procedures/{KEY}/drafts").headers["Location"].rsplit("/", 1)[-1])
    compare = _doc(owner.get(f"/procedures/drafts/{draft_id}/compare"))
    served["compare"] = _labels(json.loads(compare.xpath("//*[@id='compare']/@data-config")[0])["roles"])
    for where, labels in served.items():
        assert labels["contract_officer"] == "Contract officer", where
        assert labels["ciw_inspector"] == "CIW inspector" and labels["health_board_lead"] == "Health board lead", where
        # Every lane of the diagram still named by slug has its label.
        assert set(SLUG_LANE.findall(diagram["xml"])) <= labels.keys(), where


def _deploy_page_of(owner, key: str):
    opened = owner.post(f"/procedures/{key}/drafts")
    draft_id = int(opened.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    return _doc(owner.get(f"/procedures/drafts/{draft_id}/deploy"))


def test_the_deploy_page_warns_of_a_role_nobody_at_the_council_holds_naming_its_steps(owner, councils, session):
    from sqlalchemy import select

    from api.users.models import User, UserRole

    assert not _deploy_page_of(owner, KEY).cssselect("#unstaffed-roles")  # every role its steps need is held
    holders = session.scalars(select(User).join(UserRole).where(
        User.tenant_id == councils.tenants["bridgend"].id, UserRole.role == Role.CONTRACT_OFFICER.value)).all()
    for person in holders:
        person.active = False  # the council's contract officers have all left
    session.commit()
    warning = " ".join(_deploy_page_of(owner, KEY).cssselect("#unstaffed-roles")[0].text_content().split())
    assert f"Nobody at {councils.tenants['bridgend'].name} holds" in warning
    assert "Contract officer:" in warning and "would wait there" in warning
