"""Issue 16, item 6: runaway diagrams. Every expression and template runs under wall-clock,
CPU and memory limits it cannot get round; timer durations and dates are bounded; the deploy
check refuses a call activity that calls its own process."""

from __future__ import annotations

import time

import pytest

from engine import scripting
from engine.errors import ScriptError
from engine.instructions import MAX_INSTRUCTIONS_CHARS, render_instructions
from engine.sandbox import try_code
from engine.timer_bounds import check_timer_value
from tests.engine.test_definitions import problems_of
from tests.support.bpmn_builder import Diagram


def _refused_quickly(run, seconds=4.0) -> ScriptError:
    started = time.monotonic()
    with pytest.raises(ScriptError) as refused:
        run()
    assert time.monotonic() - started < seconds
    return refused.value


@pytest.mark.parametrize("expression", ["(10**10000)**1000", "10**10000 * 10**10000 * 10**10000", "(1 << 9000) ** 8"])
def test_huge_numbers_are_refused_at_once(expression):
    assert "digits" in _refused_quickly(lambda: scripting.evaluate(expression, {}), 1.0).message


def test_slow_iterations_are_stopped_by_the_clock_not_every_256th():
    # 250 iterations of work that ticks nowhere inside (about 20-40 ms each): never reached a
    # 256th tick, so the budget was never looked at.
    slow = "t = 0\nfor i in range(250):\n    t = t + sum(sorted(set(range(100000)))) + sum(sorted(set(range(100000))))\n"
    assert "CPU time" in _refused_quickly(lambda: scripting.execute(slow, {})).message


def test_a_script_building_a_huge_list_is_stopped_by_its_memory_limit():
    greedy = "x = []\nfor i in range(100000):\n    x.append('a' * 100000)\n"
    assert "MB of memory" in _refused_quickly(lambda: scripting.execute(greedy, {})).message


@pytest.mark.parametrize("value", ["P99999999Y", "P1000Y", "R99999999/PT1M", "9999-01-01T00:00:00+00:00", "P" + "9" * 300 + "D"])
def test_timer_values_out_of_bounds_are_refused(value):
    with pytest.raises(ValueError):
        check_timer_value(value)
    assert not try_code("timer", repr(value), {}).ok


@pytest.mark.parametrize("value", ["P3D", "PT48H", "R4/P1W", "2026-11-26T17:00:00+00:00", "P99Y"])
def test_ordinary_timer_values_pass(value):
    check_timer_value(value)


def test_try_it_stops_a_runaway_expression_within_its_limit():
    result = try_code("condition", "(10**10000)**1000 > 1", {})
    assert not result.ok and "digits" in result.error


def test_a_runaway_or_failing_template_shows_its_text_and_never_fails_the_step():
    nested = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}done"
    started = time.monotonic()
    assert render_instructions(nested, {}) == nested
    assert time.monotonic() - started < 2
    assert render_instructions("{{ 1/0 }}", {}) == "{{ 1/0 }}"
    wide = "{% for a in range(9000) %}" + "x" * 100 + "{% endfor %}"
    assert len(render_instructions(wide, {})) <= MAX_INSTRUCTIONS_CHARS
    assert render_instructions("Review {{ name }}", {"name": "Rosewood"}) == "Review Rosewood"


def test_the_deploy_check_refuses_a_process_calling_itself():
    d = Diagram("loops_forever", "Loops forever", lanes=["contract_officer"])
    d.start("begin", "Begin", "contract_officer")
    d.call_activity("again", "Again", "contract_officer", called_element="loops_forever")
    d.end("done", "Done", "contract_officer")
    d.flow("begin", "again")
    d.flow("again", "done")
    problems = problems_of(d.to_xml())
    assert any(p.element_id == "again" and "calls itself" in p.message for p in problems)
