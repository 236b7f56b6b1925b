from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..rest.common import PageArgs
from .models import ProviderKind, ProviderStatus, Regulator

_kinds = [k.value for k in ProviderKind]
_regulators = [r.value for r in Regulator]
_statuses = [s.value for s in ProviderStatus]


class ProviderCaseSchema(Schema):
    id = fields.Integer()
    process_key = fields.String()
    status = fields.String()
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)


class ProviderSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(_kinds))
    regulator = fields.String(required=True, validate=validate.OneOf(_regulators))
    regulator_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    beds = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=10_000))
    address = fields.String(load_default="", validate=validate.Length(max=500))
    status = fields.String(dump_only=True)


class ProviderDetailSchema(ProviderSchema):
    cases = fields.List(fields.Nested(ProviderCaseSchema), dump_only=True)


class ProviderPatchSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(_kinds))
    beds = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=10_000))
    address = fields.String(validate=validate.Length(max=500))
    status = fields.String(validate=validate.OneOf(_statuses))


class ProviderQuerySchema(PageArgs):
    kind = fields.String(validate=validate.OneOf(_kinds))
    regulator = fields.String(validate=validate.OneOf(_regulators))
    status = fields.String(validate=validate.OneOf(_statuses))
    q = fields.String(validate=validate.Length(max=100))
