"""Building: the methods that add events, activities, gateways and flows to a process or an
embedded sub-process."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tests.support.bpmn_builder.model import (
    ANY_ERROR, ID_PATTERN, TASK_KINDS, _Flow, _MessageUse, _Node, _Timer,
)
from tests.support.bpmn_builder.sizes import EVENT_SIZE, GATEWAY_SIZE, TASK_SIZE

if TYPE_CHECKING:
    from tests.support.bpmn_builder.diagram import Diagram


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
