"""Shared REST pieces: pagination arguments and the list envelope."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

__all__ = ["PageArgs", "page_schema", "paginate"]


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A schema for ``{items, page, page_size, total}`` of ``item_schema``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Integer(required=True),
            "page_size": fields.Integer(required=True),
            "total": fields.Integer(required=True),
            "next": fields.String(allow_none=True, metadata={
                "description": "Pass as 'after' for the following page (lists that page by key); null on the last page"}),
        },
        name=name,
    )


def paginate(query_result: list, total: int, page: int, page_size: int, next_after: str | None = None) -> dict:
    return {"items": query_result, "page": page, "page_size": page_size, "total": total, "next": next_after}
