"""Documents on the case and task pages: generate a letter, download any version, add the signed
version, record how and when it was sent, attach evidence (MOJ multi-file upload, which works
without JavaScript as a plain form and, with it, uploads each file as it is chosen)."""

from __future__ import annotations

import datetime as _dt

from flask import current_app, flash, g, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from engine import clock

from .. import get_session
from ..documents import service
from ..documents.storage import documents_root, file_store
from ..documents.uploads import check_upload, describe_limits, max_file_bytes, max_files
from ..documents.views import download
from ..errors import Invalid, ServiceError
from . import bp, signed_in
from .helpers import LONDON

__all__ = ["case_documents_panel", "task_documents_panel"]

_UPLOADS = {"web.case_evidence", "web.document_signed_version"}


class TooLarge(ServiceError):
    status = 413
    title = "The upload is too large"


@bp.before_request
def _upload_limits():
    """Uploads may be larger than other requests; refuse an oversized one before reading it."""
    if request.endpoint not in _UPLOADS or request.method != "POST":
        return None
    limit = max_files(current_app.config) * max_file_bytes(current_app.config) + 1024 * 1024
    request.max_content_length = limit
    if request.content_length and request.content_length > limit:
        raise TooLarge("nothing was attached. " + describe_limits(current_app.config))
    return None


def _roles() -> set[str]:
    return g.web_caller.user.reader_roles


@bp.app_template_global()
def case_documents_panel(case_id: int) -> dict:
    """What the case page's documents section shows (only what the reader may read)."""
    documents = service.case_documents(get_session(), tenant=g.web_caller.tenant, roles=_roles(), case_id=case_id)
    return {"documents": documents, "limits": describe_limits(current_app.config), "methods": service.DISPATCH_METHODS}


@bp.app_template_global()
def task_documents_panel(task_id: str, case_id: int) -> dict:
    db = get_session()
    documents = service.case_documents(db, tenant=g.web_caller.tenant, roles=_roles(), case_id=case_id)
    templates = service.offered_templates(db, tenant=g.web_caller.tenant, task_id=task_id)
    return {"templates": [{"name": t, "title": service.template_title(t)} for t in templates],
            "documents": [d for d in documents if d.task_id == task_id], "limits": describe_limits(current_app.config),
            "methods": service.DISPATCH_METHODS, "today": clock.now().astimezone(LONDON).date().isoformat()}


def _back(default: str) -> str:
    target = request.form.get("return_to", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def _problem(error: ServiceError, back: str):
    """A refused change answers with a page saying what and how to fix it, and the way back."""
    return render_template("web/document_problem.html", page_title=error.title, error=error, back=back), error.status


def refusals_as_pages(view):
    from functools import wraps

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ServiceError as error:
            return _problem(error, _back(request.referrer or url_for("web.inbox")))

    return wrapper


@bp.post("/tasks/<task_id>/letters")
@signed_in
@refusals_as_pages
def generate_letter(task_id: str):
    caller = g.web_caller
    version = service.generate_letter(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id,
                                      template=request.form.get("template", ""), documents_root=documents_root(), store=file_store())
    missing = f" Check it before sending: the case has no value yet for {', '.join(version.missing)}." if version.missing else ""
    flash(f"The letter has been generated (version {version.number}).{missing}", "success")
    return redirect(url_for("web.task", task_id=task_id) + "#documents")


@bp.get("/documents/<id:document_id>/download")
@signed_in
def document_download(document_id: int):
    number = request.args.get("version", type=int)
    version, content = service.document_content(get_session(), tenant=g.web_caller.tenant, roles=_roles(),
                                                document_id=document_id, store=file_store(), version=number)
    return download(version, content)


@bp.post("/documents/<id:document_id>/signed")
@signed_in
@refusals_as_pages
def document_signed_version(document_id: int):
    caller = g.web_caller
    uploaded = request.files.get("file")
    if uploaded is None or not uploaded.filename:
        raise Invalid("choose the signed letter to upload (a PDF or Word file)")
    upload = check_upload(uploaded.filename, uploaded.read(), current_app.config, field="file", only={"pdf", "docx", "doc", "odt"})
    version = service.add_signed_version(get_session(), tenant=caller.tenant, actor=caller.actor, roles=_roles(),
                                         document_id=document_id, upload=upload, store=file_store())
    flash(f"The signed version has been added as version {version.number}; earlier versions are kept.", "success")
    return redirect(_back(url_for("web.inbox")) + "#documents")


@bp.post("/documents/<id:document_id>/sent")
@signed_in
@refusals_as_pages
def document_sent(document_id: int):
    caller = g.web_caller
    try:
        sent_on = _dt.date.fromisoformat(request.form.get("sent_on", ""))
    except ValueError:
        raise Invalid("give the date it was sent as a date, for example 24/11/2026",
                      errors=[{"field": "/sent_on", "path": ["sent_on"], "message": "enter a real date"}]) from None
    service.record_dispatch(get_session(), tenant=caller.tenant, actor=caller.actor, roles=_roles(), document_id=document_id,
                            method=request.form.get("method", ""), sent_on=sent_on, recipient=request.form.get("recipient", ""),
                            note=request.form.get("note", ""))
    flash("How and when it was sent has been recorded.", "success")
    return redirect(_back(url_for("web.inbox")) + "#documents")


@bp.post("/cases/<id:case_id>/evidence")
@signed_in
def case_evidence(case_id: int):
    """Attach files. The MOJ uploader sends one file at a time as 'documents' and wants JSON back;
    the plain form sends 'files' and gets the case page."""
    caller = g.web_caller
    one_by_one = "documents" in request.files
    files = request.files.getlist("documents" if one_by_one else "files")
    try:
        if not [f for f in files if f.filename]:
            raise Invalid("choose at least one file to attach")
        if len(files) > max_files(current_app.config):
            raise Invalid(f"{len(files)} files were chosen; attach at most {max_files(current_app.config)} at a time")
        uploads = [check_upload(f.filename or "", f.read(), current_app.config) for f in files]
        documents = service.attach_evidence(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id,
                                            uploads=uploads, store=file_store(),
                                            task_id=request.form.get("task_id") or request.args.get("task_id") or None)
    except ServiceError as error:
        if one_by_one:
            return jsonify(error={"message": escape(error.detail[0].upper() + error.detail[1:])}), error.status
        return _problem(error, _back(url_for("web.case", case_id=case_id)))
    if one_by_one:
        document = documents[0]
        link = url_for("web.document_download", document_id=document.id)
        return jsonify(success={"messageHtml": str(Markup('<a class="govuk-link" href="{}">{}</a> attached').format(link, document.title)),
                                "messageText": f"{document.title} attached"},
                       file={"filename": str(document.id), "originalname": document.title}), 201
    flash(f"{len(documents)} file{'s' if len(documents) != 1 else ''} attached: {', '.join(d.title for d in documents)}.", "success")
    return redirect(_back(url_for("web.case", case_id=case_id)) + "#documents")

