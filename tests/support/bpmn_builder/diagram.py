"""The public builder: a Diagram (one BPMN file, one pool of role lanes), its messages and
errors, and writing it out."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tests.support.bpmn_builder.layout import _layout_diagram
from tests.support.bpmn_builder.model import ID_PATTERN, _Node
from tests.support.bpmn_builder.scope import _Scope
from tests.support.bpmn_builder.xml_writer import _Writer

if TYPE_CHECKING:
    from tests.support.bpmn_builder.model import MultiInstance


def literal(text: str) -> str:
    """Quote a literal for use where SpiffWorkflow expects an expression (``"PT48H"``)."""
    return json.dumps(text)


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
