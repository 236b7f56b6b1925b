from __future__ import annotations

from marshmallow import Schema, fields, validate

from engine.sandbox import TryKind

from ..definitions.schemas import DefinitionSchema


class AuthorSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()


class BasedOnSchema(Schema):
    id = fields.Integer()
    folder = fields.String()
    version = fields.Integer()


class ProcessDraftSummarySchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    lock_version = fields.Integer()
    author = fields.Nested(AuthorSchema, allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    based_on = fields.Nested(BasedOnSchema, allow_none=True)


class ProcessDraftSchema(ProcessDraftSummarySchema):
    bpmn = fields.String(metadata={"description": "The BPMN 2.0 XML"})
    forms = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "File name to JSON text"})
    decisions = fields.Dict(keys=fields.String(), values=fields.String(),
                            metadata={"description": "The DMN decision tables the procedure calls: .dmn file name to DMN XML"})


class DraftListArgs(Schema):
    key = fields.String(validate=validate.Length(min=1, max=200))


class DraftOpenSchema(Schema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    definition_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "Start from this version "
                                   "(one of the council's); default: the version the council runs"})


class DraftSaveSchema(Schema):
    lock_version = fields.Integer(required=True, validate=validate.Range(min=0, max=2**31 - 1), metadata={"description": "The lock_version you read; a stale one is refused (409)"})
    bpmn = fields.String(validate=validate.Length(max=5 * 1024 * 1024))
    forms = fields.Dict(keys=fields.String(validate=validate.Length(max=200)), values=fields.String(),
                        metadata={"description": "Form files to add or replace, by file name"})
    decisions = fields.Dict(keys=fields.String(validate=validate.Length(max=200)), values=fields.String(validate=validate.Length(max=5 * 1024 * 1024)),
                            metadata={"description": "DMN decision tables to add or replace, by .dmn file name; each is checked as "
                                      "`concerns validate` checks it (422 with file, line and element of every problem; nothing stored)"})


class FormAddSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(load_default="", validate=validate.Length(max=300))


class FormAddedSchema(Schema):
    schema = fields.String()
    ui_schema = fields.String()
    lock_version = fields.Integer()


class ProblemSchema(Schema):
    file = fields.String()
    line = fields.Integer(allow_none=True)
    element_id = fields.String(allow_none=True)
    message = fields.String()


class DefectSchema(Schema):
    kind = fields.String(metadata={"description": "error, refused, stall, no_role, unchased or no_answers"})
    process_key = fields.String()
    element_id = fields.String(allow_none=True)
    message = fields.String()
    path = fields.List(fields.String(), metadata={"description": "The steps that show it, in order"})


class CheckSchema(Schema):
    ok = fields.Boolean(metadata={"description": "No problem stops deploying (defects are reported, not blocking)"})
    problems = fields.List(fields.Nested(ProblemSchema))
    defects = fields.List(fields.Nested(DefectSchema), metadata={
        "description": "What `concerns explore` found on a few paths of the procedures that run the draft"})


class ChangesArgs(Schema):
    against = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "A version id to compare with; default: the version the draft overrides or started from"})


class ChangeSchema(Schema):
    element_id = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(["added", "removed", "changed"]))
    text = fields.String()


class ChangesSchema(Schema):
    against = fields.Nested(BasedOnSchema)
    changes = fields.List(fields.Nested(ChangeSchema))


class DeployNoteSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(max=1000))


class SandboxSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in TryKind]))
    code = fields.String(required=True, validate=validate.Length(max=20_000))
    data = fields.Dict(load_default=dict)


class SandboxResultSchema(Schema):
    ok = fields.Boolean()
    result = fields.Raw(allow_none=True)
    data = fields.Dict(allow_none=True)
    changed = fields.List(fields.String())
    explanation = fields.String()
    error = fields.String()
    line = fields.Integer(allow_none=True)


class PreviewSchema(Schema):
    schema = fields.String(required=True, validate=validate.Length(max=1_000_000))
    ui_schema = fields.String(load_default="{}", validate=validate.Length(max=1_000_000))


class PreviewProblemSchema(Schema):
    file = fields.String()
    line = fields.Integer(allow_none=True)
    column = fields.Integer(allow_none=True)
    message = fields.String()


class PreviewResultSchema(Schema):
    html = fields.String()
    problems = fields.List(fields.Nested(PreviewProblemSchema))



__all__ = [
    "ChangeSchema", "ChangesArgs", "ChangesSchema", "CheckSchema", "DefectSchema", "DefinitionSchema", "DeployNoteSchema", "DraftListArgs",
    "DraftOpenSchema", "DraftSaveSchema", "FormAddSchema", "FormAddedSchema", "PreviewSchema", "PreviewResultSchema",
    "ProcessDraftSchema", "ProcessDraftSummarySchema", "SandboxResultSchema", "SandboxSchema",
]
