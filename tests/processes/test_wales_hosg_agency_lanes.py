"""Appendix 6 of the Western Bay policy (seed 004) gives the health board and CSSIW (now CIW) key
responsibilities of their own in a home closure. In the HOSG diagram each has its own lane: the
health board's (its lead or nurse assessor) and the CIW inspector's. Each completes its own and is
refused (403) the other's; before, both sat in one `partner` lane, so either could complete the
other's."""

from __future__ import annotations

import pytest

from api.cases.service import complete_task
from api.errors import Forbidden
from engine.roles import task_roles
from tests.processes.test_wales_home_operational_support_group import (
    TENANT, complete_responsibilities, notify_closure, set_up_hosg,
)
from tests.processes.test_wales_steps import open_steps, ready, task_data

HEALTH_BOARD, CIW = "health_board_nurse_assessor", "ciw_inspector"


def _as(councils, case, role: str, agency: str) -> None:
    """Complete the agency's responsibilities as a user holding ``role`` only."""
    [step] = ready(councils, case, f"{agency}_closure_responsibilities")
    rows = task_data(councils, case, f"{agency}_closure_responsibilities")[f"{agency}_responsibilities"]
    done = [dict(r, status="completed", responsible_officer="Named officer", completed_on="2027-01-06", outcome="Done.")
            for r in rows]
    complete_task(councils.session, tenant=councils.tenants[TENANT], actor=councils.actor(TENANT, role), task_id=step.id,
                  data={f"{agency}_responsibilities": done})


def test_the_health_board_and_ciw_each_complete_only_their_own_appendix_6_responsibilities(councils):
    case = notify_closure(councils)
    set_up_hosg(councils, case)
    [health_board] = ready(councils, case, "health_board_closure_responsibilities")
    [regulator] = ready(councils, case, "regulator_closure_responsibilities")
    assert set(task_roles(health_board.role)) == {"health_board_lead", HEALTH_BOARD}
    assert task_roles(regulator.role) == (CIW,)

    for role, agency in ((HEALTH_BOARD, "regulator"), (CIW, "health_board")):
        with pytest.raises(Forbidden):
            _as(councils, case, role, agency)
    _as(councils, case, HEALTH_BOARD, "health_board")
    _as(councils, case, CIW, "regulator")
    assert not {"health_board_closure_responsibilities", "regulator_closure_responsibilities"} & set(open_steps(councils, case))
    complete_responsibilities(councils, case, "council")  # the council's own lane, as before
