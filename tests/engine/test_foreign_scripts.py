"""SpiffArena's scripts use datetime, timedelta and time; here they have them, reading the engine clock.

The script is SpiffArena's shared "local date and time" process model
(tests/fixtures/foreign/arena_local_date_time), with its call of SpiffArena's own
``get_localtime`` (which scripts here do not have, and validate says so) replaced by a timedelta.
"""

from __future__ import annotations

import pytest

from engine.definitions import SourceFile, compile_source
from engine.runtime import COMPLETED
from tests.support.foreign import CORPUS, Deployed, start_case

pytestmark = pytest.mark.clock("2026-11-24T23:30:00+00:00")

SCRIPT = (CORPUS / "arena_local_date_time" / "shared_local_date_time.bpmn").read_text()


def test_a_spiffarena_date_script_runs_on_the_engine_clock_with_datetime_and_timedelta():
    text = SCRIPT.replace("get_localtime(utc_date_time_obj, time_zone)", "utc_date_time_obj + timedelta(hours=1)")
    [process], problems = compile_source(SourceFile("shared", "local.bpmn", text.encode()), forms=lambda n: None)
    assert problems == []
    run = start_case(Deployed({process.key: process}, []), process.key, {"time_format": "24"})
    assert run.status == COMPLETED, run.failure
    # 23:30 UTC plus an hour: the next day, 00:30.
    assert (run.data()["local_date_str"], run.data()["local_time_str"]) == ("2026-11-25", "00:30")


def test_time_gives_the_engine_clocks_reading_and_cannot_sleep():
    from engine import scripting
    from engine.helpers import CaseFacts, build_context

    data: dict = {}
    scripting.execute("stamp = time.time()", data, build_context(CaseFacts()))
    assert data["stamp"] == 1795563000.0  # 2026-11-24T23:30:00Z
    with pytest.raises(scripting.ScriptError, match="sleep"):
        scripting.execute("time.sleep(60)", {}, build_context(CaseFacts()))


def test_scripts_read_dates_with_strptime_and_still_cannot_name_import():
    from engine import scripting
    from engine.errors import ScriptCompileError
    from engine.helpers import CaseFacts, build_context

    data: dict = {}
    scripting.execute("day = datetime.strptime('24/11/2026', '%d/%m/%Y').date().isoformat()", data, build_context(CaseFacts()))
    assert data["day"] == "2026-11-24"
    with pytest.raises(ScriptCompileError):
        scripting.check_script("os = __import__('os')")
