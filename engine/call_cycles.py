"""Processes that call themselves, directly or through others: a case starting one would never end.

Found in one file (:func:`file_call_cycles`), among processes compiled apart (a folder, an upload:
:func:`call_cycle_problems`), and through a council's folder order (:func:`council_call_cycles`).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .definition_checks import NS
from .errors import Problem

__all__ = ["call_cycle_message", "call_cycle_problems", "call_cycles", "council_call_cycles", "file_call_cycles"]


def call_cycles(calls: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Processes that call themselves, directly or through others: each with the chain that shows it.
    ``calls`` maps a process id to the ids its call activities name."""
    graph = {key: sorted(set(called)) for key, called in calls.items()}
    found: dict[str, list[str]] = {}
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    found[start] = path + [start]
                    stack = []
                    break
                if nxt not in seen and nxt in graph:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    return found


def file_call_cycles(processes) -> list[tuple[object, str]]:
    """(call activity element, message) for each process of one file that calls itself, directly
    or through another process of the file."""
    calls = {p.get("id"): [c.get("calledElement") for c in p.iterfind(".//bpmn:callActivity", NS)] for p in processes}
    found = []
    for key, chain in call_cycles(calls).items():
        process = next(p for p in processes if p.get("id") == key)
        call = next(c for c in process.iterfind(".//bpmn:callActivity", NS) if c.get("calledElement") == chain[1])
        found.append((call, call_cycle_message(chain)))
    return found


def call_cycle_message(chain: list[str]) -> str:
    how = "itself" if len(chain) == 2 else "itself through " + " -> ".join(f"'{k}'" for k in chain[1:-1])
    return (f"the process '{chain[0]}' calls {how}, so a case starting it would never end: call another process, "
            "or repeat the steps with a loop back through a gateway")


def call_cycle_problems(processes: Iterable, known: Mapping[str, Iterable[str]] = {}) -> list[Problem]:
    """Processes compiled apart (files of a folder, an upload) that call each other in a circle;
    ``known`` adds the calls of processes already deployed."""
    processes = list(processes)
    calls = {**{k: list(v) for k, v in known.items()}, **{p.key: list(p.calls) for p in processes}}
    problems = []
    for key, chain in call_cycles(calls).items():
        process = next((p for p in processes if p.key == key), None)
        if process is not None:
            problems.append(Problem(process.file, None, key, call_cycle_message(chain)))
    return problems


def council_call_cycles(compiled: Mapping[str, list], orders: Iterable[tuple[str, ...]]) -> list[Problem]:
    """Cycles through each council's folder order: a council's variant calling a shared process
    that calls the variant's process id back. ``compiled``: each folder's compiled processes."""
    problems: list[Problem] = []
    for order in {tuple(o) for o in orders}:
        resolved: dict = {}
        for folder in order:
            for process in compiled.get(folder, []):
                resolved.setdefault(process.key, process)
        for problem in call_cycle_problems(resolved.values()):
            if problem not in problems:
                problems.append(problem)
    return problems
