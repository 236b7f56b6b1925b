"""SpiffWorkflow's own parse of a BPMN file, with every element it refuses found in one go.

SpiffWorkflow's parser stops at the first element it cannot read (a data store it has no
implementation for, a data association it cannot resolve, a sub-process with no start event, a
business rule task naming no decision...), and which one comes first depends on the order it
walks the flow. Reported as it stands, a diagram from another tool would be refused once per
problem, upload after upload. So the parse runs again over a copy of the file with that element
made plain (an activity a plain task, an event without its definition, a flow given a condition,
the data store removed), until it reads the whole file or stops somewhere no plain stand-in
helps. A stand-in drops only what was refused: an activity's loop when the loop was, its data
associations when they were, and otherwise its kind, keeping its loop and associations so their
problems on the same element come in the same pass. The diagram itself is never changed: the
copies only find the problems.
"""

from __future__ import annotations

import copy
import re
from typing import Mapping

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity as CallActivityMixin
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser import SpiffBpmnParser

from .decisions import add_decisions
from .event_subprocesses import ready_event_subprocesses

__all__ = ["MAX_ENGINE_ROUNDS", "embedded_specs", "parse_every_problem"]

# Enough for any diagram a person could fix in one sitting; a bound, so a file can never keep the parse going.
MAX_ENGINE_ROUNDS = 40
_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_KEEP_IN_PLAIN_TASK = {"incoming", "outgoing", "documentation"}
# What any activity may carry, so a stand-in task keeps it and the engine still reads it: a second
# problem on the same element (a service task that is also a multi-instance with no collection)
# comes in the same pass rather than hidden behind the first.
_KEEP_ON_ACTIVITY = _KEEP_IN_PLAIN_TASK | {
    "extensionElements", "ioSpecification", "property", "dataInputAssociation", "dataOutputAssociation",
    "standardLoopCharacteristics", "multiInstanceLoopCharacteristics"}
_LOOPS = {"standardLoopCharacteristics", "multiInstanceLoopCharacteristics"}
_ASSOCIATIONS = {"dataInputAssociation", "dataOutputAssociation"}
# The engine's words for a problem in one part of an activity, and the part a stand-in drops.
_PART_AT_FAULT = (
    (re.compile(r"A multiinstance task|A loopMaximum or loopCondition|loop input data reference"), _LOOPS),
    (re.compile(r"Cannot resolve data(Input|Output)Association"), _ASSOCIATIONS),
)
_DATA_STORE = re.compile(r"Data Store with name (.+?) has no implementation")


def parse_every_problem(tree, path: str, keys: list[str], decisions: Mapping[str, bytes],
                        parser_class: type[SpiffBpmnParser] = SpiffBpmnParser):
    """``(parser, errors)``: the parser of the file as it is when SpiffWorkflow reads all of it and
    every process in ``keys`` (else None), and each error it raised, in the order found."""
    errors: list[Exception] = []
    current = tree
    for _ in range(MAX_ENGINE_ROUNDS):
        parser = parser_class(validator=None)
        add_decisions(parser, decisions)
        try:
            parser.add_bpmn_xml(current, filename=path)
            for key in keys:
                spec = parser.get_spec(key)
                for each in (spec, *embedded_specs(parser, spec).values()):
                    ready_event_subprocesses(each)
            return (parser if current is tree else None), errors
        except (ValidationException, SpiffWorkflowException) as exc:
            errors.append(exc)
            if current is tree:
                current = copy.deepcopy(tree)
            if not _made_plain(current.getroot(), exc):
                return None, errors
    return None, errors


def embedded_specs(parser: SpiffBpmnParser, spec) -> dict:
    """Embedded sub-process specs belong to the definition; call activities do not."""
    found: dict = {}
    pending = [spec]
    while pending:
        current = pending.pop()
        for task_spec in current.task_specs.values():
            if isinstance(task_spec, SubWorkflowTask) and not isinstance(task_spec, CallActivityMixin):
                if task_spec.spec not in found:
                    sub = parser.get_spec(task_spec.spec)
                    found[task_spec.spec] = sub
                    pending.append(sub)
    return found


def _made_plain(root, exc: Exception) -> bool:
    """Make plain, in this copy, what the engine refused; False when nothing plain would stand in."""
    store = _DATA_STORE.search(" ".join(str(exc).split()))
    if store:
        return _remove_data_store(root, store.group(1))
    element_id = getattr(exc, "id", None)
    found = root.xpath("//*[@id=$id]", id=element_id) if element_id else []
    if not found or etree.QName(found[0]).namespace != _BPMN:
        return False
    element = found[0]
    kind = etree.QName(element).localname
    if kind == "process":
        return False  # the process itself (no start event): nothing stands in for it
    if kind == "sequenceFlow":
        if element.find(f"{{{_BPMN}}}conditionExpression") is not None:
            return False
        condition = etree.SubElement(element, f"{{{_BPMN}}}conditionExpression")
        condition.text = "True"
        return True
    if kind.endswith("Event"):
        definitions = [child for child in element if etree.QName(child).localname.endswith("EventDefinition")]
        if kind == "boundaryEvent":
            # A boundary event needs a kind; one catching any error keeps the flow after it read.
            if [(etree.QName(d).localname, len(d.attrib)) for d in definitions] == [("errorEventDefinition", 0)]:
                return False
            for child in definitions:
                element.remove(child)
            etree.SubElement(element, f"{{{_BPMN}}}errorEventDefinition")
            return True
        for child in definitions:
            element.remove(child)
        return bool(definitions)
    return _made_plain_activity(element, kind, " ".join(str(exc).split()))


def _made_plain_activity(element, kind: str, text: str) -> bool:
    """Drop only the part the engine refused (its loop, its data associations); else make the
    activity a plain task that keeps what any activity carries, so its other parts are still read."""
    for pattern, parts in _PART_AT_FAULT:
        if pattern.search(text):
            found = [child for child in element if etree.QName(child).localname in parts]
            for child in found:
                element.remove(child)
            return bool(found)
    keep = _KEEP_ON_ACTIVITY if kind != "task" else _KEEP_IN_PLAIN_TASK
    dropped = [child for child in element if etree.QName(child).localname not in keep]
    for child in dropped:
        element.remove(child)
    if kind == "task":
        return bool(dropped)  # already plain: only what it carries can be what the engine refuses
    element.tag = f"{{{_BPMN}}}task"
    for name in [n for n in element.attrib if n not in ("id", "name")]:
        del element.attrib[name]
    return True


def _remove_data_store(root, name: str) -> bool:
    """The data store named, the references to it and the tasks' associations with those."""
    stores = [el for el in root.iter(f"{{{_BPMN}}}dataStore") if " ".join((el.get("name") or "").split()) == name]
    ids = {el.get("id") for el in stores}
    references = [el for el in root.iter(f"{{{_BPMN}}}dataStoreReference") if el.get("dataStoreRef") in ids]
    referenced = {el.get("id") for el in references}
    for association in [*root.iter(f"{{{_BPMN}}}dataInputAssociation"), *root.iter(f"{{{_BPMN}}}dataOutputAssociation")]:
        ends = {(ref.text or "").strip() for ref in association if etree.QName(ref).localname in ("sourceRef", "targetRef")}
        if ends & referenced:
            association.getparent().remove(association)
    for element in (*stores, *references):
        element.getparent().remove(element)
    return bool(stores)
