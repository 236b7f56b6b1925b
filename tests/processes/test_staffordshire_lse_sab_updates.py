"""Level 4 - Large Scale Enquiry: the anonymised updates for the Safeguarding Adults Board (seed
001, 9.21 and practice guide 9): each quarter's, reviewed and shared, late quarters in turn, and
the closing update."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from api.cases.models import CaseStatus
from api.errors import Invalid
from tests.processes.staffordshire_lse_steps import (
    assert_no_names_in,
    coordinate_enquiries,
    decide_exclusions,
    lse_discussion,
    lse_meeting,
    lse_set_up,
    start_lse,
)
from tests.processes.test_staffordshire_support import (
    UTC, at, complete, data, fire_timers, hold_meeting, open_elements, open_tasks, status, task_data, timers,
)
from tests.support.dates import catch_up


def test_each_quarter_an_anonymised_lse_update_is_produced_for_the_safeguarding_adults_board(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", next_meeting_date="2027-01-11")
    quarter_end = timers(councils, case)["quarter_end_reached"]
    assert quarter_end.due_at == _dt.datetime(2026, 12, 31, 17, tzinfo=UTC)
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 31, 16, 59, tzinfo=UTC))
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    fire_timers(councils, sessions, _dt.datetime(2026, 12, 31, 17, 1, tzinfo=UTC))
    assert open_elements(councils, case) == ["share_sab_lse_update"]

    current = data(councils, case)
    sab, qsism = current["sab_lse_update"], current["qsism_lse_update"]
    assert sab["quarter"] == "2026 Q4" and sab["status"] == "open"
    assert sab["adults_who_may_have_been_abused"] == 2
    assert sab["section_42_enquiries"] == {"total": 2, "open": 1, "concluded": 1}
    assert sab["concern_themes"] == ["Poor moving and handling with inappropriate techniques or equipment",
                                     "Skin integrity needs not being met"]
    assert len(sab["paragraph_9_5_factors"]) == 4
    assert sab["summary"].startswith("Large Scale Enquiry at a care home (residential), open (started 2 Nov 2026)")
    # anonymised: no names of adults anywhere, and not even the provider's name for the Board
    assert_no_names_in(sab)
    assert "Rosewood" not in json.dumps(sab)
    # QSISM hears the specific organisational concerns, with any adult's name taken out
    assert qsism["provider"] == "Rosewood House (staffordshire)"
    assert qsism["organisational_concerns"] == ("Systemic moving and handling failures; slings not assessed. "
                                                "[name removed]'s ulcer was not reported.")
    assert qsism["regulatory_issues"] == "CQC warning notice; [name removed]'s care plan not followed."
    assert_no_names_in(qsism)

    catch_up("2027-01-08")  # before the next LSE meeting of 11 January
    complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": True,
                                                      "shared_with_sab_on": "2027-01-06",
                                                      "shared_with_qsism_on": "2027-01-08"})
    assert open_elements(councils, case) == ["coordinate_enquiries"]
    current = data(councils, case)
    assert current["sab_lse_updates"][0]["shared_with_sab_on"] == "2027-01-06"
    assert current["sab_next_update_due"] == "2027-03-31"
    # the next quarter ends in British Summer Time: 17:00 London is 16:00 UTC
    assert timers(councils, case)["quarter_end_reached"].due_at == _dt.datetime(2027, 3, 31, 16, tzinfo=UTC)


def test_the_update_cannot_be_shared_without_confirming_it_holds_no_personal_data(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    fire_timers(councils, sessions, _dt.datetime(2027, 1, 1, tzinfo=UTC))
    catch_up("2027-01-14")
    with pytest.raises(Invalid, match="no_personal_data_confirmed"):
        complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": False,
                                                          "shared_with_sab_on": "2027-01-14"})


def test_a_quarter_that_ends_during_a_meeting_is_reported_once_the_meeting_is_recorded(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue")
    at(2026, 12, 30)
    coordinate_enquiries(councils, case)  # the next meeting is being arranged as the quarter ends
    fire_timers(councils, sessions, _dt.datetime(2027, 1, 4, 9, tzinfo=UTC))
    assert open_elements(councils, case) == ["decide_provider_exclusions"]
    lse_meeting(councils, case, "continue", risk="moderate")
    fire_timers(councils, sessions)
    assert open_elements(councils, case) == ["share_sab_lse_update"]
    sab = data(councils, case)["sab_lse_update"]
    assert (sab["quarter"], sab["meetings_held"], sab["current_risk_level"]) == ("2026 Q4", 2, "moderate")


# --------------------------------------------------------------------------- 9.16 imminent failure


def test_a_quarter_timer_several_quarters_late_reports_each_missed_quarter_in_turn(councils, sessions):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    lse_meeting(councils, case, "continue", next_meeting_date="2027-09-30")
    # Nothing ran the timers from Christmas until August: three quarters ended meanwhile.
    late = _dt.datetime(2027, 8, 2, 9, tzinfo=UTC)
    reported = []
    for _ in range(3):
        fire_timers(councils, sessions, late)
        assert open_elements(councils, case) == ["share_sab_lse_update"]
        reported.append(task_data(councils, case, "share_sab_lse_update")["sab_lse_update"]["quarter"])
        complete(councils, case, "share_sab_lse_update", {"no_personal_data_confirmed": True,
                                                          "shared_with_sab_on": "2027-08-02"})
    assert reported == ["2026 Q4", "2027 Q1", "2027 Q2"]
    fire_timers(councils, sessions, late)
    assert open_elements(councils, case) == ["coordinate_enquiries"]  # the current quarter is not over yet
    assert timers(councils, case)["quarter_end_reached"].due_at == _dt.datetime(2027, 9, 30, 16, tzinfo=UTC)
    assert [u["shared_with_sab_on"] for u in data(councils, case)["sab_lse_updates"]] == ["2027-08-02"] * 3


def test_the_closing_lse_update_is_reviewed_and_shared_before_the_lse_ends(councils):
    at(2026, 11, 2)
    case = start_lse(councils)
    lse_set_up(councils, case)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, adults_safe=True, risk="low")
    complete(councils, case, "decide_lse_next_step", {
        "lse_recommended_next_step": "adults_safe", "lse_decision": "adults_safe", "lse_de_escalate_to": "close",
        "lse_outcome_summary": "Users of the service are safe from abuse or neglect."})
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "share_closing_lse_update"]
    assert task.role == "safeguarding_lead" and "## Closing LSE update" in task.instructions
    catch_up("2026-11-10")
    complete(councils, case, "share_closing_lse_update", {"no_personal_data_confirmed": True,
                                                          "shared_with_sab_on": "2026-11-09",
                                                          "shared_with_qsism_on": "2026-11-10"})
    assert status(councils, case) == CaseStatus.COMPLETED
    closing = data(councils, case)["sab_lse_updates"][-1]
    assert closing["sab_update"]["status"] == "closed"
    assert (closing["shared_with_sab_on"], closing["shared_with_qsism_on"]) == ("2026-11-09", "2026-11-10")
