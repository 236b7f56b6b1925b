"""Deploying and running a diagram from another tool, as the foreign corpus test does.

A *case* is one folder of ``tests/fixtures/foreign/``: its diagrams, and the forms and decision
tables beside them. Deploying compiles every diagram of the folder as one upload would (forms
and called processes found in the folder). Running starts one process and drives it to its
end the way people and the clock would: each task completed with answers its form accepts,
each message the scenario names delivered once the case waits for it, each timer fired when
it falls due.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from api.explorer.answers import make_answers
from engine import clock
from engine.definitions import CompiledProcess, SourceFile, compile_source, process_ids_in
from engine.errors import Problem
from engine.forms import bind_schema
from engine.runtime import RUNNING, Bundle, CaseRun
from engine.serialization import spec_from_dict

__all__ = ["CORPUS", "MIWG_FILES", "Delivery", "Deployed", "assert_refused_in_our_words", "deploy_case", "deploy_imported",
           "deploy_together", "drive", "start_case"]

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "foreign"
MAX_ROUNDS = 60
# The BPMN MIWG test suite's Reference/*.bpmn at bc9f858ccbba: the A, B and C reference models, 21 in all.
MIWG_FILES = ("A.1.0 A.2.0 A.2.1 A.3.0 A.4.0 A.4.1 B.1.0 B.2.0 C.1.0 C.1.1 C.2.0 C.3.0 C.4.0 C.5.0 C.6.0 C.7.0 "
              "C.8.0 C.8.1 C.9.0 C.9.1 C.9.2").split()


@dataclass(frozen=True)
class Delivery:
    """A message from outside the case: sent once the case waits for ``name``."""

    name: str
    payload: dict = field(default_factory=dict)
    correlations: dict = field(default_factory=dict)


@dataclass
class Deployed:
    processes: dict[str, CompiledProcess]
    problems: list[Problem]


def deploy_case(case: str) -> Deployed:
    """Compile every diagram of a case folder, as one upload of the folder would."""
    return deploy_together(case)


def deploy_together(*cases: str) -> Deployed:
    """Compile every diagram of several case folders as one upload of all their files: a call
    activity in one resolves to a process of another (a model the source splits over files)."""
    diagrams = [(case, path) for case in cases for path in sorted((CORPUS / case).glob("*.bpmn"))]
    keys = {key for _, path in diagrams for key in process_ids_in(path.read_bytes())}
    decisions = {path.name: path.read_bytes() for case in cases for path in sorted((CORPUS / case).glob("*.dmn"))}
    processes: dict[str, CompiledProcess] = {}
    problems: list[Problem] = []
    for case, path in diagrams:
        source = SourceFile("foreign", f"{case}/{path.name}", path.read_bytes())
        compiled, found = compile_source(source, forms=_forms_beside(case), resolves=keys.__contains__, decisions=decisions)
        problems.extend(found)
        processes.update({process.key: process for process in compiled})
    return Deployed(processes, problems)


def _forms_beside(case: str):
    folder = CORPUS / case

    def forms(name: str):
        path = folder / name
        return (f"{case}/{name}", path.read_text(encoding="utf-8")) if "/" not in name and path.is_file() else None

    return forms


def _bundle(deployed: Deployed, key: str) -> Bundle:
    specs, forms = {}, {}
    for process in deployed.processes.values():
        forms[process.key] = {name: json.loads(text) for name, text in process.forms.items()}
        for name, embedded in process.specs["embedded"].items():
            specs[name] = spec_from_dict(embedded)
            forms[name] = forms[process.key]
        if process.key != key:
            specs[process.key] = spec_from_dict(process.specs["spec"])
    top = deployed.processes[key]
    return Bundle(key=key, spec=spec_from_dict(top.specs["spec"]), subprocess_specs=specs, forms=forms)


def start_case(deployed: Deployed, key: str, data: dict | None = None) -> CaseRun:
    return CaseRun.start(_bundle(deployed, key), data or {})


def drive(run: CaseRun, deliveries: list[Delivery] = (), seed: int = 0) -> list[str]:
    """Drive a case to its end; return what was done, one line a step (for failure messages)."""
    rng, pending, steps = random.Random(seed), list(deliveries), []
    for _ in range(MAX_ROUNDS):
        if run.status != RUNNING:
            break
        tasks = run.ready_tasks()
        waiting = {m.name for m in run.waiting_messages()}
        delivery = next((d for d in pending if d.name in waiting), None)
        timers = sorted(run.waiting_timers(), key=lambda t: t.due_at)
        if tasks:
            task = tasks[0]
            schema = bind_schema(run.bundle.form(task.process_key, task.form), task.data)
            answers = make_answers(schema, rng, clock.now().date(), given=task.data) if schema else {}
            run.complete(task.id, answers)
            steps.append(f"completed {task.element_id} with {answers}")
        elif delivery is not None:
            pending.remove(delivery)
            run.deliver(delivery.name, delivery.payload, delivery.correlations)
            steps.append(f"delivered {delivery.name}")
        elif timers:
            clock.set_clock(max(timers[0].due_at, clock.now()) + _dt.timedelta(seconds=1))
            fired = run.fire_due_timers()
            steps.append(f"fired {[t.element_id for t in fired]}")
        else:
            steps.append("nothing to do: the case waits for nothing a person, message or timer can give")
            break
    if run.failure is not None:
        steps.append(f"error at {run.failure.element_id}: {run.failure.message}")
    return steps


def deploy_imported(case: str, role) -> tuple[Deployed, list]:
    """A case folder as `concerns import --role ROLE` leaves it: (what deploys, the fixes made)."""
    from engine.importing import mechanical_fixes

    folder = CORPUS / case
    forms = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.json"))}
    diagrams = sorted(folder.glob("*.bpmn"))
    keys = {key for path in diagrams for key in process_ids_in(path.read_bytes())}
    deployed, fixes = Deployed({}, []), []
    for path in diagrams:
        imported = mechanical_fixes(path.read_bytes(), lane_role=role, forms=forms)
        forms.update(imported.forms)
        fixes.extend(imported.fixes)
        compiled, problems = compile_source(SourceFile("foreign", f"{case}/{path.name}", imported.bpmn),
                                            forms=lambda n: (n, forms[n]) if n in forms else None, resolves=keys.__contains__)
        deployed.problems.extend(problems)
        deployed.processes.update({process.key: process for process in compiled})
    return deployed, fixes


def assert_refused_in_our_words(deployed: Deployed, expected: list[tuple[str, str]]) -> None:
    """Refused with exactly the problems expected, as (element id, words its message contains), each
    on a line and in our words: never the engine's ``<Element ... at 0x...>`` or a quoted piece of XML."""
    found = [(p.element_id, p.message) for p in deployed.problems]
    for element_id, words in expected:
        assert any(e == element_id and words in m for e, m in found), f"missing {element_id}: {words}\nfound: {found}"
    assert len(found) == len(expected), found
    assert deployed.processes == {}
    for _, message in found:
        assert not re.search(r"<Element |0x[0-9a-f]{6,}|b'<|\.\.\s*$|the engine cannot read this", message), message
    assert all(p.line for p in deployed.problems), "every problem is located on a line"
