"""Word documents written reproducibly (fixed zip timestamps and core properties), so that
regenerating a template that did not change leaves the file byte for byte the same."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from docx import Document
from docx.shared import Pt

__all__ = ["letter", "docx_bytes"]

_FIXED = _dt.datetime(2026, 1, 1, tzinfo=_dt.timezone.utc)


def letter(title: str, paragraphs: list[str], *, header: str | None = None, footer: str | None = None):
    """A plain letter: Arial 12, one paragraph per item ("" for a blank line, "# " for a heading)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    for text in paragraphs:
        if text.startswith("# "):
            document.add_heading(text[2:], level=1)
        else:
            document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    properties = document.core_properties
    properties.title = title
    properties.author = "Provider Concerns"
    properties.created = properties.modified = _FIXED.replace(tzinfo=None)
    properties.last_modified_by = "Provider Concerns"
    properties.revision = 1
    return document


def docx_bytes(document) -> bytes:
    raw = io.BytesIO()
    document.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
