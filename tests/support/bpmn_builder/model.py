"""What a diagram is made of: nodes, flows, timers, message uses, multi-instance and boxes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.bpmn_builder.scope import SubProcess


ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ANY_ERROR = "*"           # error "code" of an error boundary event that catches every error

TASK_KINDS = {"userTask", "scriptTask", "callActivity", "subProcess", "task", "manualTask"}
EVENT_KINDS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
               "boundaryEvent"}
GATEWAY_KINDS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway"}


@dataclass
class MultiInstance:
    """Multi-instance characteristics of a task.

    ``collection`` is the task-data list iterated (loopDataInputRef), ``item`` the name each
    instance sees its element under (inputDataItem); ``output`` / ``output_item`` collect each
    instance's result (loopDataOutputRef / outputDataItem).  Give ``cardinality`` (an
    expression) instead of ``collection`` to run a number of instances.

    SpiffWorkflow runs the task's pre/post scripts once, around the whole multi-instance
    activity, unless ``scripts_on_instances`` is set (``spiffworkflow:scriptsOnInstances``):
    then they run in each instance, e.g. a post-script building ``output_item`` from the
    instance's form fields.
    """

    collection: str | None = None
    item: str | None = None
    output: str | None = None
    output_item: str | None = None
    sequential: bool = False
    cardinality: str | None = None
    condition: str | None = None
    scripts_on_instances: bool = False


@dataclass
class _Timer:
    duration: str | None = None
    date: str | None = None
    cycle: str | None = None

    @classmethod
    def of(cls, duration, date, cycle):
        given = [v for v in (duration, date, cycle) if v is not None]
        if not given:
            return None
        if len(given) > 1:
            raise ValueError("give exactly one of duration=, date= or cycle=")
        return cls(duration, date, cycle)


@dataclass
class _MessageUse:
    message: str
    payload: str | None = None
    variable: str | None = None
    correlate: dict[str, str] = field(default_factory=dict)


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self):
        return self.x + self.w

    @property
    def bottom(self):
        return self.y + self.h

    def inflate(self, d):
        return _Box(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def overlaps(self, other, tol=0.0):
        return (min(self.right, other.right) - max(self.x, other.x) > tol and
                min(self.bottom, other.bottom) - max(self.y, other.y) > tol)


@dataclass(eq=False)
class _Node:
    id: str
    kind: str
    name: str | None
    lane: str | None
    width: int
    height: int
    documentation: str | None = None
    # behaviour
    form: str | None = None
    ui_form: str | None = None
    instructions: str | None = None
    pre_script: str | None = None
    post_script: str | None = None
    script: str | None = None
    called_element: str | None = None
    properties: dict | None = None  # further spiffworkflow:properties (e.g. documentTemplate)
    multi_instance: MultiInstance | None = None
    timer: _Timer | None = None
    message: _MessageUse | None = None
    error: str | None = None
    terminate: bool = False
    host: "_Node | None" = None
    interrupting: bool = True
    sub: "SubProcess | None" = None
    event_sub: bool = False  # an event sub-process: started by its start event, not by a flow
    # layout
    order: int = 0
    rank: int = 0
    track: int = 0
    x: float = 0
    y: float = 0
    label: _Box | None = None

    @property
    def box(self):
        return _Box(self.x, self.y, self.width, self.height)

    @property
    def cx(self):
        return self.x + self.width / 2

    @property
    def cy(self):
        return self.y + self.height / 2

    def port(self, side):
        return {"left": (self.x, self.cy), "right": (self.x + self.width, self.cy),
                "top": (self.cx, self.y), "bottom": (self.cx, self.y + self.height)}[side]

    @property
    def has_external_label(self):
        return self.kind in EVENT_KINDS or self.kind in GATEWAY_KINDS


@dataclass(eq=False)
class _Flow:
    id: str
    source: _Node
    target: _Node
    name: str | None = None
    condition: str | None = None
    default: bool = False
    back: bool = False
    waypoints: list = field(default_factory=list)
    label: _Box | None = None
