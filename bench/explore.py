"""How long `concerns explore` takes per shipped procedure.

Run: ``make bench`` (or ``.venv/bin/python bench/explore.py [--paths N] [--max-steps M]``).
Prints, for each procedure a council starts, the paths walked, the steps taken (tasks completed,
waits for timers, case actions), seconds in all, per path and per step, and the defects found.
There is no target: it tells how big a budget `make test` and the modeller's Check need.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.explorer import ExploreOptions, explore  # noqa: E402
from engine.definitions import ProcessLibrary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=int, default=5)
    parser.add_argument("--max-steps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    library = ProcessLibrary(ROOT / "processes", ROOT / "forms")
    reports = explore(library, ExploreOptions(paths=args.paths, max_steps=args.max_steps, seed=args.seed))
    print(f"concerns explore, {args.paths} paths per procedure, at most {args.max_steps} steps each (seed {args.seed})")
    print(f"{'procedure':36} {'councils':32} {'paths':>5} {'steps':>6} {'s':>7} {'s/path':>7} {'ms/step':>8} {'defects':>7}")
    total_seconds = total_steps = 0
    for report in reports:
        steps = max(report.steps, 1)
        total_seconds += report.seconds
        total_steps += report.steps
        print(f"{report.process_key:36} {', '.join(report.tenants)[:32]:32} {report.paths:>5} {report.steps:>6} "
              f"{report.seconds:>7.1f} {report.seconds / max(report.paths, 1):>7.1f} {1000 * report.seconds / steps:>8.0f} "
              f"{len(report.defects):>7}")
    print(f"{'all':36} {'':32} {'':>5} {total_steps:>6} {total_seconds:>7.1f} {'':>7} "
          f"{1000 * total_seconds / max(total_steps, 1):>8.0f}")


if __name__ == "__main__":
    main()
