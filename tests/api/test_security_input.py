"""Issue 16, item 8: input that cannot be stored is a 4xx saying what, never a 500: NUL
characters, lone surrogates, NaN, huge integers, deep JSON, ids past the column's range, forged
zips; and a free-text answer has a documented limit (api/input_limits.py, SECURITY.md)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from api.drafts.service import read_upload
from api.errors import ServiceError
from api.input_limits import MAX_TEXT_CHARS
from engine.roles import Role
from tests.support.web import PASSWORD, web_user
from tests.support.world import open_tasks, start

PROVIDER = {"kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-555", "beds": 3}


def _raw(http, method, path, body: bytes, role=Role.ADMIN):
    headers = {**http.headers("alpha", role), "Content-Type": "application/json"}
    return http.client.open(path, method=method, data=body, headers=headers)


@pytest.mark.parametrize("body", [
    b'{"name": "Rose\\u0000wood", ' + b'"kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-5"}',
    b'{"name": "Rose\\ud800wood", "kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-5"}',
    b'{"name": "Rose\\u0001wood", "kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-5"}',
    b'{"name": "Rosewood", "kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-5", "beds": NaN}',
    b'{"name": "Rosewood", "kind": "care_home_residential", "regulator": "CQC", "regulator_id": "1-5", "beds": '
    + b"9" * 5000 + b"}",
    b'{"name": "Rosewood", "address": ' + b"[" * 900 + b"]" * 900 + b"}",
], ids=["nul", "lone-surrogate", "control-character", "nan", "5000-digits", "900-deep"])
def test_unstorable_json_is_a_400_saying_what(http, world, body):
    response = _raw(http, "POST", "/api/v1/providers", body)
    assert response.status_code == 400 and response.json["detail"]


def test_a_nul_in_answers_drafts_reasons_queries_and_paths_is_a_4xx(http, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    officer = Role.CONTRACT_OFFICER
    assert _raw(http, "POST", f"/api/v1/tasks/{task.id}/complete", b'{"data": {"score_a": 1, "score_b": 1, '
                b'"notes": "a\\u0000b"}}', role=officer).status_code == 400
    assert _raw(http, "PUT", f"/api/v1/tasks/{task.id}/draft", b'{"data": {"notes": "a\\u0000"}}', role=officer).status_code == 400
    assert _raw(http, "POST", f"/api/v1/cases/{case.id}/terminate", b'{"reason": "\\u0000"}',
                role=Role.HEAD_OF_SERVICE).status_code == 400
    assert http.get("/api/v1/providers?q=a%00b").status_code == 400
    assert http.get(f"/api/v1/tasks/{task.id}%00").status_code in (400, 404)


def test_a_nul_in_the_sign_in_email_is_a_400(app, world, session):
    user = web_user(app, session, "alpha", Role.VIEWER)
    user.client.get("/sign-out")
    page = user.client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = user.client.post("/sign-in", data={"csrf_token": token, "email": "a\x00@alpha.test", "password": PASSWORD})
    assert response.status_code == 400


def test_ids_past_the_columns_range_are_4xx(http, world):
    too_big = 2**40
    response = http.post("/api/v1/drafts", {"key": "simple_review", "definition_id": too_big}, role=Role.PROCESS_OWNER)
    assert response.status_code == 422
    client = web_user(http.client.application, world.session, "alpha", Role.PROCESS_OWNER)
    for path in (f"/procedures/drafts/{too_big}", f"/procedures/drafts/{too_big}/compare",
                 f"/procedures/drafts/{too_big}/forms/review", f"/procedures/simple_review/versions/{too_big}",
                 f"/procedures/drafts/{too_big}/deploy"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/procedures/drafts/{too_big}/discard").status_code == 404


def test_a_free_text_answer_has_a_limit(http, world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    huge = {"data": {"score_a": 1, "score_b": 1, "notes": "x" * (3 * 1024 * 1024)}}
    response = http.post(f"/api/v1/tasks/{task.id}/complete", huge)
    assert response.status_code == 422 and f"{MAX_TEXT_CHARS:,}" in response.json["detail"]
    assert http.post(f"/api/v1/tasks/{task.id}/complete", {"data": {"score_a": 1, "score_b": 1,
                                                                     "notes": "x" * MAX_TEXT_CHARS}}).status_code == 200


def _zip(mutate) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("processes/alpha/simple_review.bpmn", "<x/>" * 5000)
    return mutate(bytearray(buffer.getvalue()))


def _set_header(data: bytearray, offset: int, value: bytes) -> bytes:
    # The same field in the local header (at 0) and in the central directory entry.
    central = data.rfind(b"PK\x01\x02")
    data[offset:offset + len(value)] = value
    data[central + offset + 2:central + offset + 2 + len(value)] = value
    return bytes(data)


@pytest.mark.parametrize("mutate", [
    lambda d: _set_header(d, 6, b"\x01\x00"),  # "encrypted"
    lambda d: _set_header(d, 8, b"\x63\x00"),  # compression method 99
    lambda d: _set_header(d, 22, (10).to_bytes(4, "little")),  # forged unpacked size
    lambda d: bytes(d[:40]),  # truncated
], ids=["encrypted", "unknown-compression", "forged-size", "truncated"])
def test_forged_zips_are_refused_with_a_4xx(mutate):
    with pytest.raises(ServiceError) as refused:
        read_upload("version.zip", _zip(mutate))
    assert refused.value.status < 500
