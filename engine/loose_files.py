"""Diagrams outside a ``processes/`` tree (no ``tenants.toml`` above them): a folder copied from
another tool, or files named one by one.

Each folder holding ``.bpmn`` files is compiled as one upload would be: forms are looked up
beside the diagram first (SpiffArena keeps ``form1.json`` with its process model), then in a
``forms/<folder>/`` beside the folder's parent, as in this project's own layout; call activities
resolve among every process given. What was looked at is said, so "valid" never means "found
nothing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .definitions import CompiledProcess, FormLookup, SourceFile, call_cycle_problems, compile_source, process_ids_in
from .errors import Problem

__all__ = ["LooseCheck", "check_loose"]


@dataclass
class LooseCheck:
    compiled: list[CompiledProcess] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    diagrams: list[Path] = field(default_factory=list)
    form_places: list[Path] = field(default_factory=list)


def _diagrams_in(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.bpmn") if not any(part.startswith(".") for part in p.parts))


def _form_places(diagram: Path) -> list[Path]:
    folder = diagram.parent
    return [folder, folder.parent.parent / "forms" / folder.name, folder.parent.parent / "forms" / "shared"]


def _lookup(places: list[Path]) -> FormLookup:
    def lookup(name: str):
        if "/" in name or "\\" in name or name.startswith("."):
            return None
        for place in places:
            candidate = place / name
            if candidate.is_file():
                return str(candidate), candidate.read_text(encoding="utf-8")
        return None

    return lookup


def check_loose(paths: list[Path]) -> LooseCheck:
    """Compile every diagram in ``paths`` (files or folders, searched recursively)."""
    result = LooseCheck()
    for path in paths:
        if not path.exists():
            result.problems.append(Problem(str(path), None, None, "no such file or folder"))
            continue
        found = _diagrams_in(path)
        if not found:
            result.problems.append(Problem(str(path), None, None, "no .bpmn diagram here: nothing was checked"))
        result.diagrams.extend(found)
    keys = {key for diagram in result.diagrams for key in process_ids_in(diagram.read_bytes())}
    for diagram in result.diagrams:
        places = _form_places(diagram)
        result.form_places.extend(p for p in places if p.is_dir() and p not in result.form_places)
        source = SourceFile(diagram.parent.name, str(diagram), diagram.read_bytes())
        decisions = {p.name: p.read_bytes() for p in sorted(diagram.parent.glob("*.dmn"))}
        compiled, problems = compile_source(source, forms=_lookup(places), resolves=keys.__contains__, decisions=decisions)
        result.compiled.extend(compiled)
        result.problems.extend(problems)
    result.problems.extend(call_cycle_problems(result.compiled))
    return result
