"""A provider's risk picture: its cases across procedures, time in each stage, current risk, open
actions, documents, and the flags the seeds define."""

from __future__ import annotations

import datetime as _dt
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from api.reports.flags import provider_flags
from engine import clock
from engine.roles import Role
from tests.support.world import complete, start

UTC = _dt.timezone.utc


@pytest.fixture
def history(world, http):
    clock.set_clock("2026-09-01T09:00:00+00:00")
    meeting = start(world, "call_meeting", role=Role.CHAIR)
    clock.set_clock("2026-09-11T09:00:00+00:00")
    complete(world, meeting, "record_meeting", {"attendees": ["A"], "confidentiality_agreed": True, "minutes": "m"})
    complete(world, meeting, "approve_minutes", {"minutes_approved": True})
    clock.set_clock("2026-10-01T09:00:00+00:00")
    lse = start(world, "lse", role=Role.SAFEGUARDING_LEAD)
    complete(world, lse, "lse_set_up", {"lse_lead": "Lead", "concern_themes": ["nutrition"], "police_investigation_active": False})
    complete(world, lse, "record_lse_discussion", {"summary_of_concerns": "s", "lse_risk_level": "extreme",
                                                  "lse_recommends_suspension": False, "adults_safe": False})
    http.post(f"/api/v1/cases/{lse.id}/documents", data={"files": [(io.BytesIO(b"%PDF-1.7"), "inspection.pdf")]},
              content_type="multipart/form-data")
    clock.set_clock("2026-10-21T09:00:00+00:00")
    return meeting, lse


def test_the_picture_shows_every_case_stage_risk_action_and_document(http, world, history):
    meeting, lse = history
    picture = http.get(f"/api/v1/providers/{world.providers['alpha']}/risk", role=Role.HEAD_OF_SERVICE)
    assert picture.status_code == 200, picture.json
    body = picture.json
    assert [(c["id"], c["procedure"], c["status"]) for c in body["cases"]] == [
        (meeting.id, "Call a meeting", "running"), (lse.id, "Large Scale Enquiry", "running")]
    stages = {s["stage"]: s["days"] for s in body["stages"]}
    assert stages["Multi-agency meeting"] == 10.0  # called on 1 Sept, recorded on 11 Sept
    assert stages["Large Scale Enquiry"] == 20.0 and stages["Call a meeting"] == 50.0
    assert body["current_risk"]["level"] == "Extreme" and body["current_risk"]["case_id"] == lse.id
    assert {t["name"] for t in body["open_tasks"]} == {"Follow up the meeting", "Decide the next step"}
    assert [d["title"] for d in body["documents"]] == ["inspection.pdf"]


def test_the_picture_downloads_as_a_workbook_and_is_for_managers_only(http, world, history):
    url = f"/api/v1/providers/{world.providers['alpha']}/risk"
    book = load_workbook(io.BytesIO(http.get(url + "?format=xlsx", role=Role.ADMIN).data))
    assert [s.title for s in book.worksheets][1:] == ["Time in each stage", "Open actions", "Flags", "Documents"]
    assert http.get(url, role=Role.PARTNER).status_code == 403
    assert http.get(url, role=Role.ADMIN, tenant="beta").status_code == 404


def _case(number, key, started, status="completed"):
    return SimpleNamespace(id=number, process_key=key, started_at=started, status=status)


def test_the_seeds_flags_each_say_why():
    now = _dt.datetime(2027, 6, 1, tzinfo=UTC)
    tenant = SimpleNamespace(thresholds={})
    cases = [_case(1, "escalating_concerns", _dt.datetime(2025, 9, 1, tzinfo=UTC)),
             _case(2, "escalating_concerns", _dt.datetime(2026, 12, 1, tzinfo=UTC)),
             _case(3, "lancashire_radar", _dt.datetime(2026, 5, 1, tzinfo=UTC), status="running")]
    flags = provider_flags(tenant, None, cases, [], now)
    assert [f["title"] for f in flags] == ["Higher-risk provider: in Escalating Concerns twice or more in 24 months",
                                           "On Radar for 12 months: a peer review is due"]
    assert flags[0]["why"] == "2 Escalating Concerns cases started since 2025-06-01: case 1, case 2"
    assert provider_flags(tenant, None, cases[1:2], [], now) == []
