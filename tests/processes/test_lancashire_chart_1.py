"""Appendix 6, chart 1 (seed 002): the initial assessment finds serious concerns, underperforming or
an isolated issue. Serious concerns and underperforming go to chart 2 (termination, suspension,
enhanced monitoring) and the escalation plan; an isolated issue keeps to the chart 1 options."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from tests.processes.test_lancashire_helpers import (
    RISK_ROWS, assess_initially, assess_risk, at, data, decide_action, decide_initial_outcome, gather_information,
    holistic_row, start_performance_case,
)
from tests.support.world import open_elements


def at_decision(councils, category, level="moderate"):
    at(2026, 3, 2)
    case = start_performance_case(councils)
    assess_initially(councils, case, 34)
    decide_initial_outcome(councils, case, "implement_procedure", category=category)
    gather_information(councils, case)
    assess_risk(councils, case, {"AB": [holistic_row("staffing", su=RISK_ROWS[level])]})
    return case


def test_an_isolated_issue_keeps_to_the_chart_1_options(councils):
    case = at_decision(councils, "isolated_issue")
    d = data(councils, case)
    assert (d["recommended_action"], d["action_suggestion"]["chart"]) == ("routine_monitoring", 1)
    assert d["action_suggestion"]["allowed_actions"] == ["routine_monitoring", "enhanced_monitoring",
                                                          "review_risk_rating", "advice_and_information"]
    with pytest.raises(Invalid, match="decided_action"):
        decide_action(councils, case, "level_1_qpip", reason="Moderate risk.")
    decide_action(councils, case, "enhanced_monitoring", reason="Two incidents in a week.")
    assert open_elements(councils, case) == ["monitor_and_support"]


@pytest.mark.parametrize("category", ["serious_concerns", "underperforming"])
def test_serious_concerns_and_underperforming_go_to_chart_2(councils, category):
    case = at_decision(councils, category)
    d = data(councils, case)
    assert (d["recommended_action"], d["action_suggestion"]["chart"]) == ("level_1_qpip", 2)
    decide_action(councils, case, "suspension", reason="Chart 2: suspension pending investigation.")
    assert "decide_suspension" in open_elements(councils, case)
