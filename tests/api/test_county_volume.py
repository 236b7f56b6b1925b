"""Long lists page by key (the same rows as by page number, at the same cost at any depth), and
a page costs a constant number of SQL statements whatever is on it."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from engine.roles import Role
from tests.support.world import complete, start


def _walk(http, path: str, page_size: int) -> list:
    """Every item, following each page's 'next'."""
    items, after = [], None
    while True:
        query = f"{path}?page_size={page_size}" + (f"&after={after}" if after else "")
        page = http.get(query, role=Role.ADMIN).json
        items += page["items"]
        after = page["next"]
        if after is None:
            return items


def _by_number(http, path: str, page_size: int) -> list:
    items, number = [], 1
    while True:
        page = http.get(f"{path}?page_size={page_size}&page={number}", role=Role.ADMIN).json
        items += page["items"]
        if number * page_size >= page["total"]:
            return items
        number += 1


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_tasks_and_cases_page_by_key_as_by_number(world, http):
    for n in range(4):
        case = start(world, "timers")
        complete(world, case, "record_decision", {"decision_date": f"2026-11-{20 + n}"})
        start(world, "simple_review")
    for path in ("/api/v1/tasks", "/api/v1/cases"):
        keyed = [item["id"] for item in _walk(http, path, 3)]
        numbered = [item["id"] for item in _by_number(http, path, 3)]
        assert keyed == numbered and len(keyed) == len(set(keyed)) > 6, path
    due = [item["due_at"] for item in _walk(http, "/api/v1/tasks", 3)]
    assert due.index(None) == len([d for d in due if d is not None])  # tasks with no due time last


def test_a_cursor_not_given_by_the_server_is_refused(world, http):
    response = http.get("/api/v1/tasks?after=bm90LWEtY3Vyc29y", role=Role.ADMIN)
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/tasks", "/api/v1/cases"])
def test_a_page_number_past_ten_thousand_rows_is_refused_with_the_way_on(world, http, path):
    for _ in range(2):
        start(world, "simple_review")
    assert http.get(f"{path}?page=200&page_size=50").status_code == 200  # rows 9,951 to 10,000
    refused = http.get(f"{path}?page=201&page_size=50")
    assert refused.status_code == 422
    said = str(refused.json)
    assert "page 201 of 50 a page starts past row 10,000" in said and "read on with 'after'" in said
    cursor = http.get(f"{path}?page_size=1").json["next"]
    assert http.get(f"{path}?page=1000&page_size=1&after={cursor}").status_code == 200  # a cursor reads at any depth


@pytest.mark.clock("2026-11-23T09:00:00+00:00")
def test_a_page_of_cases_costs_the_same_statements_however_many_procedures_are_on_it(app, world, http):
    engine = app.extensions["concerns"]["engine"]
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def cost() -> int:
        statements.clear()
        assert http.get("/api/v1/cases?status=running", role=Role.ADMIN).status_code == 200
        return len(statements)

    start(world, "simple_review")
    one_procedure = cost()
    for key in ("timers", "long_chain", "case_actions", "gateways"):
        start(world, key)
    assert cost() == one_procedure
