"""GET /cases/{id}/chronology: as JSON, or as a Word document."""

from __future__ import annotations

import io

from flask import send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from .. import get_session
from ..auth import current_caller
from .export import chronology_docx
from .service import chronology

__all__ = ["blp", "docx_download"]

blp = Blueprint("chronology", __name__, url_prefix="/api/v1", description="A case's chronology")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ChronologyArgs(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "docx"]),
                           metadata={"description": "json (default) or docx (a Word document to download)"})


class EntrySchema(Schema):
    at = fields.DateTime()
    kind = fields.String(metadata={"description": "case, decision, step, meeting, deadline, document, action or date"})
    title = fields.String()
    who = fields.String()
    details = fields.List(fields.String(), metadata={"description": "In plain words: labels and answers as the forms put them"})


class ChronologyCaseSchema(Schema):
    id = fields.Integer()
    procedure = fields.String()
    provider = fields.String()
    status = fields.String()
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class ChronologySchema(Schema):
    case = fields.Nested(ChronologyCaseSchema)
    entries = fields.List(fields.Nested(EntrySchema), metadata={"description": "In date order"})


def docx_download(caller, case_id: int):
    found = chronology(get_session(), tenant=caller.tenant, roles=caller.user.reader_roles, case_id=case_id)
    content = chronology_docx(found, caller.tenant.name)
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=f"chronology-case-{case_id}.docx",
                     max_age=0)


@blp.route("/cases/<id:case_id>/chronology")
class CaseChronology(MethodView):
    @blp.arguments(ChronologyArgs, location="query")
    @blp.response(200, ChronologySchema)
    def get(self, args, case_id):
        """Every decision, deadline, document and meeting of the case, in date order and plain words."""
        caller = current_caller()
        if args["format"] == "docx":
            return docx_download(caller, case_id)
        return chronology(get_session(), tenant=caller.tenant, roles=caller.user.reader_roles, case_id=case_id)
