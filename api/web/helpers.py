"""Small helpers shared by the pages."""

from __future__ import annotations

import datetime as _dt
import re
from zoneinfo import ZoneInfo

import markdown
import nh3
from markupsafe import Markup

from engine.documents import format_day as govuk_day, format_instant

from . import bp

__all__ = ["brief", "error_list", "render_markdown", "london", "format_when", "format_day", "govuk_dates", "role_label", "lane_labels"]

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
    """'17:00 on 30 December 2026' in London time (GOV.UK style: the month in full)."""
    return format_instant(value) if value is not None else ""


@bp.app_template_filter("day")
def format_day(value: _dt.datetime | _dt.date | str | None) -> str:
    """'30 December 2026'; text that is not a date is left as it is."""
    return govuk_day(value)


_SHORT_DATE = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) (\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})(T[0-9:.+Z-]+)?\b")


@bp.app_template_filter("govuk_dates")
def govuk_dates(text: str | None) -> str:
    """Dates inside prose (a deadline's rule, an engine message) written the GOV.UK way:
    '24 Dec 2026' and '2026-12-24' become '24 December 2026'."""
    if not text:
        return ""
    text = _SHORT_DATE.sub(lambda m: govuk_day(_dt.datetime.strptime(f"{m[1]} {m[2][:3]} {m[3]}", "%d %b %Y").date()), str(text))
    return _ISO_DATE.sub(lambda m: govuk_day(m[0]) if not m[2] else format_instant(_dt.datetime.fromisoformat(m[0].replace("Z", "+00:00"))), text)


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


@bp.app_template_global()
def tag_colour(value) -> str:
    """The GOV.UK tag colour for a risk level or rating."""
    from .case_facts import tag_colour as colour

    return colour(value)


_RISK_ORDER = {"low": 1, "green": 1, "moderate": 2, "amber": 2, "high": 3, "red": 3, "extreme": 4}


@bp.app_template_global()
def risk_rank(value) -> int:
    """A risk level's place in order, for sorting a table by it (0: not assessed)."""
    return _RISK_ORDER.get(str(value or "").lower(), 0)


@bp.app_template_global()
def role_label(role) -> str:
    """A role in words, as the caller's council declares it ("Health board nurse assessor"); a
    task any of several roles may do reads "Contract officer or Police officer"; one without a
    role reads as any officer."""
    from flask import g

    from engine.declared_roles import base_roles
    from engine.roles import task_roles

    slugs = task_roles(str(role or ""))
    if not slugs:
        return "Officer"
    declared = g.get("declared_roles")
    if declared is None:  # read once a request: a task list names a role on every row
        tenant = getattr(getattr(g, "web_caller", None), "tenant", None)
        declared = g.declared_roles = tenant.declared_roles() if tenant is not None else base_roles()
    labels = [declared[s].label if s in declared else s.replace("_", " ").capitalize() for s in slugs]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def lane_labels(tenant) -> list[dict]:
    """The council's roles as the diagrams show a lane named by slug ([{value, label}]): the case
    page, the version viewer and Compare read it (frontend/common/readable.js), as the modeller
    reads its roles, so "ciw_inspector" shows as "CIW inspector"."""
    return [{"value": r.slug, "label": r.label} for r in tenant.declared_roles().values()]
