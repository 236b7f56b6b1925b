"""Shared sub-process `notify_party`: the contract officer sends a notification to a party and
records how, when, to whom and what; each one is appended to the case's `notifications`."""

from __future__ import annotations

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from tests.support.world import complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-03-03T09:00:00+00:00")  # the day the notifications are sent

SENT = {"notification_method": "email", "sent_on": "2026-03-03", "recipient": "Registered manager, Rosewood House",
        "reference": "EC/2026/014", "summary": "The home has been placed under Escalating Concerns."}


def test_the_notification_is_recorded_and_appended(councils):
    earlier = [{"party": "provider", "subject": "Concerns raised", "method": "letter", "sent_on": "2026-02-20",
                "recipient": "Registered manager", "reference": None}]
    case = start(councils, "notify_party", tenant="swansea",
                 data={"notification_party": "PAN Wales", "notification_subject": "Escalating Concerns alert",
                       "notifications": earlier})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("send_notification", "contract_officer")
    assert "Notify PAN Wales" in task.instructions and "Escalating Concerns alert" in task.instructions

    complete(councils, case, "send_notification", SENT)
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["sent_on"] == "2026-03-03"
    assert data["notifications"] == earlier + [{
        "party": "PAN Wales", "subject": "Escalating Concerns alert", "method": "email", "sent_on": "2026-03-03",
        "recipient": "Registered manager, Rosewood House", "reference": "EC/2026/014"}]


def test_the_party_defaults_to_the_provider_and_a_stale_reference_is_not_reused(councils):
    case = start(councils, "notify_party", tenant="lancashire", data={"reference": "OLD/1"})
    [task] = open_tasks(councils.session, case)
    assert "Notify provider" in task.instructions
    complete(councils, case, "send_notification", {k: v for k, v in SENT.items() if k != "reference"})
    [note] = case_data(councils.session, case)["notifications"]
    assert note["party"] == "provider" and note["reference"] is None and note["method"] == "email"


def test_how_when_to_whom_and_what_are_required(councils):
    case = start(councils, "notify_party", tenant="reading", data={"notification_party": "CQC"})
    with pytest.raises(Invalid) as raised:
        complete(councils, case, "send_notification", {"notification_method": "fax"})
    fields = {e["field"] for e in raised.value.errors}
    assert {"/notification_method", "/sent_on", "/recipient", "/summary"} <= fields


@pytest.mark.parametrize("tenant", ["bridgend", "neath-port-talbot", "staffordshire"])
def test_every_council_resolves_the_shared_notification(councils, tenant):
    case = start(councils, "notify_party", tenant=tenant, data={"notification_party": "CIW"})
    assert case.definition.folder == "shared"
    complete(councils, case, "send_notification", {**SENT, "notification_method": "phone"})
    assert case_data(councils.session, case)["notifications"][0]["method"] == "phone"
