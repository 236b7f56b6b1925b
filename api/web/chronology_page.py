"""The chronology page: printable (its own print stylesheet) and downloadable as Word."""

from __future__ import annotations

from flask import g, render_template

from .. import get_session
from ..chronology.service import chronology
from ..chronology.views import docx_download
from . import bp, signed_in

__all__ = ["case_chronology", "case_chronology_docx"]


@bp.get("/cases/<id:case_id>/chronology")
@signed_in
def case_chronology(case_id: int):
    caller = g.web_caller
    found = chronology(get_session(), tenant=caller.tenant, roles=caller.user.reader_roles, case_id=case_id)
    return render_template("web/chronology.html", page_title=f"Chronology of case {case_id}", nav="inbox", chronology=found)


@bp.get("/cases/<id:case_id>/chronology.docx")
@signed_in
def case_chronology_docx(case_id: int):
    return docx_download(g.web_caller, case_id)
