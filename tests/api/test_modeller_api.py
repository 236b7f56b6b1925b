"""The process owners' modeller through the REST API: drafts, check, compare, deploy and
local variants, with Bridgend varying the Welsh Escalating Concerns procedure and its stages
(each stage is a process of its own, called by the procedure)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone

import pytest
from lxml import etree

from api.audit.models import AuditEvent
from engine.definitions import NS
from engine.roles import Role
from tests.processes.test_wales_escalating_concerns import to_stage_2b
from tests.processes.test_wales_steps import timers
from tests.support.http import api_users

KEY = "escalating_concerns"
STAGE_2B = "ec_stage_2b_actions"  # the provider notice and its deadline, timer 'provider_notice_overdue'
OWNER = Role.PROCESS_OWNER
DEC_30 = datetime(2026, 12, 30, 17, 0, tzinfo=timezone.utc)  # 2 Welsh working days after 24 Dec 2026
DEC_31 = datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc)  # 3 working days


@pytest.fixture
def owners(client, councils, session):
    return api_users(client, councils, session)


def edit(xml: str, element_id: str, change) -> str:
    root = etree.fromstring(xml.encode("utf-8"))
    change(root.find(f".//*[@id='{element_id}']"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def set_timer(expression):
    def change(event):
        event.find("bpmn:timerEventDefinition/bpmn:timeDate", NS).text = expression
    return change


def put(owners, draft, tenant="bridgend", **body):
    return owners.client.put(f"/api/v1/drafts/{draft['id']}", json={"lock_version": draft["lock_version"], **body},
                             headers=owners.headers(tenant, OWNER))


def open_variant_draft(owners, tenant="bridgend", key=KEY):
    made = owners.post(f"/api/v1/process-definitions/{key}/local-variant", json={"note": "Bridgend's own notice period"},
                       tenant=tenant, role=OWNER)
    assert made.status_code == 201, made.json
    assert made.json["folder"] == tenant and made.json["variant_of"]["folder"] == "wales"
    draft = owners.post("/api/v1/drafts", json={"key": key}, tenant=tenant, role=OWNER)
    assert draft.status_code == 201, draft.json
    return draft.json


@pytest.mark.clock("2026-12-24T09:00:00+00:00")
def test_bridgend_variant_gives_new_bridgend_cases_three_days_and_leaves_others_alone(councils, owners, session):
    before = to_stage_2b(councils, tenant="bridgend")
    draft = open_variant_draft(owners, key=STAGE_2B)
    bpmn = edit(draft["bpmn"], "provider_notice_overdue", set_timer("working_days_deadline(decision_date, 3, region)"))
    schema_file = "ec_contractual_action.schema.json"
    schema = json.loads(draft["forms"][schema_file])
    schema["properties"]["breaches"]["title"] = "Breaches of the contract notified to the provider"
    saved = put(owners, draft, bpmn=bpmn, forms={schema_file: json.dumps(schema, indent=2)})
    assert saved.status_code == 200, saved.json

    check = owners.post(f"/api/v1/drafts/{draft['id']}/check", tenant="bridgend", role=OWNER)
    assert check.json == {"ok": True, "problems": [], "defects": []}
    changes = owners.get(f"/api/v1/drafts/{draft['id']}/changes", tenant="bridgend", role=OWNER).json
    assert changes["against"]["folder"] == "wales"
    texts = [c["text"] for c in changes["changes"]]
    assert "timer 'Provider not notified within two working days' changed from 2 to 3 working days" in texts
    assert ("field 'Contractual breaches notified to the provider' in form 'Contractual action' renamed to "
            "'Breaches of the contract notified to the provider'") in texts
    assert len(texts) == 2

    deployed = owners.post(f"/api/v1/drafts/{draft['id']}/deploy", json={"note": "Three working days for the provider notice"},
                           tenant="bridgend", role=OWNER)
    assert deployed.status_code == 201, deployed.json
    assert deployed.json["folder"] == "bridgend" and deployed.json["version"] == 2

    assert timers(councils, to_stage_2b(councils, tenant="bridgend"))["provider_notice_overdue"].due_at == DEC_31
    assert timers(councils, to_stage_2b(councils, tenant="swansea"))["provider_notice_overdue"].due_at == DEC_30
    assert timers(councils, before)["provider_notice_overdue"].due_at == DEC_30

    actions = [e.action for e in session.query(AuditEvent).filter(AuditEvent.tenant_id == councils.tenants["bridgend"].id)
               .order_by(AuditEvent.id) if e.action in ("variant_made", "draft_saved", "definition_deployed")]
    assert actions == ["variant_made", "draft_saved", "draft_saved", "definition_deployed"]
    listed = {d["key"]: d for d in owners.get("/api/v1/process-definitions", tenant="bridgend").json}
    assert listed[STAGE_2B]["scope"] == "council" and listed[STAGE_2B]["origin"] == "modeller"
    assert listed[KEY]["scope"] == "wales"  # the regional procedure calls Bridgend's own Stage 2b


@pytest.mark.clock("2026-12-24T09:00:00+00:00")
def test_dropping_the_variant_returns_bridgend_to_the_welsh_version(councils, owners):
    draft = open_variant_draft(owners, key=STAGE_2B)
    bpmn = edit(draft["bpmn"], "provider_notice_overdue", set_timer("working_days_deadline(decision_date, 3, region)"))
    bpmn = bpmn.replace('name="Stage 2b: Escalating Concerns actions"', 'name="Stage 2b (Bridgend): actions"')
    put(owners, draft, bpmn=bpmn)
    owners.post(f"/api/v1/drafts/{draft['id']}/deploy", json={"note": "three days"}, tenant="bridgend", role=OWNER)
    on_variant = to_stage_2b(councils, tenant="bridgend")
    assert _names_as_resolved(councils, "bridgend")[STAGE_2B] == "Stage 2b (Bridgend): actions"

    dropped = owners.client.delete(f"/api/v1/process-definitions/{STAGE_2B}/local-variant?note=Back+to+the+regional+procedure",
                                   headers=owners.headers("bridgend", OWNER))
    assert dropped.status_code == 200, dropped.json
    assert dropped.json["folder"] == "wales"
    assert _names_as_resolved(councils, "bridgend")[STAGE_2B] == "Stage 2b: Escalating Concerns actions"
    assert timers(councils, to_stage_2b(councils, tenant="bridgend"))["provider_notice_overdue"].due_at == DEC_30
    assert timers(councils, on_variant)["provider_notice_overdue"].due_at == DEC_31
    again = owners.client.delete(f"/api/v1/process-definitions/{STAGE_2B}/local-variant?note=again",
                                 headers=owners.headers("bridgend", OWNER))
    assert again.status_code == 409 and "runs the wales version" in again.json["detail"]


def _names_as_resolved(councils, slug: str) -> dict[str, str]:
    """The procedure names task lists show, checked against the definitions the council resolves."""
    from api.definitions.service import latest_for_tenant, procedure_names

    tenant = councils.tenants[slug]
    names = procedure_names(councils.session, tenant=tenant)
    assert names == {d.key: d.name for d in latest_for_tenant(councils.session, tenant=tenant)}
    return names


def test_a_variant_needs_a_note_and_cannot_be_made_twice(owners):
    assert owners.post(f"/api/v1/process-definitions/{KEY}/local-variant", json={"note": ""}, tenant="bridgend",
                       role=OWNER).status_code == 422
    open_variant_draft(owners)
    twice = owners.post(f"/api/v1/process-definitions/{KEY}/local-variant", json={"note": "again"}, tenant="bridgend", role=OWNER)
    assert twice.status_code == 409 and "already" in twice.json["detail"]


def test_only_the_councils_process_owners_change_its_procedures(owners):
    refused = owners.post(f"/api/v1/process-definitions/{KEY}/local-variant", json={"note": "x y z"}, tenant="bridgend",
                          role=Role.CONTRACT_OFFICER)
    assert refused.status_code == 403
    assert owners.post("/api/v1/drafts", json={"key": KEY}, tenant="bridgend", role=Role.CHAIR).status_code == 403
    draft = open_variant_draft(owners)
    for path in (f"/api/v1/drafts/{draft['id']}", f"/api/v1/drafts/{draft['id']}/xml", f"/api/v1/drafts/{draft['id']}/changes"):
        assert owners.get(path, tenant="swansea", role=OWNER).status_code == 404
    assert put(owners, draft, tenant="swansea", bpmn=draft["bpmn"]).status_code == 404
    assert owners.post(f"/api/v1/drafts/{draft['id']}/deploy", json={"note": "sneaky"}, tenant="swansea",
                       role=OWNER).status_code == 404
    bridgend_version = owners.get(f"/api/v1/process-definitions/{KEY}", tenant="bridgend").json["versions"][0]
    assert owners.get(f"/api/v1/process-definitions/{KEY}/versions/{bridgend_version['id']}/xml",
                      tenant="swansea").status_code == 404


def test_a_stale_save_is_refused_and_nothing_is_lost(owners):
    draft = open_variant_draft(owners, key=STAGE_2B)
    first = put(owners, draft, bpmn=draft["bpmn"].replace("Provider not notified within two working days", "Notice late"))
    assert first.status_code == 200
    stale = put(owners, draft, bpmn=draft["bpmn"])
    assert stale.status_code == 409 and "reload" in stale.json["detail"]
    assert "Notice late" in owners.get(f"/api/v1/drafts/{draft['id']}", tenant="bridgend", role=OWNER).json["bpmn"]


def _lane_removed(task):
    root = task.getroottree().getroot()
    for ref in root.iterfind(".//bpmn:flowNodeRef", NS):
        if ref.text == task.get("id"):
            ref.getparent().remove(ref)


def _script(code):
    def change(task):
        task.find("bpmn:script", NS).text = code
    return change


def _calls(process_id):
    def change(call):
        call.set("calledElement", process_id)
    return change


@pytest.mark.parametrize("key, element_id, change, words", [
    ("ec_stage_2_risk_assessment", "coordination_group_decision", _lane_removed, "lane"),
    (STAGE_2B, "provider_notice_overdue", set_timer("working_days_deadline(decision_date, 3, region"), "timer"),
    ("ec_stage_1_concerns", "initial_contract_management_meeting", _calls("no_such_process"), "no_such_process"),
])
def test_broken_edits_are_reported_against_their_element_and_not_deployed(owners, key, element_id, change, words):
    draft = open_variant_draft(owners, key=key)
    saved = put(owners, draft, bpmn=edit(draft["bpmn"], element_id, change)).json
    problems = owners.post(f"/api/v1/drafts/{draft['id']}/check", tenant="bridgend", role=OWNER).json["problems"]
    assert [p["element_id"] for p in problems] == [element_id], problems
    assert words in problems[0]["message"]
    refused = owners.post(f"/api/v1/drafts/{saved['id']}/deploy", json={"note": "broken"}, tenant="bridgend", role=OWNER)
    assert refused.status_code == 422 and refused.json["errors"][0]["element_id"] == element_id


def test_a_script_that_imports_a_module_is_reported_on_its_task(owners):
    draft = open_variant_draft(owners, key="ec_stage_1_concerns")
    root = etree.fromstring(draft["bpmn"].encode())
    script_task = root.find(".//bpmn:scriptTask", NS)
    bpmn = edit(draft["bpmn"], script_task.get("id"), _script("import os\nos.system('rm -rf /')"))
    put(owners, draft, bpmn=bpmn)
    problems = owners.post(f"/api/v1/drafts/{draft['id']}/check", tenant="bridgend", role=OWNER).json["problems"]
    assert problems[0]["element_id"] == script_task.get("id") and "import" in problems[0]["message"]


def test_a_form_field_with_no_label_is_reported(owners):
    draft = open_variant_draft(owners, key="ec_stage_4_ending")
    schema_file = "ec_senior_officer_decision.schema.json"
    schema = json.loads(draft["forms"][schema_file])
    del schema["properties"]["senior_officer_name"]["title"]
    put(owners, draft, forms={schema_file: json.dumps(schema)})
    problems = owners.post(f"/api/v1/drafts/{draft['id']}/check", tenant="bridgend", role=OWNER).json["problems"]
    assert len(problems) == 1 and "'senior_officer_name' has no label" in problems[0]["message"]
    assert problems[0]["element_id"]


@pytest.mark.parametrize("bpmn, words", [
    ("<bpmn:definitions", "not well-formed"),
    ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>', "DTD"),
    ("<x/>", "not a BPMN 2.0 diagram"),
])
def test_malformed_or_unsafe_diagrams_are_not_saved(owners, bpmn, words):
    draft = open_variant_draft(owners)
    refused = put(owners, draft, bpmn=bpmn)
    assert refused.status_code == 422
    assert words.lower() in json.dumps(refused.json).lower(), refused.json
    assert owners.get(f"/api/v1/drafts/{draft['id']}", tenant="bridgend", role=OWNER).json["bpmn"] == draft["bpmn"]


def test_a_changed_process_id_or_invalid_form_json_is_not_saved(owners):
    draft = open_variant_draft(owners)
    renamed = put(owners, draft, bpmn=draft["bpmn"].replace(f'id="{KEY}"', 'id="something_else"'))
    assert renamed.status_code == 422 and "cannot change" in renamed.json["detail"] + json.dumps(renamed.json)
    broken = put(owners, draft, forms={"ec_arrangements.schema.json": '{\n  "title": "x",\n  oops\n}'})
    assert broken.status_code == 422
    assert broken.json["errors"][0]["line"] == 3


def test_a_version_downloads_as_a_zip_with_its_forms_and_uploads_back(owners):
    versions = owners.get(f"/api/v1/process-definitions/{KEY}", tenant="bridgend").json["versions"]
    zipped = owners.get(f"/api/v1/process-definitions/{KEY}/versions/{versions[0]['id']}/zip", tenant="bridgend")
    assert zipped.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(zipped.data)).namelist()
    assert f"{KEY}.bpmn" in names and "forms/ec_arrangements.schema.json" in names

    from api.drafts.service import read_upload
    bpmn, forms = read_upload("ec.zip", zipped.data)
    assert f'id="{KEY}"' in bpmn and "ec_arrangements.schema.json" in forms
    with pytest.raises(Exception, match="damaged"):
        read_upload("ec.zip", b"PK\x03\x04 not really")
    with pytest.raises(Exception, match="larger than"):
        read_upload("big.bpmn", b"<a>" + b" " * (6 * 1024 * 1024) + b"</a>")
    with pytest.raises(Exception, match="upload a .bpmn"):
        read_upload("notes.txt", b"hello")


def test_sandbox_runs_scripts_conditions_and_timers_like_a_case(owners):
    run = lambda **body: owners.post("/api/v1/sandbox/run", json=body, tenant="bridgend", role=OWNER).json  # noqa: E731
    timer = run(kind="timer", code="working_days_deadline(decision_date, 2, region)", data={"decision_date": "2026-12-24"})
    assert timer["ok"] and timer["result"] == "2026-12-30T17:00:00+00:00"
    assert timer["explanation"] == "2 working days after 24 Dec 2026 (Wales bank holidays)"
    script = run(kind="script", code="band = 'red' if impact * engagement >= 12 else 'amber'", data={"impact": 4, "engagement": 4})
    assert script["ok"] and script["data"]["band"] == "red" and script["changed"] == ["band"]
    refused = run(kind="script", code="x = 1\nimport os", data={})
    assert not refused["ok"] and refused["line"] == 2 and "import" in refused["error"]
    assert run(kind="condition", code="risk > 3", data={"risk": 5})["result"] is True
    assert owners.post("/api/v1/sandbox/run", json={"kind": "script", "code": "x = 1"}, tenant="bridgend",
                       role=Role.VIEWER).status_code == 403


def test_form_preview_renders_govuk_fields_or_says_which_line_is_wrong(owners):
    schema = {"title": "Notice", "type": "object", "properties": {"sent_on": {"type": "string", "format": "date", "title": "Date sent"}}}
    shown = owners.post("/api/v1/forms/preview", json={"schema": json.dumps(schema), "ui_schema": "{}"}, tenant="bridgend", role=OWNER).json
    assert shown["problems"] == [] and "Date sent" in shown["html"] and "govuk-date-input" in shown["html"]
    bad_json = owners.post("/api/v1/forms/preview", json={"schema": '{\n "title": "x",\n}', "ui_schema": "{}"},
                           tenant="bridgend", role=OWNER).json
    assert bad_json["problems"][0]["line"] == 3 and bad_json["html"] == ""
    bad_schema = json.dumps({"title": "x", "type": "object", "properties": {"a": {"type": "colour", "title": "A"}}}, indent=2)
    wrong = owners.post("/api/v1/forms/preview", json={"schema": bad_schema, "ui_schema": "{}"}, tenant="bridgend", role=OWNER).json
    assert "not a valid JSON Schema at properties/a/type" in wrong["problems"][0]["message"]
    assert wrong["problems"][0]["line"] == 6  # the line of "type": "colour"


def test_a_new_form_can_be_added_to_a_draft(owners):
    draft = open_variant_draft(owners)
    added = owners.post(f"/api/v1/drafts/{draft['id']}/forms", json={"name": "provider_visit"}, tenant="bridgend", role=OWNER)
    assert added.status_code == 201 and added.json["schema"] == "provider_visit.schema.json"
    again = owners.post(f"/api/v1/drafts/{draft['id']}/forms", json={"name": "provider_visit"}, tenant="bridgend", role=OWNER)
    assert again.status_code == 409
    bad = owners.post(f"/api/v1/drafts/{draft['id']}/forms", json={"name": "Provider Visit"}, tenant="bridgend", role=OWNER)
    assert bad.status_code == 422


def test_concerns_deploy_never_replaces_a_modeller_made_version(councils, owners, runner, session, app, tmp_path):
    import shutil
    from api.config import ROOT
    from api.definitions.models import ProcessDefinition

    made = owners.post("/api/v1/process-definitions/lancashire_radar/local-variant", json={"note": "n/a"},
                       tenant="lancashire", role=OWNER)
    assert made.status_code == 409  # Lancashire's procedures are already its own
    draft = owners.post("/api/v1/drafts", json={"key": "lancashire_radar"}, tenant="lancashire", role=OWNER).json
    put(owners, draft, tenant="lancashire", bpmn=draft["bpmn"].replace('name="Radar (Lancashire multi-agency)"',
                                                                         'name="Radar (Lancashire)"'))
    deployed = owners.post(f"/api/v1/drafts/{draft['id']}/deploy", json={"note": "local wording"}, tenant="lancashire", role=OWNER)
    assert deployed.status_code == 201, deployed.json

    # The files change too (someone edits the repository copy), and the operator runs `concerns deploy`.
    processes = tmp_path / "processes"
    shutil.copytree(ROOT / "processes", processes)
    shutil.copytree(ROOT / "documents", tmp_path / "documents")  # the letters the diagrams name sit beside them
    radar = processes / "lancashire" / "lancashire_radar.bpmn"
    radar.write_text(radar.read_text() + "<!-- edited in the repository -->\n")
    app.config.update(PROCESSES_DIR=str(processes), FORMS_DIR=str(ROOT / "forms"))
    result = runner.invoke(args=["deploy", "--note", "from the files"])
    assert result.exit_code == 0, result.output
    assert "kept lancashire/lancashire_radar: its latest version was made in the modeller" in result.output
    latest = session.query(ProcessDefinition).filter_by(folder="lancashire", key="lancashire_radar").order_by(
        ProcessDefinition.version.desc()).first()
    assert latest.id == deployed.json["id"] and latest.origin == "modeller"


def test_a_diagram_saved_by_camunda_modeler_uploads_as_a_draft_and_passes_its_check(owners, client):
    xml = owners.get(f"/api/v1/process-definitions/{STAGE_2B}/xml", tenant="bridgend").get_data(as_text=True)
    camunda = xml.replace(
        'xmlns:spiffworkflow=', 'xmlns:modeler="http://camunda.org/schema/modeler/1.0" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" modeler:executionPlatform="Camunda Platform" '
        'modeler:executionPlatformVersion="7.20.0" xmlns:spiffworkflow=', 1,
    ).replace('exporter="provider-concerns bpmn_builder"', 'exporter="Camunda Modeler"').replace(
        '<bpmn:callActivity id="notify_provider" name="Notify the provider (responsible individual and home manager)" calledElement="notify_party">',
        '<bpmn:callActivity id="notify_provider" name="Notify the provider (responsible individual and home manager)" '
        'calledElement="notify_party" camunda:asyncBefore="true">', 1)
    uploaded = owners.client.post(f"/procedures/{STAGE_2B}/upload", headers=owners.headers("bridgend", OWNER),
                                  data={"file": (io.BytesIO(camunda.encode()), f"{STAGE_2B}.bpmn")},
                                  content_type="multipart/form-data")
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    draft_id = int(uploaded.headers["Location"].rsplit("/", 1)[-1])
    check = owners.post(f"/api/v1/drafts/{draft_id}/check", tenant="bridgend", role=OWNER).json
    assert check == {"ok": True, "problems": [], "defects": []}
    assert 'camunda:asyncBefore="true"' in owners.get(f"/api/v1/drafts/{draft_id}", tenant="bridgend", role=OWNER).json["bpmn"]
