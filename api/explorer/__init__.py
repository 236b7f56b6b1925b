"""``concerns explore``: walk every path a procedure allows and report what would stop a case.

For each procedure a person starts, the explorer starts cases on a throwaway database and
walks up to N paths, each as far as it goes: completing ready tasks with answers their own
schemas accept (choices and yes/no varied so every gateway answer is tried) or letting the clock
run to the next timer. It reports, per procedure, the paths walked and ended, the elements
reached, and every defect with the path that shows it:

- the case went into error, or a task refused answers its own schema accepts (422);
- a stall: running, with no ready task, no waiting timer and no case that could send it a
  message;
- a task in a lane no role can take;
- an overdue deadline that nothing chases any more.

Paths are reproducible: the same ``--seed`` walks the same paths.
"""

from __future__ import annotations

import datetime as _dt
import random
import time
from dataclasses import dataclass

from engine import clock
from engine.definitions import CompiledProcess, ProcessLibrary

from .report import Defect, DefectKind, ProcedureReport, Step, render_json, render_text
from .walk import PathWalker
from .world import EntryPoint, ExplorerWorld

__all__ = ["ExploreOptions", "explore", "Defect", "DefectKind", "ProcedureReport", "Step", "render_json",
           "render_text", "EntryPoint"]

DEFAULT_START = "2026-11-02T09:00:00+00:00"  # a Monday; every path starts here


@dataclass(frozen=True)
class ExploreOptions:
    keys: tuple[str, ...] = ()
    tenants: tuple[str, ...] = ()
    paths: int = 20
    seed: int = 1
    max_steps: int = 300
    start: str = DEFAULT_START
    involving: str | None = None  # only procedures that run this process id (a draft under check)


def explore(library: ProcessLibrary, options: ExploreOptions, *,
            replaced: list[CompiledProcess] | None = None) -> list[ProcedureReport]:
    """Explore the library's procedures (``replaced`` deployed over it, e.g. a draft)."""
    world = ExplorerWorld.build(library, replaced)
    previous = clock.set_clock(options.start)
    try:
        reports = []
        for entry in world.entry_points(list(options.keys) or None, list(options.tenants) or None, options.involving):
            reports.append(_explore_one(world, entry, options))
        return reports
    finally:
        clock.set_clock(previous)
        world.close()


def _explore_one(world: ExplorerWorld, entry: EntryPoint, options: ExploreOptions) -> ProcedureReport:
    report = ProcedureReport(process_key=entry.key, tenants=list(entry.tenants))
    started = time.perf_counter()
    start_at = _dt.datetime.fromisoformat(options.start)
    for number in range(options.paths):
        rng = random.Random(f"{options.seed}:{entry.key}:{number}")
        PathWalker(world, report, entry.tenants[0], rng, start_at, options.max_steps).walk()
    report.seconds = time.perf_counter() - started
    return report
