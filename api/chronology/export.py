"""The chronology as a Word document, for reviews and tribunals to read, print and annotate."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.shared import Pt

from engine.documents import format_day, format_instant

__all__ = ["chronology_docx"]

# Word (XML) cannot hold these; text stored before they were refused at input is shown without them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_IN_XML.sub("", str(value or ""))


def chronology_docx(chronology: dict, council: str) -> bytes:
    case = chronology["case"]
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"Chronology of case {case['id']}"
    document.add_heading(f"Chronology: {_text(case['procedure'])}, case {case['id']}", level=1)
    ended = f", ended {format_day(case['ended_at'])}" if case.get("ended_at") else ""
    document.add_paragraph(f"{council}. Provider: {_text(case['provider'])}. Started {format_day(case['started_at'])}{ended}; "
                           f"status: {case['status']}.")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ("When", "What happened", "Who", "Details")):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for entry in chronology["entries"]:
        cells = table.add_row().cells
        cells[0].text = format_instant(entry["at"])
        cells[1].text = _text(entry["title"])
        cells[2].text = _text(entry["who"])
        cells[3].text = _text("\n".join(entry["details"]))
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
