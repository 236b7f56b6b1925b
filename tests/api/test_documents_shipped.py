"""Every shipped template, generated from a real case of the procedure documents/WIRING.md names,
and opened with python-docx to find the provider's name and the deadline in it.

A row is skipped while the shipped diagram's element does not name its template yet (the regional
diagrams are wired after they merge); each test runs the moment the property is there.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document

from api.cases.service import load_run
from api.documents.service import generate_letter
from api.documents.storage import LocalFolderStore
from engine.documents import format_day
from engine.roles import Role, task_roles
from tests.support.reach_step import reach_template
from tests.support.wire_templates import ROOT, WiringRow, named_templates, wiring_rows

ROWS = wiring_rows()


@pytest.fixture
def database_url(tmp_path):
    """Letters read the case, not the database: these long walks run on SQLite only."""
    return f"sqlite:///{tmp_path / 'shipped.db'}"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _expected_deadline(row: WiringRow, ready_due, data: dict) -> str | None:
    if row.deadline == "step":
        assert ready_due is not None, f"{row.element} was to carry a deadline, but the step reached has none"
        return format_day(ready_due)
    if row.deadline.startswith("none"):
        return None
    value = data.get(row.deadline)
    assert value, f"the case reached has no {row.deadline} to state as the letter's timescale"
    return format_day(value)


def test_the_wiring_table_names_every_shipped_template_once():
    shipped = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "documents").glob("*/*.docx"))
    assert sorted(r.template for r in ROWS) == shipped


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.council}:{r.name}" for r in ROWS])
def test_every_shipped_template_is_generated_from_a_real_case(row: WiringRow, councils, tmp_path):
    if row.name not in named_templates(ROOT / "processes", row.process, row.element):
        pytest.skip(f"{row.element} in {row.process} does not name {row.name} yet: it is wired after the regional "
                    "diagrams merge (documents/WIRING.md; python -m tests.support.wire_templates)")
    reached = reach_template(councils, tenant_slug=row.council, procedure=row.case_process, template=row.name)
    ready = next(t for t in load_run(councils.session, reached.case).ready_tasks() if t.id == reached.task.id)
    actor = councils.actor(row.council, task_roles(reached.task.role)[0]) if reached.task.role else councils.actor(row.council, Role.ADMIN)
    version = generate_letter(councils.session, tenant=councils.tenants[row.council], actor=actor, task_id=reached.task.id,
                              template=row.name, documents_root=ROOT / "documents", store=LocalFolderStore(tmp_path))
    assert version.template_path == str(Path(row.template).relative_to("documents"))
    text = _text(LocalFolderStore(tmp_path).get(version.storage_key))
    assert reached.provider_name in text
    deadline = _expected_deadline(row, ready.due_at, ready.data)
    if deadline is not None:
        assert deadline in text, f"the deadline {deadline} is not in the letter: {text}"


def test_wired_as_the_table_says_every_shipped_diagram_and_template_validates(tmp_path):
    """Before the lead wires them: the table's wiring, applied to a copy of processes/, passes
    `concerns validate` (every placeholder is data those procedures record)."""
    from engine.path_checks import validate_paths
    from tests.support.wire_templates import wire

    for name in ("processes", "forms", "documents"):
        shutil.copytree(ROOT / name, tmp_path / name)
    done = wire(tmp_path / "processes", ROWS)
    assert not [line for line in done if "not wired" in line], done
    assert validate_paths([tmp_path / "processes"]) == []
