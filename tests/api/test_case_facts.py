"""Issue 17 (and 24's case list): the risk level and lead officer the case list filters on are
kept as each step records them, so a filter finds every matching case, not only among the
latest few hundred, and the list never reads the audit trail. Migration 0012 fills them in
for existing cases from their audit trails, and takes them away again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select

from api.cases.case_list import CaseFilters, find_cases
from api.cases.facts import facts_from_changes, note_case_facts
from api.cases.models import CaseFact
from api.migrate import alembic_config, upgrade
from engine.roles import Role
from tests.api.test_migration_parts import migrated  # noqa: F401 - the fixture
from tests.support.world import build_world, complete, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


def lse_at_risk(world, level):
    """A Large Scale Enquiry whose meeting recorded the risk level ``level``."""
    case = start(world, "lse", role=Role.SAFEGUARDING_LEAD)
    complete(world, case, "lse_set_up", {"lse_lead": "Lead", "concern_themes": ["nutrition"], "police_investigation_active": False})
    complete(world, case, "record_lse_discussion", {"summary_of_concerns": "s", "lse_risk_level": level,
                                                    "lse_recommends_suspension": False, "adults_safe": False})
    return case


def change_lead_officer(world, case, name):
    note_case_facts(world.session, case.id, {"lead_officer": name})
    world.session.commit()


def test_a_step_naming_a_risk_level_or_a_lead_officer_sets_the_cases_facts():
    assert facts_from_changes({"overall_risk_rating": "amber", "recommended_risk_level": "red", "lead_officer": " Sam ",
                               "risk_level_reason": "x", "chase_outcome": "chased"}) == {
        "risk_level": "amber", "risk_recommended": "red", "lead_officer": "Sam"}
    assert facts_from_changes({"risk_level": "", "lead_officer": "  ", "score": 3}) == {}


def test_the_risk_a_meeting_records_is_found_by_the_filter_beyond_the_lists_length(world):
    oldest = lse_at_risk(world, "extreme")
    newer = [lse_at_risk(world, "high")] + [start(world, "case_actions") for _ in range(2)]
    found = find_cases(world.session, tenant=world.tenants["alpha"], filters=CaseFilters(risk="extreme"), limit=2)
    assert [(c["id"], c["risk"]) for c in found] == [(oldest.id, "extreme")]
    assert [c["id"] for c in find_cases(world.session, tenant=world.tenants["alpha"], filters=CaseFilters(risk="high"))] \
        == [newer[0].id]


def test_the_lead_officer_filter_finds_the_oldest_case_beyond_the_lists_length(world):
    oldest = start(world, "case_actions")
    newer = [start(world, "case_actions") for _ in range(3)]
    change_lead_officer(world, oldest, "Priya Shah, Senior Contracts Officer")
    change_lead_officer(world, newer[0], "Sam Okafor")
    found = find_cases(world.session, tenant=world.tenants["alpha"], filters=CaseFilters(lead_officer="priya"), limit=2)
    assert [(c["id"], c["lead_officer"]) for c in found] == [(oldest.id, "Priya Shah, Senior Contracts Officer")]


def test_the_risk_filter_reads_the_decided_level_or_else_the_recommendation(world):
    decided, recommended, neither = (start(world, "case_actions") for _ in range(3))
    note_case_facts(world.session, decided.id, {"recommended_risk_level": "red", "risk_level": "amber"})
    note_case_facts(world.session, recommended.id, {"recommended_risk_level": "red"})
    world.session.commit()
    listed = {c["id"]: (c["risk"], c["risk_recommended"]) for c in find_cases(
        world.session, tenant=world.tenants["alpha"], filters=CaseFilters())}
    assert listed == {decided.id: ("amber", False), recommended.id: ("red", True), neither.id: (None, False)}
    red = find_cases(world.session, tenant=world.tenants["alpha"], filters=CaseFilters(risk="red"), limit=1)
    assert [c["id"] for c in red] == [recommended.id]


def test_a_search_for_a_percent_sign_is_not_a_wildcard(world):
    start(world, "case_actions")
    assert find_cases(world.session, tenant=world.tenants["alpha"], filters=CaseFilters(q="%")) == []


def test_migration_0012_fills_in_existing_cases_facts_from_their_audit_trails_and_back(migrated):  # noqa: F811
    url, sessions = migrated
    with sessions() as session:
        world = build_world(session)
        risky, plain = lse_at_risk(world, "extreme"), start(world, "case_actions")
        before = {f.case_id: (f.risk_level, f.risk_recommended, f.lead_officer) for f in session.scalars(select(CaseFact))}
        assert before == {risky.id: ("extreme", None, None), plain.id: (None, None, None)}
        session.rollback()
        command.downgrade(alembic_config(url), "0011_case_invitations")
        upgrade(url)
        session.expire_all()
        after = {f.case_id: (f.risk_level, f.risk_recommended, f.lead_officer) for f in session.scalars(select(CaseFact))}
        assert after == before
