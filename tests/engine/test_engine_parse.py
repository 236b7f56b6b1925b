"""SpiffWorkflow's parse stops at the first element it cannot read; every such element is still
reported in one pass, located and in our words (engine/engine_parse.py, issue 25)."""

from __future__ import annotations

import re

from engine.definitions import SourceFile, compile_source
from tests.support.foreign import deploy_case

# Each element the engine refuses sits behind another it refused first (the service task, whose
# problem ours says): before, one upload showed the first and the next upload the one after it.
DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:dataStore id="store_a" name="Ledger"/>
  <bpmn:dataStore id="store_b" name="Archive"/>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge"/>
    <bpmn:serviceTask id="charge"/>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="choose"/>
    <bpmn:exclusiveGateway id="choose"/>
    <bpmn:sequenceFlow id="f3" sourceRef="choose" targetRef="repair"/>
    <bpmn:sequenceFlow id="f4" sourceRef="choose" targetRef="decide"/>
    <bpmn:subProcess id="repair">
      <bpmn:task id="inner"/>
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="undo" attachedToRef="repair"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="repair" targetRef="end"/>
    <bpmn:businessRuleTask id="decide"/>
    <bpmn:sequenceFlow id="f6" sourceRef="decide" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _problems(text: str) -> list[tuple[str, str]]:
    _, problems = compile_source(SourceFile("shared", "chain.bpmn", text.encode()), forms=lambda name: None)
    assert all(p.line for p in problems), problems
    return [(p.element_id, p.message) for p in problems]


def test_every_element_the_engine_refuses_is_reported_at_once_and_located_in_our_words():
    found = _problems(DIAGRAM)
    expected = [
        ("store_a", "the data store 'Ledger' has no implementation here"),
        ("store_b", "the data store 'Archive' has no implementation here"),
        ("charge", "the service task calls another system"),
        ("f3", "the sequence flow leaves an exclusive gateway with no condition and is not the gateway's default"),
        ("f4", "the sequence flow leaves an exclusive gateway with no condition and is not the gateway's default"),
        ("repair", "the sub-process has no start event; the engine needs exactly one"),
        ("undo", "the boundary event is a compensation event there, which the engine does not run"),
        ("decide", "the business rule task names no decision"),
    ]
    for element_id, words in expected:
        assert any(e == element_id and words in m for e, m in found), f"missing {element_id}: {words}\nfound: {found}"
    for _, message in found:
        assert "the engine cannot read this" not in message and not re.search(r"<Element |0x[0-9a-f]{6,}|b'<", message)


def test_each_data_store_is_reported_once_on_its_own_element():
    fixed = DIAGRAM.replace('<bpmn:dataStore id="store_b" name="Archive"/>', "")
    found = _problems(fixed)
    assert not any(e == "store_b" for e, _ in found)
    assert [e for e, m in found if "has no implementation" in m] == ["store_a"]


def test_a_process_input_read_through_a_data_association_is_refused_in_our_words():
    # MIWG C.6.0: a task reads the process's own input (ioSpecification), which SpiffWorkflow cannot follow.
    found = deploy_case("miwg_C_6_0").problems
    [problem] = [p for p in found if p.element_id == "_9cc2ac34-f12c-49e0-b37c-144e5a84fd92" and "association" in p.message]
    assert problem.message.startswith("the task reads data through an association the engine cannot follow")
    assert problem.line == 167


def test_a_camunda_8_multi_instance_without_a_collection_the_engine_reads_needs_a_person():
    found = deploy_case("miwg_C_9_2").problems
    assert any(p.element_id == "CallActivity_RequestDocument" and "zeebe:loopCharacteristics" in p.message
               and "needs a person:" in p.message for p in found)


def test_an_xpath_condition_is_named_for_what_it_is():
    found = deploy_case("miwg_C_1_1").problems
    assert [p.element_id for p in found if "is an XPath expression" in p.message] == [
        "sid-0ed8a0cb-f28a-4689-bbd8-77dafd0ccfa0", "sid-d4f3f0f7-79c3-4b1c-817e-13d9bdd96666",
        "sid-e669aead-8bad-4dbb-b282-e9f811e02f77", "sid-628a2fdc-7654-4273-930d-8e3127b9e8b2"]


# Two elements, each with more than one problem: our check refuses the service task and the
# engine its multi-instance with no collection; the engine refuses three parts of the business
# rule task (no decision, an association it cannot follow, a loop with no end).
TWO_ON_ONE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge"/>
    <bpmn:serviceTask id="charge" name="Charge each card">
      <bpmn:multiInstanceLoopCharacteristics/>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="decide"/>
    <bpmn:businessRuleTask id="decide">
      <bpmn:dataInputAssociation id="reads"><bpmn:sourceRef>nowhere</bpmn:sourceRef><bpmn:targetRef>decide</bpmn:targetRef></bpmn:dataInputAssociation>
      <bpmn:standardLoopCharacteristics/>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_every_problem_of_one_element_comes_in_the_same_pass_ours_and_the_engines():
    found = [(e, m) for e, m in _problems(TWO_ON_ONE) if "(no DI)" not in m]
    expected = [
        ("charge", "the service task calls another system"),
        ("charge", "the multi-instance activity says neither how many times it runs nor over which list"),
        ("decide", "the business rule task names no decision"),
        ("decide", "the task reads data through an association the engine cannot follow"),
        ("decide", "the loop activity says neither when it stops nor how many times it runs"),
    ]
    for element_id, words in expected:
        assert any(e == element_id and words in m for e, m in found), f"missing {element_id}: {words}\nfound: {found}"
    assert len(found) == len(expected), found
