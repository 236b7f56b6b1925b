"""/cases/{id}/documents, /tasks/{id}/documents and /documents/{id}: letters and evidence."""

from __future__ import annotations

import io

from flask import current_app, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from .. import get_session
from ..auth import current_caller
from ..cases.service import get_task
from ..errors import Invalid
from . import service
from .schemas import (
    ContentArgs, DispatchRequestSchema, DispatchSchema, DocumentListSchema, DocumentSchema, EvidenceFilesSchema,
    EvidenceFormSchema, GenerateSchema, SignedFileSchema, TaskDocumentsSchema, VersionSchema,
)
from .models import Document
from .storage import documents_root, file_store
from .uploads import check_upload, describe_limits, max_file_bytes, max_files

blp = Blueprint("documents", __name__, url_prefix="/api/v1", description="Letters from council templates and evidence on cases")

__all__ = ["blp", "download", "upload_limit", "too_large"]


def _roles(caller) -> set[str]:
    return caller.user.reader_roles


def upload_limit() -> None:
    """Uploads may be larger than other requests: as many files as allowed, each at the limit."""
    if request.method == "POST" and request.mimetype == "multipart/form-data":
        request.max_content_length = max_files(current_app.config) * max_file_bytes(current_app.config) + 1024 * 1024


blp.before_request(upload_limit)


def too_large() -> Invalid:
    return Invalid("the upload is too large. " + describe_limits(current_app.config))


@blp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    from ..rest.problems import problem

    return problem(413, too_large().detail, title="Content too large")


def download(version, content: bytes):
    return send_file(io.BytesIO(content), mimetype=version.content_type, as_attachment=True, download_name=version.filename,
                     etag=version.sha256, max_age=0)


@blp.route("/cases/<id:case_id>/documents")
class CaseDocuments(MethodView):
    @blp.response(200, DocumentListSchema)
    def get(self, case_id):
        """The case's letters and evidence, each with every version and how it was sent."""
        caller = current_caller()
        return {"items": service.case_documents(get_session(), tenant=caller.tenant, roles=_roles(caller), case_id=case_id)}

    @blp.arguments(EvidenceFormSchema, location="form")
    @blp.arguments(EvidenceFilesSchema, location="files")
    @blp.response(201, DocumentListSchema)
    @blp.alt_response(422, description="A file is empty, too large, or not an accepted type; `errors` names it")
    @blp.alt_response(413, description="The upload as a whole is too large")
    def post(self, form, files, case_id):
        """Attach evidence files (minutes, records, reports, photographs) to the case or one of its open steps."""
        caller = current_caller()
        config = current_app.config
        if len(files["files"]) > max_files(config):
            raise Invalid(f"{len(files['files'])} files were sent; attach at most {max_files(config)} at a time")
        uploads = [check_upload(f.filename or "", f.read(), config) for f in files["files"]]
        documents = service.attach_evidence(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id,
                                            uploads=uploads, store=file_store(), task_id=form.get("task_id") or None)
        return {"items": documents}


@blp.route("/tasks/<task_id>/documents")
class TaskDocuments(MethodView):
    @blp.response(200, TaskDocumentsSchema)
    def get(self, task_id):
        """The templates this step offers and the documents made or attached at it."""
        caller = current_caller()
        db = get_session()
        templates = service.offered_templates(db, tenant=caller.tenant, task_id=task_id)
        row = get_task(db, tenant=caller.tenant, task_id=task_id)
        items = [d for d in service.case_documents(db, tenant=caller.tenant, roles=_roles(caller), case_id=row.case_id)
                 if d.task_id == task_id]
        return {"templates": templates, "items": items}

    @blp.arguments(GenerateSchema)
    @blp.response(201, DocumentSchema)
    @blp.alt_response(422, description="The step does not offer that template, or it cannot be filled in")
    @blp.alt_response(403, description="The step is for a role you do not hold")
    def post(self, body, task_id):
        """Generate a letter or notice from a template the step offers, from the case data (a new version each time)."""
        caller = current_caller()
        version = service.generate_letter(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id,
                                          template=body["template"], documents_root=documents_root(), store=file_store())
        return get_session().get(Document, version.document_id)


@blp.route("/documents/<id:document_id>/content")
class DocumentContent(MethodView):
    @blp.arguments(ContentArgs, location="query")
    @blp.response(200, description="The file, as a download")
    @blp.alt_response(403, description="The document draws on items hidden from your role")
    def get(self, args, document_id):
        """Download a document's latest version, or the version asked for."""
        caller = current_caller()
        version, content = service.document_content(get_session(), tenant=caller.tenant, roles=_roles(caller),
                                                    document_id=document_id, store=file_store(), version=args.get("version"))
        return download(version, content)


@blp.route("/documents/<id:document_id>/versions")
class DocumentVersions(MethodView):
    @blp.arguments(SignedFileSchema, location="files")
    @blp.response(201, VersionSchema)
    def post(self, files, document_id):
        """Upload the final, signed version of a letter; earlier versions are kept."""
        caller = current_caller()
        upload = check_upload(files["file"].filename or "", files["file"].read(), current_app.config, field="file",
                              only={"pdf", "docx", "doc", "odt"})
        return service.add_signed_version(get_session(), tenant=caller.tenant, actor=caller.actor, roles=_roles(caller),
                                          document_id=document_id, upload=upload, store=file_store())


@blp.route("/documents/<id:document_id>/dispatches")
class DocumentDispatches(MethodView):
    @blp.arguments(DispatchRequestSchema)
    @blp.response(201, DispatchSchema)
    def post(self, body, document_id):
        """Record how and when the letter was sent, and to whom."""
        caller = current_caller()
        return service.record_dispatch(get_session(), tenant=caller.tenant, actor=caller.actor, roles=_roles(caller),
                                       document_id=document_id, **body)
