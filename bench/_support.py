"""What the benchmarks share: percentiles, verdicts beside figures, and raw SpiffWorkflow with
every cache the product has.

Machine noise falls on both sides of a comparison alike when the two are measured
interleaved, step by step; figures are medians and p95 of many repetitions, never one timing.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.serializer.default.workflow import WorkflowConverter  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402

from engine.serialization import registry, workflow_converter  # noqa: E402

__all__ = ["ROOT", "percentile", "median", "ms", "verdict", "RawSpiff"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


class RawSpiff:
    """SpiffWorkflow alone, in memory: a completion is a round trip through its own converters
    (restore the workflow, complete the task, run engine steps, serialize again), with the spec
    parsed once and kept out of the serialization, as the product keeps it once per definition
    version. What it does not have is the product's own work: parts, pruning, projections."""

    def __init__(self, spec, subprocess_specs: dict, script_engine=None):
        self.spec, self.subprocess_specs, self.script_engine = spec, dict(subprocess_specs), script_engine
        self.stored = ""

    def start(self, data: dict) -> None:
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=self.script_engine)
        for task in workflow.get_tasks(state=TaskState.READY):
            task.data.update(data)
        workflow.do_engine_steps()
        self.stored = self.dumps(workflow)

    def dumps(self, workflow) -> str:
        state = WorkflowConverter.to_dict(workflow_converter, workflow)
        state["subprocesses"] = workflow_converter.mapping_to_dict(workflow.subprocesses)
        state["bpmn_events"] = registry.convert(workflow.bpmn_events)
        return json.dumps(state)

    def loads(self, text: str):
        state = json.loads(text)
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=self.script_engine, deserializing=True)
        workflow.tasks = workflow_converter.mapping_from_dict(state["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(state["root"]))
        workflow_converter.set_default_attributes(workflow, state)
        workflow_converter.subprocesses_from_dict(state["subprocesses"], workflow)
        workflow.bpmn_events = registry.restore(state["bpmn_events"])
        return workflow

    def complete_next(self, data: dict, element_id: str | None = None) -> int:
        """Complete the first ready user task (with ``element_id``, if given); return how many
        task records the stored state holds afterwards (0 when no task was ready: a stall)."""
        workflow = self.loads(self.stored)
        ready = [t for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.manual
                 and (element_id is None or t.task_spec.bpmn_id == element_id)]
        if not ready:
            return 0
        ready[0].data.update(data)
        ready[0].run()
        workflow.do_engine_steps()
        self.stored = self.dumps(workflow)
        return len(workflow.tasks) + sum(len(sub.tasks) for sub in workflow.subprocesses.values())
