"""The Reports section (heads of service and administrators): deadline compliance, the SAB
quarterly LSE report and a provider's risk picture, each as a table (the chart's text
alternative), a chart.js chart, and CSV and XLSX downloads."""

from __future__ import annotations

import datetime as _dt

from flask import g, render_template, request
from sqlalchemy import select

from engine import clock
from engine.roles import Role

from .. import get_session
from ..auth import require_role
from ..errors import Invalid
from ..providers.models import Provider
from ..reports.deadlines import deadline_compliance, deadline_tables
from ..reports.provider_risk import provider_risk, risk_tables
from ..reports.sab import sab_quarterly, sab_tables
from ..reports.views import table_download
from . import bp, signed_in
from .helpers import LONDON

__all__ = ["may_see_reports"]


@bp.app_template_global()
def may_see_reports() -> bool:
    caller = g.get("web_caller")
    return bool(caller) and (caller.user.has_role(Role.HEAD_OF_SERVICE) or caller.user.has_role(Role.ADMIN))


def _manager():
    require_role(g.web_caller, Role.HEAD_OF_SERVICE, Role.ADMIN)
    return g.web_caller


def _today() -> _dt.date:
    return clock.now().astimezone(LONDON).date()


def _date(name: str, default: _dt.date) -> _dt.date:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"'{text}' is not a date: give the {'first' if name == 'from' else 'last'} day as a date, "
                      "for example 2026-11-30") from None


def _kind() -> str | None:
    kind = request.args.get("format")
    return kind if kind in ("csv", "xlsx") else None


@bp.get("/reports")
@signed_in
def reports():
    caller = _manager()
    providers = get_session().scalars(select(Provider).where(Provider.tenant_id == caller.tenant.id).order_by(Provider.name))
    return render_template("web/reports.html", page_title="Reports", nav="reports", providers=list(providers))


@bp.get("/reports/deadlines")
@signed_in
def report_deadlines():
    caller = _manager()
    today = _today()
    start = _date("from", (today.replace(day=1) - _dt.timedelta(days=62)).replace(day=1))
    end = _date("to", today)
    report = deadline_compliance(get_session(), tenant=caller.tenant, start=start, end=end)
    if _kind():
        return table_download(deadline_tables(report), _kind(), f"deadline-compliance-{start.isoformat()}-to-{end.isoformat()}")
    timescales = report["timescales"]
    chart = {"type": "bar", "stacked": True, "labels": [f"{t['procedure']}: {t['deadline']}" for t in timescales],
             "datasets": [{"label": "Met", "data": [t["met"] for t in timescales], "color": "#00703c"},
                          {"label": "Missed", "data": [t["missed"] for t in timescales], "color": "#d4351c"}]}
    return render_template("web/report_deadlines.html", page_title="Deadline compliance", nav="reports", report=report,
                           chart=chart, start=start, end=end)


def _last_quarter(today: _dt.date) -> str:
    number = (today.month - 1) // 3  # the quarter before this one
    return f"{today.year - 1}-Q4" if number == 0 else f"{today.year}-Q{number}"


@bp.get("/reports/sab-quarterly")
@signed_in
def report_sab():
    caller = _manager()
    quarter = request.args.get("quarter", "").strip() or _last_quarter(_today())
    report = sab_quarterly(get_session(), tenant=caller.tenant, quarter=quarter)
    if _kind():
        return table_download(sab_tables(report), _kind(), f"sab-lse-update-{quarter.lower()}")
    themes = report["totals"]["by_theme"]
    chart = {"type": "bar", "labels": list(themes), "datasets": [{"label": "LSEs", "data": list(themes.values()), "color": "#1d70b8"}]}
    return render_template("web/report_sab.html", page_title="SAB quarterly report", nav="reports", report=report,
                           tables=sab_tables(report), chart=chart, quarter=quarter)


@bp.get("/providers/<id:provider_id>/risk")
@signed_in
def report_provider_risk(provider_id: int):
    caller = _manager()
    report = provider_risk(get_session(), tenant=caller.tenant, roles=caller.user.reader_roles, provider_id=provider_id)
    if _kind():
        return table_download(risk_tables(report), _kind(), f"provider-{provider_id}-risk")
    chart = {"type": "bar", "horizontal": True, "labels": [s["stage"] for s in report["stages"]],
             "datasets": [{"label": "Days", "data": [s["days"] for s in report["stages"]], "color": "#4c2c92"}]}
    return render_template("web/report_provider_risk.html", page_title=f"Risk picture: {report['provider']['name']}",
                           nav="reports", report=report, tables=risk_tables(report), chart=chart)
