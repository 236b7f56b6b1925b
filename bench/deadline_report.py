"""The deadline compliance report over five years of cases for 1,000 providers, on SQLite.

Run: ``make bench`` (or ``.venv/bin/python bench/deadline_report.py [--providers N] [--years Y]``).
Seeds two cases a year per provider, each with one to three deadlines (most met, some missed by
up to ten days, a few still overdue or withdrawn), straight into the tables the report reads, then
prints how long the report takes for a quarter, a year and the five years, as JSON, CSV and XLSX
and through the REST endpoint. It prints figures; nothing here is a pass or fail.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from api import create_app  # noqa: E402
from api.cases.models import Case  # noqa: E402
from api.compliance.models import DeadlineOutcome  # noqa: E402
from api.definitions.service import resolve  # noqa: E402
from api.models import Base  # noqa: E402
from api.providers.models import Provider  # noqa: E402
from api.reports.deadlines import deadline_compliance, deadline_tables  # noqa: E402
from api.reports.tables import to_csv, to_xlsx  # noqa: E402
from engine import clock  # noqa: E402
from engine.roles import Role  # noqa: E402
from tests.support.http import api_users  # noqa: E402
from tests.support.world import build_world  # noqa: E402

UTC = _dt.timezone.utc
NOW = _dt.datetime(2026, 12, 31, 12, tzinfo=UTC)
DEADLINES = {"timers": [("provider_notice_overdue", "Provider notice overdue", "Notify the provider"),
                        ("response_overdue", "Response overdue (48 hours)", "Give senior response")],
             "chased_notice": [("provider_notice_overdue", "Provider notice overdue (2 working days)", "Notify the provider")],
             "letters": [("provider_notice_overdue", "Provider not notified within two working days", "Notify the provider")]}


def _outcome(rng: random.Random, due: _dt.datetime) -> dict:
    roll = rng.random()
    if due > NOW:
        return {"status": "pending"}
    if roll < 0.70:
        return {"status": "met", "resolved_at": due - _dt.timedelta(hours=rng.randint(1, 40)), "late_seconds": 0}
    if roll < 0.95:
        late = rng.randint(600, 10 * 86400)
        return {"status": "missed", "resolved_at": due + _dt.timedelta(seconds=late), "late_seconds": late, "resolution": "done"}
    return {"status": "overdue"} if roll < 0.98 else {"status": "withdrawn", "resolved_at": due - _dt.timedelta(hours=2)}


def seed(session, world, providers: int, years: int) -> tuple[int, int]:
    rng = random.Random(22)
    tenant = world.tenants["alpha"]
    definitions = {key: resolve(session, tenant=tenant, key=key) for key in DEADLINES}
    session.execute(insert(Provider), [{"tenant_id": tenant.id, "name": f"Provider {n}", "kind": "care_home_residential",
                                        "regulator": "CQC", "regulator_id": f"1-7{n:08d}", "beds": 30, "address": "",
                                        "status": "active", "created_at": NOW} for n in range(providers)])
    provider_ids = list(session.scalars(select(Provider.id).where(Provider.tenant_id == tenant.id)))
    first = NOW - _dt.timedelta(days=365 * years)
    cases, outcomes = [], []
    for provider_id in provider_ids:
        for _ in range(2 * years):
            key = rng.choice(list(DEADLINES))
            started = first + _dt.timedelta(seconds=rng.randint(0, 365 * years * 86400))
            cases.append({"tenant_id": tenant.id, "provider_id": provider_id, "definition_id": definitions[key].id,
                          "process_key": key, "status": "completed", "bundle": {key: definitions[key].id}, "state": {},
                          "started_at": started, "ended_at": started + _dt.timedelta(days=30), "version": 1})
    session.execute(insert(Case), cases)
    for case_id, key, started in session.execute(select(Case.id, Case.process_key, Case.started_at).where(Case.tenant_id == tenant.id)):
        for timer, name, step in DEADLINES[key][: rng.randint(1, len(DEADLINES[key]))]:
            due = started + _dt.timedelta(days=rng.randint(1, 20))
            outcomes.append({"id": str(uuid.uuid4()), "tenant_id": tenant.id, "case_id": case_id, "process_key": key,
                             "timer_element_id": timer, "name": name, "step_element_id": timer, "step_name": step, "due_at": due,
                             "rule": "2 working days after the decision", "status": "pending", "resolved_at": None,
                             "late_seconds": None, "resolution": None, **_outcome(rng, due)})
    session.execute(insert(DeadlineOutcome), outcomes)
    session.commit()
    return len(cases), len(outcomes)


def timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/report.db", "TESTING": True, "FILES_DIR": f"{tmp}/files"})
        Base.metadata.create_all(app.extensions["concerns"]["engine"])
        clock.set_clock(NOW)
        with app.app_context(), app.extensions["concerns"]["sessions"]() as session:
            world = build_world(session)
            began = time.perf_counter()
            cases, deadlines = seed(session, world, args.providers, args.years)
            print(f"seeded {cases:,} cases and {deadlines:,} deadlines for {args.providers:,} providers over {args.years} "
                  f"years in {time.perf_counter() - began:.1f} s")
            tenant = world.tenants["alpha"]
            periods = {"a quarter": (_dt.date(2026, 7, 1), _dt.date(2026, 9, 30)),
                       "a year": (_dt.date(2026, 1, 1), _dt.date(2026, 12, 31)),
                       f"{args.years} years": ((NOW - _dt.timedelta(days=365 * args.years)).date(), NOW.date())}
            print(f"{'period':12} {'deadlines':>10} {'report':>10} {'CSV':>10} {'XLSX':>10}")
            for label, (start, end) in periods.items():
                ms, report = timed(lambda: deadline_compliance(session, tenant=tenant, start=start, end=end), args.repeat)
                csv_ms, _ = timed(lambda: to_csv(deadline_tables(report)), args.repeat)
                xlsx_ms, _ = timed(lambda: to_xlsx(deadline_tables(report)), args.repeat)
                print(f"{label:12} {report['totals']['due']:>10,} {ms:8.1f} ms {csv_ms:7.1f} ms {xlsx_ms:7.1f} ms")
            http = api_users(app.test_client(), world, session)
            start, end = periods[f"{args.years} years"]
            url = f"/api/v1/reports/deadlines?from={start.isoformat()}&to={end.isoformat()}"
            ms, response = timed(lambda: http.get(url, role=Role.HEAD_OF_SERVICE), args.repeat)
            assert response.status_code == 200, response.json
            print(f"GET /api/v1/reports/deadlines over {args.years} years (JSON, whole Flask stack): median {ms:.1f} ms")
        app.extensions["concerns"]["engine"].dispose()


if __name__ == "__main__":
    main()
