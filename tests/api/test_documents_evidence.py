"""Evidence on a case: files attached with size and type limits, kept in the file store (write
once), listed with who and when, downloadable only within the council."""

from __future__ import annotations

import io

import pytest

from api.documents.storage import LocalFolderStore, S3Store, StoredFileMissing, store_from_settings
from engine.roles import Role
from tests.support.world import open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%%EOF\n"


def _attach(http, case_id, *files, role=Role.CONTRACT_OFFICER, tenant="alpha", **form):
    data = {"files": [(io.BytesIO(content), name) for name, content in files], **form}
    return http.post(f"/api/v1/cases/{case_id}/documents", data=data, content_type="multipart/form-data", role=role,
                     tenant=tenant)


def test_files_attached_to_a_case_are_listed_with_who_and_when_and_download_as_sent(http, world):
    case = start(world, "simple_review")
    made = _attach(http, case.id, ("minutes 12 Nov.pdf", PDF), ("bruise.png", PNG))
    assert made.status_code == 201, made.json
    listed = http.get(f"/api/v1/cases/{case.id}/documents").json["items"]
    assert [(d["kind"], d["title"], d["created_by"]) for d in listed] == [
        ("evidence", "minutes 12 Nov.pdf", "contract_officer@alpha.test"), ("evidence", "bruise.png", "contract_officer@alpha.test")]
    assert listed[0]["created_at"].startswith("2026-11-24T09:00:00")
    photo = http.get(f"/api/v1/documents/{listed[1]['id']}/content")
    assert (photo.status_code, photo.data, photo.mimetype) == (200, PNG, "image/png")
    assert photo.headers["Content-Disposition"] == "attachment; filename=bruise.png"


def test_a_file_attached_at_a_step_says_which(http, world):
    case = start(world, "simple_review")
    task = open_tasks(world.session, case)[0]
    made = _attach(http, case.id, ("notes.txt", b"Visited at 10:00"), task_id=task.id)
    assert made.json["items"][0]["step_name"] == "Review the concern"
    assert _attach(http, case.id, ("notes.txt", b"x"), task_id="not-a-task").status_code == 404


@pytest.mark.parametrize("name, content, message", [
    ("run.exe", b"MZ\x90\x00", "the file run.exe is not a type of file that can be attached: use one of .csv, .doc, .docx"),
    ("report.pdf", b"<html><script>alert(1)</script></html>", "the file report.pdf is named as a PDF (.pdf) but its content is not one"),
    ("empty.pdf", b"", "the file empty.pdf is empty"),
])
def test_a_file_of_the_wrong_type_is_refused_naming_it_and_nothing_is_kept(http, world, name, content, message):
    case = start(world, "simple_review")
    refused = _attach(http, case.id, ("fine.pdf", PDF), (name, content))
    assert refused.status_code == 422
    assert message in refused.json["detail"]
    assert refused.json["errors"][0]["file"] == name
    assert http.get(f"/api/v1/cases/{case.id}/documents").json["items"] == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit(http, world, app):
    app.config["FILES_MAX_MB"] = 1
    case = start(world, "simple_review")
    refused = _attach(http, case.id, ("scan.pdf", PDF + b"0" * (1024 * 1024)))
    assert refused.status_code == 422 and "the largest file accepted is 1 MB" in refused.json["detail"]
    app.config["FILES_MAX_COUNT"] = 2
    whole = _attach(http, case.id, *[(f"s{i}.pdf", PDF + b"0" * 900_000) for i in range(4)])
    assert whole.status_code == 413 and "Up to 2 files at a time, each up to 1 MB" in whole.json["detail"]


def test_viewers_and_other_councils_cannot_attach_or_read(http, world):
    case = start(world, "simple_review")
    assert _attach(http, case.id, ("a.pdf", PDF), role=Role.VIEWER).status_code == 403
    made = _attach(http, case.id, ("a.pdf", PDF)).json["items"][0]
    assert http.get(f"/api/v1/documents/{made['id']}/content", role=Role.VIEWER).status_code == 200
    assert _attach(http, case.id, ("a.pdf", PDF), tenant="beta").status_code == 404
    assert http.get(f"/api/v1/documents/{made['id']}/content", tenant="beta").status_code == 404


def test_the_local_folder_store_writes_each_key_once(tmp_path):
    store = LocalFolderStore(tmp_path)
    store.put("reading/1/abc", b"first", "text/plain")
    with pytest.raises(FileExistsError):
        store.put("reading/1/abc", b"second", "text/plain")
    assert store.get("reading/1/abc") == b"first"
    with pytest.raises(StoredFileMissing):
        store.get("reading/1/none")
    with pytest.raises(ValueError, match="leaves the files folder"):
        store.put("../outside", b"x", "text/plain")


def test_settings_choose_the_store(tmp_path):
    assert isinstance(store_from_settings({"INSTANCE_DIR": str(tmp_path)}), LocalFolderStore)
    s3 = store_from_settings({"FILES_STORE": "s3", "FILES_S3_BUCKET": "council-files", "FILES_S3_PREFIX": "concerns",
                              "FILES_S3_REGION": "eu-west-2", "INSTANCE_DIR": str(tmp_path)})
    assert isinstance(s3, S3Store) and (s3.bucket, s3._key("a/b")) == ("council-files", "concerns/a/b")
    with pytest.raises(RuntimeError, match="needs CONCERNS_FILES_S3_BUCKET"):
        store_from_settings({"FILES_STORE": "s3", "INSTANCE_DIR": str(tmp_path)})


def test_the_coordination_group_attaches_evidence_though_it_reads_as_a_viewer(councils, tmp_path):
    from api.actors import Actor
    from api.documents.service import attach_evidence
    from api.documents.uploads import Upload
    from api.users.service import add_user

    group = add_user(councils.session, email="coordination.group@swansea.test", tenant_slug="swansea",
                     roles=["ec_coordination_group"], actor=Actor.system("tests"))
    assert group.roles == frozenset({Role.VIEWER})  # it reads the council's cases as a viewer does
    case = start(councils, "escalating_concerns", tenant="swansea")
    [made] = attach_evidence(councils.session, tenant=councils.tenants["swansea"], actor=Actor.of(group), case_id=case.id,
                             uploads=[Upload("group minutes.pdf", PDF, "application/pdf")], store=LocalFolderStore(tmp_path))
    assert (made.title, made.created_by) == ("group minutes.pdf", "coordination.group@swansea.test")
