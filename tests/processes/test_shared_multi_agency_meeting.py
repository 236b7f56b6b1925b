"""Shared sub-process `multi_agency_meeting`: prepare, record (attendees, apologies, confidentiality,
minutes, decisions, actions), and the history of meetings held.

Started directly as a case; the call-activity path is exercised by the region teams' scenarios.
"""

from __future__ import annotations

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from engine.roles import Role
from tests.support.world import complete, open_elements, open_tasks, start

INVITEES = [
    {"name": "Jo Patel", "organisation": "Bridgend County Borough Council", "role": "Contracting Officer"},
    {"name": "Sam Evans", "organisation": "Cwm Taf Morgannwg UHB", "role": "Nurse Assessor"},
    {"name": "Alex Hughes", "organisation": "CIW", "role": "Inspector"},
]
ACTIONS = [{"action": "Submit a corrective action plan", "owner": "Registered manager",
            "organisation": "Rosewood House", "due_date": "2026-03-20"}]


def _prepare(world, case, **extra):
    complete(world, case, "prepare_meeting", {
        "meeting_title": extra.pop("meeting_title", "Initial JIMP meeting"),
        "meeting_date": extra.pop("meeting_date", "2026-03-02"),
        "meeting_format": "virtual", "invitees": INVITEES,
        "agenda": ["Present at meeting", "Apologies", "Summary of concerns"], **extra,
    })


def _record(world, case, **fields):
    data = {
        "attendees": INVITEES[:2],
        "apologies": [{"name": "Alex Hughes", "organisation": "CIW"}],
        "confidentiality_agreed": True,
        "minutes": "Concerns about medication management were shared.",
        "meeting_decisions": "Escalating Concerns to continue; CAP to be developed.",
        "meeting_actions": ACTIONS,
        "next_meeting_date": "2026-03-30",
    }
    data.update(fields)
    complete(world, case, "record_meeting", data)


def test_admin_prepares_and_the_chair_records_the_meeting(councils):
    case = start(councils, "multi_agency_meeting", tenant="lancashire",
                 data={"meeting_title": "Radar meeting", "meeting_agenda": ["Early alerts", "Any other business"]})
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("prepare_meeting", "admin")
    assert "1. Early alerts" in task.instructions and "2. Any other business" in task.instructions
    assert case_data(councils.session, case)["agenda"] == ["Early alerts", "Any other business"]

    _prepare(councils, case, meeting_title="Radar meeting")
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("record_meeting", "chair")
    assert "Radar meeting on 2026-03-02" in task.instructions and "{{" not in task.instructions
    assert "should not be shared with any other person" in task.instructions
    # the invitees are offered as the attendees, to be corrected by the chair
    assert case_data(councils.session, case)["attendees"] == INVITEES

    _record(councils, case)
    assert case.status == "completed"
    data = case_data(councils.session, case)
    assert data["meeting_date"] == "2026-03-02"
    assert data["attendees"] == INVITEES[:2]
    assert data["apologies"] == [{"name": "Alex Hughes", "organisation": "CIW"}]
    assert data["confidentiality_agreed"] is True
    assert data["meeting_decisions"].startswith("Escalating Concerns to continue")
    assert data["meeting_actions"] == ACTIONS
    assert data["next_meeting_date"] == "2026-03-30"
    assert [(m["date"], m["title"]) for m in data["meetings_held"]] == [("2026-03-02", "Radar meeting")]


def test_without_a_title_or_agenda_the_practice_guide_agenda_is_proposed(councils):
    case = start(councils, "multi_agency_meeting", tenant="staffordshire")
    [task] = open_tasks(councils.session, case)
    assert "Confidentiality statement to be agreed by all participants" in task.instructions
    data = case_data(councils.session, case)
    assert data["meeting_title"] == "Multi-agency meeting"
    assert "Apologies" in data["agenda"]


def test_optional_answers_default_and_meetings_accumulate_across_rounds(councils):
    case = start(councils, "multi_agency_meeting", tenant="reading",
                 data={"meeting_title": "Update meeting",
                       "meetings_held": [{"date": "2026-01-05", "title": "Initial provider concerns meeting"}],
                       # left over from the previous round in the caller: must not be reported again
                       "next_meeting_date": "2026-02-01", "apologies": [{"name": "Old", "organisation": "Old"}]})
    _prepare(councils, case, meeting_title="Update meeting")
    complete(councils, case, "record_meeting", {
        "attendees": INVITEES, "confidentiality_agreed": True, "minutes": "Progress reviewed.",
        "meeting_decisions": "Move to quality assurance.",
    })
    data = case_data(councils.session, case)
    assert data["apologies"] == [] and data["meeting_actions"] == [] and data["next_meeting_date"] is None
    assert [m["title"] for m in data["meetings_held"]] == ["Initial provider concerns meeting", "Update meeting"]


def test_confidentiality_not_agreed_needs_an_explanation(councils):
    case = start(councils, "multi_agency_meeting", tenant="swansea")
    _prepare(councils, case)
    with pytest.raises(Invalid) as raised:
        _record(councils, case, confidentiality_agreed=False)
    assert any(e["field"] == "/confidentiality_notes" for e in raised.value.errors)
    _record(councils, case, confidentiality_agreed=False,
            confidentiality_notes="The provider's representative left before confidential items were discussed.")
    assert case.status == "completed"
    assert case_data(councils.session, case)["confidentiality_agreed"] is False


def test_an_action_without_an_owner_or_due_date_is_refused(councils):
    case = start(councils, "multi_agency_meeting", tenant="lancashire")
    _prepare(councils, case)
    with pytest.raises(Invalid) as raised:
        _record(councils, case, meeting_actions=[{"action": "Audit MAR charts", "organisation": "Council"}])
    fields = {e["field"] for e in raised.value.errors}
    assert {"/meeting_actions/0/owner", "/meeting_actions/0/due_date"} <= fields
    assert open_elements(councils, case) == ["record_meeting"]


def test_only_the_chair_records_the_meeting(councils):
    from api.cases.service import complete_task
    from api.errors import Forbidden

    case = start(councils, "multi_agency_meeting", tenant="lancashire")
    _prepare(councils, case)
    [task] = open_tasks(councils.session, case)
    with pytest.raises(Forbidden):
        complete_task(councils.session, tenant=councils.tenants["lancashire"],
                      actor=councils.actor("lancashire", Role.ADMIN), task_id=task.id, data={})


@pytest.mark.parametrize("tenant", ["bridgend", "neath-port-talbot", "stoke-on-trent"])
def test_every_council_resolves_the_shared_meeting(councils, tenant):
    case = start(councils, "multi_agency_meeting", tenant=tenant)
    assert case.definition.folder == "shared" and case.definition.key == "multi_agency_meeting"
    assert open_elements(councils, case) == ["prepare_meeting"]
