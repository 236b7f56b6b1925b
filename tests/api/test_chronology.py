"""A case's chronology: decisions with the recommendation and the reason for an override, deadlines
met or missed, documents and meetings, in date order and plain words, as the reader may see it."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from engine import clock
from engine.roles import Role
from tests.support.world import complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


@pytest.fixture
def worked_case(world, http):
    case = start(world, "letters")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    complete(world, case, "record_grounds", {"grounds": "Falls not reported", "remedy_timescale": "28 days",
                                             "adults_named": "Mrs Ada Example"})
    clock.set_clock("2026-11-24T11:00:00+00:00")
    complete(world, case, "decide_outcome", {"decided_outcome": "monitor", "outcome_reason": "The home acted at once"})
    task = next(t for t in open_tasks(world.session, case) if t.element_id == "notify_provider")
    letter = http.post(f"/api/v1/tasks/{task.id}/documents", json={"template": "provider_notice.docx"}).json
    http.post(f"/api/v1/documents/{letter['id']}/dispatches", json={"method": "post", "sent_on": "2026-11-24",
                                                                     "recipient": "Registered manager"})
    clock.set_clock("2026-11-25T10:00:00+00:00")
    complete(world, case, "notify_provider", {"notice_method": "letter", "notice_sent_on": "2026-11-24"})
    complete(world, case, "record_meeting", {"attendees": ["Sam Lee, council", "Jo Park, ICB"], "confidentiality_agreed": True,
                                             "minutes": "Discussed falls",
                                             "actions": [{"action": "Audit falls", "owner": "Manager", "due_date": "2026-12-09"}]})
    return case


def test_the_chronology_tells_the_case_in_date_order_and_plain_words(http, worked_case):
    found = http.get(f"/api/v1/cases/{worked_case.id}/chronology")
    assert found.status_code == 200
    entries = found.json["entries"]
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    decision = next(e for e in entries if e["kind"] == "decision")
    assert decision["title"] == "Decision: Decide the outcome"
    assert decision["details"] == ["Recommended: Suspend new placements", "Decided: Monitor the provider",
                                   "Reason for deciding differently: The home acted at once"]
    assert decision["who"] == "head_of_service@alpha.test" and decision["at"].startswith("2026-11-24T11:00")
    deadline = next(e for e in entries if e["kind"] == "deadline")
    assert deadline["title"] == "Deadline met: Provider not notified within two working days"
    assert [e["title"] for e in entries if e["kind"] == "document"] == ["Letter generated: Provider notice",
                                                                      "Letter sent: Provider notice"]
    meeting = next(e for e in entries if e["kind"] == "meeting")
    assert meeting["details"][:2] == ["Present: Sam Lee, council, Jo Park, ICB", "Action: Audit falls (owner Manager, due 9 December 2026)"]
    text = json.dumps(entries)
    for raw in ("decided_outcome", "outcome_reason", "remedy_timescale", "decision_date", "notice_sent_on"):
        assert raw not in text
    assert "Grounds for default: Falls not reported" in text and "Date of the decision: 24 November 2026" in text


def test_confidential_items_are_left_out_for_the_roles_barred_from_them(http, worked_case):
    mine = json.dumps(http.get(f"/api/v1/cases/{worked_case.id}/chronology").json)
    partners = json.dumps(http.get(f"/api/v1/cases/{worked_case.id}/chronology", role=Role.PARTNER).json)
    assert "Mrs Ada Example" in mine and "Mrs Ada Example" not in partners
    assert http.get(f"/api/v1/cases/{worked_case.id}/chronology", tenant="beta").status_code == 404


def test_the_chronology_downloads_as_a_word_document(http, worked_case):
    download = http.get(f"/api/v1/cases/{worked_case.id}/chronology?format=docx")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f"attachment; filename=chronology-case-{worked_case.id}.docx"
    document = Document(io.BytesIO(download.data))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["When", "What happened", "Who", "Details"]
    decision = next(r for r in rows if r[1] == "Decision: Decide the outcome")
    assert decision[0] == "11:00 on 24 November 2026"
    assert "Reason for deciding differently: The home acted at once" in decision[3]
