"""The modeller opens a long procedure readable, lanes in words; an alert email as it arrives
(issue 24). Screenshots: modeller-at-open.png, alert-email.png."""

from __future__ import annotations

import html

from sqlalchemy import select

from api.alerts.models import Alert
from api.alerts.senders import SmtpSender
from api.alerts.service import send_due_alerts
from api.cases.assignment import assign_task
from api.drafts.models import ProcessDraft
from engine.roles import Role
from tests.api.test_alerts import smtp_server  # noqa: F401  (the local aiosmtpd server fixture)
from tests.browser.conftest import ROOT, screenshot
from tests.browser.test_modeller_round_trip import signed_in_owner
from tests.support.world import open_tasks, start


def test_the_modeller_opens_a_long_procedure_at_a_readable_zoom_with_lanes_in_words(browser, live_server, app, session, councils):
    path = ROOT / "processes" / "wales" / "escalating_concerns.bpmn"
    draft = ProcessDraft(tenant_id=councils.tenants["bridgend"].id, key="escalating_concerns", name="Escalating Concerns",
                         bpmn=path.read_text(), forms={})
    session.add(draft)
    session.commit()
    context, page = signed_in_owner(browser, live_server, app, session)
    try:
        page.goto(f"/procedures/drafts/{draft.id}")
        page.wait_for_function("() => document.getElementById('modeller')?.dataset.ready === 'true'", timeout=30_000)
        assert page.evaluate("window.modeller.modeler.get('canvas').zoom()") >= 0.75
        lanes = page.evaluate("window.modeller.modeler.get('elementRegistry').filter(e => e.type === 'bpmn:Lane')"
                              ".map(e => e.businessObject.name)")
        assert lanes and not [name for name in lanes if "_" in (name or "")], lanes
        screenshot(page, "modeller-at-open")
        page.click("#modeller-whole")
        assert page.evaluate("window.modeller.modeler.get('canvas').zoom()") < 0.75
    finally:
        context.close()


def test_an_assignment_alert_email_as_it_arrives(browser, world, session, sessions, smtp_server):  # noqa: F811
    controller, handler = smtp_server
    case = start(world, "simple_review")
    [task] = open_tasks(session, case)
    assign_task(session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.HEAD_OF_SERVICE), task_id=task.id,
                assignee_id=world.actor("alpha", Role.CONTRACT_OFFICER).user_id)
    assert send_due_alerts(sessions, SmtpSender("127.0.0.1", controller.port, "alerts@alpha.test"))["sent"] == 1
    [(_to, content)] = handler.messages
    assert session.scalars(select(Alert)).one().status == "sent"
    context = browser.new_context(viewport={"width": 800, "height": 600})
    page = context.new_page()
    try:
        page.set_content(f"<pre style='font: 15px Arial; white-space: pre-wrap; margin: 24px'>{html.escape(content)}</pre>")
        assert "Task assigned to you: Review the concern" in page.inner_text("pre")
        screenshot(page, "alert-email")
    finally:
        context.close()
