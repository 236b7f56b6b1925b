"""Staff pages with 1,000 open cases on SQLite: how long each takes to answer.

Run: ``make bench`` (or ``.venv/bin/python bench/pages.py [--cases N]``). Target (issue 8):
every page under 200 ms. Prints the median and p95 of repeated requests per page, through the
whole Flask stack (session, queries, templates), as a signed-in contract officer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import create_app  # noqa: E402
from api.models import Base  # noqa: E402
from engine.roles import Role  # noqa: E402
from tests.support.web import web_user  # noqa: E402
from tests.support.world import build_world, open_tasks, start  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/pages.db", "TESTING": True})
        Base.metadata.create_all(app.extensions["concerns"]["engine"])
        sessions = app.extensions["concerns"]["sessions"]
        with sessions() as session:
            world = build_world(session)
            began = time.perf_counter()
            cases = [start(world, "timers") for _ in range(args.cases)]
            print(f"seeded {args.cases} open cases in {time.perf_counter() - began:.1f} s")
            case = cases[-1]
            task = open_tasks(session, case)[0]
            user = web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
            pages = {
                "inbox (team, 1,000 tasks)": "/inbox?view=team",
                "task form": f"/tasks/{task.id}",
                "case page": f"/cases/{case.id}",
                "providers": "/providers",
                "provider detail (1,000 cases)": f"/providers/{world.providers['alpha']}",
                "dashboard": "/dashboard",
            }
            print(f"{'page':34} {'median':>9} {'p95':>9}   (target < 200 ms)")
            for name, path in pages.items():
                assert user.get(path).status_code == 200, path
                times = []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    response = user.get(path)
                    times.append(time.perf_counter() - began)
                    assert response.status_code == 200
                print(f"{name:34} {statistics.median(times) * 1000:7.1f} ms {percentile(times, 95) * 1000:7.1f} ms")
        app.extensions["concerns"]["engine"].dispose()


if __name__ == "__main__":
    main()
