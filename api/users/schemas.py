from __future__ import annotations

from marshmallow import Schema, fields, validate

from engine.roles import Role

_roles = [r.value for r in Role]


class TenantRefSchema(Schema):
    slug = fields.String()
    name = fields.String()
    region = fields.String()


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True)
    name = fields.String(load_default="", validate=validate.Length(max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(_roles)), required=True, validate=validate.Length(min=1))
    active = fields.Boolean(dump_only=True)


class NewUserSchema(UserSchema):
    password = fields.String(load_only=True, load_default=None, validate=validate.Length(min=12, max=200))


class MeSchema(UserSchema):
    tenant = fields.Nested(TenantRefSchema)


class SignInSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class SignedInSchema(Schema):
    user = fields.Nested(MeSchema)
    csrf_token = fields.String(metadata={"description": "Send it as X-CSRF-Token on every change made with the session cookie"})


class RevokedSchema(Schema):
    revoked = fields.Integer()
