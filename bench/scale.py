"""A county's volume on PostgreSQL: each REST list and staff page, and the timer scheduler.

Run: ``.venv/bin/python bench/scale.py [--pg postgresql://...] [--scale 1.0] [--repeat 15]``.

Seeds 30,000 providers, 50,000 running and 20,000 finished cases, 100,600 open tasks, 50,400
timers and 210,000 audit events (bench/_seed.py; ``--scale`` shrinks it for a quick look), then
measures, interleaved, each page through the Flask test client: median, p95 and the number of
SQL statements per request. Then 10,000 due timers (real cases, cloned from one the engine
ran) are fired by one scheduler, and another 10,000 by two schedulers at once (``concerns
timers run --once`` processes), checking each fired once. Pages are measured first with the
planner's statistics as the bulk load left them, then after ANALYZE.

Targets (issue 17): the inbox under 20 ms and every page under 200 ms; 10,000 due timers fired
in under 30 s by two schedulers, each exactly once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select, text  # noqa: E402

from bench._scale_timers import timer_figures  # noqa: E402
from bench._seed import seed_volume  # noqa: E402
from bench._support import median, ms, percentile, verdict  # noqa: E402
from bench._world import database  # noqa: E402

from api.actors import Actor  # noqa: E402
from api.cases import keyset  # noqa: E402
from api.cases.models import CaseTask  # noqa: E402
from api.users.service import issue_token  # noqa: E402
from engine import clock  # noqa: E402
from engine.roles import Role  # noqa: E402
from tests.support.web import web_user  # noqa: E402
from tests.support.world import build_world  # noqa: E402

__all__ = ["main"]

INBOX = "web inbox (team)"


def _deep_cursor(session, tenant_id: int, position: int) -> str:
    task = session.execute(select(CaseTask.due_at, CaseTask.created_at, CaseTask.id).where(CaseTask.tenant_id == tenant_id)
                           .order_by(*keyset.TASK_ORDER).offset(position).limit(1)).one()
    return keyset.task_cursor(*task)


def _pages(db, world) -> dict:
    tenant = world.tenants["alpha"]
    token = issue_token(db.session, email=world.actor("alpha", Role.ADMIN).user.email, actor=Actor.system("bench"))
    rest = {"Authorization": f"Bearer {token}"}
    officer = web_user(db.app, db.session, "alpha", Role.CONTRACT_OFFICER)
    client = db.app.test_client()
    tasks = db.session.scalar(select(func.count()).select_from(CaseTask).where(CaseTask.tenant_id == tenant.id))
    deep = _deep_cursor(db.session, tenant.id, min(50_000, tasks - 1))
    return {
        "GET /api/v1/tasks": lambda: client.get("/api/v1/tasks", headers=rest),
        # Page numbers reach row 10,000 (api.rest.common.OFFSET_ROWS_SERVED); past it, 'after'.
        "GET /api/v1/tasks page 200 (offset 9,950)": lambda: client.get("/api/v1/tasks?page=200", headers=rest),
        "GET /api/v1/tasks at row 50,000 (after)": lambda: client.get(f"/api/v1/tasks?after={deep}", headers=rest),
        "GET /api/v1/cases?status=running": lambda: client.get("/api/v1/cases?status=running", headers=rest),
        INBOX: lambda: officer.get("/inbox?view=team"),
        "web providers": lambda: officer.get("/providers"),
        "web provider search": lambda: officer.get("/providers?q=house 1234"),
        "web dashboard": lambda: officer.get("/dashboard"),
    }


def measure_pages(db, pages: dict, repeat: int) -> dict:
    statements: list = []
    engine = db.app.extensions["concerns"]["engine"]
    count = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", count)
    figures = {name: {"times": [], "statements": 0} for name in pages}
    for round_number in range(repeat + 1):  # the first round warms caches and is not counted
        for name, request in pages.items():
            statements.clear()
            began = time.perf_counter()
            response = request()
            elapsed = time.perf_counter() - began
            assert response.status_code == 200, (name, response.status_code)
            if round_number:
                figures[name]["times"].append(elapsed)
                figures[name]["statements"] = len(statements)
    event.remove(engine, "before_cursor_execute", count)
    return figures


def _explain(db) -> None:
    with db.app.extensions["concerns"]["engine"].connect() as connection:
        plan = connection.execute(text(
            "EXPLAIN SELECT id FROM case_task WHERE tenant_id = 1 AND role IN ('contract_officer') "
            "ORDER BY due_at, created_at, id LIMIT 100")).scalars().all()
    print("plan of the inbox's page:", " / ".join(line.strip() for line in plan[:3]))


def print_pages(figures: dict) -> None:
    print(f"{'page':42} {'median':>11} {'p95':>11} {'SQL':>4}   target")
    for name, figure in figures.items():
        limit = 0.020 if name == INBOX else 0.200
        met = median(figure["times"]) < limit
        print(f"{name:42} {ms(median(figure['times']))} {ms(percentile(figure['times'], 95))} {figure['statements']:>4}   "
              f"< {limit * 1000:.0f} ms: {verdict(met)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--timers", type=int, default=10_000)
    args = parser.parse_args()
    clock.set_clock("2026-11-23T09:00:00+00:00")
    with database(args.pg) as db:
        world = build_world(db.session)
        began = time.perf_counter()
        seed_volume(db.session, world.tenants["alpha"], args.scale)
        print(f"seeded the county's volume x{args.scale} in {time.perf_counter() - began:.0f} s (no ANALYZE afterwards)")
        _explain(db)
        pages = _pages(db, world)
        print("\nPages with the planner's statistics as the bulk load left them (stale):")
        print_pages(measure_pages(db, pages, args.repeat))
        with db.app.extensions["concerns"]["engine"].begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        print("\nPages after ANALYZE:")
        print_pages(measure_pages(db, pages, args.repeat))
        print("\nTimers (statistics as they now are):")
        timer_figures(db, world, args.timers)


if __name__ == "__main__":
    main()
