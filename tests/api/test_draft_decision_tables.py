"""Editing a procedure's DMN decision table in the modeller (issue 25): the table is saved into the
draft the way the diagram is (PUT /api/v1/drafts/{id}), checked as `concerns validate` checks it
(a broken one is refused with file, line and element, and nothing of the save is stored), deployed
with the draft as a new version, and downloaded as the .dmn file."""

from __future__ import annotations

import io
import zipfile

import pytest

from api.definitions.models import ProcessDefinition
from engine.roles import Role
from tests.support.foreign import CORPUS

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

OWNER = Role.PROCESS_OWNER
KEY = "Process_bd2e724"
FILE = "business_rules.dmn"
TABLE = (CORPUS / "spiff_business_rule" / FILE).read_text()
EDITED = TABLE.replace('<text>"B"</text>', '<text>"C"</text>')


@pytest.fixture
def draft(http):
    """A draft of SpiffWorkflow's business rule example, deployed with its table through the REST API."""
    files = {"business_rule_task.bpmn": (CORPUS / "spiff_business_rule" / "business_rule_task.bpmn").read_bytes(),
             FILE: TABLE.encode()}
    deployed = http.client.post("/api/v1/process-definitions", content_type="multipart/form-data",
                                data={"files": [(io.BytesIO(c), n) for n, c in files.items()], "note": "scores as a table"},
                                headers=http.headers("alpha", OWNER))
    assert deployed.status_code == 201, deployed.json
    opened = http.post("/api/v1/drafts", json={"key": KEY}, tenant="alpha", role=OWNER)
    assert opened.status_code == 201, opened.json
    assert opened.json["decisions"] == {FILE: TABLE}
    return opened.json


def _save(http, draft, **body):
    return http.put(f"/api/v1/drafts/{draft['id']}", json={"lock_version": draft["lock_version"], **body},
                    tenant="alpha", role=OWNER)


def _stored(http, draft) -> dict:
    return http.get(f"/api/v1/drafts/{draft['id']}", tenant="alpha", role=OWNER).json


def test_an_edited_table_is_saved_in_the_draft_and_deployed_as_a_new_version(http, session, draft):
    saved = _save(http, draft, decisions={FILE: EDITED})
    assert saved.status_code == 200, saved.json
    assert saved.json["lock_version"] == draft["lock_version"] + 1
    assert _stored(http, draft)["decisions"] == {FILE: EDITED}
    changes = http.get(f"/api/v1/drafts/{draft['id']}/changes", tenant="alpha", role=OWNER).json["changes"]
    assert any("rule 2 now: when \"A\" it gives \"C\"" in str(c) for c in changes), changes
    deployed = http.post(f"/api/v1/drafts/{draft['id']}/deploy", json={"note": "A now gives C"}, tenant="alpha", role=OWNER)
    assert deployed.status_code == 201, deployed.json
    assert deployed.json["version"] == 2
    assert session.get(ProcessDefinition, deployed.json["id"]).specs["decisions"] == {FILE: EDITED}
    zipped = http.get(f"/api/v1/process-definitions/{KEY}/versions/{deployed.json['id']}/zip", tenant="alpha", role=OWNER)
    assert zipfile.ZipFile(io.BytesIO(zipped.data)).read(FILE).decode() == EDITED


@pytest.mark.parametrize("broken, line, element_id, words", [
    (TABLE.replace("</decisionTable>", ""), 36, None, "the file is not well-formed XML"),
    # SpiffWorkflow's DMN parser reads inputs, outputs and rules in a decision table, and nothing else.
    (TABLE.replace('<output id="output_1"', '<annotation id="note_1"><text>why</text></annotation><output id="output_1"'),
     10, "note_1", "the engine cannot read the table: Unknown type in decision table: 'annotation'"),
    (TABLE.replace('<text>"X"</text>', "<text>[1..5]</text>"),
     12, "UnaryTests_0etz9ah", "the rule's test '[1..5]' is not Python (FEEL?)"),
])
def test_a_broken_table_is_refused_where_it_is_broken_and_nothing_of_the_save_is_stored(http, draft, broken, line,
                                                                                         element_id, words):
    renamed = draft["bpmn"].replace('<bpmn:startEvent id="StartEvent_1"', '<bpmn:startEvent id="StartEvent_1" name="Begun"', 1)
    refused = _save(http, draft, bpmn=renamed, decisions={FILE: broken})
    assert refused.status_code == 422, refused.json
    problem = next(p for p in refused.json["errors"] if words in p["message"])
    assert (problem["file"], problem["line"], problem["element_id"]) == (FILE, line, element_id)
    stored = _stored(http, draft)
    assert (stored["decisions"], stored["bpmn"], stored["lock_version"]) == ({FILE: TABLE}, draft["bpmn"], draft["lock_version"])


def test_a_table_file_must_be_named_dmn(http, draft):
    refused = _save(http, draft, decisions={"../rules.xml": TABLE})
    assert refused.status_code == 422
    assert refused.json["errors"][0]["message"].startswith("a decision table file is named '<name>.dmn'")


def test_the_table_downloads_as_its_dmn_file_and_opens_in_the_editor_page(http, draft):
    download = http.get(f"/api/v1/drafts/{draft['id']}/decisions/{FILE}", tenant="alpha", role=OWNER)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f'attachment; filename="{FILE}"'
    assert download.get_data(as_text=True) == TABLE
    assert http.get(f"/api/v1/drafts/{draft['id']}/decisions/other.dmn", tenant="alpha", role=OWNER).status_code == 404
    headers = http.headers("alpha", OWNER)
    modeller = http.client.get(f"/procedures/drafts/{draft['id']}", headers=headers).get_data(as_text=True)
    assert f'href="/procedures/drafts/{draft["id"]}/decisions/{FILE}">Edit {FILE}</a>' in modeller
    page = http.client.get(f"/procedures/drafts/{draft['id']}/decisions/{FILE}", headers=headers)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="decision-editor"' in text and "build/decision-editor.js" in text
    assert http.client.get(f"/procedures/drafts/{draft['id']}/decisions/other.dmn", headers=headers).status_code == 404


def test_a_zip_upload_brings_its_edited_table_into_the_draft(http, draft):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{KEY}.bpmn", draft["bpmn"])
        archive.writestr(FILE, EDITED)
    uploaded = http.client.post(f"/procedures/{KEY}/upload", headers=http.headers("alpha", OWNER),
                                data={"file": (io.BytesIO(buffer.getvalue()), "rules.zip")}, content_type="multipart/form-data")
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    draft_id = int(uploaded.headers["Location"].rsplit("/", 1)[-1])
    assert http.get(f"/api/v1/drafts/{draft_id}", tenant="alpha", role=OWNER).json["decisions"] == {FILE: EDITED}


def test_a_version_page_shows_its_decision_tables_rule_by_rule(app, http, session, draft):
    from lxml import html

    from tests.support.web import web_user

    version_id = session.query(ProcessDefinition).filter_by(key=KEY).one().id
    page = web_user(app, session, "alpha", OWNER).get(f"/procedures/{KEY}/versions/{version_id}")
    assert page.status_code == 200
    doc = html.fromstring(page.get_data(as_text=True))
    [table] = doc.cssselect("table.app-decision-table")
    assert "decision_1 (business_rules.dmn; hit policy: unique)" in table.cssselect("caption")[0].text_content()
    assert [th.text_content() for th in table.cssselect("th")] == ["Rule", "When question", "Gives Answer"]
    rows = [[td.text_content().strip() for td in tr.cssselect("td")] for tr in table.cssselect("tbody tr")]
    assert rows == [["1", '"X"', '"Y"'], ["2", '"A"', '"B"'], ["3", "-", '"Something is wrog"']]
