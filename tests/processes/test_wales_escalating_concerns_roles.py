"""Who decides in Escalating Concerns (seed 004, issue 23): each decision is held by the body the seed
names, as a Welsh role of its own, and refused to any other role, a head of service's included:

- an inconclusive risk assessment goes to the Escalating Concerns Coordination Group (Appendix 2 note);
- the relevant senior officer ends Escalating Concerns (4.9; "Each local authority will have
  arrangements for formally ending"), so a council gives that role to whoever its arrangements name;
- no or little improvement goes to the strategic group or strategic lead (Stage 4; Appendix 8);
- the missed Stage 2b and end-notice timescales are chased by the Escalating Concerns lead officer
  ("A Local Authority Officer will take the lead for implementing and coordinating", Stage 2b);
- both PAN Wales end notices are the contracting officer's (4.5), the closure referral's included."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from api.actors import Actor
from api.errors import Forbidden, Invalid
from api.users.service import add_user
from engine.declared_roles import council_roles
from engine.roles import Role, lane_text
from tests.processes.test_wales_escalating_concerns import (
    AMBER_ROW, TENANT, assess_risk, decide_higher_risk, into_jimp_loop, jimp, raise_concerns, risk_meeting, to_stage_2b,
)
from tests.processes.test_wales_steps import at, do, open_steps, ready, tick
from tests.support.dates import catch_up

STAGE_4 = Path(__file__).resolve().parents[2] / "processes" / "wales" / "ec_stage_4_ending.bpmn"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
ENDING = {"senior_officer_decision": "end", "senior_officer_name": "Director of Social Services",
          "ended_on": "2027-02-15", "senior_officer_reason": "Sufficient progress, sustained.", "suspension_at_end": "none"}
STRATEGIC = {"strategic_referral_to": "strategic_lead", "strategic_considered_on": "2027-02-18",
             "strategic_outcome": "continue", "strategic_actions": "Revised CAP with tighter timescales."}
GROUP = {"coordination_group_outcome": "red", "coordination_group_decision_date": "2026-12-22",
         "coordination_group_reason": "Considered all agency information."}


def refused(councils, case, step, answers, *roles):
    """Each role is refused the step, and the step stays open."""
    for role in roles:
        with pytest.raises(Forbidden) as refusal:
            do(councils, case, step, answers, role=role)
        if step == "senior_officer_decision":   # the refusal names the body by the council's label
            assert "is for the role Senior officer (ending Escalating Concerns)" in refusal.value.detail
    assert step in open_steps(councils, case)


def test_the_welsh_councils_declare_each_body_as_a_council_role_acting_as_what_its_work_needs():
    roles = council_roles("wales", None)
    assert {slug: (roles[slug].agency, roles[slug].acts_as) for slug in
            ("ec_coordination_group", "ec_senior_officer", "ec_strategic_lead", "ec_lead_officer")} == {
        "ec_coordination_group": ("council", ("viewer",)), "ec_senior_officer": ("council", ("head_of_service",)),
        "ec_strategic_lead": ("council", ("head_of_service",)), "ec_lead_officer": ("council", ("contract_officer",))}
    assert roles["ec_senior_officer"].label == "Senior officer (ending Escalating Concerns)"
    assert "ec_senior_officer" not in council_roles("england", None)


def test_a_welsh_council_user_may_hold_the_new_roles_and_an_english_council_may_not(councils):
    for role in ("ec_coordination_group", "ec_senior_officer", "ec_strategic_lead", "ec_lead_officer"):
        user = councils.actor("swansea", role).user
        assert user.role_slugs == {role} and user.agency == "council"
    assert councils.actor("swansea", "ec_senior_officer").user.roles == {Role.HEAD_OF_SERVICE}
    assert councils.actor("swansea", "ec_coordination_group").user.roles == {Role.VIEWER}
    with pytest.raises(Invalid, match="'ec_senior_officer' is not a role"):
        add_user(councils.session, email="senior@lancashire.test", tenant_slug="lancashire", roles=["ec_senior_officer"],
                 actor=Actor.system("tests"))


def test_the_coordination_group_alone_decides_an_inconclusive_risk_assessment(councils):
    at("2026-12-15T10:00:00")
    case = raise_concerns(councils)
    decide_higher_risk(councils, case)
    assess_risk(councils, case, [AMBER_ROW, AMBER_ROW])
    risk_meeting(councils, case, "2026-12-17", decided="inconclusive", reason="Agencies disagreed.")
    [step] = ready(councils, case, "coordination_group_decision")
    assert step.role == "ec_coordination_group"
    refused(councils, case, "coordination_group_decision", GROUP, Role.HEAD_OF_SERVICE, Role.CHAIR, "ec_senior_officer")
    catch_up("2026-12-22")
    do(councils, case, "coordination_group_decision", GROUP, role="ec_coordination_group")
    assert open_steps(councils, case) == ["agree_escalating_concerns_arrangements"]


def test_the_senior_officer_alone_ends_escalating_concerns(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "recommend_ending")
    [step] = ready(councils, case, "senior_officer_decision")
    assert step.role == "ec_senior_officer"
    # a head of service is not the senior officer unless the council gives them that role too
    refused(councils, case, "senior_officer_decision", ENDING, Role.HEAD_OF_SERVICE, "ec_strategic_lead", Role.CHAIR)
    catch_up("2027-02-15")
    do(councils, case, "senior_officer_decision", ENDING, role="ec_senior_officer")
    assert open_steps(councils, case) == ["complete_appendix_4"]
    # the end notice is the contracting officer's (4.5); missed, the lead officer chases it
    assert ready(councils, case, "complete_appendix_4")[0].role == "contract_officer"
    tick(sessions, "2027-02-17T17:00:01")
    [chase] = ready(councils, case, "chase_step")
    assert (chase.role, chase.data["chased_step"]) == ("ec_lead_officer", "Send the PAN Wales end notice and notify social work teams")


def test_a_head_of_service_the_council_names_as_its_senior_officer_ends_it(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "good_progress", "recommend_ending")
    head = add_user(councils.session, email="director@bridgend.test", tenant_slug=TENANT,
                    roles=["head_of_service", "ec_senior_officer"], actor=Actor.system("tests"))
    councils.users[(TENANT, "director")] = Actor.of(head)
    catch_up("2027-02-15")
    do(councils, case, "senior_officer_decision", ENDING, role="director")
    assert open_steps(councils, case) == ["complete_appendix_4"]


def test_the_strategic_lead_alone_considers_no_or_little_improvement(councils, sessions):
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "little_progress", "refer_to_strategic_group", recommended="continue")
    [step] = ready(councils, case, "strategic_group_consideration")
    assert step.role == "ec_strategic_lead"
    refused(councils, case, "strategic_group_consideration", STRATEGIC, Role.HEAD_OF_SERVICE, "ec_senior_officer")
    catch_up("2027-02-18")
    do(councils, case, "strategic_group_consideration", STRATEGIC, role="ec_strategic_lead")
    assert open_steps(councils, case) == ["maintain_cap_dap"]


def test_the_lead_officer_alone_chases_the_missed_stage_2b_timescales(councils, sessions):
    case = to_stage_2b(councils, decided_on="2026-12-24")
    assert tick(sessions, "2026-12-30T17:00:01") == 2
    chases = ready(councils, case, "chase_step")
    assert [c.role for c in chases] == ["ec_lead_officer", "ec_lead_officer"]
    answers = {"chase_action": "Phoned the contracting officer.", "chase_outcome": "chased"}
    refused(councils, case, "chase_step", answers, Role.HEAD_OF_SERVICE, "ec_senior_officer")
    do(councils, case, "chase_step", answers, role="ec_lead_officer")
    assert len(ready(councils, case, "chase_step")) == 1       # the one chased waits for the interval


def test_the_closure_referrals_end_notice_is_the_contracting_officers(councils, sessions):
    lanes = {ref.text: lane_text(lane) for lane in etree.parse(str(STAGE_4)).iterfind(".//bpmn:lane", NS)
             for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
    assert lanes["send_pan_wales_closure_end_notice_until_done"] == lanes["send_pan_wales_end_notice_until_done"] \
        == "contract_officer"
    assert (lanes["senior_officer_decision"], lanes["strategic_group_consideration"]) == ("ec_senior_officer", "ec_strategic_lead")
    case = into_jimp_loop(councils, sessions)
    jimp(councils, case, sessions, "2027-02-11", "some_progress", "home_closure")
    [notice] = ready(councils, case, "complete_appendix_4")
    assert notice.role == "contract_officer" and notice.data["pan_wales_stage"] == "end"
