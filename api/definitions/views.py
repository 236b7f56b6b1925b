"""/process-definitions: what a council can run, and deploying its own versions."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.definitions import ProcessLibrary
from engine.roles import Role

from .. import get_session
from ..auth import current_caller, require_role
from ..errors import NotFound
from . import service
from . import variants
from .schemas import (DefinitionSchema, DefinitionVersionsSchema, DeployedSchema, DeployFilesSchema, DeployFormSchema,
                      VariantNoteSchema, XmlQuerySchema)

blp = Blueprint("process_definitions", __name__, url_prefix="/api/v1/process-definitions",
                description="Process definitions (BPMN) visible to the caller's council")


def _describe(definition, caller) -> dict:
    db = get_session()
    scope = "council" if definition.folder == variants.own_folder(caller.tenant) else definition.folder
    return {**{c: getattr(definition, c) for c in ("id", "key", "name", "version", "folder", "checksum", "deployed_at",
                                                   "deployed_by_id", "note", "roles", "calls", "origin")},
            "scope": scope, "variant_of": service.variant_of(db, tenant=caller.tenant, definition=definition)}


@blp.route("")
class Definitions(MethodView):
    @blp.response(200, DefinitionSchema(many=True))
    def get(self):
        """The latest definition of every process the council can run, resolved through its folders."""
        caller = current_caller()
        return [_describe(d, caller) for d in service.latest_for_tenant(get_session(), tenant=caller.tenant)]

    @blp.arguments(DeployFormSchema, location="form")
    @blp.arguments(DeployFilesSchema, location="files")
    @blp.response(201, DeployedSchema)
    @blp.alt_response(422, description="Problems, each with file, line, element_id and message; nothing deployed")
    def post(self, form, files):
        """Deploy BPMN files (and their forms) as new versions in the council's own folder (process owners)."""
        caller = current_caller()
        require_role(caller, Role.PROCESS_OWNER)
        uploads = {f.filename.rsplit("/", 1)[-1]: f.read() for f in files["files"]}
        library = ProcessLibrary(Path(current_app.config["PROCESSES_DIR"]), Path(current_app.config["FORMS_DIR"]))
        report = service.deploy_uploaded(get_session(), tenant=caller.tenant, files=uploads, library=library,
                                         actor=caller.actor, note=form["note"])
        return {"created": [_describe(d, caller) for d in report.created], "unchanged": report.unchanged, "kept": report.kept}


@blp.route("/<key>")
class DefinitionVersions(MethodView):
    @blp.response(200, DefinitionVersionsSchema)
    def get(self, key):
        """Every version of a process in the council's folders, newest first."""
        caller = current_caller()
        versions = service.versions_for_tenant(get_session(), tenant=caller.tenant, key=key)
        return {"key": key, "versions": [_describe(d, caller) for d in versions]}


@blp.route("/<key>/xml")
class DefinitionXml(MethodView):
    @blp.arguments(XmlQuerySchema, location="query")
    @blp.response(200, content_type="application/xml", description="The BPMN 2.0 XML")
    def get(self, args, key):
        """The BPMN of the version the council runs (or of ?version=)."""
        caller = current_caller()
        db = get_session()
        definition = service.resolve(db, tenant=caller.tenant, key=key)
        if "version" in args:
            matching = [d for d in service.versions_for_tenant(db, tenant=caller.tenant, key=key)
                        if d.version == args["version"] and d.folder == definition.folder]
            if not matching:
                raise NotFound(f"process '{key}' has no version {args['version']} in folder {definition.folder}")
            definition = matching[0]
        return Response(definition.bpmn, mimetype="application/xml")


def _own_version(caller, key: str, definition_id: int):
    from ..drafts.service import definition_for

    definition = definition_for(get_session(), tenant=caller.tenant, definition_id=definition_id)
    if definition.key != key:
        raise NotFound(f"version {definition_id} is not a version of '{key}'")
    return definition


@blp.route("/<key>/versions/<id:definition_id>/xml")
class VersionXml(MethodView):
    @blp.response(200, content_type="application/xml", description="The BPMN 2.0 XML of one version")
    def get(self, key, definition_id):
        """The diagram of any version in the council's folders."""
        return Response(_own_version(current_caller(), key, definition_id).bpmn, mimetype="application/xml")


@blp.route("/<key>/versions/<id:definition_id>/zip")
class VersionZip(MethodView):
    @blp.response(200, content_type="application/zip", description="The diagram and its forms")
    def get(self, key, definition_id):
        """A version's diagram and forms as a zip, laid out like processes/ and forms/ (for councils keeping them in git)."""
        from ..drafts.service import version_zip

        definition = _own_version(current_caller(), key, definition_id)
        name = f"{definition.key}-{definition.folder}-v{definition.version}.zip"
        return Response(version_zip(definition), mimetype="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/<key>/local-variant")
class LocalVariant(MethodView):
    @blp.arguments(VariantNoteSchema)
    @blp.response(201, DefinitionSchema)
    @blp.alt_response(409, description="The council already runs its own version")
    def post(self, args, key):
        """Make a local variant: copy the regional or shared version into the council's own folder (process owners)."""
        caller = current_caller()
        require_role(caller, Role.PROCESS_OWNER)
        definition = variants.make_variant(get_session(), tenant=caller.tenant, actor=caller.actor, key=key, note=args["note"])
        return _describe(definition, caller)

    @blp.arguments(VariantNoteSchema, location="query")
    @blp.response(200, DefinitionSchema)
    @blp.alt_response(409, description="The council has no local variant, or nothing to return to")
    def delete(self, args, key):
        """Drop the local variant: new cases run the regional or shared version again; running cases keep theirs."""
        caller = current_caller()
        require_role(caller, Role.PROCESS_OWNER)
        definition = variants.drop_variant(get_session(), tenant=caller.tenant, actor=caller.actor, key=key, note=args["note"])
        return _describe(definition, caller)
