"""Request and response shapes of the documents endpoints."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from .service import DISPATCH_METHODS

__all__ = ["VersionSchema", "DispatchSchema", "DocumentSchema", "DocumentListSchema", "TaskDocumentsSchema",
           "GenerateSchema", "EvidenceFormSchema", "EvidenceFilesSchema", "SignedFileSchema", "DispatchRequestSchema",
           "ContentArgs"]


class VersionSchema(Schema):
    number = fields.Integer()
    origin = fields.String(metadata={"description": "generated (from the template), signed (uploaded final) or uploaded (evidence)"})
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_by = fields.String()
    created_at = fields.DateTime()
    missing = fields.List(fields.String(), metadata={"description": "Placeholders the case had no value for when generated"})


class DispatchSchema(Schema):
    method = fields.String()
    sent_on = fields.Date()
    recipient = fields.String()
    note = fields.String()
    recorded_by = fields.String()
    recorded_at = fields.DateTime()


class DocumentSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.String(metadata={"description": "letter (from a template) or evidence (an attached file)"})
    title = fields.String()
    task_id = fields.String(allow_none=True)
    element_id = fields.String(allow_none=True)
    step_name = fields.String(allow_none=True)
    template = fields.String(allow_none=True)
    created_by = fields.String()
    created_at = fields.DateTime()
    versions = fields.List(fields.Nested(VersionSchema), metadata={"description": "Every version, oldest first"})
    dispatches = fields.List(fields.Nested(DispatchSchema), metadata={"description": "How and when it was sent"})


class DocumentListSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))


class TaskDocumentsSchema(Schema):
    templates = fields.List(fields.String(), metadata={"description": "Templates this step offers (POST one to generate)"})
    items = fields.List(fields.Nested(DocumentSchema), metadata={"description": "Documents generated or attached at this step"})


class GenerateSchema(Schema):
    template = fields.String(required=True, validate=validate.Length(min=1, max=200),
                             metadata={"description": "One of the templates the step offers"})


class EvidenceFormSchema(Schema):
    task_id = fields.String(validate=validate.Length(max=36), metadata={"description": "Attach at this open step"})


class EvidenceFilesSchema(Schema):
    files = fields.List(Upload(), required=True, metadata={"description": "One or more files"})


class SignedFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "The signed letter (PDF or Word)"})


class DispatchRequestSchema(Schema):
    method = fields.String(required=True, validate=validate.OneOf(list(DISPATCH_METHODS)))
    sent_on = fields.Date(required=True)
    recipient = fields.String(required=True, validate=validate.Length(min=1, max=300))
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class ContentArgs(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=10_000), metadata={"description": "Default: the latest"})
