"""Shared REST pieces: pagination arguments and the list envelope."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

__all__ = ["KeysetPageArgs", "OFFSET_ROWS_SERVED", "PageArgs", "page_schema", "paginate"]

#: How deep a long list (cases, tasks) serves by ``page``: the database reads and throws away
#: every row before an offset, so page 1,000 of a county's tasks cost ten times page 1.
#: Past this, a client follows the ``next`` cursor (``after``), which costs the same at any depth.
OFFSET_ROWS_SERVED = 10_000


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class KeysetPageArgs(PageArgs):
    """A long list's paging: ``after`` (keyset), or ``page`` for its first 10,000 rows."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000), metadata={
        "description": f"Page number, while the page starts within the first {OFFSET_ROWS_SERVED:,} rows; past them use 'after'"})
    after = fields.String(validate=validate.Length(max=500), metadata={
        "description": "Keyset paging: the 'next' of the previous page (then 'page' is not used); costs the same at any depth"})

    @validates_schema
    def _offset_within_reach(self, data, **_kwargs):
        if data.get("after") is None and (data.get("page", 1) - 1) * data.get("page_size", 50) >= OFFSET_ROWS_SERVED:
            raise ValidationError(
                f"page {data['page']} of {data.get('page_size', 50)} a page starts past row {OFFSET_ROWS_SERVED:,}, "
                "the deepest this list serves by page number: read on with 'after', passing the 'next' of each page",
                field_name="page")


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
