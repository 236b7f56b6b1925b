"""Wiring: put the ``documentTemplate`` property on each element documents/WIRING.md lists.

    .venv/bin/python -m tests.support.wire_templates [PROCESSES_DIR]

Adds the template's file name to the element's ``spiffworkflow:properties`` (keeping any it names
already), in the diagram that defines the process id the table names. Elements already wired are
left as they are; an element the diagram lacks is reported and nothing else is written to that file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = ["WiringRow", "wiring_rows", "wire", "named_templates", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
WIRING = ROOT / "documents" / "WIRING.md"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN, "spiffworkflow": SPIFF}


@dataclass(frozen=True)
class WiringRow:
    template: str       # documents/<folder>/<name>.docx
    council: str        # the council the test generates it for
    case_process: str  # the procedure the test starts
    process: str        # the process id whose diagram holds the element
    element: str        # user task or call activity id
    deadline: str       # "step", a data field, or "none: why"

    @property
    def name(self) -> str:
        return self.template.rsplit("/", 1)[-1]


def wiring_rows(path: Path = WIRING) -> list[WiringRow]:
    """The rows of the '## Templates' table."""
    text = path.read_text(encoding="utf-8")
    table = text.split("## Templates", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].startswith("documents/"):
            template, _seed, council, case_process, process, element, deadline = cells
            rows.append(WiringRow(template, council, case_process, process, element, deadline))
    return rows


def _diagram(processes: Path, process_id: str) -> Path | None:
    for path in sorted(processes.glob("*/*.bpmn")):
        if re.search(rf'<bpmn:process id="{re.escape(process_id)}"', path.read_text(encoding="utf-8")):
            return path
    return None


def named_templates(processes: Path, process_id: str, element_id: str) -> list[str]:
    """The template names the element's documentTemplate property names in the shipped diagram."""
    path = _diagram(processes, process_id)
    if path is None:
        return []
    element = etree.parse(str(path)).getroot().find(f".//*[@id='{element_id}']")
    if element is None:
        return []
    for prop in element.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
        if prop.get("name") == "documentTemplate":
            return [n.strip() for n in (prop.get("value") or "").split(",") if n.strip()]
    return []


def _add(element, name: str) -> bool:
    extensions = element.find("bpmn:extensionElements", NS)
    if extensions is None:
        extensions = etree.Element(f"{{{BPMN}}}extensionElements")
        element.insert(1 if element.find("bpmn:documentation", NS) is not None else 0, extensions)
    props = extensions.find("spiffworkflow:properties", NS)
    if props is None:
        props = etree.Element(f"{{{SPIFF}}}properties")
        props.tail = extensions.text  # the indentation of the element that now follows it
        extensions.insert(0, props)
    prop = next((p for p in props.iterfind("spiffworkflow:property", NS) if p.get("name") == "documentTemplate"), None)
    if prop is None:
        prop = etree.SubElement(props, f"{{{SPIFF}}}property", name="documentTemplate", value="")
    names = [n.strip() for n in (prop.get("value") or "").split(",") if n.strip()]
    if name in names:
        return False
    prop.set("value", ", ".join(names + [name]))
    return True


def wire(processes: Path, rows: list[WiringRow]) -> list[str]:
    """Add the properties; return what was done, one line each."""
    done = []
    for row in rows:
        path = _diagram(processes, row.process)
        if path is None:
            done.append(f"no diagram defines {row.process}: {row.name} not wired")
            continue
        tree = etree.parse(str(path))
        element = tree.getroot().find(f".//*[@id='{row.element}']")
        if element is None:
            done.append(f"{path.name} has no element {row.element}: {row.name} not wired")
            continue
        if _add(element, row.name):
            body = etree.tostring(tree.getroot(), encoding="unicode")
            path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", encoding="utf-8")
            done.append(f"{path.relative_to(processes.parent)} [{row.element}]: offers {row.name}")
    return done


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "processes"
    for line in wire(target, wiring_rows()):
        print(line)
