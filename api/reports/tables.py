"""A report's figures as tables, and the same tables as CSV and as an Excel workbook."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

__all__ = ["Table", "to_csv", "to_xlsx", "CSV", "XLSX"]

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}


def _cell(value):
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    text = value if not isinstance(value, str) else value
    # A cell starting with = + - @ is a formula to a spreadsheet: never let data become one.
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def to_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([[_cell(v) for v in row] for row in table.rows])
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 CSV correctly with the BOM


def to_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        name = re.sub(r"[\[\]:*?/\\]", " ", table.title)[:31].strip() or "Sheet"
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        for column, heading in zip(sheet.columns, table.columns):
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(12, len(heading) + 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
