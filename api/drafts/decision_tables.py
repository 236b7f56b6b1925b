"""A draft's DMN decision tables: the ones its procedure calls, edited in the modeller's decision
table editor and saved into the draft as its diagram and forms are, then kept with the version the
draft deploys (``specs["decisions"]``).

A table is checked when it is saved, as ``concerns validate`` checks it: safe XML, DMN, a shape
SpiffWorkflow's DMN parser reads, every cell Python. A table with a problem is refused with the
file, line and element of each, and nothing of the save is stored.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session, object_session

from engine.decisions import table_problems
from engine.xmlsafe import MAX_XML_BYTES

from ..definitions.models import ProcessDefinition
from ..errors import Invalid
from .models import ProcessDraft

__all__ = ["TABLE_FILE_NAME", "checked_tables", "draft_tables", "tables_of"]

TABLE_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9 _.-]{0,150}\.dmn$")


def tables_of(definition: ProcessDefinition | None) -> dict[str, str]:
    """The tables a version keeps, by file name."""
    return dict(((definition.specs or {}).get("decisions") or {}) if definition is not None else {})


def draft_tables(draft: ProcessDraft, session: Session | None = None) -> dict[str, str]:
    """The draft's own tables; a draft made before the modeller edited them reads its base version's."""
    if draft.decisions is not None:
        return dict(draft.decisions)
    session = session or object_session(draft)
    return tables_of(session.get(ProcessDefinition, draft.based_on_id) if session and draft.based_on_id else None)


def checked_tables(tables: dict) -> dict[str, str]:
    """The tables as given, or Invalid (422) naming every problem of every table."""
    if not isinstance(tables, dict):
        raise Invalid("decisions must be an object of .dmn file name to DMN XML text")
    problems = []
    for name, text in tables.items():
        if not isinstance(name, str) or not TABLE_FILE_NAME.match(name):
            problems.append({"file": str(name), "line": None, "element_id": None,
                             "message": "a decision table file is named '<name>.dmn', with letters, digits, spaces, '-', '_' and '.'"})
        elif not isinstance(text, str) or not text.strip() or len(text.encode("utf-8")) > MAX_XML_BYTES:
            problems.append({"file": name, "line": None, "element_id": None,
                             "message": f"the table must be DMN XML text of at most {MAX_XML_BYTES // (1024 * 1024)} MB"})
        else:
            problems.extend(p.as_dict() for p in table_problems(name, text.encode("utf-8")))
    if problems:
        raise Invalid(f"the decision table was not saved: {problems[0]['message']}"
                      + (f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""), errors=problems)
    return dict(tables)
