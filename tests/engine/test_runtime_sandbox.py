"""A hostile or broken script that somehow reached a case fails the case, never the worker.

Validation refuses these diagrams before deployment; here they are parsed directly, as if a
diagram had got past it, to prove the runtime holds on its own.
"""

from __future__ import annotations

import pytest
from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from engine.helpers import CaseFacts
from engine.runtime import COMPLETED, ERROR, Bundle, CaseRun
from tests.support.bpmn_builder import Diagram


def bundle_with_script(script: str) -> Bundle:
    diagram = Diagram("hostile", "Hostile", lanes=["contract_officer"])
    diagram.start("begin", "Begin", "contract_officer")
    diagram.script_task("run_it", "Run the script", "contract_officer", script)
    diagram.end("finish", "Finish", "contract_officer")
    diagram.chain("begin", "run_it", "finish")
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(diagram.to_xml())
    return Bundle(key="hostile", spec=parser.get_spec("hostile"), subprocess_specs={}, forms={})


@pytest.mark.parametrize(
    "script, says",
    [
        ("import os\nos.system('true')", "cannot import modules"),
        ("data = open('/etc/passwd').read()", "'open' is not available"),
        ("m = __import__('os')", "starts with \"_\""),
        ("x = ().__class__.__subclasses__()", "starts with \"_\""),
        ("n = 0\nwhile True:\n    n += 1", "CPU time"),
    ],
)
def test_hostile_scripts_put_the_case_in_error_with_a_clear_message(script, says):
    run = CaseRun.start(bundle_with_script(script), {}, CaseFacts(cpu_seconds=0.2))
    assert run.status == ERROR
    assert says in run.failure.message
    assert run.failure.element_id == "run_it"
    state = run.state()  # the case can still be saved, and retried after a fix
    assert state["tasks"]


def test_a_harmless_script_completes():
    run = CaseRun.start(bundle_with_script("x = 1 + 1"), {})
    assert run.status == COMPLETED and run.data()["x"] == 2


def test_a_runtime_error_records_its_line_and_a_retry_with_data_recovers():
    run = CaseRun.start(bundle_with_script("a = 1\nb = a / divisor"), {})
    assert run.status == ERROR and run.failure.line == 2
    run.retry({"divisor": 2})
    assert run.status == COMPLETED and run.data()["b"] == 0.5
