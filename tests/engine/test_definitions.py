"""Validation: every problem a process owner could make is reported with file, line and element."""

from __future__ import annotations

from pathlib import Path


from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.xmlsafe import MAX_XML_BYTES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIBRARY = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
SCRIPT_FAILURE = (FIXTURES / "processes" / "shared" / "script_failure.bpmn").read_text()
SIMPLE_REVIEW = (FIXTURES / "processes" / "shared" / "simple_review.bpmn").read_text()


def problems_of(text: str | bytes, resolves=None):
    content = text.encode() if isinstance(text, str) else text
    compiled, problems = compile_source(SourceFile("shared", "processes/shared/test.bpmn", content),
                                        forms=LIBRARY.form_lookup("shared"), resolves=resolves)
    assert not (compiled and problems)
    return problems


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_every_fixture_diagram_is_valid():
    from engine.tenants import load_tenants

    compiled = LIBRARY.compile_all(load_tenants(FIXTURES / "processes" / "tenants.toml"))
    assert {p.key for p in compiled["shared"]} >= {"simple_review", "timers", "qpip", "radar_referral", "meeting"}


def test_a_compiled_process_knows_its_forms_roles_and_calls():
    [process], problems = compile_source(
        SourceFile("shared", "processes/shared/call_meeting.bpmn", (FIXTURES / "processes/shared/call_meeting.bpmn").read_bytes()),
        forms=LIBRARY.form_lookup("shared"))
    assert problems == []
    assert process.calls == ("meeting",)
    assert "after_meeting.schema.json" in process.forms
    assert process.roles == ("contract_officer",)


def test_an_xxe_file_is_refused_with_a_clear_message():
    xxe = '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>'
    [problem] = problems_of(xxe)
    assert problem.line == 2 and "DTD" in problem.message


def test_a_billion_laughs_file_is_refused():
    laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>'
    [problem] = problems_of(laughs)
    assert "entity" in problem.message.lower() or "DTD" in problem.message


def test_an_oversized_file_is_refused():
    [problem] = problems_of(b"<a>" + b" " * MAX_XML_BYTES + b"</a>")
    assert "limit" in problem.message


def test_malformed_xml_is_reported_with_its_line():
    [problem] = problems_of("<?xml version='1.0'?>\n<bpmn:definitions>\n<oops></bpmn:definitions>")
    assert problem.line in (2, 3) and "well-formed" in problem.message


def test_a_schema_violation_is_reported_with_its_line():
    broken = SCRIPT_FAILURE.replace('<bpmn:startEvent id="ratio_needed"', '<bpmn:startEvent bogus="1" id="ratio_needed"')
    problems = problems_of(broken)
    assert any(p.line == line_of(broken, 'bogus="1"') and "schema" in p.message for p in problems)


def test_an_import_in_a_script_is_reported_at_the_script_line():
    broken = SCRIPT_FAILURE.replace("numerator = 10\nratio", "numerator = 10\nimport os\nratio")
    [problem] = problems_of(broken)
    assert problem.element_id == "compute_ratio"
    assert problem.line == line_of(broken, "import os")
    assert "cannot import modules" in problem.message


def test_a_timer_expression_that_does_not_compile_is_reported():
    timers = (FIXTURES / "processes/shared/timers.bpmn").read_text()
    broken = timers.replace('"PT48H"', "PT48H (")
    [problem] = problems_of(broken)
    assert problem.element_id == "response_overdue" and "timer duration" in problem.message


def test_a_user_task_without_a_lane_is_reported():
    broken = SCRIPT_FAILURE.replace("<bpmn:flowNodeRef>after_ratio</bpmn:flowNodeRef>", "")
    [problem] = problems_of(broken)
    assert problem.element_id == "after_ratio" and "no lane" in problem.message


def test_a_lane_that_is_not_a_role_is_reported():
    broken = SCRIPT_FAILURE.replace('name="contract_officer"', 'name="Somebody"')
    [problem] = problems_of(broken)
    assert "names 'somebody', which is not a role" in problem.message and "known roles: admin" in problem.message


def test_a_readable_lane_label_counts_as_its_role():
    assert problems_of(SCRIPT_FAILURE.replace('name="contract_officer"', 'name="Contract officer"')) == []


def test_a_missing_form_file_is_reported():
    broken = SCRIPT_FAILURE.replace('value="after_ratio.schema.json"', 'value="nowhere.schema.json"')
    [problem] = problems_of(broken)
    assert problem.element_id == "after_ratio" and "'nowhere.schema.json'" in problem.message


def test_a_user_task_without_a_form_is_reported():
    broken = SCRIPT_FAILURE.replace('<spiffworkflow:property name="formJsonSchemaFilename" value="after_ratio.schema.json"/>', "")
    [problem] = problems_of(broken)
    assert "has no form" in problem.message


def test_an_invalid_json_schema_form_is_reported(tmp_path):
    forms = tmp_path / "forms" / "shared"
    forms.mkdir(parents=True)
    (forms / "after_ratio.schema.json").write_text('{"type": "object", "properties": {"x": {"type": "colour"}}}')
    (forms / "after_ratio.uischema.json").write_text("{\n  oops\n}")
    library = ProcessLibrary(tmp_path / "processes", tmp_path / "forms")
    _, problems = compile_source(SourceFile("shared", "t.bpmn", SCRIPT_FAILURE.encode()), forms=library.form_lookup("shared"))
    messages = sorted(p.message for p in problems)
    assert any("not a valid JSON Schema" in m for m in messages)
    assert any(p.line == 2 and "not valid JSON" in p.message for p in problems)


def test_a_flow_node_without_a_shape_is_reported():
    broken = SCRIPT_FAILURE.replace('bpmnElement="after_ratio"', 'bpmnElement="somewhere_else"')
    problems = problems_of(broken)
    assert any(p.element_id == "after_ratio" and "no shape" in p.message for p in problems)


def test_a_sequence_flow_without_an_edge_is_reported():
    broken = SCRIPT_FAILURE.replace('bpmnElement="flow_after_ratio_to_ratio_checked"', 'bpmnElement="x"')
    [problem] = problems_of(broken)
    assert problem.element_id == "flow_after_ratio_to_ratio_checked" and "no edge" in problem.message


def test_a_call_activity_that_does_not_resolve_for_the_council_is_reported():
    text = (FIXTURES / "processes/shared/call_meeting.bpmn").read_text()
    [problem] = problems_of(text, resolves=lambda key: False)
    assert problem.element_id == "hold_meeting" and "'meeting'" in problem.message


def test_the_library_resolves_call_activities_in_each_councils_folder_order():
    from engine.tenants import TenantConfig

    councils = [TenantConfig("alpha", "Alpha", "england", ("alpha", "shared"))]
    assert LIBRARY.resolver("shared", councils)("meeting")
    assert not LIBRARY.resolver("shared", councils)("no_such_process")


def test_every_problem_is_reported_not_just_the_first():
    broken = SCRIPT_FAILURE.replace("numerator = 10", "import os").replace('value="after_ratio.schema.json"', 'value="x.json"')
    assert len(problems_of(broken)) == 2


def test_an_event_based_gateway_is_standard_bpmn_and_only_its_missing_shape_is_reported():
    # Issue 25: "the provider's reply or the deadline, whichever comes first" is an event-based gateway.
    gateway = '<bpmn:eventBasedGateway id="wait_for_either" name="Which comes first?"/>\n    <bpmn:endEvent id="ratio_checked"'
    broken = SCRIPT_FAILURE.replace('<bpmn:endEvent id="ratio_checked"', gateway)
    [problem] = [p for p in problems_of(broken) if p.element_id == "wait_for_either"]
    assert "no shape in the diagram" in problem.message
