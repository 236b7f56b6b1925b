"""Officers completing different residents' steps of one closure at the same moment, through
gunicorn with several workers, on PostgreSQL: throughput and conflicts.

Run: ``.venv/bin/python bench/parallel.py [--pg postgresql://...] [--officers 8] [--rounds 5] [--workers 4]``.

Each round starts a closure (tests/fixtures/processes/shared/resident_moves.bpmn: one
sub-process per resident) with one resident per officer; all officers then complete their
resident's "Move the resident" at once (released together), then "Confirm the resident has
settled" at once (each of which ends its resident's sub-process, so the closure above moves
on). Requests go over HTTP to gunicorn on 127.0.0.1 only, bounded in number, and the bench
stops the server it started.

Target (issue 17): 0 conflicts between different residents.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import ROOT, median, ms, percentile, verdict  # noqa: E402
from bench._world import FIXTURES, database  # noqa: E402

from api.actors import Actor  # noqa: E402
from api.users.service import add_user, issue_token  # noqa: E402
from tests.support.world import build_world, complete, open_tasks, start  # noqa: E402

__all__ = ["main"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-only-" + "0" * 32, "CONCERNS_PROCESSES": str(FIXTURES / "processes"),
           "CONCERNS_FORMS": str(FIXTURES / "forms"), "CONCERNS_CHECK_EXPLORE_PATHS": "0"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers), "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "api.wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz")


def _post(base: str, token: str, task_id: str, data: dict) -> tuple[int, float]:
    request = urllib.request.Request(f"{base}/api/v1/tasks/{task_id}/complete", method="POST",
                                     data=json.dumps({"data": data}).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - began


def _at_once(base: str, jobs: list[tuple[str, str, dict]]) -> list[tuple[int, float]]:
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, token, task_id, data):
        barrier.wait()
        results[index] = _post(base, token, task_id, data)

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _officers(session, world, count: int) -> list[str]:
    tokens = []
    for n in range(count):
        user = add_user(session, email=f"officer{n}@alpha.test", tenant_slug="alpha", roles=["contract_officer"],
                        actor=Actor.system("bench"))
        tokens.append(issue_token(session, email=user.email, actor=Actor.system("bench")))
    return tokens


def _round(world, base: str, tokens: list[str]) -> tuple[list, float]:
    residents = [{"name": f"Resident {n}", "self_funder": False} for n in range(len(tokens))]
    case = start(world, "resident_moves")
    complete(world, case, "list_residents", {"residents": residents})
    results, began = [], time.perf_counter()
    for element_id, data in (("move_resident", {"new_home": "Oak Lodge", "moved_on": "2026-11-23"}), ("confirm_move", {})):
        rows = [t for t in open_tasks(world.session, case) if t.element_id == element_id]
        results += _at_once(base, [(token, row.id, data) for token, row in zip(tokens, rows)])
    return results, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--officers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with database(args.pg) as db:
        world = build_world(db.session)
        tokens = _officers(db.session, world, args.officers)
        server, base = _serve(db.url, args.workers)
        try:
            _round(world, base, tokens)  # warm up: each worker restores the specs once
            outcomes, seconds = [], 0.0
            for _ in range(args.rounds):
                results, elapsed = _round(world, base, tokens)
                outcomes += results
                seconds += elapsed
        finally:
            server.terminate()
            server.wait(30)
    _report(args, outcomes, seconds)


def _report(args, outcomes: list[tuple[int, float]], seconds: float) -> None:
    statuses = [status for status, _ in outcomes]
    times = [elapsed for _, elapsed in outcomes]
    conflicts, errors = statuses.count(409), sum(1 for s in statuses if s not in (200, 409))
    print(f"{args.officers} officers at once on one closure each round, {args.rounds} rounds, gunicorn with "
          f"{args.workers} workers, PostgreSQL")
    print(f"completions: {statuses.count(200)} of {len(statuses)}; {len(statuses) / seconds:.1f} completions/s "
          f"while all officers worked at once")
    print(f"request time: median {ms(median(times))}  p95 {ms(percentile(times, 95))}")
    print(f"errors (neither 200 nor 409): {errors}")
    print(f"target: 0 conflicts between different residents: {conflicts} conflicts  {verdict(conflicts == 0 and errors == 0)}")


if __name__ == "__main__":
    main()
