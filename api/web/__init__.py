"""The staff web UI: GOV.UK Frontend pages over the same services as the REST API.

Every page works without JavaScript, except the diagram (which has a step list as its text
alternative) and the chart (which has a table). Assets come from the installed npm packages,
never a CDN.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from flask import Blueprint, Flask, abort, g, redirect, request, send_from_directory, session, url_for
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from ..config import ROOT

__all__ = ["init_web", "bp", "signed_in"]

HERE = Path(__file__).resolve().parent
NODE = ROOT / "node_modules"
VENDOR = {
    "govuk": NODE / "govuk-frontend" / "dist" / "govuk",
    "moj": NODE / "@ministryofjustice" / "frontend" / "moj",
    "bpmn-js": NODE / "bpmn-js" / "dist",
    "chart.js": NODE / "chart.js" / "dist",
}
SERVICE_NAME = "Provider Concerns"

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


@bp.get("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    """Front-end files from the installed npm packages."""
    if package not in VENDOR:
        abort(404)
    return send_from_directory(VENDOR[package], filename, max_age=3600)


@bp.get("/assets/<path:filename>")
def govuk_assets(filename: str):
    """GOV.UK Frontend's images and icons (its CSS expects them at /assets/)."""
    return send_from_directory(VENDOR["govuk"] / "assets", filename, max_age=86400)


def signed_in(view):
    """Pages need a signed-in person; others are sent to sign in and brought back."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        from ..auth import current_caller
        from ..errors import Unauthorized

        try:
            g.web_caller = current_caller()
        except Unauthorized:
            return redirect(url_for("web.sign_in", next=request.full_path if request.method == "GET" else None))
        return view(*args, **kwargs)

    return wrapper


def _template_context() -> dict:
    caller = g.get("web_caller")
    return {
        "service_name": SERVICE_NAME,
        "council_name": caller.tenant.name if caller else "Council staff",
        "caller_user": caller.user if caller else None,
        "csrf_token": session.get("csrf_token", ""),
    }


def init_web(app: Flask) -> None:
    app.jinja_env.undefined = ChainableUndefined  # the govuk-frontend-jinja macros need it
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(HERE / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.context_processor(_template_context)
    from . import actions, cases, dashboard, helpers, inbox, pages, procedures, providers, tasks  # noqa: F401  (routes)
    from . import chronology_page, documents, reports  # noqa: F401  (routes: documents, chronology, reports)
    from . import case_moves  # noqa: F401  (routes: moving running cases between versions)
    from . import alerts_page, assign, case_list  # noqa: F401  (routes: the case list, assigning, alerts)
    from . import provider_pages  # noqa: F401  (routes: the provider view, issue 23)
    from . import case_invitations  # noqa: F401  (routes: inviting partners to a case, issue 23)
    from ..provider_view.guard import install_provider_guard

    app.register_blueprint(bp)
    install_provider_guard(app)
