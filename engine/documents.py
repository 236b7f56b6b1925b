"""Letters and notices from Word templates the council owns.

A template is a ``.docx`` file with ``docxtpl`` (Jinja) placeholders, kept in
``documents/<folder>/`` and resolved through a council's folders like processes and forms, so a
council drops in its own letterhead and wording without code. A user task (or a call activity,
for the steps inside it) names the templates it offers with the ``spiffworkflow:properties``
property ``documentTemplate``: one file name, or several separated by commas.

Placeholders are case data (``{{ provider_name }}``, ``{{ remedy_timescale }}``) and the
document context every template may use (:data:`CONTEXT`): ``provider``, ``council``, ``case``,
``step``, ``deadline``, ``today``, ``author``. Filters: ``day`` (an ISO date as "5 August 2027"),
``words`` (a coded answer as words) and ``yesno``.

Placeholders are located by *line*: the paragraph's number in the document body (or in a header
or footer), counting from 1 as Word users read a letter, with the paragraph's text quoted.
Rendering runs in Jinja's sandbox with XML escaping; a value the case has not recorded yet renders
empty and is reported, so staff can check the letter before sending it.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from html import unescape
from zoneinfo import ZoneInfo

from docxtpl import DocxTemplate
from jinja2 import ChainableUndefined, nodes
from jinja2.exceptions import TemplateError, TemplateSyntaxError

from .script_budget import WATCHDOG, Budget, TimeUp
from .template_sandbox import TemplateSandbox

__all__ = [
    "TEMPLATE_PROPERTY", "CONTEXT", "JINJA_GLOBALS", "Placeholder", "TemplateUnreadable", "Rendered",
    "template_names", "placeholders", "render", "format_day", "format_instant",
]

TEMPLATE_PROPERTY = "documentTemplate"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*\.docx$")
LONDON = ZoneInfo("Europe/London")
MAX_LETTER_SECONDS = 2.0  # CPU time to fill in one letter (a few hundredths of a second is usual)

# The document context: names every template may use besides the case data, with their attributes.
CONTEXT: dict[str, frozenset[str]] = {
    "provider": frozenset({"name", "address", "kind", "regulator", "regulator_id", "beds"}),
    "council": frozenset({"name", "region"}),
    "case": frozenset({"id", "reference", "procedure", "started_on"}),
    "step": frozenset({"name", "due", "rule", "deadline_name"}),
    "author": frozenset({"name", "email"}),
    "deadline": frozenset(),
    "deadline_rule": frozenset(),
    "today": frozenset(),
}
JINJA_GLOBALS = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace"})
_PARAGRAPH_END = re.compile(r"(</w:p>|<w:p\b[^>]*/>)")  # a closed paragraph, or an empty one


class TemplateUnreadable(Exception):
    """The file is not a Word document, or its placeholders are not valid (with the line)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Placeholder:
    """A name a template reads, where it reads it, and the paragraph it is in."""

    name: str
    line: int
    part: str
    text: str
    attribute: str | None = None


@dataclass
class Rendered:
    content: bytes
    missing: list[str] = field(default_factory=list)


def template_names(value: str | None) -> list[str]:
    """The template file names a ``documentTemplate`` property names, in order.
    Raises ValueError saying how to write the name when one is not a plain ``.docx`` file name."""
    names: list[str] = []
    for part in (value or "").split(","):
        name = part.strip()
        if not name:
            continue
        if not _NAME.match(name):
            raise ValueError(f"'{name}' is not a template file name: use lower-case letters, digits, '_' or '-', "
                             "ending in .docx (e.g. closure_letter_provider.docx)")
        if name not in names:
            names.append(name)
    return names


# --------------------------------------------------------------------------- reading


def _environment(missing: list[str] | None = None) -> TemplateSandbox:
    """The sandbox templates run in; values the case has not recorded go into ``missing``."""

    class Recording(ChainableUndefined):
        def __str__(self) -> str:
            if missing is not None and self._undefined_name and self._undefined_name not in missing:
                missing.append(self._undefined_name)
            return ""

    env = TemplateSandbox(undefined=Recording)
    env.filters.update(day=format_day, words=_words, yesno=_yesno)
    return env


def _parts(content: bytes) -> list[tuple[str, str]]:
    """The template's XML parts as docxtpl renders them, one paragraph per line."""
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
        document = template.docx
    except Exception as exc:  # a zip that is not a Word document fails in many ways
        raise TemplateUnreadable(f"this is not a Word (.docx) document that can be read ({type(exc).__name__})") from None
    parts = [("body", template.patch_xml(template.xml_to_string(document._element.body)))]
    for uri, kind in ((template.HEADER_URI, "header"), (template.FOOTER_URI, "footer")):
        for relation in document.part.rels.values():
            if relation.reltype == uri and relation.target_part.blob:
                from docx.oxml import parse_xml

                parts.append((kind, template.patch_xml(template.xml_to_string(parse_xml(relation.target_part.blob)))))
    return [(kind, _PARAGRAPH_END.sub(r"\1\n", xml)) for kind, xml in parts]


def _paragraph_text(xml_line: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", "", xml_line)).strip()
    return text if len(text) <= 120 else text[:117] + "…"


def placeholders(content: bytes) -> list[Placeholder]:
    """Every name the template reads from its context, with its line; raises TemplateUnreadable."""
    env = _environment()
    found: list[Placeholder] = []
    for kind, xml in _parts(content):
        lines = xml.split("\n")
        try:
            tree = env.parse(xml)
            env.compile(tree)  # unknown filters are found at compile time
        except TemplateSyntaxError as exc:
            where = _paragraph_text(lines[exc.lineno - 1]) if exc.lineno and exc.lineno <= len(lines) else ""
            raise TemplateUnreadable(f"the {kind} has a placeholder Word or Jinja cannot read: {exc.message}"
                                     + (f" (in “{where}”)" if where else ""), exc.lineno) from None
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise TemplateUnreadable(f"the {kind} cannot be used: {exc.message}", line) from None
        bound = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        attributes = {id(g.node): g.attr for g in tree.find_all(nodes.Getattr) if isinstance(g.node, nodes.Name)}
        for name in tree.find_all(nodes.Name):
            if name.ctx != "load" or name.name in bound or name.name in JINJA_GLOBALS:
                continue
            text = _paragraph_text(lines[name.lineno - 1]) if name.lineno <= len(lines) else ""
            found.append(Placeholder(name.name, name.lineno, kind, text, attributes.get(id(name))))
    return found


# --------------------------------------------------------------------------- rendering


def render(content: bytes, context: dict) -> Rendered:
    """The template filled in from ``context``. Raises TemplateUnreadable (with the line) when
    the template cannot be rendered."""
    template = DocxTemplate(io.BytesIO(content))
    missing: list[str] = []
    try:
        with WATCHDOG.watching(Budget(MAX_LETTER_SECONDS)):
            template.render(context, jinja_env=_environment(missing), autoescape=True)
    except TemplateError as exc:
        raise TemplateUnreadable(f"the template could not be filled in: {exc.message or type(exc).__name__}",
                                 getattr(exc, "lineno", None)) from None
    except ValueError as exc:  # a size check (engine.script_guards): the template would make a huge value
        raise TemplateUnreadable(f"the template could not be filled in: {exc}", None) from None
    except TimeUp:
        raise TemplateUnreadable(f"the template took more than {MAX_LETTER_SECONDS:g} s of CPU time to fill in; "
                                 "is there a loop that never ends?", None) from None
    output = io.BytesIO()
    template.save(output)
    return Rendered(output.getvalue(), missing)


def format_day(value) -> str:
    """'5 August 2027' from an ISO date or an aware instant (London); other text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.datetime):
        value = value.astimezone(LONDON).date()
    elif isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, _dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def format_instant(value: _dt.datetime | None) -> str:
    """'17:00 on 5 August 2027' (London) from an aware instant."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local:%H:%M} on {format_day(local.date())}"


def _words(value) -> str:
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    return str(value).replace("_", " ") if value is not None else ""


def _yesno(value) -> str:
    return "Yes" if value is True else ("No" if value is False else "")
