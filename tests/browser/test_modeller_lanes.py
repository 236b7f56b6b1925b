"""The modeller shows lanes by the council's labels for their roles, writes a new lane's role into
its role property, and its Check names a lane whose role the council does not declare (issue 23)."""

from __future__ import annotations

from api.drafts.models import ProcessDraft
from tests.browser.conftest import ROOT
from tests.browser.test_modeller_round_trip import signed_in_owner

LANE_NAMES = "window.modeller.modeler.get('elementRegistry').filter(e => e.type === 'bpmn:Lane').map(e => [e.id, e.businessObject.name])"


def _open(page, draft_id: int) -> None:
    page.goto(f"/procedures/drafts/{draft_id}")
    page.wait_for_function("() => document.getElementById('modeller')?.dataset.ready === 'true'", timeout=30_000)


def test_lanes_read_as_role_labels_and_the_check_names_an_unknown_role(browser, live_server, app, session, councils):
    welsh = (ROOT / "processes" / "wales" / "ec_stage_2b_actions.bpmn").read_text()
    # England's ICB is not a Welsh agency: Bridgend declares no such role.
    bpmn = welsh.replace('id="partner_lane" name="partner"', 'id="partner_lane" name="icb_nurse_assessor"')
    assert bpmn != welsh
    draft = ProcessDraft(tenant_id=councils.tenants["bridgend"].id, key="ec_stage_2b_actions", name="Stage 2b",
                         bpmn=bpmn, forms={})
    session.add(draft)
    session.commit()
    context, page = signed_in_owner(browser, live_server, app, session)
    try:
        _open(page, draft.id)
        names = dict(page.evaluate(LANE_NAMES))
        assert "Contract officer" in names.values() and "contract_officer" not in names.values()
        assert names["partner_lane"] == "icb_nurse_assessor"  # not a Welsh role: left for the Check to name
        assert page.evaluate("document.getElementById('modeller')?.dataset.dirty") != "true"

        page.evaluate("window.modeller.check()")
        page.wait_for_function("() => window.modeller.lastCheck !== null")
        problems = page.inner_text("#modeller-problems")
        assert "partner_lane" in problems or "icb_nurse_assessor" in problems
        assert "'icb_nurse_assessor', which is not a role declared for bridgend" in problems
        assert page.locator(".djs-element.app-problem[data-element-id='partner_lane']").count() == 1
    finally:
        context.close()


def test_choosing_a_role_the_diagram_lacks_adds_a_labelled_lane_with_the_role_property(browser, live_server, app, session,
                                                                                        councils):
    path = ROOT / "processes" / "wales" / "escalating_concerns.bpmn"
    draft = ProcessDraft(tenant_id=councils.tenants["bridgend"].id, key="escalating_concerns", name="Escalating Concerns",
                         bpmn=path.read_text(), forms={})
    session.add(draft)
    session.commit()
    context, page = signed_in_owner(browser, live_server, app, session)
    try:
        _open(page, draft.id)
        saved = page.evaluate("""async () => {
            const modeler = window.modeller.modeler;
            const task = modeler.get('elementRegistry').filter(e => e.type === 'bpmn:UserTask')[0];
            modeler.get('commandStack').execute('app.task.setRole', {element: task, role: {value: 'ciw_inspector', label: 'CIW inspector'}});
            return (await modeler.saveXML({format: true})).xml;
        }""")
        assert 'name="CIW inspector"' in saved
        assert '<spiffworkflow:property name="role" value="ciw_inspector" />' in saved
        assert page.evaluate("document.getElementById('modeller')?.dataset.dirty") == "true"
    finally:
        context.close()
