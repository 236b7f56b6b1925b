"""The need-to-know policy (engine/visibility.py): one function decides who sees which item."""

from __future__ import annotations

import pytest

from engine.visibility import (Viewer, confidential_rules, entered_under_restriction, hidden_fields, redact, rule_problems,
                               withheld_names)

SCHEMA = {"properties": {
    "summary": {"type": "string"},
    "names_of_adults": {"type": "string", "x-confidential": {"hidden_from": ["partner", "provider", "viewer"]}},
    "item_7_criminal_offences": {"type": "string", "x-confidential": {
        "hidden_from": ["provider"], "when": "police_investigation_active", "reason": "9.19"}},
    "police_intelligence": {"type": "string", "x-confidential": {"shown_only_to": ["police", "safeguarding_lead"]}},
}}
RULES = confidential_rules([SCHEMA])
OFFICER = Viewer(roles=frozenset({"contract_officer"}))
LEAD = Viewer(roles=frozenset({"safeguarding_lead"}))
READ_ONLY = Viewer(roles=frozenset({"viewer"}))
POLICE = Viewer(roles=frozenset({"partner"}), agency="police")
HEALTH_BOARD = Viewer(roles=frozenset({"partner"}), agency="nhs")
PROVIDER = Viewer(agency="provider", provider_id=7)

# Who sees what while a police investigation is active: every viewer x every item.
ACTIVE = {
    OFFICER: {"summary", "names_of_adults", "item_7_criminal_offences"},
    LEAD: {"summary", "names_of_adults", "item_7_criminal_offences", "police_intelligence"},
    READ_ONLY: {"summary", "item_7_criminal_offences"},
    POLICE: {"summary", "item_7_criminal_offences", "police_intelligence"},
    HEALTH_BOARD: {"summary", "item_7_criminal_offences"},
    PROVIDER: {"summary"},
}


@pytest.mark.parametrize("viewer", list(ACTIVE), ids=["officer", "lead", "read_only", "police", "health_board", "provider"])
def test_each_viewer_sees_exactly_the_items_the_rules_allow_during_a_police_investigation(viewer):
    data = {name: "text" for name in SCHEMA["properties"]} | {"police_investigation_active": True}
    visible = set(SCHEMA["properties"]) - hidden_fields(RULES, data, viewer)
    assert visible == ACTIVE[viewer]


def test_the_provider_sees_an_item_again_once_the_chair_lifts_the_investigation():
    data = {"item_7_criminal_offences": "text", "police_investigation_active": False}
    assert "item_7_criminal_offences" not in hidden_fields(RULES, data, PROVIDER)


def test_free_text_entered_during_the_investigation_stays_restricted_after_it_is_lifted():
    submitted = {"item_7_criminal_offences": "Arrest of the manager on 3 Nov", "summary": "ok"}
    entered = entered_under_restriction(SCHEMA, submitted, submitted | {"police_investigation_active": True})
    assert entered == {"item_7_criminal_offences"}
    lifted = submitted | {"police_investigation_active": False, "restricted_entries": sorted(entered)}
    assert "item_7_criminal_offences" in hidden_fields(RULES, lifted, PROVIDER)
    assert "restricted_entries" in hidden_fields(RULES, lifted, PROVIDER)


def test_a_set_of_role_slugs_is_read_as_before_a_partner_barred_and_a_second_role_allowed():
    data = {"names_of_adults": "A. Jones"}
    assert hidden_fields(RULES, data, {"partner"}) >= {"names_of_adults"}
    assert "names_of_adults" not in hidden_fields(RULES, data, {"partner", "contract_officer"})


def test_a_rule_naming_an_unknown_role_or_nobody_is_reported_with_the_field():
    assert rule_problems("x", {"hidden_from": ["contract_oficer"]}, ["contract_officer"]) == [
        "'x': x-confidential.hidden_from names unknown roles or agencies contract_oficer"]
    assert rule_problems("x", {"when": "flag"}, []) == ["'x': x-confidential names nobody; add hidden_from or shown_only_to"]


def test_names_of_adults_typed_into_other_free_text_are_withheld_from_readers_barred_from_the_names():
    data = {"names_of_adults": [{"name": "Margaret Oakley"}], "summary": "Margaret Oakley's care plan not followed."}
    hidden = hidden_fields(RULES, data, PARTNER_ONLY)
    assert redact(data, hidden, withheld_names(data, hidden)) == {"summary": "[name withheld]'s care plan not followed."}
    assert redact(data, set(), withheld_names(data, set()))["summary"] == data["summary"]


PARTNER_ONLY = Viewer(roles=frozenset({"partner"}), agency="partner")
