"""engine.scoring.staffordshire: the practice guide 9 agenda and the 9.19 exclusions the LSE chair decides."""

from __future__ import annotations

import pytest

from engine.helpers import HELPER_NAMES
from engine.scoring import (
    LSE_AGENDA_ITEMS, LSE_POLICE_EXCLUDED_ITEMS, lse_agenda, lse_exclusion_decision, lse_recommended_exclusions)

POLICE = ["item_6", "item_7", "item_9", "item_14a", "item_14c", "item_15"]


def test_the_helpers_are_offered_to_diagram_scripts():
    assert {"lse_agenda", "lse_exclusion_decision", "lse_recommended_exclusions"} <= HELPER_NAMES


def test_practice_guide_9_has_seventeen_items_with_14_in_three_parts():
    assert len(LSE_AGENDA_ITEMS) == 19
    assert [number for _k, number, _w in LSE_AGENDA_ITEMS][12:16] == ["13", "14 (a)", "14 (b)", "14 (c)"]
    assert len(lse_agenda()) == 17


def test_the_police_items_are_recommended_only_while_police_investigate_the_management():
    assert lse_recommended_exclusions(True)["items"] == POLICE == list(LSE_POLICE_EXCLUDED_ITEMS)
    assert "9.19" in lse_recommended_exclusions(True)["reason"]
    assert lse_recommended_exclusions(False)["items"] == []
    assert lse_recommended_exclusions(None)["items"] == []  # not recorded yet: the provider takes part
    with pytest.raises(ValueError, match="police_investigation_active must be true or false"):
        lse_recommended_exclusions("yes")


def test_the_same_items_in_another_order_are_the_recommendation():
    decision = lse_exclusion_decision(POLICE, list(reversed(POLICE)))
    assert decision == {"recommended": POLICE, "decided": POLICE, "differs": False, "reason": None}


@pytest.mark.parametrize("decided", [POLICE[1:], POLICE + ["item_12"], []])
def test_a_different_set_of_items_needs_a_reason(decided):
    for no_reason in (None, "", "   "):
        with pytest.raises(ValueError, match="differ from the recommendation: give the reason"):
            lse_exclusion_decision(POLICE, decided, no_reason)
    decision = lse_exclusion_decision(POLICE, decided, "  The police agreed.  ")
    assert (decision["differs"], decision["reason"]) == (True, "The police agreed.")


@pytest.mark.parametrize("decided, message", [
    (["item_18"], "names 'item_18', not practice guide 9 agenda items"),
    (["item_7", "item_7"], "more than once"),
    ("item_7", "must be a list of agenda item keys"),
])
def test_items_that_are_not_on_the_agenda_are_refused_saying_which(decided, message):
    with pytest.raises(ValueError, match=message):
        lse_exclusion_decision(POLICE, decided, "A reason")


def test_the_agenda_marks_each_excluded_item_with_why():
    police = lse_agenda(["item_7", "item_14b"], True)
    assert police[6] == "Criminal Offences (provider excluded: police investigation into the management)"
    assert police[13] == ("(a) Enquiry Planning; (b) Protection and Support Plan (Service Provider) (provider "
                          "excluded: police investigation into the management); (c) Protection and Support Plan "
                          "(Other Agencies)")
    assert lse_agenda(["item_13"], False)[12] == "Contractual Action e.g. Suspension of Placements (provider excluded)"
    assert not any("excluded" in line for line in lse_agenda([], True))
