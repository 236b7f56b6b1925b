"""The provider view's pages (issue 23): a provider's user, linked to one provider, sees its open
action plans, letters sent to it and meetings it is invited to, and sends progress and evidence."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..documents.storage import file_store
from ..documents.uploads import check_upload, max_files
from ..documents.views import download
from ..errors import Invalid, ServiceError
from ..provider_view import service
from . import bp, signed_in


@bp.get("/provider/sign-in")
def provider_sign_in():
    """Providers sign in as staff do, then land on their own view."""
    return redirect(url_for("web.sign_in", next=url_for("web.provider_home")))


@bp.get("/provider")
@signed_in
def provider_home():
    view = service.provider_home(get_session(), user=g.web_caller.user)
    return render_template("web/provider_view.html", page_title=view["provider"].name, **view)


@bp.get("/provider/letters/<id:document_id>")
@signed_in
def provider_letter_download(document_id: int):
    document = service.provider_letter(get_session(), user=g.web_caller.user, document_id=document_id)
    version = document.latest
    return download(version, file_store().get(version.storage_key))


@bp.post("/provider/cases/<id:case_id>/plans/<plan>/actions/<int:number>")
@signed_in
def provider_progress(case_id: int, plan: str, number: int):
    files = [f for f in request.files.getlist("evidence") if f.filename]
    try:
        if len(files) > max_files(current_app.config):
            raise Invalid(f"{len(files)} files were chosen; attach at most {max_files(current_app.config)} at a time")
        uploads = [check_upload(f.filename, f.read(), current_app.config, field="evidence") for f in files]
        service.submit_progress(get_session(), user=g.web_caller.user, case_id=case_id, plan=plan, number=number,
                                progress=request.form.get("progress", ""), evidence=uploads, store=file_store())
    except Invalid as error:
        flash(error.detail[0].upper() + error.detail[1:], "error")
        return redirect(url_for("web.provider_home")), 303
    except ServiceError:
        raise
    flash(f"Your progress on action {number} has been sent to the council.", "success")
    return redirect(url_for("web.provider_home"))
