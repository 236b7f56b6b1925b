from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate


class DefinitionSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    version = fields.Integer()
    folder = fields.String()
    scope = fields.String(metadata={"description": "'council' for the council's own folder, otherwise the folder it comes from"})
    variant_of = fields.Dict(allow_none=True, metadata={"description": "The folder and version this one overrides"})
    checksum = fields.String()
    deployed_at = fields.DateTime()
    deployed_by_id = fields.Integer(allow_none=True)
    note = fields.String()
    roles = fields.List(fields.String())
    calls = fields.List(fields.String())
    origin = fields.String(metadata={"description": "'files' (deployed from the processes folder) or 'modeller'"})


class DefinitionVersionsSchema(Schema):
    key = fields.String()
    versions = fields.List(fields.Nested(DefinitionSchema))


class DeployFilesSchema(Schema):
    files = fields.List(Upload(), required=True, validate=validate.Length(min=1, max=50))


class DeployFormSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class DeployedSchema(Schema):
    created = fields.List(fields.Nested(DefinitionSchema))
    unchanged = fields.List(fields.String())
    kept = fields.List(fields.String(), metadata={"description": "Modeller-made versions the files did not replace"})


class XmlQuerySchema(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=1_000_000))


class VariantNoteSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=1000),
                         metadata={"description": "Why (kept in the audit trail)"})
