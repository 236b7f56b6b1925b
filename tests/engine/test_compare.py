"""Changes between two versions, listed in the words a process owner reads."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from engine.compare import compare_versions, describe_timer
from engine.definitions import NS

ROOT = Path(__file__).resolve().parents[2]
EC = (ROOT / "processes" / "wales" / "escalating_concerns.bpmn").read_text()
EC_STAGE_2 = (ROOT / "processes" / "wales" / "ec_stage_2_risk_assessment.bpmn").read_text()


def _edit(xml: str, change) -> str:
    root = etree.fromstring(xml.encode())
    change(root)
    return etree.tostring(root, encoding="unicode")


def texts(old, new, old_forms=None, new_forms=None):
    return [c.text for c in compare_versions(old, old_forms or {}, new, new_forms or {})]


def test_timer_shapes_are_described_in_words():
    assert describe_timer("working_days_deadline(decision_date, 2, region)") == "2 working days after decision_date"
    assert describe_timer("calendar_days_deadline(visit_on, 1)") == "1 calendar day after visit_on"
    assert describe_timer("weeks_deadline(meeting_date, 4)") == "4 weeks after meeting_date"
    assert describe_timer("hours_deadline(raised_at, 48)") == "48 hours after raised_at"
    assert describe_timer('"PT48H"') == "'\"PT48H\"'"


def test_an_unchanged_diagram_has_no_changes():
    assert texts(EC, EC) == []


def test_renames_lane_moves_conditions_and_removed_elements_are_listed():
    def change(root):
        task = root.find(".//*[@id='coordination_group_decision']")
        task.set("name", "Decide: coordination group")
        for ref in root.iterfind(".//bpmn:flowNodeRef", NS):
            if ref.text == "coordination_group_decision":
                ref.getparent().remove(ref)
        flow = root.find(".//bpmn:sequenceFlow/bpmn:conditionExpression/..", NS)
        flow.find("bpmn:conditionExpression", NS).text = "False"
        end = root.find(".//*[@id='stage_2_decided']")
        end.getparent().remove(end)
    changed = texts(EC_STAGE_2, _edit(EC_STAGE_2, change))
    assert "task 'Decide: Escalating Concerns Coordination Group' renamed to 'Decide: coordination group'" in changed
    assert any(t.startswith("task 'Decide: coordination group' moved from lane") and t.endswith("to '(none)'") for t in changed)
    assert any("condition changed from" in t and "to 'False'" in t for t in changed)
    assert "end event 'Outcome decided' removed" in changed


def test_form_fields_added_removed_relabelled_required_and_rechoiced():
    old = {"title": "Suspension of placements", "type": "object", "required": ["reason"], "properties": {
        "reason": {"type": "string", "title": "Reason"},
        "kind": {"type": "string", "title": "Kind", "oneOf": [{"const": "a", "title": "A"}]},
        "gone": {"type": "string", "title": "Old question"}}}
    new = json.loads(json.dumps(old))
    new["required"] = []
    new["properties"]["reason"]["title"] = "Reasons"
    new["properties"]["kind"]["oneOf"].append({"const": "b", "title": "B"})
    del new["properties"]["gone"]
    new["properties"]["grounds"] = {"type": "string", "title": "Grounds for default"}
    forms = lambda schema: {"suspension.schema.json": json.dumps(schema)}  # noqa: E731
    assert sorted(texts(EC, EC, forms(old), forms(new))) == sorted([
        "field 'Grounds for default' added to form 'Suspension of placements'",
        "field 'Old question' removed from form 'Suspension of placements'",
        "field 'Reason' in form 'Suspension of placements' renamed to 'Reasons'",
        "field 'Reasons' in form 'Suspension of placements' is now optional",
        "field 'Kind' in form 'Suspension of placements': choices changed",
    ])
    assert texts(EC, EC, {}, forms(new)) == ["form 'Suspension of placements' added"]


def test_hours_deadline_counts_from_the_moment_or_from_london_midnight():
    from engine import calendar

    assert calendar.hours_deadline("2026-11-24T09:30:00+00:00", 48) == "2026-11-26T09:30:00+00:00"
    assert calendar.hours_deadline("2026-06-01", 2) == "2026-06-01T01:00:00+00:00"  # midnight BST is 23:00 UTC
    assert calendar.explain_hours_deadline("2026-11-24T09:30:00+00:00", 1) == "1 hour after 24 Nov 2026 09:30"
