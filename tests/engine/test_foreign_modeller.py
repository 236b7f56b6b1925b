"""A SpiffArena procedure (dynamic choices, forms named form1.json) deployed through the REST API stays
editable in the modeller: opened as a draft, edited, checked and deployed again (issue 25)."""

from __future__ import annotations

import io

import pytest

from engine.importing import mechanical_fixes
from engine.roles import Role
from tests.support.foreign import CORPUS

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

OWNER = Role.PROCESS_OWNER


def _imported(case: str) -> dict[str, bytes]:
    folder = CORPUS / case
    forms = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.json"))}
    [diagram] = sorted(folder.glob("*.bpmn"))
    imported = mechanical_fixes(diagram.read_bytes(), lane_role=Role.CONTRACT_OFFICER, forms=forms)
    return {diagram.name: imported.bpmn, **{name: text.encode() for name, text in imported.forms.items()}}


def _deploy(http, files: dict[str, bytes]):
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()], "note": "brought in from SpiffArena"}
    return http.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                            headers=http.headers("alpha", OWNER))


@pytest.mark.parametrize("case, key", [("arena_form_naming", "test_form"), ("arena_dynamic_enums", "Proccess_0e253c6")])
def test_deployed_by_rest_then_edited_checked_and_deployed_in_the_modeller(http, case, key):
    deployed = _deploy(http, _imported(case))
    assert deployed.status_code == 201, deployed.json
    draft = http.post("/api/v1/drafts", json={"key": key}, tenant="alpha", role=OWNER)
    assert draft.status_code == 201, draft.json
    edited = draft.json["bpmn"].replace('<bpmn:startEvent id="StartEvent_1"', '<bpmn:startEvent id="StartEvent_1" name="Begun"', 1)
    saved = http.client.put(f"/api/v1/drafts/{draft.json['id']}", headers=http.headers("alpha", OWNER),
                            json={"lock_version": draft.json["lock_version"], "bpmn": edited, "forms": draft.json["forms"]})
    assert saved.status_code == 200, saved.json
    check = http.post(f"/api/v1/drafts/{draft.json['id']}/check", tenant="alpha", role=OWNER)
    assert check.json["problems"] == []
    again = http.post(f"/api/v1/drafts/{draft.json['id']}/deploy", json={"note": "renamed"}, tenant="alpha", role=OWNER)
    assert again.status_code == 201, again.json


def test_a_form_name_the_modeller_would_refuse_is_refused_by_the_rest_deploy_too(http):
    files = _imported("arena_dynamic_enums")
    files["colours*.json"] = files["color_question.json"]
    refused = _deploy(http, files)
    assert refused.status_code == 422
    assert any("a form file is named '<name>.json'" in e["message"] for e in refused.json["errors"])


def test_the_modellers_upload_makes_the_mechanical_fixes_over_a_procedure_and_its_check_passes(http):
    assert _deploy(http, _imported("arena_dynamic_enums")).status_code == 201
    original = (CORPUS / "arena_dynamic_enums" / "dynamic_enums_ask_for_color.bpmn").read_bytes()
    uploaded = http.client.post("/procedures/Proccess_0e253c6/upload", headers=http.headers("alpha", OWNER),
                                data={"file": (io.BytesIO(original), "dynamic_enums_ask_for_color.bpmn"), "fix": "yes",
                                      "lane_role": "contract_officer"}, content_type="multipart/form-data")
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    draft_id = int(uploaded.headers["Location"].rsplit("/", 1)[-1])
    draft = http.get(f"/api/v1/drafts/{draft_id}", tenant="alpha", role=OWNER).json
    assert 'name="Contract officer"' in draft["bpmn"]
    assert http.post(f"/api/v1/drafts/{draft_id}/check", tenant="alpha", role=OWNER).json["problems"] == []


def test_the_procedure_page_offers_the_fixes_and_the_role_for_unassigned_tasks(http):
    assert _deploy(http, _imported("arena_dynamic_enums")).status_code == 201
    page = http.client.get("/procedures/Proccess_0e253c6", headers=http.headers("alpha", OWNER)).get_data(as_text=True)
    assert "make the fixes a machine can make" in page
    assert "Put user tasks that are in no lane into the lane of" in page and ">Contract officer</option>" in page
