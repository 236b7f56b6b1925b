"""Request and answer shapes of moving running cases between versions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..rest import MAX_ID

__all__ = ["MigrationRequestSchema", "MigrationAnswerSchema", "UndoRequestSchema", "UndoAnswerSchema"]


class MigrationRequestSchema(Schema):
    to_version = fields.Integer(required=True, validate=validate.Range(min=1, max=1_000_000),
                                metadata={"description": "The version to move the cases to (in the folder the council runs it from)"})
    case_ids = fields.List(fields.Integer(validate=validate.Range(min=1, max=MAX_ID)), validate=validate.Length(min=1, max=500),
                           metadata={"description": "The cases to move; without it, every running case on another version"})
    note = fields.String(load_default="", validate=validate.Length(max=1000),
                         metadata={"description": "Why the cases move (required to move; kept in each case's history)"})
    dry_run = fields.Boolean(load_default=False, metadata={"description": "Only say what moving would do; change nothing"})


class CasePreviewSchema(Schema):
    case_id = fields.Integer()
    provider = fields.String()
    from_version = fields.String()
    can_move = fields.Boolean()
    lines = fields.List(fields.String(), metadata={"description": "What moving does to the case, in words"})
    refusals = fields.List(fields.String(), metadata={"description": "Why it cannot move, and what the process owner can do"})


class MoveOutcomeSchema(Schema):
    case_id = fields.Integer()
    outcome = fields.String(metadata={"description": "moved, refused or conflict"})
    detail = fields.String()
    lines = fields.List(fields.String())


class MigrationAnswerSchema(Schema):
    key = fields.String()
    to_version = fields.String()
    dry_run = fields.Boolean()
    cases = fields.List(fields.Nested(CasePreviewSchema), metadata={"description": "The preview (dry_run)"})
    outcomes = fields.List(fields.Nested(MoveOutcomeSchema), metadata={"description": "Each case's outcome (not dry_run)"})


class UndoRequestSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class UndoAnswerSchema(Schema):
    case_id = fields.Integer()
    version = fields.Integer(metadata={"description": "The version the case is on again"})
    detail = fields.String()
