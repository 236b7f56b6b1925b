"""The benchmarks under bench/ still run against the product as it now is.

They are run by hand (``make bench``), so a change to a service or a form could break one
unnoticed (the 40-resident closure did: it typed a date ahead of the clock after dates about
the past were refused). Each is run here at the smallest size that goes through all its steps;
nothing is timed (speed is for the benches to print, never for a test to assert).
"""

from __future__ import annotations

import re

import pytest

from bench._hosg import hosg_figures
from bench._scale_timers import timer_figures
from bench._world import database
from bench.task_completion import measure
from engine import clock
from tests.support.world import build_world

pytestmark = pytest.mark.clock("2026-11-23T09:00:00+00:00")


def test_the_closure_bench_moves_every_resident_and_counts_what_each_completion_wrote():
    figures = hosg_figures("sqlite", 2)
    assert len(figures["times"]) >= 2 * 5  # every resident's steps, each timed
    assert len(figures["bytes"]) >= len(figures["times"])  # each wrote (a change made again on the whole case writes twice)
    assert figures["parts"][True][0] > 0  # the finished moves were set aside, written once


def test_the_completion_bench_runs_both_paths_side_by_side():
    figures = measure(1)
    assert len(figures["done"]) == len(figures["raw_done"]) == 30
    assert 0 < figures["state_bytes"] < figures["raw_bytes"]


def test_the_timer_bench_fires_each_due_timer_exactly_once(capsys):
    clock.set_clock("2026-11-23T09:00:00+00:00")
    with database("sqlite") as db:
        timer_figures(db, build_world(db.session), 6)
    printed = capsys.readouterr().out
    rounds = re.findall(r"(\d) scheduler\(s\): (\d+) timers fired of (\d+) due.*fired twice: 0; still due: 0", printed)
    assert [schedulers for schedulers, _, _ in rounds] == ["1", "2"]
    assert all(fired == due and int(due) >= 6 for _, fired, due in rounds)
