"""The Welsh HOSG closure with many residents, each moved by the per-resident sub-process:
what each completion of the residents' steps costs and writes (bench/growth.py)."""

from __future__ import annotations

import time
from contextlib import contextmanager

from bench._support import ROOT, median, ms, percentile, verdict
from bench._world import database

from sqlalchemy import func, select

from api.cases import runs
from api.cases.models import CasePart
from engine.definitions import ProcessLibrary
from tests.processes import test_wales_steps as steps
from tests.processes.test_wales_home_closure_resident_move import (
    allocate, assess, cancel_contract, choose_and_move, for_resident, review,
)
from tests.processes.test_wales_home_operational_support_group import notify_closure
from tests.support.dates import catch_up
from tests.support.world import build_world

__all__ = ["hosg_figures", "print_hosg"]


@contextmanager
def _recording():
    """Time every completion the scenario helpers make, and count the bytes each writes."""
    record = {"times": [], "bytes": []}
    complete, write = steps.complete_task, runs.write_parts

    def timed_complete(*args, **kwargs):
        began = time.perf_counter()
        try:
            return complete(*args, **kwargs)
        finally:
            record["times"].append(time.perf_counter() - began)

    def counted_write(session, case_id, parts, changed):
        record["bytes"].append(sum(len(part.text) for part in changed))
        return write(session, case_id, parts, changed)

    steps.complete_task, runs.write_parts = timed_complete, counted_write
    try:
        yield record
    finally:
        steps.complete_task, runs.write_parts = complete, write


def _set_up(councils, case, residents: list[dict]) -> None:
    """As tests/processes/test_wales_home_operational_support_group.py set_up_hosg, with these residents."""
    steps.hold_meeting(councils, case, "2027-01-05")
    steps.do(councils, case, "agree_hosg_arrangements", {
        "hosg_chair": "Principal Officer", "hosg_coordinator": "Contracting Officer", "hosg_minute_taker": "Business support",
        "hosg_lead_officer": "Team manager", "other_funded_assessments": "None.", "funder_notification_arrangements": "Letters.",
        "review_meeting_frequency": "weekly", "first_review_meeting_on": "2027-01-12"})
    checklist = steps.task_data(councils, case, "agree_closure_checklist")["closure_checklist"]
    agreed = [dict(row, applies=False) if row["item"] == 2 else
              dict(row, named_lead=f"Officer {row['item']}", action_by="2027-02-28") for row in checklist]
    steps.do(councils, case, "agree_closure_checklist", {"closure_checklist": agreed})
    catch_up("2027-01-06")  # the list is dated the day it was obtained, never ahead of the clock
    steps.do(councils, case, "list_residents", {"residents": residents, "residents_list_obtained_on": "2027-01-06"})


def _move_everyone(db, councils, case, names: list[str]) -> None:
    for name in names:
        allocate(councils, case, name)
        assess(councils, case, name)
        steps.do(councils, case, "arrange_advocacy", {"advocacy": "not_needed"}, for_resident(name))
        choose_and_move(councils, case, name, "Ty Newydd", "2027-02-01", "2027-02-15")
        cancel_contract(councils, case, name, "2027-02-01")
    # every resident has left: the list is confirmed and the contracts cancelled before the reviews
    steps.do(councils, case, "update_residents_list", {"residents_change": "list_complete"})
    steps.do(councils, case, "cancel_contracts", {
        "individual_contracts_cancelled_on": "2027-02-01", "overarching_contract_cancelled_on": "2027-02-01",
        "health_board_contracts_cancelled_on": "2027-02-01", "financial_arrangements": "Reconciled.",
        "home_closed_on": "2027-02-01"})
    steps.tick(db.sessions, "2027-02-15T09:00:01")
    for name in names:
        review(councils, case, name, "2027-02-15")


def hosg_figures(url: str, count: int) -> dict:
    residents = [{"name": f"Resident {n:02d}", "room": str(n), "funding": "council", "next_of_kin": "None known"}
                 for n in range(1, count + 1)]
    with database(url) as db:
        councils = build_world(db.session, ProcessLibrary(ROOT / "processes", ROOT / "forms"))
        case = notify_closure(councils)
        _set_up(councils, case, residents)
        with _recording() as record:
            _move_everyone(db, councils, case, [r["name"] for r in residents])
        parts = db.session.execute(select(CasePart.finished, func.count(), func.sum(func.length(CasePart.state)))
                                   .where(CasePart.case_id == case.id).group_by(CasePart.finished)).all()
    return {**record, "parts": {bool(finished): (n, size) for finished, n, size in parts}}


def print_hosg(name: str, figures: dict, count: int) -> None:
    times, written = figures["times"], figures["bytes"]
    last = times[-count:]
    print(f"\nHOSG closure with {count} residents on {name}: {len(times)} completions of the residents' steps")
    print(f"  every completion      median {ms(median(times))}  p95 {ms(percentile(times, 95))}")
    print(f"  the last {count} (reviews) median {ms(median(last))}  p95 {ms(percentile(last, 95))}  worst {ms(max(last))}")
    print(f"  bytes written per completion: median {median(written):,.0f}, most {max(written):,}")
    live, done = figures["parts"].get(False, (0, 0)), figures["parts"].get(True, (0, 0))
    print(f"  parts at the end: {live[0]} live ({live[1] or 0:,} bytes), {done[0]} finished ({done[1] or 0:,} bytes, written once)")
    print(f"target: completion on the {count}-resident closure under 30 ms median: {verdict(median(times) < 0.030)}")
