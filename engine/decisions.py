"""DMN decision tables for business rule tasks, read by SpiffWorkflow's DMN parser and evaluated in
the cases' restricted environment.

A ``.dmn`` file sits beside the diagrams that use it (a folder, an upload). Its input expressions,
rules and outputs are Python here, as every other expression: each is compiled in the restricted
environment when the diagram is checked, so a FEEL-only test (``[1..5]``, ``not("A")``) is
refused before a case meets it. A table a process uses is kept with the process's version
(``specs["decisions"]``), so versions, downloads and comparisons carry it.
"""

from __future__ import annotations

import re
from typing import Mapping

from lxml import etree
from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser

from . import scripting
from .errors import Problem, ScriptCompileError
from .foreign_checks import PERSON_NEEDED
from .xmlsafe import UnsafeXml, parse_xml

__all__ = ["DMN_NAMESPACES", "add_decisions", "decision_changes", "decision_table_view", "decisions_used", "table_problems"]

DMN_NAMESPACES = {
    "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "https://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20230324/MODEL/",
}
_SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_CAMUNDA = "http://camunda.org/schema/1.0/bpmn"


def decisions_used(process) -> set[str]:
    """The decision ids a process's business rule tasks call (SpiffArena's or Camunda's way)."""
    used = set()
    for task in process.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}businessRuleTask"):
        called = task.find(f".//{{{_SPIFF}}}calledDecisionId")
        if called is not None and (called.text or "").strip():
            used.add(called.text.strip())
        elif task.get(f"{{{_CAMUNDA}}}decisionRef"):
            used.add(task.get(f"{{{_CAMUNDA}}}decisionRef"))
    return used


def add_decisions(parser, decisions: Mapping[str, bytes]) -> tuple[dict[str, str], list[Problem]]:
    """Give the parser every decision table; return ``{decision id: file name}`` and the problems
    of the tables (each located in its .dmn file). A table the engine cannot read is given to the
    parser as an empty one with the same decision id, so the business rule tasks calling it are
    still read in the same pass and the table's own problems are the ones reported."""
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for name, content in sorted(decisions.items()):
        root, table_found, readable = _read_table(name, content)
        problems.extend(table_found)
        decision = _first_decision(root) if root is not None else None
        if decision is None or not decision.get("id"):
            continue
        parser.add_dmn_xml(root if readable else _stand_in(root, decision), filename=name)
        found[decision.get("id")] = name  # SpiffWorkflow reads a file's first decision
    return found, problems


def table_problems(name: str, content: bytes) -> list[Problem]:
    """Every problem of one .dmn file, located: not safe XML, not DMN, a shape the engine cannot
    read, a cell that is not Python. Empty when SpiffWorkflow's DMN parser reads the table whole."""
    return _read_table(name, content)[1]


def _read_table(name: str, content: bytes):
    """(root or None, problems, whether the engine reads the table as it is)."""
    try:
        root = parse_xml(content).getroot()
    except UnsafeXml as exc:
        return None, [Problem(name, exc.line, None, str(exc))], False
    if etree.QName(root).localname != "definitions" or etree.QName(root).namespace not in DMN_NAMESPACES:
        return None, [Problem(name, root.sourceline, None, "this is not a DMN 1.2 or 1.3 file: the root element must be dmn:definitions")], False
    shape = list(_shape_problems(name, root))
    cells = list(_table_problems(name, root))
    engine = [] if shape else [p for p in _engine_problems(name, root) if p.element_id not in {c.element_id for c in cells}]
    return root, shape + cells + engine, not shape and not engine


def _first_decision(root):
    return next(root.iter(f"{{{etree.QName(root).namespace}}}decision"), None)


def _shape_problems(name: str, root):
    """What SpiffWorkflow's DMN parser would stop at without saying where (it reads one decision
    table a file, a column for each cell), said with the place and the fix."""
    ns = etree.QName(root).namespace
    decisions = list(root.iter(f"{{{ns}}}decision"))
    if not decisions:
        yield Problem(name, root.sourceline, None, "the file has no decision: add a decision with a decision table "
                      "(a business rule task calls it by the decision's id)")
        return
    for extra in decisions[1:]:
        yield Problem(name, extra.sourceline, extra.get("id"), f"the file has {len(decisions)} decisions and the engine "
                      "reads one a file: keep each decision in a .dmn file of its own")
    table = decisions[0].find(f"{{{ns}}}decisionTable")
    if table is None:
        yield Problem(name, decisions[0].sourceline, decisions[0].get("id"), "the decision is not a decision table (the "
                      "engine runs decision tables, not literal or boxed expressions): make it a decision table")
        return
    columns = {tag: len(table.findall(f"{{{ns}}}{tag}")) for tag in ("input", "output")}
    for number, rule in enumerate(table.iterfind(f"{{{ns}}}rule"), 1):
        cells = {tag: len(rule.findall(f"{{{ns}}}{tag}Entry")) for tag in ("input", "output")}
        for tag in ("input", "output"):
            if cells[tag] > columns[tag]:
                yield Problem(name, rule.sourceline, rule.get("id"), f"rule {number} has {cells[tag]} {tag} cells but the "
                              f"table has {columns[tag]} {tag} column(s): give the rule one cell a column")


def _engine_problems(name: str, root) -> list[Problem]:
    """SpiffWorkflow's own read of the table, as a case's business rule task would read it."""
    parser = BpmnDmnParser()
    try:
        parser.add_dmn_xml(root, filename=name)
        for dmn in parser.dmn_parsers.values():
            dmn.parse()
    # Its parser raises KeyError or IndexError as well as its own exceptions on a table it cannot read.
    except Exception as exc:  # noqa: BLE001
        element_id = getattr(exc, "id", None) or None
        found = root.xpath("//*[@id=$id]", id=element_id) if element_id else []
        place = found[0] if found else (_first_decision(root) if _first_decision(root) is not None else root)
        return [Problem(name, place.sourceline, element_id or place.get("id"),
                        f"the engine cannot read the table: {_engine_words(exc)}; correct it in the modeller's decision table editor")]
    return []


def _engine_words(exc: Exception) -> str:
    if isinstance(exc, KeyError) and exc.args == ("id",):
        return "an element of the table has no id (the engine names each column, rule and cell by its id)"
    words = " ".join(str(exc).split()) if not isinstance(exc, (KeyError, IndexError)) else f"{type(exc).__name__} {exc}"
    return re.sub(r"\{[^}]*\}", "", words).rstrip(". ")  # 'annotation' reads better without its namespace


def _stand_in(root, decision):
    """An empty table with the decision's id and name, for the parse of the diagrams calling it."""
    ns = etree.QName(root).namespace
    stand_in = etree.Element(f"{{{ns}}}definitions", nsmap={None: ns})
    stand_in.set("id", "stand_in")
    table = etree.SubElement(stand_in, f"{{{ns}}}decision", id=decision.get("id"), name=decision.get("name") or "")
    etree.SubElement(table, f"{{{ns}}}decisionTable", id="stand_in_table")
    return stand_in


def _table_problems(name: str, root):
    ns = etree.QName(root).namespace

    def texts(path: str):
        for node in root.iter(f"{{{ns}}}{path}"):
            text = node.find(f"{{{ns}}}text")
            yield node, (text.text if text is not None else "") or ""

    for node, text in texts("inputExpression"):
        problem = _compiles(text)
        if problem:
            yield Problem(name, node.sourceline, _owner(node), f"the input expression cannot run: {problem}")
    for node, text in texts("inputEntry"):
        if text.strip() and text.strip() != "-" and all(_compiles(t) for t in (text, f"v {text}", text.replace("?", "v"))):
            yield Problem(name, node.sourceline, _owner(node),
                          f"the rule's test '{text.strip()}' is not Python (FEEL?); {PERSON_NEEDED} write it as a value "
                          "(\"X\", 5), a comparison (>= 5) or with ? for the input (4 < ? < 6)")
    for node, text in texts("outputEntry"):
        problem = _compiles(text) if text.strip() else None
        if problem:
            yield Problem(name, node.sourceline, _owner(node), f"the rule's output cannot run: {problem}")


def _compiles(text: str) -> str | None:
    try:
        scripting.check_expression(text)
    except ScriptCompileError as exc:
        return exc.message
    return None


def _owner(node) -> str | None:
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def decision_changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """What changed in the decision tables between two versions, rule by rule, in words:
    "decision table 'Risk score' (scores.dmn): rule 2 now gives 'high' (was 'moderate')"."""
    texts: list[str] = []
    for name in sorted(set(old) | set(new)):
        before, after = _rules(old.get(name)), _rules(new.get(name))
        if old.get(name) == new.get(name):
            continue
        if before is None or after is None:
            texts.append(f"decision table {name} {'added' if after is not None else 'removed'}")
            continue
        title = f"decision table '{after[0]}' ({name})"
        for number, rule_id in enumerate(sorted(set(before[1]) | set(after[1]), key=lambda r: _order(r, after[1], before[1])), 1):
            was, now = before[1].get(rule_id), after[1].get(rule_id)
            if was == now:
                continue
            if was is None:
                texts.append(f"{title}: rule added: when {_cells(now[0])} it gives {_cells(now[1])}")
            elif now is None:
                texts.append(f"{title}: rule removed: when {_cells(was[0])} it gave {_cells(was[1])}")
            else:
                texts.append(f"{title}: rule {number} now: when {_cells(now[0])} it gives {_cells(now[1])} "
                             f"(was: when {_cells(was[0])} it gave {_cells(was[1])})")
    return texts


def decision_table_view(text: str) -> dict | None:
    """A table as a process owner reads it on a version's page: its decision's name, hit policy,
    input and output column headings and each rule's cells ("-" for any); None if unreadable."""
    try:
        root = parse_xml(text.encode("utf-8")).getroot()
    except UnsafeXml:
        return None
    ns = etree.QName(root).namespace
    table = next(root.iter(f"{{{ns}}}decisionTable"), None)
    if table is None:
        return None
    decision = table.getparent()

    def heading(column, expression_tag):
        return column.get("label") or column.get("name") or (column.findtext(f"{{{ns}}}{expression_tag}/{{{ns}}}text") or "").strip()

    def cells(rule, tag):
        return [(c.findtext(f"{{{ns}}}text") or "").strip() or "-" for c in rule.iterfind(f"{{{ns}}}{tag}")]

    return {
        "name": decision.get("name") or decision.get("id"),
        "hit_policy": (table.get("hitPolicy") or "UNIQUE").replace("_", " ").lower(),
        "inputs": [heading(c, "inputExpression") for c in table.iterfind(f"{{{ns}}}input")],
        "outputs": [heading(c, "outputValues") for c in table.iterfind(f"{{{ns}}}output")],
        "rules": [{"inputs": cells(r, "inputEntry"), "outputs": cells(r, "outputEntry"),
                   "note": (r.findtext(f"{{{ns}}}description") or "").strip()} for r in table.iterfind(f"{{{ns}}}rule")],
    }


def _rules(text: str | None):
    """(decision name, {rule id: (input tests, outputs)}) of a DMN file's first table, or None."""
    if text is None:
        return None
    try:
        root = parse_xml(text.encode("utf-8")).getroot()
    except UnsafeXml:
        return None
    ns = etree.QName(root).namespace
    decision = next(root.iter(f"{{{ns}}}decision"), None)
    if decision is None:
        return None
    rules = {}
    for rule in decision.iter(f"{{{ns}}}rule"):
        def cells(tag):
            return tuple((c.findtext(f"{{{ns}}}text") or "").strip() for c in rule.iterfind(f"{{{ns}}}{tag}"))
        rules[rule.get("id")] = (cells("inputEntry"), cells("outputEntry"))
    return decision.get("name") or decision.get("id"), rules


def _order(rule_id: str, *tables: dict) -> int:
    for table in tables:
        if rule_id in table:
            return list(table).index(rule_id)
    return 0


def _cells(values: tuple) -> str:
    return ", ".join(v or "-" for v in values) or "-"
