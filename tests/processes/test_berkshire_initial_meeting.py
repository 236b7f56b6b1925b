"""Berkshire Provider Concerns, Step 2 (berkshire_initial_meeting):
the Findings meeting merged by local arrangement, a late meeting.

Driven through the top-level process, as Reading (folders reading, berkshire, shared) runs it.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from api.cases.service import case_data
from api.errors import Invalid
from tests.processes.berkshire_steps import (
    set_review_date,
    READING,
    UTC,
    timers,
    chase,
    chaser_role,
    fire,
    decide,
    step_1,
    step_2,
    meet_provider,
)
from tests.support.world import complete, open_elements


def test_the_findings_meeting_is_merged_into_step_2_by_local_arrangement(councils, sessions):
    world = councils
    world.tenants[READING].thresholds = {"findings_meeting_merged_into_initial_meeting": True,
                                         "update_meeting_weeks": {"moderate": 3}}
    world.session.commit()
    case = decide(world)
    step_1(world, case)
    step_2(world, case, merged=True)
    # Step 3 starts at the meeting with the provider: no separate enquiry report or Findings meeting.
    assert open_elements(world, case) == ["meet_provider"]
    data = case_data(world.session, case)
    assert data["findings_record"]["agreed_on"] == "2027-03-05"
    assert [m["kind"] for m in data["meetings"]] == ["initial_provider_concerns_meeting"]
    assert "enquiry_findings_overdue" not in timers(world, case)
    # The provider meeting falls due 5 working days after the findings were agreed at step 2.
    assert timers(world, case)["provider_meeting_overdue"].due_at == _dt.datetime(2027, 3, 12, 17, tzinfo=UTC)
    meet_provider(world, case)
    # The council's own review interval for moderate risk (3 weeks) is used.
    assert timers(world, case)["review_due"].due_at == _dt.datetime(2027, 4, 12, 16, tzinfo=UTC)


def test_an_initial_meeting_not_held_in_time_is_chased_and_the_record_survives(councils, sessions):
    world = councils
    case = decide(world)
    step_1(world, case)
    overdue = timers(world, case)["initial_meeting_overdue"]
    assert overdue.due_at == _dt.datetime(2027, 3, 8, 17, tzinfo=UTC)  # 5 working days after Monday 1 March
    fire(world, sessions, "2027-03-08", 18)
    assert set(open_elements(world, case)) == {"chase_step", "prepare_meeting"}
    assert chaser_role(world, case) == "head_of_service"
    chase(world, case)
    step_2(world, case)
    # The meeting held, the chase ended with it, and the case record is whole.
    assert open_elements(world, case) == ["report_enquiry_findings"]
    data = case_data(world.session, case)
    assert len(data["risk_management_plan"]) == 2 and len(data["commissioning_intentions"]) == 2
    assert [m["kind"] for m in data["meetings"]] == ["initial_provider_concerns_meeting"]
    assert len(data["meetings_held"]) == 1


def test_a_findings_meeting_date_other_than_the_local_four_weeks_needs_a_reason_and_times_the_findings(councils):
    world = councils
    case = decide(world)
    step_1(world, case)
    # Four weeks after the initial meeting on 5 March is 2 April; 16 April is later.
    with pytest.raises(Invalid) as refused:
        step_2(world, case, findings_date="2027-04-16", findings_reason=None)
    assert case_data(world.session, case)["recommended_findings_meeting_date"] == "2027-04-02"
    assert any(e["field"] == "/findings_date_reason" for e in refused.value.errors)
    complete(world, case, "set_findings_meeting_date", {"findings_meeting_date": "2027-04-16",
                                                        "findings_date_reason": "The pharmacist's audit ends on 14 April"})
    assert timers(world, case)["enquiry_findings_overdue"].due_at == _dt.datetime(2027, 4, 16, 16, tzinfo=UTC)
