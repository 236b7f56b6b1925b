"""Property-based run of the whole API from its OpenAPI document: no input makes it answer 500.

Every operation gets a bounded number of generated requests (so it fits in `make test`), as an
administrator of a council with data. Failures name the request that broke.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from engine.roles import Role

EXAMPLES_PER_OPERATION = 10


def test_no_generated_request_makes_the_api_answer_500(app, http):
    headers = http.headers("alpha", Role.ADMIN)
    # Revoking the caller's own token would turn every later request into a 401; those two
    # operations have their own tests.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).exclude(path_regex="revoke")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: "
                                f"{response.status_code} {response.text[:200]}")

        exercise()
    assert operations >= 15
    assert failures == []
