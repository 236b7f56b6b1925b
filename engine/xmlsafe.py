"""Parse untrusted XML (uploaded or edited diagrams) without trusting it.

No DTDs, so no entities (XXE, billion laughs); no network; a size limit. A refusal says why
and what to do.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["MAX_XML_BYTES", "UnsafeXml", "parse_xml"]

MAX_XML_BYTES = 5 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeXml(ValueError):
    """The XML was refused. ``line`` is where, when known."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(content: bytes | str, *, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Parse a BPMN (or any XML) document safely, or raise UnsafeXml."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if len(content) > max_bytes:
        raise UnsafeXml(
            f"the file is {len(content):,} bytes, over the {max_bytes:,}-byte limit for a diagram; "
            "split it into call activities or remove embedded images"
        )
    match = _DOCTYPE.search(content)
    if match:
        line = content.count(b"\n", 0, match.start()) + 1
        raise UnsafeXml(
            f"the file declares a {match.group(1).decode().upper()}; diagrams may not contain DTDs or entity "
            "declarations (they can read files or exhaust memory). Remove the <!DOCTYPE ...> block",
            line,
        )
    try:
        return etree.ElementTree(etree.fromstring(content, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise UnsafeXml(f"the file is not well-formed XML: {exc.msg}", line) from None
