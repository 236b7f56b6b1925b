"""Issue 16, item 9: schemathesis over the whole OpenAPI document again, this time on real
objects. Path ids are the council's own case, task, document, draft, version, provider and
user, so generated bodies reach the services behind them rather than stopping at a 404; the
caller holds every role, so no role check stops them first. Fixed seed (derandomized) and a
bounded number of examples per operation; any 5xx fails."""

from __future__ import annotations

import io

import schemathesis
from hypothesis import HealthCheck, given, settings

from api.actors import Actor
from api.users.service import add_user, issue_token
from engine.roles import Role

EXAMPLES_PER_OPERATION = 6
PDF = b"%PDF-1.4\n%%EOF\n"


def _objects(http, world, session) -> dict:
    provider = world.providers["alpha"]
    case = http.post("/api/v1/cases", {"process_key": "case_actions", "provider_id": provider}).json
    task = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": provider}).json["tasks"][0]["id"]
    document = http.post(f"/api/v1/cases/{case['id']}/documents", data={"files": [(io.BytesIO(PDF), "notes.pdf")]},
                         content_type="multipart/form-data").json
    draft = http.post("/api/v1/drafts", {"key": "simple_review"}, role=Role.PROCESS_OWNER).json
    versions = http.get("/api/v1/process-definitions/simple_review").json
    return {"case_id": case["id"], "task_id": task, "provider_id": provider, "draft_id": draft["id"],
            "document_id": (document[0] if isinstance(document, list) else document["items"][0])["id"],
            "definition_id": (versions[0] if isinstance(versions, list) else versions["versions"][0])["id"],
            "key": "simple_review", "name": "close_case_early", "user_id": world.actor("alpha", Role.VIEWER).user.id}


def test_no_generated_request_on_real_objects_makes_the_api_answer_500(app, http, world, session):
    objects = _objects(http, world, session)
    add_user(session, email="everything@alpha.test", tenant_slug="alpha", roles=[r.value for r in Role], actor=Actor.system("t"))
    headers = {"Authorization": "Bearer " + issue_token(session, email="everything@alpha.test", actor=Actor.system("t"))}
    # Revoking the caller's own token (or every token of a user) would turn later requests into 401s.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).exclude(path_regex="revoke|session")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            for name in list(case.path_parameters or {}):
                if name in objects:
                    case.path_parameters[name] = objects[name]
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: "
                                f"{response.status_code} {response.text[:200]}")

        exercise()
    assert failures == []
