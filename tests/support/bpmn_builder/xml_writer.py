"""Writing the XML: definitions, the collaboration and its pool, the process's elements with
their SpiffWorkflow extensions, and the diagram interchange (shapes, edges, label bounds)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from tests.support.bpmn_builder.model import ANY_ERROR, MultiInstance, _Box, _Node
from tests.support.bpmn_builder.namespaces import FORMAL_EXPRESSION, NSMAP, _q
from tests.support.bpmn_builder.sizes import POOL_HEADER

if TYPE_CHECKING:
    from tests.support.bpmn_builder.diagram import Diagram


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
