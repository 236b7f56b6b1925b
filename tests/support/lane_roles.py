"""Lanes written as process owners now write them (README, diagram conventions): a readable name,
and the role slug(s) in the lane's ``role`` property."""

from __future__ import annotations

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"


def declare_lane_roles(xml: bytes, lanes: dict[str, tuple[str, str]]) -> bytes:
    """The diagram with each lane (by id) named ``label`` and given ``role = roles``."""
    root = etree.fromstring(xml)
    for lane_id, (label, roles) in lanes.items():
        [lane] = root.xpath("//bpmn:lane[@id=$id]", namespaces={"bpmn": BPMN}, id=lane_id)
        lane.set("name", label)
        extensions = etree.Element(f"{{{BPMN}}}extensionElements")
        properties = etree.SubElement(extensions, f"{{{SPIFF}}}properties", nsmap={"spiffworkflow": SPIFF})
        etree.SubElement(properties, f"{{{SPIFF}}}property", name="role", value=roles)
        lane.insert(0, extensions)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
