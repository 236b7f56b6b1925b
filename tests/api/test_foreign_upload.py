"""Every BPMN MIWG reference file deployed through the REST API: a 422 listing every problem, each
located (file, line, element), never a 500 (issue 25). Their verdicts are in
tests/engine/test_foreign_corpus_miwg.py; C.9.1, once imported, deploys."""

from __future__ import annotations

import io

import pytest

from engine.importing import mechanical_fixes
from engine.roles import Role
from tests.support.foreign import CORPUS, MIWG_FILES

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

OWNER = Role.PROCESS_OWNER


def _deploy(http, files: dict[str, bytes]):
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()], "note": "the MIWG reference file"}
    return http.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                            headers=http.headers("alpha", OWNER))


@pytest.mark.parametrize("name", MIWG_FILES)
def test_each_miwg_file_gets_a_located_422(http, name):
    path = CORPUS / f"miwg_{name.replace('.', '_')}" / f"{name}.bpmn"
    refused = _deploy(http, {path.name: path.read_bytes()})
    assert refused.status_code == 422, refused.get_data(as_text=True)[:500]
    errors = refused.json["errors"]
    assert errors and all(e["file"] == path.name and e["line"] and e["element_id"] and e["message"] for e in errors), errors
    assert not any("<Element " in e["message"] or "cannot read this" in e["message"] for e in errors)


def test_c_9_1_deploys_once_imported(http):
    path = CORPUS / "miwg_C_9_1" / "C.9.1.bpmn"
    imported = mechanical_fixes(path.read_bytes(), lane_role=Role.CONTRACT_OFFICER, forms={})
    deployed = _deploy(http, {path.name: imported.bpmn, **{n: t.encode() for n, t in imported.forms.items()}})
    assert deployed.status_code == 201, deployed.json
