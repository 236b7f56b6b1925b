"""Who may start a procedure, and whether it starts on its own, read from its diagram.

A process may say who starts it with a process-level property (the modeller's properties
panel, on the pool's process)::

    <bpmn:process id="lse" ...>
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="startedBy" value="safeguarding_lead, head_of_service"/>
      </spiffworkflow:properties></bpmn:extensionElements>

Without it, every role a lane of the procedure names may start it, except the read-only roles
(``viewer``, ``partner``); a procedure naming no role at all, any role but those. A process
another procedure calls, or with a lane its caller names, is a sub-process: it is not started
on its own unless ``startedBy`` says who may. ``startedBy="callers"`` marks a sub-process no
procedure of a council happens to call (a shared step) as one all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from .roles import Role, caller_named_lane
from .xmlsafe import UnsafeXml, parse_xml

__all__ = ["STARTED_BY", "CALLERS_ONLY", "READ_ONLY_ROLES", "DeclaredStart", "declared_start"]

STARTED_BY = "startedBy"
CALLERS_ONLY = "callers"
READ_ONLY_ROLES = frozenset({Role.VIEWER.value, Role.PARTNER.value})
_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
       "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}


@dataclass(frozen=True)
class DeclaredStart:
    started_by: tuple[str, ...] | None  # the roles the diagram names, or None (not said)
    caller_named_lanes: bool  # a lane whose role the calling step names: a sub-process


def declared_start(bpmn: bytes | str, key: str) -> DeclaredStart:
    """What process ``key``'s diagram says about starting it."""
    try:
        root = parse_xml(bpmn).getroot()
    except UnsafeXml:
        return DeclaredStart(started_by=None, caller_named_lanes=False)
    process = next((p for p in root.iterfind("bpmn:process", _NS) if p.get("id") == key), None)
    if process is None:
        return DeclaredStart(started_by=None, caller_named_lanes=False)
    started_by = None
    for prop in process.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", _NS):
        if prop.get("name") == STARTED_BY:
            started_by = tuple(r.strip() for r in (prop.get("value") or "").split(",") if r.strip())
    lanes = any(caller_named_lane(lane.get("name")) for lane in process.iterfind(".//bpmn:lane", _NS))
    return DeclaredStart(started_by=started_by, caller_named_lanes=lanes)
