"""PAN Wales notification (seed 004, 4.5 and Appendix 4): processes/wales/pan_wales_notification.bpmn.

Called at the beginning and the end of Escalating Concerns and of a Home Operational Support Group; started
directly here, as a caller would, with the stage and status set.
"""

from __future__ import annotations

import pytest

from api.errors import Invalid
from tests.processes.test_wales_steps import at, data_of, do, open_steps, pan_wales, status, task_data
from tests.support.dates import catch_up
from tests.support.world import start

TENANT = "swansea"
KEY = "pan_wales_notification"


def begin(world, **data):
    at("2027-01-04T10:00:00")
    return start(world, KEY, tenant=TENANT, data={"pan_wales_stage": "start", "pan_wales_status": "escalating_concerns",
                                                  "pan_wales_commenced_on": "2026-12-24", **data})


def test_the_beginning_of_the_process_is_notified_to_pan_wales_and_the_social_work_teams(councils):
    case = begin(councils)
    form = task_data(councils, case, "complete_appendix_4")
    assert form["pan_wales_provider_name"] == form["provider_name"]
    assert form["pan_wales_category_of_care"] == "Residential care home"
    assert "pan_wales_closed_on" not in form
    pan_wales(councils, case, "2026-12-29")
    assert status(councils, case) == "completed"
    data = data_of(councils, case)
    assert data["pan_wales_notice"] == {
        "stage": "start", "status": "escalating_concerns", "provider_name": form["provider_name"],
        "category_of_care": "Residential care home", "overarching_organisation": None,
        "authority": "Bridgend County Borough Council", "commissioning_contact": "Commissioning team, 01656 000000",
        "commenced_on": "2026-12-24", "placement_restrictions": "None", "closed_on": None,
        "sent_on": "2026-12-29", "social_work_teams_notified_on": "2026-12-29"}
    assert [n["party"] for n in data["notifications"]] == [
        "PAN Wales Commissioning Network (Commissioning Team, Caerphilly: comteam@caerphilly.gov.uk)",
        "The council's social work teams"]
    assert data["notifications"][0]["subject"] == (
        "Notification of Escalating Concerns / Provider Performance: Escalating Concerns commenced")


def test_the_end_notice_needs_the_date_of_the_formal_closure(councils):
    case = begin(councils, pan_wales_stage="end", pan_wales_status="hosg", pan_wales_closed_on="2027-03-09")
    form = task_data(councils, case, "complete_appendix_4")
    assert form["pan_wales_closed_on"] == "2027-03-09"
    answer = {"pan_wales_stage": "end", "pan_wales_provider_name": "Rosewood", "pan_wales_category_of_care": "Nursing",
              "pan_wales_authority": "Swansea Council", "pan_wales_commissioning_contact": "Commissioning team",
              "pan_wales_status": "hosg", "pan_wales_commenced_on": "2027-01-04",
              "pan_wales_placement_restrictions": "Placements suspended until closure"}
    catch_up("2027-03-09")  # the end notice is completed once the process has formally closed
    with pytest.raises(Invalid, match="pan_wales_closed_on"):
        do(councils, case, "complete_appendix_4", answer)
    do(councils, case, "complete_appendix_4", dict(answer, pan_wales_closed_on="2027-03-09"))
    assert task_data(councils, case, "send_notification")["notification_subject"] == (
        "Notification of Escalating Concerns / Provider Performance: Home Operational Support Group (HOSG) ended")
    assert open_steps(councils, case) == ["send_notification"]
