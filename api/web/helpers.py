"""Small helpers shared by the pages."""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo

import markdown
import nh3
from markupsafe import Markup

from . import bp

__all__ = ["brief", "error_list", "render_markdown", "london", "format_when", "format_day"]

LONDON = ZoneInfo("Europe/London")
_MARKDOWN_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "br", "hr", "table",
                  "thead", "tbody", "tr", "th", "td"}


@bp.app_template_global()
def error_list(errors: list[dict]) -> list[dict]:
    """Errors ({field, message}) as the GOV.UK error summary's list, each linking to its field."""
    return [{"text": e["message"], "href": f"#{e['field']}"} for e in errors]


@bp.app_template_filter("markdown")
def render_markdown(text: str | None) -> Markup:
    """Instructions are Markdown written by process owners: rendered, then sanitised."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    clean = nh3.clean(html, tags=_MARKDOWN_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer")
    for level, size in (("h1", "m"), ("h2", "m"), ("h3", "s"), ("h4", "s")):
        clean = clean.replace(f"<{level}>", f'<{level} class="govuk-heading-{size}">')
    return Markup(clean.replace("<p>", '<p class="govuk-body">').replace("<ul>", '<ul class="govuk-list govuk-list--bullet">')
                  .replace("<ol>", '<ol class="govuk-list govuk-list--number">').replace("<a ", '<a class="govuk-link" '))


def london(value: _dt.datetime) -> _dt.datetime:
    return value.astimezone(LONDON)


@bp.app_template_filter("when")
def format_when(value: _dt.datetime | None) -> str:
    """'17:00 on 30 Dec 2026' in London time."""
    if value is None:
        return ""
    local = london(value)
    return f"{local:%H:%M} on {local.day} {local:%b %Y}"


@bp.app_template_filter("day")
def format_day(value: _dt.datetime | _dt.date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, _dt.datetime):
        value = london(value).date()
    return f"{value.day} {value:%b %Y}"


@bp.app_template_filter("brief")
def brief(value) -> str:
    """A changed value, short enough for the timeline: lists and groups are counted, long text cut."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"{len(value)} answer{'s' if len(value) != 1 else ''}"
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"
