"""A care home closure referred by Escalating Concerns (seed 004, 4.11): processes/wales/home_closure_referral.bpmn.

The Escalating Concerns case throws home_closure_referred for its provider; the service starts this process,
which runs the Home Operational Support Group. (The Escalating Concerns scenarios drive the throw itself.)
"""

from __future__ import annotations

from api.actors import Actor
from api.cases.service import deliver_message
from tests.processes.test_wales_steps import at, cases_of, data_of, do, open_steps

TENANT = "neath-port-talbot"


def test_a_referral_for_a_provider_starts_its_home_operational_support_group(councils):
    at("2027-03-15T10:00:00")
    provider_id = councils.providers[TENANT]
    started = deliver_message(councils.session, tenant=councils.tenants[TENANT], actor=Actor.system("tests"),
                              name="home_closure_referred", correlation={"provider_id": provider_id},
                              payload={"provider_id": provider_id, "referred_from": "escalating_concerns",
                                       "referral_reason": "No improvement; the strategic group agreed closure.",
                                       "escalating_concerns_decision_date": "2026-12-24"})
    assert len(started) == 1
    case = started[0]
    assert case.process_key == "home_closure_referral" and case.provider_id == provider_id
    assert open_steps(councils, case) == ["record_closure_notification"]
    data = data_of(councils, case)
    assert data["closure_notified_by"] == "escalating_concerns"
    assert data["closure_details"] == "No improvement; the strategic group agreed closure."
    do(councils, case, "record_closure_notification", {
        "closure_notified_by": "escalating_concerns", "closure_notified_on": "2027-03-15", "closure_type": "enforced",
        "closure_certainty": "intended", "closure_scope": "home", "emergency_closure": False,
        "closure_details": data["closure_details"], "regulator_notified_partners": True})
    assert open_steps(councils, case) == ["prepare_meeting"]
    assert cases_of(councils, "home_operational_support_group") == []   # one case: the HOSG runs inside it
