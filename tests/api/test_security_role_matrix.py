"""Issue 16, item 9: a role-by-endpoint matrix over every REST route. For each route and
method: which roles may (anything but 401/403) and which get 403. Roles refused are tried
first, so the state the allowed ones change cannot hide a missing check.

``test_the_matrix_covers_every_rest_route`` fails when a route is added without a row here.
"""

from __future__ import annotations

import io

import pytest

from engine.roles import Role

ALL = frozenset(Role)
CO, HOS, ADMIN, PO, CHAIR = Role.CONTRACT_OFFICER, Role.HEAD_OF_SERVICE, Role.ADMIN, Role.PROCESS_OWNER, Role.CHAIR
EDITORS = frozenset({ADMIN, CO, Role.QUALITY_IMPROVEMENT, HOS})
REPORTERS = frozenset({HOS, ADMIN})
NOT_VIEWER = ALL - {Role.VIEWER}
OFFICERS = frozenset({CO, Role.QUALITY_IMPROVEMENT, Role.SAFEGUARDING_LEAD, HOS, CHAIR, ADMIN})  # may name a case's owner
INVITERS = OFFICERS - {ADMIN}  # invite partners to a case: the officers who work it


def _evidence():
    return {"files": [(io.BytesIO(b"notes"), "notes.txt")]}


# (method, rule): (who may, json body or None, multipart form or None)
MATRIX = {
    ("GET", "/api/v1/cases"): (ALL, None, None),
    ("POST", "/api/v1/cases"): ({CO, HOS}, {"process_key": "simple_review", "provider_id": "{provider_id}"}, None),
    ("GET", "/api/v1/cases/<id:case_id>"): (ALL, None, None),
    ("GET", "/api/v1/cases/<id:case_id>/actions/<name>"): (ALL, None, None),
    ("POST", "/api/v1/cases/<id:case_id>/actions/<name>"): ({HOS}, {"data": {"closure_reason": "x"}}, None),
    ("GET", "/api/v1/cases/<id:case_id>/chronology"): (ALL, None, None),
    ("GET", "/api/v1/cases/<id:case_id>/documents"): (ALL, None, None),
    ("POST", "/api/v1/cases/<id:case_id>/documents"): (NOT_VIEWER, None, _evidence),
    ("GET", "/api/v1/cases/<id:case_id>/events"): (ALL, None, None),
    ("POST", "/api/v1/cases/<id:case_id>/migrations/undo"): ({PO}, {"note": "moved by mistake"}, None),
    ("POST", "/api/v1/process-definitions/<key>/migrations"): ({PO}, {"to_version": 1, "dry_run": True}, None),
    ("GET", "/api/v1/cases/<id:case_id>/invitations"): (ALL, None, None),
    ("POST", "/api/v1/cases/<id:case_id>/invitations"): (INVITERS, {"agency": "police"}, None),
    ("DELETE", "/api/v1/cases/<id:case_id>/invitations/<id:invitation_id>"): (INVITERS, None, None),
    ("GET", "/api/v1/cases/<id:case_id>/owners"): (OFFICERS, None, None),
    ("PUT", "/api/v1/cases/<id:case_id>/owner"): (OFFICERS, {"owner_id": "{user_id}"}, None),
    ("POST", "/api/v1/cases/<id:case_id>/retry"): ({ADMIN}, {"data": {}}, None),
    ("POST", "/api/v1/cases/<id:case_id>/terminate"): ({HOS, ADMIN}, {"reason": "Provider closed"}, None),
    ("GET", "/api/v1/documents/<id:document_id>/content"): (ALL, None, None),
    ("POST", "/api/v1/documents/<id:document_id>/dispatches"): (NOT_VIEWER, {"method": "post", "sent_on": "2026-11-24",
                                                                             "recipient": "Manager"}, None),
    ("POST", "/api/v1/documents/<id:document_id>/versions"): (NOT_VIEWER, None,
                                                               lambda: {"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "v2.pdf")}),
    ("GET", "/api/v1/drafts"): ({PO}, None, None),
    ("POST", "/api/v1/drafts"): ({PO}, {"key": "simple_review"}, None),
    ("GET", "/api/v1/drafts/<id:draft_id>"): ({PO}, None, None),
    ("PUT", "/api/v1/drafts/<id:draft_id>"): ({PO}, {"bpmn": "<x/>", "lock_version": 1}, None),
    ("DELETE", "/api/v1/drafts/<id:draft_id>"): ({PO}, None, None),
    ("GET", "/api/v1/drafts/<id:draft_id>/changes"): ({PO}, None, None),
    ("POST", "/api/v1/drafts/<id:draft_id>/check"): ({PO}, None, None),
    ("POST", "/api/v1/drafts/<id:draft_id>/deploy"): ({PO}, {"note": "x"}, None),
    ("POST", "/api/v1/drafts/<id:draft_id>/forms"): ({PO}, {"name": "extra_form", "title": "Extra"}, None),
    ("GET", "/api/v1/drafts/<id:draft_id>/xml"): ({PO}, None, None),
    ("GET", "/api/v1/drafts/<id:draft_id>/decisions/<name>"): ({PO}, None, None),
    ("POST", "/api/v1/forms/preview"): ({PO}, {"schema": '{"type": "object"}'}, None),
    ("POST", "/api/v1/sandbox/run"): ({PO}, {"kind": "condition", "code": "1 + 1 == 2", "data": {}}, None),
    ("GET", "/api/v1/me"): (ALL, None, None),
    ("POST", "/api/v1/messages"): ({CHAIR}, {"name": "qpip_outcome", "correlation": {"provider_id": "{provider_id}"},
                                            "payload": {"provider_id": "{provider_id}", "result": "improved"}}, None),
    ("GET", "/api/v1/openapi.json"): (ALL, None, None),
    ("GET", "/api/v1/process-definitions"): (ALL, None, None),
    ("POST", "/api/v1/process-definitions"): ({PO}, None, lambda: {"note": "x", "files": [(io.BytesIO(b"<x/>"), "x.bpmn")]}),
    ("GET", "/api/v1/process-definitions/<key>"): (ALL, None, None),
    ("POST", "/api/v1/process-definitions/<key>/local-variant"): ({PO}, {"note": "x"}, None),
    ("DELETE", "/api/v1/process-definitions/<key>/local-variant?note=x"): ({PO}, None, None),
    ("GET", "/api/v1/process-definitions/<key>/versions/<id:definition_id>/xml"): (ALL, None, None),
    ("GET", "/api/v1/process-definitions/<key>/versions/<id:definition_id>/zip"): (ALL, None, None),
    ("GET", "/api/v1/process-definitions/<key>/xml"): (ALL, None, None),
    ("GET", "/api/v1/providers"): (ALL, None, None),
    ("POST", "/api/v1/providers"): (EDITORS, {"name": "New House", "kind": "care_home_residential", "regulator": "CQC",
                                               "regulator_id": "1-999"}, None),
    ("GET", "/api/v1/providers/<id:provider_id>"): (ALL, None, None),
    ("PATCH", "/api/v1/providers/<id:provider_id>"): (EDITORS, {"beds": 31}, None),
    ("GET", "/api/v1/providers/<id:provider_id>/risk"): (REPORTERS, None, None),
    ("GET", "/api/v1/reports/deadlines"): (REPORTERS, None, None),
    ("GET", "/api/v1/reports/sab-quarterly"): (REPORTERS, None, None),
    ("GET", "/api/v1/tasks"): (ALL, None, None),
    ("GET", "/api/v1/tasks/<task_id>"): (ALL, None, None),
    ("POST", "/api/v1/tasks/<task_id>/claim"): ({CO}, None, None),
    ("POST", "/api/v1/tasks/<claimed_task_id>/unclaim"): ({CO, ADMIN}, None, None),
    ("POST", "/api/v1/tasks/<complete_task_id>/complete"): ({CO}, {"data": {"score_a": 1, "score_b": 1}}, None),
    ("GET", "/api/v1/tasks/<task_id>/documents"): (ALL, None, None),
    ("POST", "/api/v1/tasks/<task_id>/documents"): ({CO}, {"template": "none.docx"}, None),  # the step's role
    ("PUT", "/api/v1/tasks/<task_id>/draft"): ({CO}, {"data": {"notes": "half"}}, None),
    ("GET", "/api/v1/tasks/<task_id>/assignees"): ({CO, HOS, ADMIN}, None, None),  # the step's role, or who may hand it on
    ("PUT", "/api/v1/tasks/<task_id>/assignee"): ({CO, HOS, ADMIN}, {"assignee_id": None}, None),
    ("GET", "/api/v1/users"): ({ADMIN}, None, None),
    ("POST", "/api/v1/users"): ({ADMIN}, {"email": "new@alpha.test", "roles": ["viewer"]}, None),
    ("POST", "/api/v1/users/<id:user_id>/revoke-tokens"): ({ADMIN}, None, None),
}
# Routes about the caller's own session or token: every signed-in person may, for themselves.
OWN = {("POST", "/api/v1/session"), ("DELETE", "/api/v1/session"), ("POST", "/api/v1/tokens/current/revoke")}
QUERY = {"/api/v1/reports/deadlines": "?from=2026-01-01&to=2026-12-31", "/api/v1/reports/sab-quarterly": "?quarter=2026-Q4"}
# Rows whose route names a task in a particular state.
TASK_PARAMS = {"<claimed_task_id>": "<task_id>", "<complete_task_id>": "<task_id>"}


def _rest_routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_the_matrix_covers_every_rest_route(app):
    rows = {(m, _task_rule(r).split("?")[0]) for m, r in MATRIX}
    assert _rest_routes(app) - rows - OWN == set()


def _task_rule(rule: str) -> str:
    for own, plain in TASK_PARAMS.items():
        rule = rule.replace(own, plain)
    return rule


@pytest.fixture
def things(http, world, session):
    from api.actors import Actor
    from api.users.service import add_user

    provider = world.providers["alpha"]
    partner = world.actor("alpha", Role.PARTNER).user.id

    def start(key, role=CO):
        case = http.post("/api/v1/cases", {"process_key": key, "provider_id": provider}, role=role).json
        # The partner is invited by name to every case here: the matrix asks which roles may act
        # on a case they see (an uninvited partner gets 404 for it: test_case_invitations.py).
        http.post(f"/api/v1/cases/{case['id']}/invitations", {"user_id": partner})
        return case

    case = start("case_actions")
    task = start("simple_review")["tasks"][0]["id"]
    claimed = start("simple_review")["tasks"][0]["id"]
    http.post(f"/api/v1/tasks/{claimed}/claim")
    radar = start("radar_referral", CHAIR)
    http.post(f"/api/v1/tasks/{radar['tasks'][0]['id']}/complete", {"data": {"outcome": "qpip"}}, role=CHAIR)
    document = http.post(f"/api/v1/cases/{case['id']}/documents", data=_evidence(), content_type="multipart/form-data").json
    draft = http.post("/api/v1/drafts", {"key": "simple_review"}, role=PO).json
    versions = http.get("/api/v1/process-definitions/simple_review").json
    invitation = http.post(f"/api/v1/cases/{case['id']}/invitations", {"agency": "nhs"}).json
    target = add_user(session, email="leaver@alpha.test", tenant_slug="alpha", roles=["viewer"], actor=Actor.system("t"))
    return {"case_id": case["id"], "name": "close_case_early", "task_id": task, "provider_id": provider,
            "document_id": (document[0] if isinstance(document, list) else document["items"][0])["id"],
            "draft_id": draft["id"], "definition_id": (versions[0] if isinstance(versions, list) else versions["versions"][0])["id"],
            "key": "simple_review", "user_id": target.id, "claimed_task_id": claimed, "complete_task_id": None, "world": world,
            "invitation_id": invitation["id"]}


def _fill(text, values):
    if isinstance(text, str):
        for name, value in values.items():
            if f"<{name}>" in text or f"<id:{name}>" in text:
                text = text.replace(f"<id:{name}>", str(value)).replace(f"<{name}>", str(value))
            if text == "{" + name + "}":
                return value
        return text
    if isinstance(text, dict):
        return {k: _fill(v, values) for k, v in text.items()}
    return text


def _call(http, method, path, body, form, role):
    kwargs = {"role": role}
    if form is not None:
        kwargs.update(data=form(), content_type="multipart/form-data")
    elif body is not None:
        kwargs["json"] = body
    return http.client.open(path, method=method, headers=http.headers("alpha", role),
                            **{k: v for k, v in kwargs.items() if k != "role"})


@pytest.mark.parametrize("row", sorted(MATRIX), ids=lambda row: f"{row[0]} {row[1]}")
def test_each_route_refuses_the_roles_it_does_not_allow(http, things, row):
    method, rule = row
    allowed, body, form = MATRIX[row]
    values = dict(things)
    if "<complete_task_id>" in rule:
        values["complete_task_id"] = values["task_id"]
    path = _fill(rule, values) + QUERY.get(rule, "")
    body = _fill(body, values)
    refused = [role for role in Role if role not in allowed]
    for role in refused + [role for role in Role if role in allowed]:
        response = _call(http, method, path, body, form, role)
        if role in allowed:
            assert response.status_code not in (401, 403) and response.status_code < 500, (role, response.get_json())
        else:
            assert response.status_code == 403, (role, response.status_code, response.get_json())
