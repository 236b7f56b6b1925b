"""Issue 16, item 9: a tenant-isolation matrix. Two councils with data in both; every list and
detail endpoint of the REST API and every web page, asked by the other council (all roles),
shows none of the first council's data: detail routes answer 404, lists leave it out.

The matrix reads the app's own routes, so a route added later is in it without anyone
remembering to add it.
"""

from __future__ import annotations

import io
import re

import pytest

from engine.roles import Role
from tests.support.web import web_user

# Routes with nothing of a council's in them.
NOT_COUNCIL_DATA = {"/static/<path:filename>", "/vendor/<package>/<path:filename>", "/assets/<path:filename>", "/healthz",
                    "/api/v1/openapi.json", "/sign-in", "/", "/api/v1/me"}
QUERIES = {  # lists asked with the other council's ids as filters, too
    "/api/v1/tasks": ["", "?case_id={case_id}", "?assignee=me", "?mine=true"],
    "/api/v1/cases": ["", "?provider_id={provider_id}"],
    "/inbox": ["", "?view=all", "?view=team", "?view=mine"],
    "/api/v1/reports/deadlines": ["?from=2026-01-01&to=2026-12-31"],
    "/reports/deadlines": ["?from=2026-01-01&to=2026-12-31"],
    "/api/v1/reports/sab-quarterly": ["?quarter=2026-Q4"],
    "/reports/sab-quarterly": ["?quarter=2026-Q4"],
}


def _council_data(http, world, tenant: str) -> dict:
    provider_id = world.providers[tenant]
    case = http.post("/api/v1/cases", {"process_key": "simple_review", "provider_id": provider_id,
                                        "data": {}}, tenant=tenant).json
    task_id = case["tasks"][0]["id"]
    http.post(f"/api/v1/tasks/{task_id}/claim", tenant=tenant)
    attached = http.post(f"/api/v1/cases/{case['id']}/documents", tenant=tenant, content_type="multipart/form-data",
                         data={"files": [(io.BytesIO(b"minutes of the meeting"), f"{tenant}-minutes.txt")]})
    assert attached.status_code == 201, attached.json
    document_id = attached.json[0]["id"] if isinstance(attached.json, list) else attached.json["items"][0]["id"]
    draft = http.post("/api/v1/drafts", {"key": "simple_review"}, tenant=tenant, role=Role.PROCESS_OWNER).json
    versions = http.get("/api/v1/process-definitions/simple_review", tenant=tenant).json
    definition_id = versions[0]["id"] if isinstance(versions, list) else versions["versions"][0]["id"]
    return {"case_id": case["id"], "task_id": task_id, "provider_id": provider_id, "document_id": document_id,
            "draft_id": draft["id"], "definition_id": definition_id, "key": "simple_review", "name": "record_new_information",
            # What must never show to the other council:
            "markers": [f"Rosewood House ({tenant})", task_id, f"@{tenant}.test", f"{tenant}-minutes.txt"]}


@pytest.fixture
def councils_with_data(app, http, world, session):
    return {tenant: _council_data(http, world, tenant) for tenant in ("alpha", "beta")}


def _get_rules(app) -> list[str]:
    return sorted({r.rule for r in app.url_map.iter_rules() if "GET" in r.methods})


def _leaks(body: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m in body]


def test_no_list_or_detail_shows_another_councils_data(app, http, world, session, councils_with_data):
    alpha, beta = councils_with_data["alpha"], councils_with_data["beta"]
    browser = web_user(app, session, "beta", *Role)
    problems = []
    for rule in _get_rules(app):
        if rule in NOT_COUNCIL_DATA:
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(alpha[m.group(1)]), rule)
        for query in QUERIES.get(rule, [""]):
            url = path + query.format(**alpha)
            for role in Role:
                if rule.startswith("/api/"):
                    response = http.get(url, tenant="beta", role=role)
                elif role is Role.ADMIN:
                    response = browser.get(url)
                else:
                    continue
                body = response.get_data().decode("utf-8", "replace")
                if "<" in rule and rule.split("<")[0] and "<key>" not in rule and response.status_code not in (403, 404):
                    problems.append(f"{url} as beta {role}: {response.status_code}, expected 404")
                # An id the caller sent may be echoed back ("there is no open task ..."): not a leak.
                markers = [m for m in alpha["markers"] if m not in url]
                if response.status_code >= 500 or _leaks(body, markers):
                    problems.append(f"{url} as beta {role}: {response.status_code} shows {_leaks(body, markers)}")
    # And the council's own data is there to be seen (so the matrix can see a leak).
    assert beta["markers"][0] in http.get("/api/v1/providers", tenant="beta").get_data(as_text=True)
    assert beta["task_id"] in http.get("/api/v1/tasks", tenant="beta").get_data(as_text=True)
    assert beta["task_id"] in browser.get("/inbox?view=all").get_data(as_text=True) or \
        beta["markers"][0] in browser.get("/inbox").get_data(as_text=True)
    assert problems == []
