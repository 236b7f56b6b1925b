"""POST /process-definitions/{key}/migrations (preview with dry_run, or move) and
POST /cases/{id}/migrations/undo: process owners move running cases between versions."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from .. import get_session
from ..auth import current_caller
from ..definitions.models import ProcessDefinition
from . import service, undo
from .schemas import MigrationAnswerSchema, MigrationRequestSchema, UndoAnswerSchema, UndoRequestSchema

__all__ = ["blp"]

blp = Blueprint("case_migrations", __name__, url_prefix="/api/v1",
                description="Moving running cases to another version of their procedure (process owners)")


@blp.route("/process-definitions/<key>/migrations")
class Migrations(MethodView):
    @blp.arguments(MigrationRequestSchema)
    @blp.response(200, MigrationAnswerSchema)
    @blp.alt_response(403, description="Only process owners move cases")
    @blp.alt_response(404, description="No such process or version in the council's folders")
    def post(self, args, key):
        """Preview (``dry_run``) or move the council's running cases of a process to a version.
        Each case moves in its own transaction: its outcome is moved, refused (with why and
        what to do) or conflict (changed by someone else meanwhile)."""
        caller = current_caller()
        db = get_session()
        if args["dry_run"]:
            preview = service.preview_migrations(db, tenant=caller.tenant, actor=caller.actor, key=key, version=args["to_version"])
            wanted = set(args.get("case_ids") or [c.case_id for c in preview.cases])
            return {"key": key, "to_version": preview.to_version, "dry_run": True,
                    "cases": [c for c in preview.cases if c.case_id in wanted], "outcomes": []}
        outcomes = service.migrate_cases(db, tenant=caller.tenant, actor=caller.actor, key=key, version=args["to_version"],
                                         note=args["note"], case_ids=args.get("case_ids"))
        return {"key": key, "to_version": f"version {args['to_version']}", "dry_run": False, "cases": [], "outcomes": outcomes}


@blp.route("/cases/<id:case_id>/migrations/undo")
class UndoMigration(MethodView):
    @blp.arguments(UndoRequestSchema)
    @blp.response(200, UndoAnswerSchema)
    @blp.alt_response(409, description="Something has happened on the case since it moved")
    def post(self, args, case_id):
        """Move a case back to the version it was on before its latest move, while nothing has
        happened on it since (process owners)."""
        caller = current_caller()
        db = get_session()
        migration = undo.undo_move(db, tenant=caller.tenant, actor=caller.actor, case_id=case_id, note=args["note"])
        version = db.get(ProcessDefinition, migration.from_definition_id).version
        return {"case_id": case_id, "version": version, "detail": f"case {case_id} is on version {version} again"}
