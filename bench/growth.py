"""What a completion costs as a case grows, beside raw SpiffWorkflow's round trip.

Run: ``.venv/bin/python bench/growth.py [--pg postgresql://...] [--repeat N]``.

* A looping case (tests/fixtures/processes/shared/monthly_loop.bpmn: a meeting held round after
  round, each round appending to ``meetings_held``) measured when raw SpiffWorkflow's state of
  the same case holds 20, 100, 300, 900 and 3,000 task records: the product's completion
  (``complete_task``, the API's path, on SQLite and on PostgreSQL) beside raw SpiffWorkflow's
  round trip with every cache the product has (bench/_support.py), interleaved step by step.
  Raw SpiffWorkflow cannot reach 3,000 records of a loop: its task iterator stops at depth
  1,000 and the case stalls, which the bench prints when it happens.
* The Welsh HOSG closure (processes/wales/home_operational_support_group.bpmn) with 40
  residents, each moved by the per-resident sub-process: every completion of the residents'
  steps, and the bytes each one writes.

Targets (issue 17), each printed with whether it is met: completion at 900 records at most 2x
completion at 20; a completion on the 40-resident closure under 30 ms median.
"""

from __future__ import annotations

import argparse
import os
import time

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from SpiffWorkflow.spiff.parser import SpiffBpmnParser  # noqa: E402

from bench._support import ROOT, RawSpiff, median, ms, percentile, verdict  # noqa: E402
from bench._world import database  # noqa: E402

from api.cases.models import Case  # noqa: E402
from api.cases.service import load_run  # noqa: E402
from api.cases.service import complete_task  # noqa: E402
from engine.roles import Role  # noqa: E402
from tests.support.world import build_world, open_tasks, start  # noqa: E402

__all__ = ["loop_figures", "print_loop"]

SIZES = [20, 100, 300, 900, 3000]
LOOP = ROOT / "tests" / "fixtures" / "processes" / "shared" / "monthly_loop.bpmn"


def _raw_loop() -> RawSpiff:
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(LOOP))
    raw = RawSpiff(parser.get_spec("monthly_loop"), parser.get_subprocess_specs("monthly_loop"))
    raw.start({})
    return raw


def _round(world, case, raw, number: int, timings: dict | None) -> int:
    """One round each way (product, then raw unless it stalled); return raw's task records
    afterwards (0: raw stalled, finding no ready task past depth 1,000 or failing on
    Python's recursion limit; -1: raw not run)."""
    answer = {"minutes": f"Round {number}", "another_meeting": True}
    [task] = open_tasks(world.session, case)
    actor = world.actor("alpha", Role(task.role))
    began = time.perf_counter()
    complete_task(world.session, tenant=world.tenants["alpha"], actor=actor, task_id=task.id, data=answer)
    if timings is not None:
        timings["product"].append(time.perf_counter() - began)
    if raw is None:
        return -1
    began = time.perf_counter()
    try:
        records = raw.complete_next(answer, "hold_meeting")
    except RecursionError:  # SpiffWorkflow's joins walk the whole depth recursively
        records = 0
    if timings is not None and records:
        timings["raw"].append(time.perf_counter() - began)
    return records


class _Loop:
    """The product's case and raw SpiffWorkflow's, advanced round by round together."""

    def __init__(self, world):
        self.world, self.case, self.raw = world, start(world, "monthly_loop"), _raw_loop()
        self.rounds, self.records, self.stalled = 0, 0, None

    def step(self, timings: dict | None = None) -> None:
        self.rounds += 1
        got = _round(self.world, self.case, self.raw, self.rounds, timings)
        if got == 0:
            self.stalled, self.raw = self.rounds, None
        if got > 0:
            self.records = got
        elif self.stalled:  # raw has stopped counting: go on at its last rate of records per round
            self.records = round(self.records * self.rounds / max(self.rounds - 1, 1))


def loop_figures(url: str, repeat: int) -> list[dict]:
    """Completion times at each size: product and raw, interleaved."""
    rows = []
    with database(url) as db:
        session = db.session
        loop = _Loop(build_world(session))
        for size in SIZES:
            while loop.records < size:
                loop.step()
            timings = {"product": [], "raw": []}
            for _ in range(repeat):
                loop.step(timings)
            live = len(load_run(session, session.get(Case, loop.case.id)).workflow.tasks)
            rows.append({"size": size, "product": timings["product"], "raw": timings["raw"], "live": live,
                         "stalled": loop.stalled})
    return rows


def print_loop(name: str, rows: list[dict]) -> None:
    print(f"\nLooping case on {name}: completion by task records (raw SpiffWorkflow's count), median / p95")
    print(f"{'records':>8} {'product':>22} {'raw Spiff':>22} {'ratio':>6}  live tasks")
    stalls = False
    for row in rows:
        product = f"{ms(median(row['product']))} {ms(percentile(row['product'], 95))}"
        if row["raw"]:
            raw = f"{ms(median(row['raw']))} {ms(percentile(row['raw'], 95))}"
            ratio = f"{median(row['product']) / median(row['raw']):6.2f}"
        else:
            raw, ratio = f"{'stalled at round ' + str(row['stalled']):>22}", "   n/a"
            stalls = True
        print(f"{row['size']:>8} {product} {raw} {ratio}  {row['live']}")
    if stalls:
        print("(raw SpiffWorkflow cannot go on: past task depth 1,000 it finds no ready task, or its joins exceed "
              "Python's recursion limit; the product keeps finished rounds out of the live tree)")
    first, at_900 = rows[0], next(r for r in rows if r["size"] == 900)
    growth = median(at_900["product"]) / median(first["product"])
    print(f"target: completion at 900 records <= 2x at 20: {growth:.2f}x  {verdict(growth <= 2)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("BENCH_DATABASE_URL"), help="PostgreSQL URL (also BENCH_DATABASE_URL)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--residents", type=int, default=40)
    args = parser.parse_args()
    backends = [("SQLite", "sqlite")] + ([("PostgreSQL", args.pg)] if args.pg else [])
    for name, url in backends:
        print_loop(name, loop_figures(url, args.repeat))
    from bench._hosg import hosg_figures, print_hosg

    for name, url in backends:
        print_hosg(name, hosg_figures(url, args.residents), args.residents)
    if not args.pg:
        print("\n(PostgreSQL figures: pass --pg postgresql://postgres@127.0.0.1:5432/test)")


if __name__ == "__main__":
    main()

