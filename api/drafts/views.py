"""/drafts, /sandbox and /forms/preview: what the process owners' modeller calls."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.definitions import ProcessLibrary
from engine.roles import Role

from .. import get_session
from ..auth import current_caller, require_role
from ..definitions.models import ProcessDefinition
from ..definitions.service import overridden
from ..errors import NotFound
from . import service
from .decision_tables import draft_tables
from .preview import preview_form
from .schemas import (ChangesArgs, ChangesSchema, CheckSchema, DefinitionSchema, DeployNoteSchema, DraftListArgs,
                      DraftOpenSchema, DraftSaveSchema, ProcessDraftSchema, ProcessDraftSummarySchema, FormAddedSchema, FormAddSchema,
                      PreviewResultSchema, PreviewSchema, SandboxResultSchema, SandboxSchema)

__all__ = ["blp", "library", "owner", "describe_draft", "with_files", "comparison_base"]

blp = Blueprint("drafts", __name__, url_prefix="/api/v1", description="Process owners' drafts, checks, try-outs and form previews")


def owner():
    """The caller, who must be one of the council's process owners."""
    caller = current_caller()
    require_role(caller, Role.PROCESS_OWNER)
    return caller


def library() -> ProcessLibrary:
    return ProcessLibrary(Path(current_app.config["PROCESSES_DIR"]), Path(current_app.config["FORMS_DIR"]))


def describe_draft(draft) -> dict:
    based_on = draft.based_on_id and get_session().get(ProcessDefinition, draft.based_on_id)
    return {
        "id": draft.id, "key": draft.key, "name": draft.name, "lock_version": draft.lock_version,
        "author": {"id": draft.author.id, "email": draft.author.email, "name": draft.author.name} if draft.author else None,
        "created_at": draft.created_at, "updated_at": draft.updated_at,
        "based_on": {"id": based_on.id, "folder": based_on.folder, "version": based_on.version} if based_on else None,
    }


def with_files(draft) -> dict:
    """The draft as the modeller reads it: its diagram, forms and decision tables."""
    return {**describe_draft(draft), "bpmn": draft.bpmn, "forms": draft.forms, "decisions": draft_tables(draft)}


def comparison_base(db, *, tenant, draft, against: int | None):
    """What a draft is compared with: the version asked for, else the regional or shared version
    it overrides, else the version it started from."""
    if against:
        return service.definition_for(db, tenant=tenant, definition_id=against)
    based_on = service.definition_for(db, tenant=tenant, definition_id=draft.based_on_id)
    return overridden(db, tenant=tenant, definition=based_on) or based_on


@blp.route("/drafts")
class Drafts(MethodView):
    @blp.arguments(DraftListArgs, location="query")
    @blp.response(200, ProcessDraftSummarySchema(many=True))
    def get(self, args):
        """The council's open drafts (process owners)."""
        caller = owner()
        return [describe_draft(d) for d in service.list_drafts(get_session(), tenant=caller.tenant, key=args.get("key"))]

    @blp.arguments(DraftOpenSchema)
    @blp.response(201, ProcessDraftSchema)
    def post(self, args):
        """Open a draft of a process, from the version the council runs or from one of its versions."""
        caller = owner()
        draft = service.open_draft(get_session(), tenant=caller.tenant, actor=caller.actor, key=args["key"],
                                   definition_id=args.get("definition_id"))
        return with_files(draft)


@blp.route("/drafts/<id:draft_id>")
class Draft(MethodView):
    @blp.response(200, ProcessDraftSchema)
    def get(self, draft_id):
        """A draft with its diagram and forms."""
        caller = owner()
        draft = service.get_draft(get_session(), tenant=caller.tenant, draft_id=draft_id)
        return with_files(draft)

    @blp.arguments(DraftSaveSchema)
    @blp.response(200, ProcessDraftSchema)
    @blp.alt_response(409, description="Someone saved the draft since you read it")
    @blp.alt_response(422, description="The diagram, a form or a decision table is not well-formed; nothing was saved")
    def put(self, args, draft_id):
        """Save the diagram, forms and/or decision tables (merged by file name). Drafts may fail their check; they are not deployed."""
        caller = owner()
        draft = service.save_draft(get_session(), tenant=caller.tenant, actor=caller.actor, draft_id=draft_id,
                                   lock_version=args["lock_version"], bpmn=args.get("bpmn"), forms=args.get("forms"),
                                   decisions=args.get("decisions"))
        return with_files(draft)

    @blp.response(204)
    def delete(self, draft_id):
        """Discard a draft that has not been deployed."""
        caller = owner()
        service.discard_draft(get_session(), tenant=caller.tenant, actor=caller.actor, draft_id=draft_id)


@blp.route("/drafts/<id:draft_id>/xml")
class DraftXml(MethodView):
    @blp.response(200, content_type="application/xml", description="The draft's BPMN 2.0 XML")
    def get(self, draft_id):
        """The draft's diagram."""
        caller = owner()
        draft = service.get_draft(get_session(), tenant=caller.tenant, draft_id=draft_id)
        return Response(draft.bpmn, mimetype="application/xml")


@blp.route("/drafts/<id:draft_id>/decisions/<name>")
class DraftDecisionTable(MethodView):
    @blp.response(200, content_type="application/xml", description="The .dmn file, as an attachment")
    def get(self, draft_id, name):
        """Download one of the draft's decision tables."""
        caller = owner()
        draft = service.get_draft(get_session(), tenant=caller.tenant, draft_id=draft_id)
        tables = draft_tables(draft)
        if name not in tables:
            raise NotFound(f"the draft has no decision table '{name}'")
        return Response(tables[name], mimetype="application/xml", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/drafts/<id:draft_id>/forms")
class DraftForms(MethodView):
    @blp.arguments(FormAddSchema)
    @blp.response(201, FormAddedSchema)
    def post(self, args, draft_id):
        """Add a new, empty form to the draft."""
        caller = owner()
        draft = service.add_form(get_session(), tenant=caller.tenant, actor=caller.actor, draft_id=draft_id,
                                 name=args["name"], title=args["title"])
        return {"schema": f"{args['name']}.schema.json", "ui_schema": f"{args['name']}.uischema.json",
                "lock_version": draft.lock_version}


@blp.route("/drafts/<id:draft_id>/check")
class DraftCheck(MethodView):
    @blp.response(200, CheckSchema)
    def post(self, draft_id):
        """Run the checks `concerns validate` runs, on the saved draft."""
        caller = owner()
        result = service.check_draft(get_session(), tenant=caller.tenant, draft_id=draft_id, library=library(),
                                     explore_paths=current_app.config["CHECK_EXPLORE_PATHS"])
        return {"ok": result.ok, "problems": [p.as_dict() for p in result.problems], "defects": result.defects}


@blp.route("/drafts/<id:draft_id>/changes")
class DraftChanges(MethodView):
    @blp.arguments(ChangesArgs, location="query")
    @blp.response(200, ChangesSchema)
    def get(self, args, draft_id):
        """What the draft changes, in words, against a version (default: the one it overrides)."""
        caller = owner()
        db = get_session()
        draft = service.get_draft(db, tenant=caller.tenant, draft_id=draft_id)
        base = comparison_base(db, tenant=caller.tenant, draft=draft, against=args.get("against"))
        return {"against": {"id": base.id, "folder": base.folder, "version": base.version},
                "changes": [c.as_dict() for c in service.compare(old=base, new=draft)]}


@blp.route("/drafts/<id:draft_id>/deploy")
class DraftDeploy(MethodView):
    @blp.arguments(DeployNoteSchema)
    @blp.response(201, DefinitionSchema)
    @blp.alt_response(422, description="The check failed or the note is missing; nothing was deployed")
    def post(self, args, draft_id):
        """Deploy the draft as a new immutable version in the council's own folder. Running cases keep theirs."""
        caller = owner()
        definition = service.deploy_draft(get_session(), tenant=caller.tenant, actor=caller.actor, draft_id=draft_id,
                                          note=args["note"], library=library())
        return {**{c: getattr(definition, c) for c in ("id", "key", "name", "version", "folder", "checksum", "deployed_at",
                                                       "deployed_by_id", "note", "roles", "calls")}, "scope": "council"}


@blp.route("/sandbox/run")
class Sandbox(MethodView):
    @blp.arguments(SandboxSchema)
    @blp.response(200, SandboxResultSchema)
    def post(self, args):
        """Run a script, condition or timer expression with sample data in the cases' restricted sandbox."""
        caller = owner()
        return service.try_in_sandbox(tenant=caller.tenant, kind=args["kind"], code=args["code"], data=args["data"]).as_dict()


@blp.route("/forms/preview")
class FormPreview(MethodView):
    @blp.arguments(PreviewSchema)
    @blp.response(200, PreviewResultSchema)
    def post(self, args):
        """A form as staff will see it, or the line and reason it cannot be shown."""
        owner()
        return preview_form(current_app.jinja_env, args["schema"], args["ui_schema"])
