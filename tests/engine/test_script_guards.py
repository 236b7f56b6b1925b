"""Issue 16, item 6: a script cannot make a huge value in one step, nor run on where no loop
ticks. Each operation that can make a value far bigger than its operands is checked before it
runs; the watchdog stops straight-line code between any two bytecodes."""

from __future__ import annotations

import threading

import pytest

from engine import scripting
from engine.errors import ScriptCompileError, ScriptError

BIG = "a = [0] * 1000000\n"


def refusal(source: str) -> str:
    with pytest.raises(ScriptError) as refused:
        scripting.execute(source, {})
    return refused.value.message


@pytest.mark.parametrize(
    "source, says",
    [
        ("x = 'a'.ljust(300000000)", "ljust() to that width"),
        ("x = str.rjust('a', 300000000)", "rjust() to that width"),
        ("x = 'a'.zfill(10**9)", "zfill() to that width"),
        ("x = f'{1:>300000000}'", "asks for 300000000 characters"),
        ("x = format(1, '>300000000')", "asks for 300000000 characters"),
        ("x = '%300000000d' % 1", "asks for 300000000 characters"),
        ("x = '%*d' % (300000000, 1)", "'%*' width"),
        (BIG + "a = a + a", "joining these two"),
        (BIG + "a += a", "joining these two"),
        (BIG + "a.extend(a)", "the list after extend()"),
        ("x = ''.join(['y' * 1000000] * 300)", "the joined text"),
        ("x = ('a' * 1000000).replace('a', 'bb')", "the text after replace()"),
        ("x = ('\\t' * 1000000).expandtabs(300)", "the text after expandtabs()"),
        ("x = ('a' * 1000).translate({97: 'b' * 10000})", "the text after translate()"),
        (BIG + "x = str([a] * 300)", "the text of this value"),
        (BIG + "x = repr([a] * 300)", "the text of this value"),
        (BIG + "x = f'{[a] * 300}'", "the text of this value"),
        (BIG + "x = '%s' % ([a] * 300,)", "the text of this value"),
        (BIG + "print([a] * 300)", "the text of this value"),
        (BIG + "x = sum([a] * 300, [])", "the sum"),
    ],
)
def test_a_huge_value_made_in_one_step_is_refused_before_it_is_made(source, says):
    assert says in refusal(source)


def test_a_list_holding_one_big_list_many_times_is_not_stored_in_the_case():
    assert "would store more than" in refusal(BIG + "x = [a] * 300")


def test_a_format_width_taken_from_a_value_is_refused_when_compiled():
    with pytest.raises(ScriptCompileError, match="write the width as a number"):
        scripting.check_script("w = 10\nx = f'{1:>{w}}'")


def test_ordinary_formatting_and_text_still_work():
    data = {"n": 3}
    scripting.execute(
        "x = f'{n:>4}|{n!r}|{\"a\"}'\ny = '%d items, %.1f%%' % (n, 2.5)\n"
        "z = ', '.join(sorted(map(str, [2, 1])))\nw = 'a'.ljust(3) + str(n) + repr('q')\n"
        "v = isinstance('a', str) and not isinstance(1, str)\nfirst, *rest = [1, 2, 3]\nu = [*rest, *rest]",
        data,
    )
    assert (data["x"], data["y"], data["z"], data["w"], data["v"], data["u"]) == (
        "   3|3|a", "3 items, 2.5%", "1, 2", "a  3'q'", True, [2, 3, 2, 3])


def test_straight_line_code_with_no_loop_is_stopped_by_the_watchdog():
    # 3,000 sums of a million items: no loop, so no tick ever looks at the budget.
    slow = "a = [1] * 1000000\n" + "s = sum(a)\n" * 3000
    assert "CPU time" in refusal(slow)


def stopped_by_the_watchdog(message: str) -> bool:
    # Memory usually runs out first; on a loaded machine the CPU time may.
    return "MB of memory" in message or "CPU time" in message


def test_unpacking_a_big_list_many_times_is_stopped_by_the_watchdog():
    assert stopped_by_the_watchdog(refusal(BIG + "x = len([" + "*a, " * 300 + "])"))


def test_zip_over_one_big_list_many_times_is_stopped_by_the_watchdog():
    assert stopped_by_the_watchdog(refusal(BIG + "x = len(list(zip(*[a] * 300)))"))


def test_after_the_watchdog_stops_a_script_the_next_one_runs_normally():
    refusal("a = [1] * 1000000\n" + "s = sum(a)\n" * 3000)
    data: dict = {}
    scripting.execute("x = sum(range(1000))", data)
    assert data == {"x": 499500}


def test_the_watchdog_stops_only_the_script_that_overran():
    outcome: dict[str, object] = {}

    def runaway():
        try:
            scripting.execute("a = [1] * 1000000\n" + "s = sum(a)\n" * 3000, {})
        except ScriptError as exc:
            outcome["runaway"] = exc.message

    thread = threading.Thread(target=runaway)
    thread.start()
    totals = []
    while thread.is_alive():
        data: dict = {}
        scripting.execute("x = sum(range(100))", data)
        totals.append(data["x"])
    thread.join()
    assert "CPU time" in str(outcome["runaway"])
    assert totals and set(totals) == {4950}
