"""What diagrams from other tools get wrong here, found before anything runs, with the fix.

A diagram made in Camunda, SpiffArena or another modeller passes the BPMN schema and
SpiffWorkflow's parse and still fails once a case runs: a timer written ``PT1H`` (our timer
texts are Python, so it must be quoted), a condition in FEEL or JUEL, a cron cycle, a service
task, a script calling a function of the other tool's own. Each is refused at validate, in the
same pass as every other problem, saying what to write instead. SpiffWorkflow's own parse
errors are translated here too, so a process owner never reads ``<Element ... at 0x...>``.
"""

from __future__ import annotations

import ast
import re

from . import scripting
from .helpers import HELPER_NAMES

__all__ = [
    "ISO_TIMER",
    "PERSON_NEEDED",
    "dialect_problem",
    "iso_timer_text",
    "engine_message",
    "service_task_problem",
    "unknown_calls",
]

# Problems no mechanical fix can settle start with this, so `concerns import` can list them apart.
PERSON_NEEDED = "needs a person:"

_ISO_DURATION = r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(\d+H)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
_ISO_INSTANT = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
ISO_TIMER = re.compile(rf"^(R\d*/)?(({_ISO_INSTANT})/)?({_ISO_DURATION}|{_ISO_INSTANT})$", re.IGNORECASE)
_CRON = re.compile(r"^[\d*?/,\-LW#A-Z]+( +[\d*?/,\-LW#A-Z]+){4,6}$")
_JUEL = re.compile(r"^[$#]\{.*\}$", re.DOTALL)


def iso_timer_text(text: str) -> str:
    """An unquoted ISO 8601 timer value as it should be written here: quoted, and with the "T" a
    time of day needs (SpiffArena accepts "P1H"; ISO 8601 and SpiffWorkflow want "PT1H")."""
    fixed = re.sub(r"P((\d+Y)?(\d+M)?(\d+W)?(\d+D)?)(\d+H)", r"P\1T\6", text.strip(), flags=re.IGNORECASE)
    return f'"{fixed}"'


def dialect_problem(text: str, what: str) -> str | None:
    """An expression written for another engine (unquoted ISO 8601, FEEL, JUEL, cron), or None."""
    text = text.strip()
    if what.startswith("timer") and ISO_TIMER.match(text):
        kind = "duration" if "P" in text.upper() and "R" not in text[:1].upper() else "timer text"
        return f"timer texts here are Python expressions, so an ISO 8601 value is text: quote the {kind}: {iso_timer_text(text)}"
    if what == "timer cycle" and _CRON.match(text):
        return ("this is a cron expression (Camunda's); write the cycle as a quoted ISO 8601 repeating interval, "
                'e.g. "R/PT1H" (every hour), or repeat_every_days(start, n)')
    if text.startswith("="):
        return (f"the {what} is a FEEL expression (Camunda 8); {PERSON_NEEDED} rewrite it in Python, e.g. "
                "'a = b' as 'a == b', 'x != null' as 'x is not None', 'and'/'or' as they are")
    if "getDataObject(" in text:
        return (f"the {what} is an XPath expression (BPMN's default language); {PERSON_NEEDED} rewrite it in Python over "
                "the case's data, e.g. bpmn:getDataObject('approved') as approved, '=' as '=='")
    if _JUEL.match(text):
        return (f"the {what} is a JUEL expression (Camunda 7, {text[:2]}...}}); {PERSON_NEEDED} rewrite it in Python "
                "over the case's data, e.g. ${approved} as approved")
    return None


_SERVICE_ATTRIBUTES = {"type", "topic", "class", "delegateExpression", "expression", "modelerTemplate"}


def service_task_problem(element) -> str:
    # What the other engine would have called, if the diagram says (never an icon's data URL).
    engine = ""
    for name, value in element.attrib.items():
        if ("camunda" in name or "zeebe" in name) and name.rsplit("}", 1)[-1] in _SERVICE_ATTRIBUTES:
            engine = f" ({value[:80]})"
            break
    return (f"the service task calls another system{engine}, which this product does not do; {PERSON_NEEDED} make it a "
            "user task where someone does it and records the result, or a script task if it only computes")


def unknown_calls(text: str, mode: str) -> list[str]:
    """Functions the text calls that scripts do not have (another tool's own, e.g. SpiffArena's
    ``get_localtime``): a call that can only fail when a case runs. Names the text defines or
    assigns itself, builtins and engine helpers are known; data are never functions."""
    try:
        tree = ast.parse(text.strip() if mode == "eval" else text, mode=mode)
    except SyntaxError:
        return []
    known = set(scripting.builtin_names()) | set(HELPER_NAMES) | {"print"}
    called: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            known.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            known.add(node.name)
        elif isinstance(node, ast.arg):
            known.add(node.arg)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.append(node.func.id)
    return sorted({name for name in called if name not in known})


_ELEMENT_REPR = re.compile(r"<Element \{[^}]*\}(\w+) at 0x[0-9a-f]+>")
_TRANSLATIONS = (
    (re.compile(r"^Process (\S+) is not executable\.*\s*$"),
     lambda m: (f"the process '{m.group(1)}' is not executable (isExecutable=\"false\"), so nothing would run: tick "
                "'Executable' on the pool that should run (isExecutable=\"true\")")),
    (re.compile(r"^A Service Task must have an operator\.?\s*$"), None),
    (re.compile(r"^No DMN Diagram available with id \"None\""),
     lambda m: ("the business rule task names no decision: set the decision it calls (spiffworkflow:calledDecisionId) "
                "to one in a .dmn file uploaded with the diagram")),
    (re.compile(r"^No DMN Diagram available with id \"([^\"]*)\".*$"),
     lambda m: f"the business rule task calls decision '{m.group(1)}', which no uploaded .dmn file defines: upload it with the diagram"),
    (re.compile(r"^No start event found"), lambda m: "the process has no start event: add one where it begins"),
    (re.compile(r"^Cannot resolve data(Input|Output)Association"),
     lambda m: (f"the task {'reads' if m.group(1) == 'Input' else 'writes'} data through an association the engine cannot "
                "follow: a task here reads and writes a data object of its own process, through a data object reference "
                "(not the process's own inputs or outputs, a data store or the data object itself); point the association "
                "at a data object reference, or remove it")),
    (re.compile(r"^Exactly one start event is required in a SubWorkflow Task; found (\d+)"),
     lambda m: (f"the sub-process has {'no start event' if m.group(1) == '0' else m.group(1) + ' start events'}; "
                "the engine needs exactly one: give it one plain start event where its steps begin")),
    (re.compile(r"^A SubWorkflow Must contain an End event"), lambda m: "the sub-process has no end event: add one where its steps end"),
    (re.compile(r"^A multiinstance task must specify a cardinality or a loop input data reference"),
     lambda m: (f"the multi-instance activity says neither how many times it runs nor over which list (Camunda 8 keeps that "
                f"in zeebe:loopCharacteristics, which this engine does not read); {PERSON_NEEDED} set its loop cardinality, "
                "or its input collection to a list in the case's data")),
    (re.compile(r"^A multiinstance task must specify exactly one of cardinality or loop input data reference"),
     lambda m: "the multi-instance activity has both a loop cardinality and an input collection: keep one"),
    (re.compile(r"^A loopMaximum or loopCondition must be specified for Loop Tasks"),
     lambda m: ("the loop activity says neither when it stops nor how many times it runs: set its loop condition "
                "(an expression over the case's data) or its loop maximum")),
    (re.compile(r"^Non-default exclusive outgoing sequence flow without condition"),
     lambda m: ("the sequence flow leaves an exclusive gateway with no condition and is not the gateway's default, so the "
                "engine could never choose it: give it a condition over the case's data, or make it the gateway's default")),
    (re.compile(r"^NotImplementedError\('Unsupported (?:Catch|Throw) Event"), lambda m: _unsupported_event(m.string)),
    (re.compile(r"^Data Store with name (.+?) has no implementation"),
     lambda m: (f"the data store '{m.group(1)}' has no implementation here: a case keeps its data with the case; "
                "remove the data store, or draw it in a non-executable pool as documentation")),
)


def _unsupported_event(text: str) -> str:
    """SpiffWorkflow quotes the event's XML: name the event and its kind from it (a compensation
    boundary event, say), never the XML."""
    event = re.search(r"<(?:\w+:)?(\w+?)Event\b", text)
    kind = re.search(r"<(?:\w+:)?(\w+?)EventDefinition\b", text)

    def spaced(name: str) -> str:  # 'intermediateCatch' -> 'intermediate catch'
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()

    kind_words = {"compensate": "compensation"}.get(kind.group(1), spaced(kind.group(1))) if kind else "plain"
    return (f"the {spaced(event.group(1)) if event else 'catching'} event is a {kind_words} "
            f"event there, which the engine does not run; {PERSON_NEEDED} remove it, or draw what it stands for as steps")


def engine_message(text: str) -> str | None:
    """SpiffWorkflow's words for a parse error, in ours; None when one of our checks says it already."""
    whole = " ".join(text.split())
    if whole.startswith("Data Store with name"):
        first = whole
    else:
        first = " ".join(text.split("\n")[0].split())
    for pattern, wording in _TRANSLATIONS:
        match = pattern.match(first)
        if match:
            return wording(match) if wording else None
    first = _ELEMENT_REPR.sub(lambda m: f"the {m.group(1)}", first).rstrip(". ")
    return f"the engine cannot read this: {first}"
