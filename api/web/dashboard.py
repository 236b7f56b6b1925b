"""The dashboard."""

from __future__ import annotations

from flask import g, render_template

from .. import get_session
from ..cases.dashboard import dashboard_figures
from ..definitions.service import latest_for_tenant
from . import bp, signed_in


@bp.get("/dashboard")
@signed_in
def dashboard():
    figures = dashboard_figures(get_session(), tenant=g.web_caller.tenant)
    # The figures name procedures; their links filter the case list by key.
    keys = {d.name: d.key for d in latest_for_tenant(get_session(), tenant=g.web_caller.tenant)}
    return render_template("web/dashboard.html", page_title="Dashboard", nav="dashboard", figures=figures, keys=keys)
