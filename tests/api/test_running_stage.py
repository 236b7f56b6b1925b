"""A step's scripts see a stage running beside it in the same case (issue 20: the JIMP panel sees
that a suspension of placements is in force), even when the change loads only part of the case."""

from __future__ import annotations

import pytest

from api.cases.service import case_data
from tests.processes.test_shared_suspension_of_placements import SUSPEND
from tests.support.world import complete, open_elements, open_tasks, start

pytestmark = pytest.mark.clock("2026-03-02T09:00:00+00:00")


def test_the_panel_sees_the_suspension_in_force_beside_it(world):
    case = start(world, "stage_beside")
    assert sorted(open_elements(world, case)) == ["decide_suspension", "prepare_panel"]
    complete(world, case, "decide_suspension", SUSPEND)
    complete(world, case, "prepare_panel", {"note": "Agenda sent"})
    [panel] = [t for t in open_tasks(world.session, case) if t.element_id == "hold_panel"]
    assert "A suspension of placements is in force from 2026-03-02." in panel.instructions
    data = case_data(world.session, case)
    assert data["suspension_in_force"] is True


def test_the_panel_hears_no_suspension_when_none_was_decided(world):
    case = start(world, "stage_beside")
    complete(world, case, "decide_suspension", {**SUSPEND, "suspension_decision": "do_not_suspend"})
    complete(world, case, "prepare_panel", {"note": "Agenda sent"})
    [panel] = [t for t in open_tasks(world.session, case) if t.element_id == "hold_panel"]
    assert "No suspension of placements is in force." in panel.instructions


def test_the_panel_held_before_any_decision_hears_the_suspension_is_not_yet_in_force(world):
    case = start(world, "stage_beside")
    complete(world, case, "prepare_panel", {"note": "Agenda sent"})
    [panel] = [t for t in open_tasks(world.session, case) if t.element_id == "hold_panel"]
    assert "No suspension of placements is in force." in panel.instructions
    data = case_data(world.session, case)
    assert data["suspension"] is not None and data["suspension_in_force"] is False   # running, not yet decided
