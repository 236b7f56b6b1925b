"""Each engine feature, driven through the persisted service path with the fixture diagrams."""

from __future__ import annotations

from api.cases.models import CaseStatus
from api.cases.service import case_data
from tests.support.world import complete, open_elements, open_tasks, start


def test_parallel_branches_both_wait_and_join(world):
    case = start(world, "gateways")
    assert open_elements(world, case) == ["partner_update", "safeguarding_update"]
    roles = {t.element_id: t.role for t in open_tasks(world.session, case)}
    assert roles == {"partner_update": "partner", "safeguarding_update": "safeguarding_lead"}
    complete(world, case, "partner_update", {"update": "No concerns", "notify_cqc": True})
    assert open_elements(world, case) == ["safeguarding_update"]


def _through_updates(world, notify_cqc, suspend):
    case = start(world, "gateways")
    complete(world, case, "partner_update", {"update": "Seen the home", "notify_cqc": notify_cqc})
    complete(world, case, "safeguarding_update", {"update": "Two s42 referrals", "suspend": suspend})
    return case


def test_inclusive_gateway_takes_every_true_branch(world):
    case = _through_updates(world, notify_cqc=True, suspend=True)
    assert open_elements(world, case) == ["notify_regulator", "suspend_placements"]
    complete(world, case, "notify_regulator", {"notified_on": "2026-11-24"})
    assert case.status == CaseStatus.RUNNING
    complete(world, case, "suspend_placements", {"suspended_from": "2026-11-24", "suspension_reason": "Falls"})
    assert case.status == CaseStatus.COMPLETED


def test_inclusive_gateway_takes_the_default_when_nothing_is_true(world):
    case = _through_updates(world, notify_cqc=False, suspend=False)
    assert open_elements(world, case) == ["record_no_action"]


def test_call_activity_resolves_the_councils_own_variant_first(world):
    alpha_case = start(world, "call_meeting", tenant="alpha")
    beta_case = start(world, "call_meeting", tenant="beta")
    # alpha's variant also has its own form, which asks about confidentiality
    complete(world, alpha_case, "record_meeting", {"attendees": ["Chair"], "minutes": "Met", "actions": [],
                                                   "confidentiality_agreed": True})
    assert open_tasks(world.session, alpha_case)[0].form == "approve_minutes.schema.json"
    complete(world, beta_case, "record_meeting", {"attendees": ["Chair"], "minutes": "Met", "actions": []})
    # alpha's local variant of `meeting` adds an approval step; beta runs the shared one.
    assert open_elements(world, alpha_case) == ["approve_minutes"]
    assert open_elements(world, beta_case) == ["after_meeting"]
    assert set(alpha_case.bundle) == {"call_meeting", "meeting"}
    assert alpha_case.bundle["meeting"] != beta_case.bundle["meeting"]


def test_parallel_multi_instance_opens_one_task_per_resident(world):
    residents = [{"name": "A. Jones", "self_funder": False}, {"name": "B. Evans", "self_funder": True},
                 {"name": "C. Price", "self_funder": False}]
    case = start(world, "residents")
    complete(world, case, "list_residents", {"residents": residents})
    tasks = [t for t in open_tasks(world.session, case) if t.element_id == "move_resident"]
    assert len(tasks) == 3
    for index in range(3):
        complete(world, case, "move_resident", {"new_home": f"Home {index}", "moved_on": "2026-12-01"})
    assert case.status == CaseStatus.COMPLETED
    moves = case_data(world.session, case)["moves"]
    assert len(moves) == 3


def test_error_end_event_is_caught_by_the_boundary_error_event(world):
    missing = start(world, "error_end", data={"evidence_count": 0})
    present = start(world, "error_end", data={"evidence_count": 2})
    assert open_elements(world, missing) == ["request_evidence"]
    assert open_elements(world, present) == ["proceed"]
