"""Deadline compliance for a council and period: met, missed and by how much, with the cases
behind each figure, as JSON, CSV and XLSX, for heads of service and administrators only."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from api.cases.scheduler import run_due_timers
from engine import clock
from engine.roles import Role
from tests.support.world import complete, start

pytestmark = pytest.mark.clock("2026-11-02T09:00:00+00:00")  # a Monday
URL = "/api/v1/reports/deadlines?from=2026-11-01&to=2026-11-30"


def _notice(world, sessions, decided: str, notified_at: str | None):
    """A timers case decided on a day; the provider notified at a moment (None: never)."""
    clock.set_clock(f"{decided}T09:00:00+00:00")
    case = start(world, "timers")
    complete(world, case, "record_decision", {"decision_date": decided})
    if notified_at:
        clock.set_clock(notified_at)
        run_due_timers(sessions)
        world.session.expire_all()
        complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": notified_at[:10]})
    return case


@pytest.fixture
def notices(world, sessions):
    met = _notice(world, sessions, "2026-11-02", "2026-11-03T10:00:00+00:00")            # due 4 Nov 17:00: met
    late = _notice(world, sessions, "2026-11-09", "2026-11-12T17:00:00+00:00")           # due 11 Nov 17:00: 1 day late
    later = _notice(world, sessions, "2026-11-16", "2026-11-23T17:00:00+00:00")          # due 18 Nov 17:00: 5 days late
    never = _notice(world, sessions, "2026-11-23", None)                                   # due 25 Nov: still overdue on 30 Nov
    clock.set_clock("2026-11-30T17:00:00+00:00")
    run_due_timers(sessions)
    return met, late, later, never


def test_each_timescale_says_how_many_were_met_and_missed_and_by_how_much(http, notices):
    met, late, later, never = notices
    report = http.get(URL, role=Role.HEAD_OF_SERVICE)
    assert report.status_code == 200, report.json
    notice = next(t for t in report.json["timescales"] if t["timer_element_id"] == "provider_notice_overdue")
    assert (notice["procedure"], notice["deadline"], notice["step"]) == ("Timers", "Provider notice overdue", "Notify the provider")
    assert (notice["due"], notice["met"], notice["missed"], notice["still_open"], notice["met_percent"]) == (4, 1, 3, 1, 25)
    # Late by 1 day, 5 days, and (still open) 5 days so far: the median is 5 days, the worst 5.
    assert (notice["median_late_days"], notice["worst_late_days"], notice["worst_late"]) == (5.0, 5.0, "5 days")
    assert notice["met_cases"] == [met.id] and notice["missed_cases"] == sorted([late.id, later.id, never.id])


def test_a_period_takes_the_deadlines_that_fell_due_in_it(http, notices):
    first_week = http.get("/api/v1/reports/deadlines?from=2026-11-01&to=2026-11-07", role=Role.ADMIN).json
    notice = next(t for t in first_week["timescales"] if t["timer_element_id"] == "provider_notice_overdue")
    assert (notice["due"], notice["met"], notice["missed"]) == (1, 1, 0)


def test_the_figures_download_as_csv_and_xlsx(http, notices):
    as_csv = http.get(URL + "&format=csv", role=Role.HEAD_OF_SERVICE)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert rows[0] == ["Deadline compliance, 1 November 2026 to 30 November 2026"]
    notice = next(r for r in rows if len(r) > 1 and r[1] == "Provider notice overdue")
    assert notice[3:8] == ["4", "1", "3", "1", "25"]
    book = load_workbook(io.BytesIO(http.get(URL + "&format=xlsx", role=Role.HEAD_OF_SERVICE).data))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:6] == ["Procedure", "Deadline", "Step", "Fell due", "Met", "Missed"]


def test_reports_are_for_heads_of_service_and_administrators_and_say_what_is_wrong(http, notices):
    assert http.get(URL, role=Role.CONTRACT_OFFICER).status_code == 403
    backwards = http.get("/api/v1/reports/deadlines?from=2026-11-30&to=2026-11-01", role=Role.ADMIN)
    assert backwards.status_code == 422 and "swap the dates" in backwards.json["detail"]
    missing = http.get("/api/v1/reports/deadlines?from=2026-11-01", role=Role.ADMIN)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "/to"
    other = http.get(URL, role=Role.ADMIN, tenant="beta").json
    assert other["timescales"] == []
