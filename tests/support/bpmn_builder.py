"""A small DSL that writes BPMN 2.0 diagrams for SpiffWorkflow 3.2, laid out for bpmn-js.

The output parses with ``SpiffBpmnParser(validator=VALIDATOR)`` (BPMN 2.0 XSD plus the
spiffworkflow extension XSD) and opens in bpmn-js with full diagram interchange (DI): one pool
per process, one lane per role slug, a shape for every node and an orthogonal edge for every
sequence flow, with labels placed clear of shapes.

Example::

    d = Diagram("simple_review", "Simple review", lanes=["contract_officer", "head_of_service"])
    d.start("concern_raised", "Concern raised", "contract_officer")
    d.user_task("review", "Review the concern", "contract_officer", form="review")
    d.exclusive("total_high", "Total high?", "contract_officer")
    d.end("closed", "Closed", "contract_officer")
    d.flow("concern_raised", "review")
    d.flow("review", "total_high")
    d.flow("total_high", "closed", "Under 5", default=True)
    d.write("simple_review.bpmn")

Conventions
-----------
* Node ids are the BPMN element ids (snake_case); sequence flow ids are generated as
  ``flow_<source>_to_<target>`` unless given.
* Every expression (conditions, timer texts, message payloads, correlation expressions) is a
  Python expression evaluated by SpiffWorkflow, written verbatim.  A literal ISO timer text
  therefore needs quotes: ``duration='"PT48H"'`` or ``duration=literal("PT48H")``.
* ``form="review"`` references ``review.schema.json`` and ``review.uischema.json`` through
  ``spiffworkflow:properties``.
* A gateway's default flow is marked on the flow: ``flow(gw, target, "Otherwise", default=True)``.

Layout
------
Columns are the longest-path rank from the start event(s), ignoring back edges; rows are lanes
(in the order given), and nodes sharing a lane and a column stack on separate tracks.  Edges are
orthogonal, start and end on the shapes' borders and are routed round other shapes: forward
edges through the gaps between columns and tracks, back edges (loops) through a channel at the
bottom of the lane they leave.  Embedded sub-processes are drawn expanded, laid out the same way.
A node takes its predecessor's row when that is free, in the order nodes were added: add the
main path's nodes (or a gateway's default target) first to keep them on the straight line.
SpiffWorkflow orders a split's outgoing paths by the y of their targets, so this also fixes the
order in which parallel branches become ready.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

__all__ = ["Diagram", "SubProcess", "MultiInstance", "literal"]

# --------------------------------------------------------------------------------------------
# Namespaces
# --------------------------------------------------------------------------------------------
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "spiffworkflow": SPIFF}
FORMAL_EXPRESSION = "bpmn:tFormalExpression"


def _q(prefix: str, tag: str) -> str:
    return f"{{{NSMAP[prefix]}}}{tag}"


def literal(text: str) -> str:
    """Quote a literal for use where SpiffWorkflow expects an expression (``"PT48H"``)."""
    return json.dumps(text)


# --------------------------------------------------------------------------------------------
# Sizes and spacing (pixels)
# --------------------------------------------------------------------------------------------
TASK_SIZE = (100, 80)
EVENT_SIZE = (36, 36)
GATEWAY_SIZE = (50, 50)

POOL_HEADER = 30          # vertical band holding the pool's name
LANE_HEADER = 30          # vertical band holding each lane's name
CONTENT_LEFT = 50         # from the lane header to the first column
CONTENT_RIGHT = 50        # after the last column
COLUMN_GAP = 60           # least horizontal gap between columns
TRACK_PAD = 30            # space above and below the tallest node of a track
MIN_TRACK = 140           # least height of a track (one row of nodes within a lane)
BOUNDARY_ROOM = 30        # extra height of a track whose nodes carry boundary events
LOOP_CHANNEL = 24         # height of the channel for each back edge at the bottom of a lane
SUB_PAD = (30, 40, 30, 30)  # expanded sub-process padding: left, top (name), right, bottom
LABEL_MAX_WIDTH = 90      # bpmn-js wraps external labels at about this width
LABEL_LINE = 14           # line height of an 11px label
MARGIN = 4                # clearance kept between edges/labels and shapes

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ANY_ERROR = "*"           # error "code" of an error boundary event that catches every error

TASK_KINDS = {"userTask", "scriptTask", "callActivity", "subProcess", "task", "manualTask"}
EVENT_KINDS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
               "boundaryEvent"}
GATEWAY_KINDS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway"}


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
# Building: a scope is a process or an embedded sub-process
# --------------------------------------------------------------------------------------------
class _Scope:
    """Node-adding methods shared by a Diagram (process) and an embedded SubProcess."""

    def __init__(self, root: "Diagram | None"):
        self._root = root if root is not None else self  # type: ignore[assignment]
        self.nodes: dict[str, _Node] = {}
        self.flows: list[_Flow] = []

    # -- internals ---------------------------------------------------------------------------
    def _lane(self, lane):
        return lane

    def _add(self, node: _Node) -> _Node:
        root = self._root
        if not ID_PATTERN.match(node.id):
            raise ValueError(f"element id {node.id!r} must be snake_case")
        root._claim_id(node.id)
        node.lane = self._lane(node.lane)
        node.order = root._next_order()
        self.nodes[node.id] = node
        root._all_nodes[node.id] = node
        return node

    def _node(self, node_id) -> _Node:
        node = self._root._all_nodes.get(node_id)
        if node is None:
            raise KeyError(f"no node {node_id!r}")
        return node

    def _message(self, message, payload=None, variable=None, correlate=None):
        if message is None:
            return None
        if message not in self._root._messages:
            self._root.message(message)
        return _MessageUse(message, payload, variable, dict(correlate or {}))

    # -- events ------------------------------------------------------------------------------
    def start(self, id, name, lane=None, *, message=None, variable=None, correlate=None,
              duration=None, date=None, cycle=None, interrupting=True, documentation=None):
        """A start event: plain, message (``message=`` name, ``variable=`` to receive the
        payload) or timer (``duration=``/``date=``/``cycle=`` expression). In an event
        sub-process, ``interrupting=False`` lets the rest of the process run on."""
        return self._add(_Node(id, "startEvent", name, lane, *EVENT_SIZE, documentation,
                               timer=_Timer.of(duration, date, cycle), interrupting=interrupting,
                               message=self._message(message, None, variable, correlate))).id

    def end(self, id, name, lane=None, *, error=None, message=None, payload=None,
            terminate=False, documentation=None):
        """An end event: plain, error (``error=`` code), message or terminate."""
        if error is not None and error not in self._root._errors:
            self._root.error(error)
        return self._add(_Node(id, "endEvent", name, lane, *EVENT_SIZE, documentation,
                               error=error, terminate=terminate,
                               message=self._message(message, payload))).id

    def timer_catch(self, id, name, lane=None, *, duration=None, date=None, cycle=None,
                    documentation=None):
        """An intermediate timer catch event; the timer text is an expression."""
        timer = _Timer.of(duration, date, cycle)
        if timer is None:
            raise ValueError("a timer needs duration=, date= or cycle=")
        return self._add(_Node(id, "intermediateCatchEvent", name, lane, *EVENT_SIZE,
                               documentation, timer=timer)).id

    def message_catch(self, id, name, lane=None, *, message, variable=None, correlate=None,
                      documentation=None):
        """An intermediate message catch event.  ``variable`` receives the payload;
        ``correlate`` maps correlation property -> expression over this case's data."""
        return self._add(_Node(id, "intermediateCatchEvent", name, lane, *EVENT_SIZE,
                               documentation,
                               message=self._message(message, None, variable, correlate))).id

    def message_throw(self, id, name, lane=None, *, message, payload=None, documentation=None):
        """An intermediate message throw event sending ``payload`` (an expression)."""
        return self._add(_Node(id, "intermediateThrowEvent", name, lane, *EVENT_SIZE,
                               documentation, message=self._message(message, payload))).id

    def _boundary(self, id, name, attached_to, **kw):
        host = self._node(attached_to)
        if host.kind not in TASK_KINDS:
            raise ValueError(f"boundary event {id!r} must sit on a task, not {host.kind}")
        node = _Node(id, "boundaryEvent", name, host.lane, *EVENT_SIZE, host=host, **kw)
        return self._add(node).id

    def boundary_timer(self, id, name, attached_to, *, duration=None, date=None, cycle=None,
                       interrupting=True, documentation=None):
        """A timer on a task's border; non-interrupting (``interrupting=False``) leaves the
        task running and starts the outgoing path alongside it."""
        timer = _Timer.of(duration, date, cycle)
        if timer is None:
            raise ValueError("a timer needs duration=, date= or cycle=")
        return self._boundary(id, name, attached_to, timer=timer, interrupting=interrupting,
                              documentation=documentation)

    def boundary_error(self, id, name, attached_to, *, error=None, documentation=None):
        """An error boundary event (always interrupting); ``error`` is the code caught,
        None catches any error."""
        if error is not None and error not in self._root._errors:
            self._root.error(error)
        return self._boundary(id, name, attached_to, error=error or ANY_ERROR,
                              documentation=documentation)

    def boundary_message(self, id, name, attached_to, *, message, variable=None, correlate=None,
                         interrupting=True, documentation=None):
        """A message boundary event."""
        return self._boundary(id, name, attached_to, interrupting=interrupting,
                              message=self._message(message, None, variable, correlate),
                              documentation=documentation)

    # -- activities --------------------------------------------------------------------------
    def user_task(self, id, name, lane=None, *, form=None, ui_form=None, instructions=None,
                  pre_script=None, post_script=None, multi_instance=None, documentation=None, properties=None):
        """A user task completed by the lane's role.  ``form`` names ``<form>.schema.json``;
        ``ui_form`` defaults to the same name (``<form>.uischema.json``), False for none.
        ``instructions`` is markdown (Jinja ``{{ var }}`` allowed)."""
        if ui_form is None and form is not None:
            ui_form = form
        if multi_instance is not None:
            self._root._declare_items(multi_instance)
        return self._add(_Node(id, "userTask", name, lane, *TASK_SIZE, documentation,
                               form=form, ui_form=ui_form or None, instructions=instructions,
                               pre_script=pre_script, post_script=post_script,
                               multi_instance=multi_instance, properties=properties)).id

    def manual_task(self, id, name, lane=None, *, instructions=None, documentation=None):
        return self._add(_Node(id, "manualTask", name, lane, *TASK_SIZE, documentation,
                               instructions=instructions)).id

    def script_task(self, id, name, lane=None, script="", *, documentation=None):
        """A script task; ``script`` is Python (several lines allowed)."""
        if not script:
            raise ValueError(f"script task {id!r} needs a script")
        return self._add(_Node(id, "scriptTask", name, lane, *TASK_SIZE, documentation,
                               script=script)).id

    def call_activity(self, id, name, lane=None, called_element=None, *, pre_script=None,
                      post_script=None, multi_instance=None, documentation=None, properties=None):
        """A call activity running process ``called_element`` (another file's process id);
        with ``multi_instance``, one call (one sub-workflow) per item."""
        if not called_element:
            raise ValueError(f"call activity {id!r} needs called_element")
        if multi_instance is not None:
            self._root._declare_items(multi_instance)
        return self._add(_Node(id, "callActivity", name, lane, *TASK_SIZE, documentation,
                               called_element=called_element, pre_script=pre_script,
                               post_script=post_script, multi_instance=multi_instance, properties=properties)).id

    def subprocess(self, id, name, lane=None, *, event=False, documentation=None) -> "SubProcess":
        """An embedded sub-process, drawn expanded.  Returns the SubProcess; add its nodes and
        flows on it (lanes are not needed inside). ``event=True`` makes it an event
        sub-process (no flows in or out; its start event says what starts it)."""
        node = self._add(_Node(id, "subProcess", name, lane, *TASK_SIZE, documentation, event_sub=event))
        node.sub = SubProcess(self._root, node)
        return node.sub

    # -- gateways ----------------------------------------------------------------------------
    def exclusive(self, id, name=None, lane=None, *, documentation=None):
        """An exclusive gateway; name a splitting one as the question ("Total high?")."""
        return self._add(_Node(id, "exclusiveGateway", name, lane, *GATEWAY_SIZE,
                               documentation)).id

    def inclusive(self, id, name=None, lane=None, *, documentation=None):
        return self._add(_Node(id, "inclusiveGateway", name, lane, *GATEWAY_SIZE,
                               documentation)).id

    def parallel(self, id, name=None, lane=None, *, documentation=None):
        return self._add(_Node(id, "parallelGateway", name, lane, *GATEWAY_SIZE,
                               documentation)).id

    # -- flows -------------------------------------------------------------------------------
    def flow(self, source, target, name=None, *, condition=None, default=False, id=None):
        """A sequence flow.  ``condition`` is an expression; ``default=True`` makes it the
        source gateway's default flow."""
        s, t = self._node(source), self._node(target)
        for node in (s, t):
            if node.id not in self.nodes:
                raise ValueError(f"{node.id!r} is not in this scope")
        if default and s.kind not in ("exclusiveGateway", "inclusiveGateway"):
            raise ValueError("only exclusive and inclusive gateways have default flows")
        if default and condition:
            raise ValueError("a default flow has no condition")
        if default and any(f.default for f in self.flows if f.source is s):
            raise ValueError(f"{source!r} already has a default flow")
        if id is None:
            id = f"flow_{source}_to_{target}"
            n = 2
            while id in self._root._ids:
                id, n = f"flow_{source}_to_{target}_{n}", n + 1
        self._root._claim_id(id)
        self.flows.append(_Flow(id, s, t, name, condition, default))
        return id

    def chain(self, *node_ids):
        """Connect nodes one after another with unnamed flows."""
        for a, b in zip(node_ids, node_ids[1:]):
            self.flow(a, b)


class SubProcess(_Scope):
    """An embedded sub-process: its nodes inherit the sub-process's lane."""

    def __init__(self, root: "Diagram", node: _Node):
        super().__init__(root)
        self.node = node

    @property
    def id(self):
        return self.node.id

    def _lane(self, lane):
        return None


class Diagram(_Scope):
    """One BPMN file: a collaboration with one pool (the process) divided into role lanes."""

    def __init__(self, process_id: str, name: str, lanes: list[str] | None = None, *,
                 documentation: str | None = None):
        self._ids: set[str] = set()
        self._all_nodes: dict[str, _Node] = {}
        self._order = 0
        self._auto_lanes: list[str] = []
        super().__init__(None)
        if not ID_PATTERN.match(process_id):
            raise ValueError(f"process id {process_id!r} must be snake_case")
        self.process_id = process_id
        self.name = name
        self.documentation = documentation
        self.lanes = list(lanes) if lanes is not None else None
        for lane in self.lanes or []:
            if not ID_PATTERN.match(lane):
                raise ValueError(f"lane {lane!r} must be a role slug")
        self._messages: dict[str, dict[str, str]] = {}
        self._errors: dict[str, str] = {}
        self._properties: set[str] = set()
        self._items: list[str] = []
        for suffix in ("definitions", "collaboration", "pool", "lanes", "diagram", "plane"):
            self._claim_id(f"{process_id}_{suffix}")
        self._ids.add(process_id)

    def _claim_id(self, id):
        if id in self._ids:
            raise ValueError(f"duplicate id {id!r}")
        self._ids.add(id)

    def _declare_items(self, mi: "MultiInstance"):
        # bpmn-js resolves loopDataInputRef / loopDataOutputRef as references to an
        # ItemAwareElement by id; a process-level bpmn:property of that id resolves them and
        # is ignored by SpiffWorkflow (which reads the names from task data).
        for name in (mi.collection, mi.output):
            if name is not None and name not in self._ids:
                if not ID_PATTERN.match(name):
                    raise ValueError(f"data name {name!r} must be snake_case")
                self._claim_id(name)
                self._items.append(name)

    def _next_order(self):
        self._order += 1
        return self._order

    def _lane(self, lane):
        if lane is None:
            raise ValueError("every node needs a lane (role slug)")
        if self.lanes is None:
            if lane not in self._auto_lanes:
                self._auto_lanes.append(lane)
        elif lane not in self.lanes:
            raise ValueError(f"lane {lane!r} is not one of {self.lanes}")
        return lane

    # -- definitions-level elements ----------------------------------------------------------
    def message(self, name: str, correlation: dict[str, str] | None = None):
        """Declare a message.  ``correlation`` maps a correlation property (also the
        correlation key's name) to the expression that reads it from the message payload."""
        if not ID_PATTERN.match(name):
            raise ValueError(f"message name {name!r} must be snake_case")
        if name in self._messages:
            raise ValueError(f"message {name!r} declared twice")
        self._claim_id(name)
        self._messages[name] = dict(correlation or {})
        for prop in self._messages[name]:
            if prop not in self._properties:
                self._claim_id(prop)
                self._claim_id(f"{prop}_key")
                self._properties.add(prop)
        return name

    def error(self, code: str, name: str | None = None):
        """Declare an error by its code (SpiffWorkflow matches errors by code)."""
        if code in self._errors:
            raise ValueError(f"error {code!r} declared twice")
        self._claim_id(f"{code}_error")
        self._errors[code] = name or code.replace("_", " ").capitalize()
        return code

    # -- output ------------------------------------------------------------------------------
    @property
    def _lane_order(self):
        return self.lanes if self.lanes is not None else self._auto_lanes

    def to_xml(self, *, strict: bool = True) -> bytes:
        """The BPMN file.  ``strict=False`` skips the structural checks (every scope has a
        start event, every node is connected), to build deliberately broken diagrams."""
        unused = [lane for lane in self._lane_order
                  if lane not in {n.lane for n in self.nodes.values()}]
        if unused:
            raise ValueError(f"lanes with no steps: {unused}")
        if strict:
            self._check()
        _layout_diagram(self)
        return _Writer(self).xml()

    def write(self, path, *, strict: bool = True) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_xml(strict=strict))
        return path

    def _check(self):
        for scope in _scopes(self):
            starts = [n for n in scope.nodes.values() if n.kind == "startEvent"]
            if not starts:
                raise ValueError(f"{_scope_id(scope)} has no start event")
            incoming = {f.target.id for f in scope.flows}
            outgoing = {f.source.id for f in scope.flows}
            for n in scope.nodes.values():
                if n.event_sub:
                    continue
                if n.kind != "startEvent" and n.kind != "boundaryEvent" and n.id not in incoming:
                    raise ValueError(f"{n.id!r} has no incoming flow")
                if n.kind != "endEvent" and n.id not in outgoing:
                    raise ValueError(f"{n.id!r} has no outgoing flow")


def _scope_id(scope):
    return scope.process_id if isinstance(scope, Diagram) else scope.node.id


def _scopes(scope):
    yield scope
    for n in scope.nodes.values():
        if n.sub is not None:
            yield from _scopes(n.sub)


# --------------------------------------------------------------------------------------------
# Text measuring (approximates bpmn-js's 11px Arial labels)
# --------------------------------------------------------------------------------------------
def _char_width(c):
    if c in "iljtf.,;:'!|() ":
        return 3.5
    if c in "mwMW":
        return 9.5
    if c.isupper():
        return 7.5
    return 6.2


def _text_size(text, max_width=LABEL_MAX_WIDTH):
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and sum(map(_char_width, trial)) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    width = max(sum(map(_char_width, ln)) for ln in lines) + 6
    return round(max(width, 20)), LABEL_LINE * len(lines)


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------
def _segment_hits(p, q, box: _Box):
    """True if the axis-parallel segment pq passes through the inside of box."""
    (x1, y1), (x2, y2) = p, q
    if y1 == y2:
        return box.y < y1 < box.bottom and min(box.right, max(x1, x2)) - max(box.x, min(x1, x2)) > 0
    if x1 == x2:
        return box.x < x1 < box.right and min(box.bottom, max(y1, y2)) - max(box.y, min(y1, y2)) > 0
    raise AssertionError("edges are orthogonal")


def _simplify(points):
    pts = []
    for p in points:
        p = (round(p[0]), round(p[1]))
        if pts and pts[-1] == p:
            continue
        pts.append(p)
    out = []
    for p in pts:
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out


class _ScopeLayout:
    """Places the nodes of one scope (process or expanded sub-process) and routes its flows.

    Coordinates are relative to the scope's own origin until ``shift`` moves them.
    """

    def __init__(self, scope: _Scope, bands: list, x0: float, y0: float):
        self.scope = scope
        self.bands = bands
        self.x0 = x0
        self.y0 = y0
        self.nodes = [n for n in scope.nodes.values() if n.kind != "boundaryEvent"]
        self.boundaries = [n for n in scope.nodes.values() if n.kind == "boundaryEvent"]
        for n in self.nodes:
            if n.sub is not None:
                w, h = _layout_subprocess(n.sub)
                n.width, n.height = w, h

    # -- ranks -------------------------------------------------------------------------------
    @staticmethod
    def _eff(node):
        return node.host if node.host is not None else node

    def rank(self):
        flows = self.scope.flows
        for f in flows:
            f.back = False
        succ = {n.id: [] for n in self.nodes}
        has_in = set()
        for f in flows:
            succ[self._eff(f.source).id].append(f)
            has_in.add(f.target.id)
        roots = ([n for n in self.nodes if n.kind == "startEvent"] +
                 [n for n in self.nodes if n.kind != "startEvent" and n.id not in has_in])
        state = {}  # id -> 1 on stack, 2 done
        for root in roots + self.nodes:
            if root.id in state:
                continue
            stack = [(root, iter(succ[root.id]))]
            state[root.id] = 1
            while stack:
                node, it = stack[-1]
                f = next(it, None)
                if f is None:
                    state[node.id] = 2
                    stack.pop()
                    continue
                t = f.target
                if state.get(t.id) == 1:
                    f.back = True
                elif t.id not in state:
                    state[t.id] = 1
                    stack.append((t, iter(succ[t.id])))
        # longest path over forward edges (Kahn, insertion order)
        indeg = {n.id: 0 for n in self.nodes}
        for f in flows:
            if not f.back:
                indeg[f.target.id] += 1
        for n in self.nodes:
            n.rank = 0
        ready = [n for n in self.nodes if indeg[n.id] == 0]
        while ready:
            n = ready.pop(0)
            for f in succ[n.id]:
                if f.back:
                    continue
                f.target.rank = max(f.target.rank, n.rank + 1)
                indeg[f.target.id] -= 1
                if indeg[f.target.id] == 0:
                    ready.append(f.target)
        for b in self.boundaries:
            b.rank = b.host.rank

    # -- tracks ------------------------------------------------------------------------------
    def assign_tracks(self):
        used = {}
        incoming = {}
        for f in self.scope.flows:
            if not f.back:
                incoming.setdefault(f.target.id, []).append(f)
        for n in sorted(self.nodes, key=lambda n: (n.rank, n.order)):
            preferred = 0
            for f in incoming.get(n.id, []):
                src = self._eff(f.source)
                if src.lane == n.lane:
                    preferred = src.track + (1 if f.source.host is not None else 0)
                    break
            taken = used.setdefault((n.lane, n.rank), set())
            track = preferred
            while track in taken:
                track += 1
            taken.add(track)
            n.track = track
        # compact: drop empty tracks per band
        for band in self.bands:
            tracks = sorted({n.track for n in self.nodes if n.lane == band})
            remap = {t: i for i, t in enumerate(tracks)}
            for n in self.nodes:
                if n.lane == band:
                    n.track = remap[n.track]

    # -- geometry ----------------------------------------------------------------------------
    def place(self):
        nodes = self.nodes
        ranks = max((n.rank for n in nodes), default=0) + 1
        col_w = [0] * ranks
        for n in nodes:
            col_w[n.rank] = max(col_w[n.rank], n.width)
        gap = [COLUMN_GAP] * ranks
        for f in self.scope.flows:
            if f.name and not f.back:
                r = self._eff(f.source).rank
                w, _ = _text_size(f.name)
                gap[r] = max(gap[r], w + 30)
        self.col_x = []
        x = self.x0 + CONTENT_LEFT
        for r in range(ranks):
            self.col_x.append(x)
            x += col_w[r] + gap[r]
        self.col_w = col_w
        self.gap = gap
        self.width = self.col_x[-1] + col_w[-1] + CONTENT_RIGHT - self.x0 if nodes else 200

        hosts = {b.host.id for b in self.boundaries}
        self.band_top, self.band_height, self.track_top, self.track_height = {}, {}, {}, {}
        self.channels = {}
        back_by_band = {}
        for f in self.scope.flows:
            if f.back:
                back_by_band.setdefault(self._eff(f.source).lane, []).append(f)
        y = self.y0
        for band in self.bands:
            members = [n for n in nodes if n.lane == band]
            ntracks = max((n.track for n in members), default=0) + 1
            self.band_top[band] = y
            ty = y
            for t in range(ntracks):
                in_track = [n for n in members if n.track == t]
                h = max([MIN_TRACK] + [n.height + 2 * TRACK_PAD +
                                       (BOUNDARY_ROOM if n.id in hosts else 0) for n in in_track])
                h += h % 2
                self.track_top[(band, t)] = ty
                self.track_height[(band, t)] = h
                ty += h
            loops = back_by_band.get(band, [])
            for i, f in enumerate(loops):
                self.channels[f.id] = ty + LOOP_CHANNEL * i + LOOP_CHANNEL / 2
            ty += LOOP_CHANNEL * len(loops) + (LOOP_CHANNEL // 2 if loops else 0)
            self.band_height[band] = ty - y
            y = ty
        self.height = y - self.y0

        for n in nodes:
            top = self.track_top[(n.lane, n.track)]
            th = self.track_height[(n.lane, n.track)]
            n.x = self.col_x[n.rank] + (self.col_w[n.rank] - n.width) // 2
            n.y = top + (th - n.height) // 2
        for host_id in hosts:
            host = self.scope.nodes[host_id]
            attached = [b for b in self.boundaries if b.host is host]
            for i, b in enumerate(attached):
                b.x = host.x + host.width - b.width - 14 - i * (b.width + 10)
                b.y = host.y + host.height - b.height / 2

    # -- routing -----------------------------------------------------------------------------
    def gap_before(self, rank):
        if rank == 0:
            return self.col_x[0] - CONTENT_LEFT / 2
        return self.col_x[rank] - self.gap[rank - 1] / 2

    def gap_after(self, rank):
        return self.col_x[rank] + self.col_w[rank] + self.gap[rank] / 2

    def obstacles(self, flow):
        skip = {flow.source.id, flow.target.id}
        for n in (flow.source, flow.target):
            if n.host is not None:
                skip.add(n.host.id)
        return [n.box.inflate(MARGIN) for n in self.nodes + self.boundaries if n.id not in skip]

    def corridors(self, y_from):
        """Horizontal lines clear of every node: track boundaries and loop channels."""
        borders = {top for top in self.band_top.values()}
        borders |= {top + self.band_height[band] for band, top in self.band_top.items()}
        ys = {top for top in self.track_top.values() if top not in borders}
        for y in borders:  # keep off the lane dividers themselves
            ys |= {y - 12, y + 12}
        ys.update(self.channels.values())
        return sorted(ys, key=lambda y: (abs(y - y_from), y))

    def route(self, f: _Flow):
        s, t = f.source, f.target
        sx, sy = s.cx, s.cy
        tx, ty = t.cx, t.cy
        srank, trank = self._eff(s).rank, t.rank
        candidates = []
        if f.back:
            ych = self.channels[f.id]
            xa, xb = self.gap_after(srank), self.gap_before(trank)
            candidates += [
                [s.port("bottom"), (sx, ych), (tx, ych), t.port("bottom")],
                [s.port("bottom"), (sx, ych), (xb, ych), (xb, ty), t.port("left")],
                [s.port("right"), (xa, sy), (xa, ych), (tx, ych), t.port("bottom")],
                [s.port("right"), (xa, sy), (xa, ych), (xb, ych), (xb, ty), t.port("left")],
            ]
        elif s.kind == "boundaryEvent":
            sb = s.port("bottom")
            xb = self.gap_before(trank)
            if ty > sb[1] + 10:
                candidates.append([sb, (sx, ty), t.port("left")])
            for ycor in self.corridors(sb[1] + 12):
                if ycor > sb[1] + 6:
                    candidates.append([sb, (sx, ycor), (xb, ycor), (xb, ty), t.port("left")])
            candidates.append([sb, (sx, sb[1] + 15), (xb, sb[1] + 15), (xb, ty), t.port("left")])
        else:
            xa, xb = self.gap_after(srank), self.gap_before(trank)
            if sy == ty:
                candidates.append([s.port("right"), t.port("left")])
            vside_s = "bottom" if ty > sy else "top"
            vside_t = "bottom" if sy > ty else "top"
            splits = s.kind in GATEWAY_KINDS and self.fan_out[s.id] > 1
            joins = t.kind in GATEWAY_KINDS and self.fan_in[t.id] > 1
            if splits and sy != ty:
                candidates.append([s.port(vside_s), (sx, ty), t.port("left")])
            if joins and sy != ty:
                candidates.append([s.port("right"), (tx, sy), t.port(vside_t)])
            candidates.append([s.port("right"), (xb, sy), (xb, ty), t.port("left")])
            candidates.append([s.port("right"), (xa, sy), (xa, ty), t.port("left")])
            for ycor in self.corridors(sy):
                candidates.append([s.port("right"), (xa, sy), (xa, ycor), (xb, ycor), (xb, ty),
                                   t.port("left")])
                if s.kind in GATEWAY_KINDS:
                    side = "bottom" if ycor > sy else "top"
                    candidates.append([s.port(side), (sx, ycor), (xb, ycor), (xb, ty),
                                       t.port("left")])
        boxes = self.obstacles(f)
        for cand in candidates:
            pts = _simplify(cand)
            if not any(_segment_hits(p, q, b) for p, q in zip(pts, pts[1:]) for b in boxes):
                f.waypoints = pts
                return
        f.waypoints = _simplify(candidates[0])

    # -- labels ------------------------------------------------------------------------------
    def place_labels(self, taken_labels):
        shapes = [n.box for n in self.nodes + self.boundaries]
        segments = [(p, q) for f in self.scope.flows for p, q in zip(f.waypoints, f.waypoints[1:])]

        def clear(box):
            b = box.inflate(2)
            return (not any(b.overlaps(s) for s in shapes) and
                    not any(b.overlaps(lb) for lb in taken_labels) and
                    not any(_segment_hits(p, q, b) for p, q in segments))

        def choose(cands):
            for c in cands:
                if clear(c):
                    return c
            return cands[0]

        for n in self.nodes + self.boundaries:
            if not n.has_external_label or not n.name:
                continue
            w, h = _text_size(n.name)
            x, y, cx = n.x, n.y, n.cx
            if n.kind == "boundaryEvent":
                hb = n.host.y + n.host.height
                cands = [_Box(n.x + n.width + 3, hb + 3, w, h), _Box(n.x - w - 3, hb + 3, w, h),
                         _Box(cx - w / 2, n.y + n.height + 4, w, h)]
            else:
                below = _Box(cx - w / 2, y + n.height + 5, w, h)
                above = _Box(cx - w / 2, y - h - 5, w, h)
                right = _Box(x + n.width + 5, y - h, w, h)
                left = _Box(x - w - 5, y - h, w, h)
                cands = ([above, below, left, right] if n.kind in GATEWAY_KINDS
                         else [below, above, right, left])
            n.label = _round_box(choose(cands))
            taken_labels.append(n.label)

        for f in self.scope.flows:
            if not f.name:
                continue
            w, h = _text_size(f.name)
            horizontal, vertical = [], []
            pts = f.waypoints
            # Prefer the first horizontal run (just after a gateway's bend), so that flows
            # sharing a gateway corner are told apart near where they part.
            for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
                if y1 == y2:
                    lo = min(x1, x2)
                    start = x1 + 6 if x2 >= x1 else x1 - w - 6
                    horizontal += [_Box(start, y1 - h - 3, w, h), _Box(start, y1 + 3, w, h),
                                   _Box(lo + (abs(x2 - x1) - w) / 2, y1 - h - 3, w, h)]
                else:
                    start = y1 + 4 if y2 >= y1 else y1 - h - 4
                    vertical += [_Box(x1 + 5, start, w, h), _Box(x1 - w - 5, start, w, h)]
            f.label = _round_box(choose(horizontal + vertical))
            taken_labels.append(f.label)

    def shift(self, dx, dy):
        for n in self.nodes + self.boundaries:
            n.x += dx
            n.y += dy
            if n.label:
                n.label = _Box(n.label.x + dx, n.label.y + dy, n.label.w, n.label.h)
            if n.sub is not None:
                n.sub._layout.shift(dx, dy)
        for f in self.scope.flows:
            f.waypoints = [(x + dx, y + dy) for x, y in f.waypoints]
            if f.label:
                f.label = _Box(f.label.x + dx, f.label.y + dy, f.label.w, f.label.h)

    def run(self, labels):
        self.fan_out = {n.id: 0 for n in self.nodes + self.boundaries}
        self.fan_in = dict(self.fan_out)
        for f in self.scope.flows:
            self.fan_out[f.source.id] += 1
            self.fan_in[f.target.id] += 1
        self.rank()
        self.assign_tracks()
        self.place()
        for f in self.scope.flows:
            self.route(f)
        self.place_labels(labels)
        for n in self.nodes:
            if n.sub is not None:
                n.sub._layout.shift(n.x, n.y)


def _round_box(b):
    return _Box(round(b.x), round(b.y), round(b.w), round(b.h))


def _layout_subprocess(sub: SubProcess):
    left, top, right, bottom = SUB_PAD
    lay = _ScopeLayout(sub, [None], 0, 0)
    lay.run([])
    # nodes are placed from (CONTENT_LEFT, 0); pull them to the padding
    lay.shift(left - CONTENT_LEFT, top)
    sub._layout = lay
    width = lay.width - CONTENT_LEFT - CONTENT_RIGHT + left + right
    height = lay.height + top + bottom
    w = max(width, TASK_SIZE[0])
    return int(w + w % 2), int(height + height % 2)


def _layout_diagram(d: Diagram):
    for n in d._all_nodes.values():
        n.label = None
    px, py = 0, 0
    x0 = px + POOL_HEADER + LANE_HEADER
    lay = _ScopeLayout(d, d._lane_order, x0, py)
    labels = []
    lay.run(labels)
    d._layout = lay
    d._pool = _Box(px, py, lay.width + POOL_HEADER + LANE_HEADER, lay.height)


# --------------------------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, d: Diagram):
        self.d = d

    def xml(self) -> bytes:
        d = self.d
        pid = d.process_id
        root = etree.Element(_q("bpmn", "definitions"), nsmap=NSMAP)
        root.set("id", f"{pid}_definitions")
        root.set("targetNamespace", "http://bpmn.io/schema/bpmn")
        root.set("exporter", "provider-concerns bpmn_builder")
        root.set("exporterVersion", "1.0")

        collab = etree.SubElement(root, _q("bpmn", "collaboration"), id=f"{pid}_collaboration")
        etree.SubElement(collab, _q("bpmn", "participant"), id=f"{pid}_pool", name=d.name,
                         processRef=pid)
        props = self._correlation_properties()
        for prop in props:
            key = etree.SubElement(collab, _q("bpmn", "correlationKey"), id=f"{prop}_key",
                                   name=prop)
            self._text(key, "bpmn", "correlationPropertyRef", prop)

        for name in d._messages:
            etree.SubElement(root, _q("bpmn", "message"), id=name, name=name)
        for prop, by_message in props.items():
            el = etree.SubElement(root, _q("bpmn", "correlationProperty"), id=prop, name=prop)
            for message, expression in by_message.items():
                cpre = etree.SubElement(el, _q("bpmn", "correlationPropertyRetrievalExpression"),
                                        messageRef=message)
                self._text(cpre, "bpmn", "messagePath", expression)
        for code, name in d._errors.items():
            etree.SubElement(root, _q("bpmn", "error"), id=f"{code}_error", name=name,
                             errorCode=code)

        process = etree.SubElement(root, _q("bpmn", "process"), id=pid, name=d.name,
                                   isExecutable="true")
        if d.documentation:
            self._text(process, "bpmn", "documentation", d.documentation)
        for name in d._items:
            etree.SubElement(process, _q("bpmn", "property"), id=name, name=name)
        lane_set = etree.SubElement(process, _q("bpmn", "laneSet"), id=f"{pid}_lanes")
        for lane in d._lane_order:
            lane_el = etree.SubElement(lane_set, _q("bpmn", "lane"), id=f"{lane}_lane", name=lane)
            for n in d.nodes.values():
                if n.lane == lane:
                    self._text(lane_el, "bpmn", "flowNodeRef", n.id)
        self._scope(process, d)

        diagram = etree.SubElement(root, _q("bpmndi", "BPMNDiagram"), id=f"{pid}_diagram")
        plane = etree.SubElement(diagram, _q("bpmndi", "BPMNPlane"), id=f"{pid}_plane",
                                 bpmnElement=f"{pid}_collaboration")
        self._shape(plane, f"{pid}_pool", d._pool, horizontal=True)
        lay = d._layout
        for lane in d._lane_order:
            box = _Box(d._pool.x + POOL_HEADER, lay.band_top[lane], d._pool.w - POOL_HEADER,
                       lay.band_height[lane])
            self._shape(plane, f"{lane}_lane", box, horizontal=True)
        self._scope_di(plane, d)
        etree.indent(root, space="  ")
        body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body

    def _correlation_properties(self):
        props: dict[str, dict[str, str]] = {}
        for message, correlation in self.d._messages.items():
            for prop, expression in correlation.items():
                props.setdefault(prop, {})[message] = expression
        for n in self.d._all_nodes.values():
            if n.message:
                for prop in n.message.correlate:
                    if prop not in props:
                        raise ValueError(f"{n.id!r} correlates on {prop!r}, which no message "
                                         "declares; give Diagram.message(..., correlation=)")
        return props

    @staticmethod
    def _text(parent, prefix, tag, text, **attrs):
        el = etree.SubElement(parent, _q(prefix, tag), **attrs)
        el.text = text
        return el

    def _expression(self, parent, tag, text):
        el = self._text(parent, "bpmn", tag, text)
        el.set(_q("xsi", "type"), FORMAL_EXPRESSION)
        return el

    # -- semantic ----------------------------------------------------------------------------
    def _scope(self, parent, scope):
        incoming, outgoing = {}, {}
        for f in scope.flows:
            outgoing.setdefault(f.source.id, []).append(f)
            incoming.setdefault(f.target.id, []).append(f)
        for n in scope.nodes.values():
            self._node(parent, n, incoming.get(n.id, []), outgoing.get(n.id, []))
        for f in scope.flows:
            el = etree.SubElement(parent, _q("bpmn", "sequenceFlow"), id=f.id)
            if f.name:
                el.set("name", f.name)
            el.set("sourceRef", f.source.id)
            el.set("targetRef", f.target.id)
            if f.condition:
                self._expression(el, "conditionExpression", f.condition)

    def _node(self, parent, n: _Node, incoming, outgoing):
        el = etree.SubElement(parent, _q("bpmn", n.kind), id=n.id)
        if n.name:
            el.set("name", n.name)
        if n.kind == "boundaryEvent":
            el.set("attachedToRef", n.host.id)
            if not n.interrupting:
                el.set("cancelActivity", "false")
        if n.kind == "callActivity":
            el.set("calledElement", n.called_element)
        if n.event_sub:
            el.set("triggeredByEvent", "true")
        if n.kind == "startEvent" and not n.interrupting:
            el.set("isInterrupting", "false")
        if n.kind == "scriptTask":
            el.set("scriptFormat", "python")
        default = [f for f in outgoing if f.default]
        if default:
            el.set("default", default[0].id)
        if n.documentation:
            self._text(el, "bpmn", "documentation", n.documentation)

        ext = []
        if n.form or n.ui_form or n.properties:
            ext.append(("properties", None))
        if n.instructions:
            ext.append(("instructionsForEndUser", n.instructions))
        if n.pre_script:
            ext.append(("preScript", n.pre_script))
        if n.post_script:
            ext.append(("postScript", n.post_script))
        if ext:
            ext_el = etree.SubElement(el, _q("bpmn", "extensionElements"))
            for tag, text in ext:
                if tag == "properties":
                    props = etree.SubElement(ext_el, _q("spiffworkflow", "properties"))
                    if n.form:
                        etree.SubElement(props, _q("spiffworkflow", "property"),
                                         name="formJsonSchemaFilename",
                                         value=f"{n.form}.schema.json")
                    if n.ui_form:
                        etree.SubElement(props, _q("spiffworkflow", "property"),
                                         name="formUiSchemaFilename",
                                         value=f"{n.ui_form}.uischema.json")
                    for prop_name, prop_value in (n.properties or {}).items():
                        etree.SubElement(props, _q("spiffworkflow", "property"), name=prop_name, value=prop_value)
                else:
                    self._text(ext_el, "spiffworkflow", tag, text)

        for f in incoming:
            self._text(el, "bpmn", "incoming", f.id)
        for f in outgoing:
            self._text(el, "bpmn", "outgoing", f.id)

        if n.multi_instance:
            self._multi_instance(el, n.multi_instance)
        if n.kind == "scriptTask":
            self._text(el, "bpmn", "script", n.script)
        if n.sub is not None:
            self._scope(el, n.sub)
        self._event_definition(el, n)

    def _multi_instance(self, el, mi: MultiInstance):
        if (mi.collection is None) == (mi.cardinality is None):
            raise ValueError("multi-instance needs exactly one of collection= or cardinality=")
        mil = etree.SubElement(el, _q("bpmn", "multiInstanceLoopCharacteristics"),
                               isSequential="true" if mi.sequential else "false")
        if mi.scripts_on_instances:
            mil.set(_q("spiffworkflow", "scriptsOnInstances"), "true")
        if mi.cardinality is not None:
            self._expression(mil, "loopCardinality", mi.cardinality)
        if mi.collection is not None:
            self._text(mil, "bpmn", "loopDataInputRef", mi.collection)
        if mi.output is not None:
            self._text(mil, "bpmn", "loopDataOutputRef", mi.output)
        if mi.item is not None:
            etree.SubElement(mil, _q("bpmn", "inputDataItem"), id=mi.item, name=mi.item)
        if mi.output_item is not None:
            etree.SubElement(mil, _q("bpmn", "outputDataItem"), id=mi.output_item,
                             name=mi.output_item)
        if mi.condition is not None:
            self._expression(mil, "completionCondition", mi.condition)

    def _event_definition(self, el, n: _Node):
        if n.timer:
            ted = etree.SubElement(el, _q("bpmn", "timerEventDefinition"))
            for tag, value in (("timeDate", n.timer.date), ("timeDuration", n.timer.duration),
                               ("timeCycle", n.timer.cycle)):
                if value is not None:
                    self._expression(ted, tag, value)
        elif n.message:
            m = n.message
            med = etree.SubElement(el, _q("bpmn", "messageEventDefinition"), messageRef=m.message)
            if m.payload or m.variable or m.correlate:
                ext = etree.SubElement(med, _q("bpmn", "extensionElements"))
                if m.payload:
                    self._text(ext, "spiffworkflow", "messagePayload", m.payload)
                if m.variable:
                    self._text(ext, "spiffworkflow", "messageVariable", m.variable)
                for prop, expression in m.correlate.items():
                    pvc = etree.SubElement(ext, _q("spiffworkflow", "processVariableCorrelation"))
                    self._text(pvc, "spiffworkflow", "propertyId", prop)
                    self._text(pvc, "spiffworkflow", "expression", expression)
        elif n.error is not None:
            eed = etree.SubElement(el, _q("bpmn", "errorEventDefinition"))
            if n.error != ANY_ERROR:
                eed.set("errorRef", f"{n.error}_error")
        elif n.terminate:
            etree.SubElement(el, _q("bpmn", "terminateEventDefinition"))

    # -- diagram interchange -----------------------------------------------------------------
    def _shape(self, plane, element_id, box: _Box, horizontal=False, expanded=None, label=None):
        shape = etree.SubElement(plane, _q("bpmndi", "BPMNShape"), id=f"{element_id}_di",
                                 bpmnElement=element_id)
        if horizontal:
            shape.set("isHorizontal", "true")
        if expanded is not None:
            shape.set("isExpanded", "true" if expanded else "false")
        self._bounds(shape, box)
        if label is not None:
            self._bounds(etree.SubElement(shape, _q("bpmndi", "BPMNLabel")), label)
        return shape

    @staticmethod
    def _bounds(parent, box: _Box):
        etree.SubElement(parent, _q("dc", "Bounds"), x=_num(box.x), y=_num(box.y),
                         width=_num(box.w), height=_num(box.h))

    def _scope_di(self, plane, scope):
        for n in scope.nodes.values():
            self._shape(plane, n.id, n.box, expanded=True if n.sub is not None else None,
                        label=n.label)
            if n.sub is not None:
                self._scope_di(plane, n.sub)
        for f in scope.flows:
            edge = etree.SubElement(plane, _q("bpmndi", "BPMNEdge"), id=f"{f.id}_di",
                                    bpmnElement=f.id)
            for x, y in f.waypoints:
                etree.SubElement(edge, _q("di", "waypoint"), x=_num(x), y=_num(y))
            if f.label is not None:
                self._bounds(etree.SubElement(edge, _q("bpmndi", "BPMNLabel")), f.label)


def _num(v):
    v = round(v, 1)
    return str(int(v)) if v == int(v) else str(v)
