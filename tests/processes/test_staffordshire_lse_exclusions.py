"""Level 4 - Large Scale Enquiry, 9.19: the LSE chair decides the items the provider is excluded from.

"There may be situations where agencies need to have some discussions from which the provider will
be excluded, this will always be the case where there are active police investigations into the
management of a service, but other situations may also warrant this." The procedure recommends
(the police items while an investigation into the management is active, otherwise none); the chair
decides at each meeting, and a decision that differs from the recommendation needs a reason.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.audit.models import AuditEvent
from api.errors import Invalid
from engine.errors import TaskDataInvalid
from engine.forms import bind_schema, validate_against
from engine.roles import Role
from engine.scoring import lse_indicators
from tests.processes.staffordshire_lse_steps import (
    coordinate_enquiries,
    decide_exclusions,
    decide_lse,
    lse_discussion,
    lse_set_up,
)
from tests.processes.test_staffordshire_support import (
    LSE_FACTS_MANY,
    at,
    complete,
    data,
    hold_meeting,
    open_elements,
    open_tasks,
    schema,
    start,
)

POLICE_ITEMS = ["item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15"]
POLICE_MARK = " (provider excluded: police investigation into the management)"
CHAIR_MARK = " (provider excluded)"


def _lse(councils, police):
    at(2026, 11, 2)
    facts = dict(LSE_FACTS_MANY, concerns_predominantly_safeguarding=True)
    case = start(councils, "large_scale_enquiry", tenant="staffordshire", role=Role.SAFEGUARDING_LEAD,
                 data={"lse_factor_summary": lse_indicators(facts)})
    lse_set_up(councils, case, police=police)
    return case


def _decide(councils, case, submission):
    recommended = data(councils, case)["recommended_provider_excluded_items"]
    complete(councils, case, "decide_provider_exclusions", {"recommended_provider_excluded_items": recommended,
                                                            **submission})


def test_the_lse_chair_decides_the_exclusions_before_each_meeting_on_the_recommendation(councils):
    case = _lse(councils, police=True)
    [task] = open_tasks(councils.session, case)
    # the LSE is led by the Strategic Manager/Safeguarding Lead (9.5, 9.7), who chairs its meetings
    assert (task.element_id, task.role) == ("decide_provider_exclusions", "safeguarding_lead")
    assert "active police investigation into the management" in task.instructions
    assert "excluded from items 6, 7, 9, 14a, 14c, 15" in task.instructions
    decide_exclusions(councils, case)
    assert open_elements(councils, case) == ["prepare_meeting"]
    [decision] = data(councils, case)["provider_exclusion_decisions"]
    assert decision == {"meeting": "Large Scale Enquiry planning discussion", "decided_on": "2026-11-02",
                        "police_investigation_active": True, "recommended": POLICE_ITEMS, "decided": POLICE_ITEMS,
                        "differs_from_recommendation": False, "reason": None}


def test_lse_chair_lifts_an_exclusion_with_a_reason(councils):
    case = _lse(councils, police=True)
    lifted = [i for i in POLICE_ITEMS if i != "item_9"]
    decide_exclusions(councils, case, lifted, reason="The police asked that the provider hears the agencies' update.")
    current = data(councils, case)
    assert current["provider_excluded_items"] == lifted
    assert current["meeting_agenda"][8] == "Current Agency Information"  # item 9, the provider takes part
    assert current["meeting_agenda"][6] == "Criminal Offences" + POLICE_MARK
    decision = current["provider_exclusion_decisions"][-1]
    assert (decision["decided"], decision["differs_from_recommendation"], decision["reason"]) == (
        lifted, True, "The police asked that the provider hears the agencies' update.")


def test_lse_chair_must_give_a_reason_to_differ_from_the_recommendation(councils):
    case = _lse(councils, police=True)
    for differing in ({"provider_excluded_items": ["item_7"]},  # fewer items
                      {},  # none at all: the provider would take part in every item
                      {"provider_excluded_items": POLICE_ITEMS + ["item_12"]},  # more items
                      {"provider_excluded_items": ["item_7"], "provider_exclusion_decision_reason": ""}):
        with pytest.raises(Invalid):
            _decide(councils, case, differing)
        assert open_elements(councils, case) == ["decide_provider_exclusions"]
    # a reason of spaces alone is no reason: the step refuses it and stays open
    with pytest.raises(Invalid):
        _decide(councils, case, {"provider_excluded_items": ["item_7"], "provider_exclusion_decision_reason": "   "})
    assert open_elements(councils, case) == ["decide_provider_exclusions"]
    _decide(councils, case, {"provider_excluded_items": POLICE_ITEMS})  # as recommended: no reason needed
    assert data(councils, case)["provider_exclusion_decisions"][-1]["reason"] is None


@pytest.mark.parametrize("recommended, answer, valid", [
    (POLICE_ITEMS, {"provider_excluded_items": POLICE_ITEMS}, True),
    (POLICE_ITEMS, {"provider_excluded_items": POLICE_ITEMS[1:]}, False),
    (POLICE_ITEMS, {"provider_excluded_items": POLICE_ITEMS[1:], "provider_exclusion_decision_reason": "Why"}, True),
    (POLICE_ITEMS, {}, False),
    ([], {}, True),
    ([], {"provider_excluded_items": ["item_13"]}, False),
])
def test_the_form_states_the_rule_clients_see(recommended, answer, valid):
    """The rule is in the form's JSON Schema, bound to the case's recommendation ($data)."""
    form = bind_schema(schema("lse_provider_exclusions"), {"recommended_provider_excluded_items": recommended})
    submission = {"recommended_provider_excluded_items": recommended, **answer}
    if valid:
        validate_against(form, submission)
    else:
        with pytest.raises(TaskDataInvalid) as refused:
            validate_against(form, submission)
        assert [e.path for e in refused.value.errors] == [("provider_exclusion_decision_reason",)]


def test_the_recommendation_is_computed_by_the_server_not_taken_from_the_chair(councils):
    case = _lse(councils, police=True)
    # a client claiming the recommendation was "none" cannot lift the exclusions without a reason
    with pytest.raises(Invalid):
        complete(councils, case, "decide_provider_exclusions", {"recommended_provider_excluded_items": []})
    assert open_elements(councils, case) == ["decide_provider_exclusions"]


def test_provider_excluded_items_follow_the_chairs_decision_in_the_agenda(councils):
    case = _lse(councils, police=True)
    decide_exclusions(councils, case, POLICE_ITEMS + ["item_12"],  # 12. Risk Assessment added
                      reason="The provider disputes the risk assessment; agencies meet first.")
    decided = ["item_6", "item_7", "item_9", "item_12", "item_14a", "item_14c", "item_15"]  # kept in agenda order
    agenda = hold_meeting(councils, case)  # the agenda the shared meeting is arranged with
    assert agenda[11] == "Risk Assessment" + POLICE_MARK
    assert agenda[9] == "Current provider information"
    assert agenda == data(councils, case)["meeting_agenda"]
    [record] = [t for t in open_tasks(councils.session, case) if t.element_id == "record_lse_discussion"]
    assert "excluded the provider from items 6, 7, 9, 12, 14a, 14c, 15 (9.19)" in record.instructions

    # the record takes the chair's decision: a different list sent with it is not what is kept
    with pytest.raises(Invalid):  # the minutes of the excluded items are required
        complete(councils, case, "record_lse_discussion", {"provider_excluded_items": []})
    lse_discussion(councils, case, police=True)
    current = data(councils, case)
    assert current["provider_excluded_items"] == decided
    assert current["lse_exclusion_log"][-1]["provider_excluded_items"] == decided


def test_without_a_police_investigation_the_chair_may_still_exclude_the_provider_with_a_reason(councils):
    case = _lse(councils, police=False)
    assert data(councils, case)["recommended_provider_excluded_items"] == []
    with pytest.raises(Invalid):
        _decide(councils, case, {"provider_excluded_items": ["item_13"]})
    decide_exclusions(councils, case, ["item_13"], reason="Contractual action is discussed before it is shared.")
    agenda = data(councils, case)["meeting_agenda"]
    assert agenda[12] == "Contractual Action e.g. Suspension of Placements" + CHAIR_MARK
    assert sum(line.endswith(CHAIR_MARK) for line in agenda) == 1


def test_each_meetings_decision_is_kept_on_the_case_with_who_made_it(councils):
    case = _lse(councils, police=True)
    decide_exclusions(councils, case)
    hold_meeting(councils, case)
    lse_discussion(councils, case, police=True)
    decide_lse(councils, case, "continue")
    at(2026, 11, 30)
    coordinate_enquiries(councils, case)
    assert data(councils, case)["meeting_title"] == "Large Scale Enquiry meeting 2"
    decide_exclusions(councils, case, POLICE_ITEMS[:-1], reason="Information sharing is now agreed with the provider.")
    decisions = data(councils, case)["provider_exclusion_decisions"]
    assert [(d["meeting"], d["decided_on"], d["differs_from_recommendation"]) for d in decisions] == [
        ("Large Scale Enquiry planning discussion", "2026-11-02", False),
        ("Large Scale Enquiry meeting 2", "2026-11-30", True)]
    # the audit trail names the chair who completed each decision
    events = councils.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.element_id == "decide_provider_exclusions",
        AuditEvent.action == "task_completed").order_by(AuditEvent.id)).all()
    assert [e.actor for e in events] == ["safeguarding_lead@staffordshire.test"] * 2
    assert events[-1].after["provider_exclusion_decision_reason"] == "Information sharing is now agreed with the provider."
