"""Lay each drill-down picture of a diagram file below everything drawn before it.

A collapsed sub-process has its own picture (a ``bpmndi:BPMNDiagram`` of its own); bpmn-js
shows one at a time, so their coordinates are free. Checkers that read every picture of a
file at once (``../shared/tools/bpmn-check``) see shapes of different pictures on top of each
other; moving each picture below the others keeps every picture as it was and the file clean.

    .venv/bin/python -m tests.support.separate_planes processes/**/*.bpmn
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

__all__ = ["lowest_point", "separate_planes"]

NS = {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI", "dc": "http://www.omg.org/spec/DD/20100524/DC",
      "di": "http://www.omg.org/spec/DD/20100524/DI"}
GAP = 100


def _points(diagram):
    return list(diagram.iter(f"{{{NS['dc']}}}Bounds", f"{{{NS['di']}}}waypoint"))


def _bottom(element) -> float:
    return float(element.get("y")) + float(element.get("height") or 0)


def lowest_point(root) -> float:
    """The lowest y any picture of the file reaches (0 for none)."""
    return max((_bottom(p) for d in root.iterfind("bpmndi:BPMNDiagram", NS) for p in _points(d)), default=0.0)


def separate_planes(root) -> bool:
    """Move every picture after the first below the ones before it; True if anything moved."""
    diagrams = root.findall("bpmndi:BPMNDiagram", NS)
    moved, floor = False, max((_bottom(p) for p in _points(diagrams[0])), default=0.0) if diagrams else 0.0
    for diagram in diagrams[1:]:
        points = _points(diagram)
        if not points:
            continue
        shift = floor + GAP - min(float(p.get("y")) for p in points)
        if shift > 0:
            for point in points:
                point.set("y", _number(float(point.get("y")) + shift))
            moved = True
        floor = max(_bottom(p) for p in points)
    return moved


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        root = etree.fromstring(path.read_bytes())
        if separate_planes(root):
            path.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n")
            print(f"{path}: drill-down pictures laid out below the main one")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
