"""The initial JIMP planned after its four weeks (Western Bay, seed 004: "convening the initial JIMP
(within four weeks)" of the risk assessment meeting), through the REST API: the arrangements are
saved, the response's ``warnings`` names both dates, and the warning is kept on the case as a
``date_after_deadline`` audit event with the reason in the form's own field (issue 24, item 7;
the Berkshire initial meeting's tests show the same for that procedure).

The deadline reaches the form as ``initial_jimp_due_by``, which Escalating Concerns computes before
the arrangements step (processes/wales/escalating_concerns.bpmn, a preScript on
agree_escalating_concerns_arrangements: the same four weeks as Stage 2b's timer).
"""

from __future__ import annotations

from api.audit.models import AuditEvent
from api.cases.service import case_data
from engine.roles import Role
from tests.processes.test_wales_escalating_concerns import TENANT, arrangements, to_arrangements
from tests.support.http import api_users
from tests.support.world import open_tasks

# The risk assessment meeting of Thursday 24 December 2026: the initial JIMP is due by Thursday 21 January 2027.
MEETING, DUE = "2026-12-24", "2027-01-21"


def _agree(client, councils, session, **answers):
    case = to_arrangements(councils, MEETING)
    [task] = [t for t in open_tasks(councils.session, case) if t.element_id == "agree_escalating_concerns_arrangements"]
    http = api_users(client, councils, session)
    response = http.post(f"/api/v1/tasks/{task.id}/complete", {"data": arrangements(**answers)},
                         tenant=TENANT, role=Role(task.role))
    return case, task, response


def test_an_initial_jimp_after_four_weeks_is_saved_with_a_warning_kept_on_the_case(client, councils, session):
    case, task, response = _agree(client, councils, session, jimp_on="2027-01-28",
                                  initial_jimp_late_reason="CIW cannot attend before the 28th")
    assert response.status_code == 200, response.json
    assert response.json["warnings"] == [{
        "field": "/initial_jimp_planned_on", "path": ["initial_jimp_planned_on"],
        "message": "The initial JIMP is planned for 28 January 2027, after its deadline of 21 January 2027 (four weeks "
                   "after the risk assessment meeting). You can still save it; record why in ‘Why the initial JIMP is "
                   "after the four-week timescale’."}]
    [event] = councils.session.query(AuditEvent).filter_by(case_id=case.id, action="date_after_deadline").all()
    assert event.task_id == task.id and event.after["field"] == "/initial_jimp_planned_on"
    data = case_data(councils.session, case)
    assert (data["initial_jimp_due_by"], data["initial_jimp_late_reason"]) == (DUE, "CIW cannot attend before the 28th")


def test_an_initial_jimp_on_its_deadline_has_no_warning(client, councils, session):
    case, task, response = _agree(client, councils, session, jimp_on=DUE)
    assert response.status_code == 200 and response.json["warnings"] == []
    assert councils.session.query(AuditEvent).filter_by(case_id=case.id, action="date_after_deadline").count() == 0
    assert f"by {DUE}" in task.instructions
