"""Every shipped procedure, walked as real cases would go (issue 15): no path ends in error, a
refused answer, a stall, a task nobody can take, or an overdue deadline nothing chases.

A fixed budget keeps this in `make test`: a few paths per procedure from a fixed seed, each cut
at a bounded number of steps. `concerns explore` walks more (its default is 20 paths)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.explorer import ExploreOptions, explore
from engine.definitions import ProcessLibrary

ROOT = Path(__file__).resolve().parent.parent.parent
LIBRARY = ProcessLibrary(ROOT / "processes", ROOT / "forms")
PATHS, MAX_STEPS, SEED = 3, 120, 2026

# One council per region: a council's own folder changes nothing here, the region's does.
COUNCILS = ["lancashire", "staffordshire", "reading", "swansea"]


@pytest.mark.parametrize("council", COUNCILS)
def test_every_path_of_every_procedure_ends_or_is_chased(council):
    reports = explore(LIBRARY, ExploreOptions(tenants=(council,), paths=PATHS, max_steps=MAX_STEPS, seed=SEED))
    assert reports, f"{council} starts no procedure"
    defects = [f"{r.process_key}: {d.kind} at {d.element_id}: {d.message}" for r in reports for d in r.defects.values()]
    assert defects == []
