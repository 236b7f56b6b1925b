"""Issue 14, as it was found: a Welsh risk assessment (Appendix 2) with a second risk issue added
in the browser, its dates read back through the REST API.

Each risk issue has a list of its own (the dates it was discussed with the home). Before the
fix the MoJ script took that inner list's rows for risk issues ("Risk issue 1 of 4" for two)
and posted the second issue's dates under the first, with no error.
"""

from __future__ import annotations

import json

from api.actors import Actor
from api.users.service import issue_token
from engine.roles import Role
from tests.browser.conftest import ROOT, screenshot, serious_accessibility_violations, signed_in_context
from tests.browser.replay import fill
from tests.processes.test_wales_escalating_concerns import decide_higher_risk, raise_concerns
from tests.processes.test_wales_steps import at, task_data
from tests.support.web import PASSWORD, web_user
from tests.support.world import open_tasks

FORM = ROOT / "forms" / "wales" / "ec_risk_assessment.schema.json"

ISSUES = [
    {"minimum_standard": "NMS 15: Medication", "incident_date": "2026-11-02",
     "description": "Medication records incomplete on two units.", "who_is_at_risk": "Residents on unit 2",
     "dates_discussed": ["2026-11-05"], "action_already_taken": "Raised at the contract monitoring visit.",
     "further_action_required": "yes", "impact": 2, "engagement": 2},
    {"minimum_standard": "NMS 13: Health care", "incident_date": "2026-11-20",
     "description": "Pressure ulcers not reported.", "who_is_at_risk": "Residents on unit 1",
     "dates_discussed": ["2026-11-23", "2026-11-26"], "action_already_taken": "Tissue viability nurse visited.",
     "further_action_required": "no", "impact": 4, "engagement": 3},
]


def _assessment(care_home_name: str) -> dict:
    return {"care_home_name": care_home_name, "number_of_beds": 30, "completed_by_name": "Ceri Jones",
            "completed_by_designation": "Care manager", "completed_by_contact": "01656 000000",
            "date_completed": "2026-12-01", "invoking_agency": "social_services",
            "line_manager": "Team manager, care management", "risk_issues": ISSUES,
            "information_sources": ["cssiw_reports", "complaints"]}


def test_a_second_risk_issue_keeps_its_own_dates_through_to_the_api(browser, live_server, app, session, councils):
    at("2026-12-01T10:00:00")
    case = raise_concerns(councils, concern_trigger="serious_concern")
    decide_higher_risk(councils, case, serious=True)
    [task] = [t for t in open_tasks(session, case) if t.element_id == "complete_risk_assessment"]
    answers = _assessment(task_data(councils, case, "complete_risk_assessment")["care_home_name"])
    web_user(app, session, "bridgend", *Role)
    context, page = signed_in_context(browser, live_server, f"web.{'-'.join(r.value for r in Role)}@bridgend.test",
                                      PASSWORD)
    try:
        page.goto(f"/tasks/{task.id}")
        fill(page, json.loads(FORM.read_text()), answers)  # "Add another risk issue" in the page, "Add another date discussed" to the server
        legends = page.locator("#risk_issues > .moj-add-another__items legend.moj-add-another__item-title")
        assert [" ".join(t.split()) for t in legends.all_inner_texts()] == ["Risk issue 1 of 3", "Risk issue 2 of 3",
                                                                            "Risk issue 3 of 3"]
        assert serious_accessibility_violations(page) == []
        screenshot(page, "risk-assessment-two-issues")
        page.get_by_role("button", name="Complete this step").click()
        page.wait_for_url(f"**/cases/{case.id}")
    finally:
        context.close()
    token = issue_token(session, email="contract_officer@bridgend.test", actor=Actor.system("tests"))
    stored = app.test_client().get(f"/api/v1/cases/{case.id}", headers={"Authorization": f"Bearer {token}"}).json
    assert stored["data"]["risk_issues"] == ISSUES
