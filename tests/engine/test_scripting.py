"""The restricted environment: what scripts may do, and what they may not."""

from __future__ import annotations

import time

import pytest

from engine import scripting
from engine.errors import ScriptCompileError, ScriptError, ScriptTimeout
from engine.helpers import CaseFacts, build_context


def run(source, data=None, context=None):
    data = dict(data or {})
    scripting.execute(source, data, context)
    return data


def test_a_script_reads_and_writes_task_data():
    assert run("total = score_a + score_b", {"score_a": 2, "score_b": 3})["total"] == 5


def test_a_script_can_build_lists_and_dicts_and_delete_names():
    data = run("rows = [r * 2 for r in values]\nsummary = {'n': len(rows)}\ndel values", {"values": [1, 2]})
    assert data == {"rows": [2, 4], "summary": {"n": 2}}


def test_a_condition_is_evaluated_without_changing_data():
    data = {"total": 7}
    assert scripting.evaluate("total >= 5", data) is True
    assert data == {"total": 7}


@pytest.mark.parametrize(
    "source, says",
    [
        ("import os", "cannot import modules"),
        ("from os import path", "cannot import modules"),
        ("open('/etc/passwd')", "'open' is not available"),
        ("__import__('os')", "starts with \"_\""),
        ("().__class__.__subclasses__()", "starts with \"_\""),
        ("eval('1')", "Eval calls are not allowed"),
        ("getattr(x, 'y')", "'getattr' is not available"),
        ("class Thing: pass", "defining classes is not allowed"),
        ("x = (", "SyntaxError"),
    ],
)
def test_forbidden_code_is_refused_before_it_runs(source, says):
    with pytest.raises(ScriptCompileError) as caught:
        run(source)
    assert says in str(caught.value)


def test_an_endless_loop_runs_out_of_cpu_time():
    context = build_context(CaseFacts(cpu_seconds=0.2))
    with pytest.raises(ScriptTimeout, match="CPU time"):
        run("n = 0\nwhile True:\n    n += 1", context=context)


def test_an_endless_loop_cannot_hide_behind_a_bare_except():
    context = build_context(CaseFacts(cpu_seconds=0.2))
    with pytest.raises(ScriptTimeout):
        run("while True:\n    try:\n        while True:\n            pass\n    except:\n        pass", context=context)


def test_huge_numbers_and_sequences_are_refused():
    with pytest.raises(ScriptError, match="too large"):
        run("x = 9 ** 9 ** 9")
    with pytest.raises(ScriptError, match="too large"):
        run("x = 'a' * 10 ** 9")
    with pytest.raises(ScriptError, match="too large"):
        run("x = list(range(10 ** 9))")


def test_a_runtime_error_names_its_line():
    with pytest.raises(ScriptError) as caught:
        run("a = 1\nb = a / 0")
    assert caught.value.line == 2 and "ZeroDivisionError" in caught.value.message


def test_values_that_cannot_be_stored_are_refused_with_advice():
    with pytest.raises(ScriptError, match="sorted"):
        run("s = {1, 2}")


def test_helpers_are_visible_and_read_only_facts_cannot_be_changed():
    context = build_context(CaseFacts(region="wales", provider={"name": "Rosewood"}))
    data = run("due = add_working_days('2026-12-24', 2, region)\nname = provider['name']", context=context)
    assert data == {"due": "2026-12-30", "name": "Rosewood"}
    with pytest.raises(ScriptError):
        run("provider['name'] = 'Other'", context=context)


def test_task_data_named_like_a_helper_is_reported():
    context = build_context(CaseFacts())
    with pytest.raises(ScriptError, match="Rename the form field"):
        run("x = 1", {"today": "2026-01-01"}, context=context)


def test_compiled_code_is_cached():
    scripting.compile_script.cache_clear()
    scripting.compile_script("x = 1")
    scripting.compile_script("x = 1")
    assert scripting.compile_script.cache_info().hits == 1


def test_deadline_helpers_explain_themselves():
    said = []
    context = build_context(CaseFacts(region="wales"), explain=said.append)
    assert scripting.evaluate("working_days_deadline('2026-12-24', 2, region)", {}, context) == "2026-12-30T17:00:00+00:00"
    assert said == ["2 working days after 24 Dec 2026 (Wales bank holidays)"]


def test_facts_about_the_provider_history_come_from_the_service():
    context = build_context(CaseFacts(count_cases=lambda key, months: 3 if key == "escalating_concerns" else 0))
    assert scripting.evaluate("cases_in_last_months('escalating_concerns', 24) >= 2", {}, context) is True


def test_a_script_variable_named_like_a_helper_is_reported_not_lost():
    context = build_context(CaseFacts())
    with pytest.raises(ScriptError, match="name of an engine helper"):
        run("region = 'north'", context=context)


def _busy(seconds: float) -> None:
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_a_helper_reading_the_database_is_not_interrupted_and_its_time_is_not_the_scripts():
    # An exception raised inside a database driver would lose the connection, and the change with it.
    finished = []

    def count_cases(process_key, months):
        _busy(0.6)  # three times the script's budget, as a slow database read might take
        finished.append(process_key)
        return 2

    context = build_context(CaseFacts(cpu_seconds=0.2, count_cases=count_cases))
    assert run("earlier = cases_in_last_months('escalating_concerns', 12)", context=context)["earlier"] == 2
    assert finished == ["escalating_concerns"]


def test_a_script_is_still_stopped_after_a_helper_has_read_the_database():
    context = build_context(CaseFacts(cpu_seconds=0.2, count_cases=lambda key, months: 1))
    with pytest.raises(ScriptTimeout, match="CPU time"):
        run("n = cases_in_last_months('escalating_concerns', 12)\nwhile True:\n    n += 1", context=context)


def test_a_helper_called_with_the_wrong_arguments_is_named_as_the_script_calls_it():
    with pytest.raises(ScriptError) as caught:
        run("due = add_days('2026-11-24')", context=build_context(CaseFacts()))
    assert "add_days() missing 1 required positional argument: 'n'" in caught.value.message
