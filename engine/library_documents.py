"""Letter templates on disk, resolved as the councils resolve processes and forms.

``documents/<folder>/<name>.docx``: a council's own folder first, then the regional one, then
``shared``. A template named by a diagram in one folder must resolve for every council that uses
that folder; each council's copy is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .document_checks import TemplateLookup, names_in_process
from .tenants import TenantConfig, default_folders
from .xmlsafe import UnsafeXml, parse_xml

if TYPE_CHECKING:
    from .definitions import ProcessLibrary

__all__ = ["template_lookup", "resolve_template"]

_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
       "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}


def resolve_template(documents_root: Path, folders: list[str] | tuple[str, ...], name: str) -> Path | None:
    """The file a council with these folders uses for template ``name``, or None."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    for folder in folders:
        candidate = Path(documents_root) / folder / name
        if candidate.is_file():
            return candidate
    return None


def _orders(folder: str, tenants: list[TenantConfig]) -> list[tuple[str, ...]]:
    return [t.folders for t in tenants if folder in t.folders] or [(folder, *default_folders(folder)[1:])]


def template_lookup(library: "ProcessLibrary", folder: str, tenants: list[TenantConfig]) -> TemplateLookup:
    orders = _orders(folder, tenants)
    graphs: dict[tuple[str, ...], dict] = {}

    def variants(name: str) -> list[tuple[str, bytes]]:
        found: dict[Path, bytes] = {}
        for order in orders:
            path = resolve_template(library.documents_root, order, name)
            if path is None:
                looked = ", ".join(f"documents/{f}/" for f in order)
                raise LookupError(f"the template '{name}' is in none of {looked}: add it to documents/{folder}/ "
                                  "(or correct the name)")
            found.setdefault(path, path.read_bytes())
        return [(library._display(path), content) for path, content in found.items()]

    def case_names(key: str) -> set[str]:
        names: set[str] = set()
        for order in orders:
            graph = graphs.setdefault(order, _graph(library, order))
            names |= _case_names(graph, key)
        return names

    return TemplateLookup(variants=variants, called_names=case_names)


def _graph(library: "ProcessLibrary", order: tuple[str, ...]) -> dict[str, tuple[set[str], set[str]]]:
    """Each process id the order resolves: (the data names it records itself, the ids it calls)."""
    graph: dict[str, tuple[set[str], set[str]]] = {}
    for folder in order:
        lookup = library.form_lookup(folder)
        for source in library.sources(folder):
            try:
                root = parse_xml(source.content).getroot()
            except UnsafeXml:
                continue
            for process in root.iterfind("bpmn:process", _NS):
                key = process.get("id")
                if not key or key in graph:
                    continue
                forms = {}
                for prop in process.iterfind(".//spiffworkflow:property", _NS):
                    value = prop.get("value") or ""
                    if value.endswith(".schema.json") and (form := lookup(value)) is not None:
                        forms[value] = form[1]
                calls = {c.get("calledElement") for c in process.iterfind(".//bpmn:callActivity", _NS) if c.get("calledElement")}
                graph[key] = (names_in_process(process, forms), calls)
    return graph


def _case_names(graph: dict[str, tuple[set[str], set[str]]], key: str) -> set[str]:
    """What a case running ``key`` may hold: the data of every procedure that calls it (however
    indirectly) and of everything those call, ``key`` included."""
    callers: dict[str, set[str]] = {}
    for caller, (_names, calls) in graph.items():
        for called in calls:
            callers.setdefault(called, set()).add(caller)
    tops, pending = {key}, [key]
    while pending:
        for caller in callers.get(pending.pop(), ()):
            if caller not in tops:
                tops.add(caller)
                pending.append(caller)
    names, seen, pending = set(), set(), list(tops)
    while pending:
        current = pending.pop()
        if current in seen or current not in graph:
            continue
        seen.add(current)
        names |= graph[current][0]
        pending.extend(graph[current][1])
    return names
