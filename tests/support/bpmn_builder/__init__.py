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

from tests.support.bpmn_builder.diagram import Diagram, literal
from tests.support.bpmn_builder.model import MultiInstance
from tests.support.bpmn_builder.scope import SubProcess

__all__ = ["Diagram", "SubProcess", "MultiInstance", "literal"]
