"""The procedure page's "Move running cases" page, and undo on the case page (process owners).

The page previews, for the version chosen, each running case on another version: what moving
does to it in words (as the modeller's Compare says what changed), or why it cannot move. The
process owner ticks the cases, writes why, and moves them; each moves on its own, and the page
says which moved and which did not. A moved case can be moved back from its own page while
nothing has happened on it since.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from engine.roles import Role

from .. import get_session
from ..auth import require_role
from ..case_migrations import service, undo
from ..definitions.models import ProcessDefinition
from ..definitions.service import resolve, versions_for_tenant
from ..errors import Conflict, Invalid, NotFound
from . import bp, signed_in

__all__: list[str] = []


def _owner():
    require_role(g.web_caller, Role.PROCESS_OWNER)
    return g.web_caller


def _page(key: str, version: int, errors: list[dict] | None = None, note: str = "", chosen: set[int] | None = None,
          status: int = 200):
    caller = _owner()
    db = get_session()
    preview = service.preview_migrations(db, tenant=caller.tenant, actor=caller.actor, key=key, version=version)
    numbers = sorted({d.version for d in versions_for_tenant(db, tenant=caller.tenant, key=key) if not d.dropped}, reverse=True)
    version_items = [{"value": n, "text": f"Version {n}", "selected": n == version} for n in numbers]
    return render_template("web/case_moves.html", page_title=f"Move running cases of {preview.name}", nav="procedures", key=key,
                           preview=preview, version=version, version_items=version_items, errors=errors or [], note=note,
                           chosen=chosen if chosen is not None else {c.case_id for c in preview.cases if c.can_move}), status


def _version_asked(key: str) -> int:
    try:
        return int(request.values.get("version", ""))
    except ValueError:
        return resolve(get_session(), tenant=g.web_caller.tenant, key=key).version


@bp.get("/procedures/<key>/moves")
@signed_in
def case_moves(key: str):
    return _page(key, _version_asked(key))


@bp.post("/procedures/<key>/moves")
@signed_in
def case_moves_run(key: str):
    caller = _owner()
    version = _version_asked(key)
    note = request.form.get("note", "").strip()
    try:
        chosen = {int(v) for v in request.form.getlist("case_ids")}
    except ValueError:
        chosen = set()
    if not chosen:
        return _page(key, version, [{"field": "case_ids", "message": "Select the cases to move"}], note, chosen, 400)
    if not note:
        return _page(key, version, [{"field": "note", "message": "Enter why the cases move (kept in each case's history)"}],
                     note, chosen, 400)
    outcomes = service.migrate_cases(get_session(), tenant=caller.tenant, actor=caller.actor, key=key, version=version, note=note,
                                     case_ids=sorted(chosen))
    moved = [o for o in outcomes if o.outcome == "moved"]
    if moved:
        flash(f"{len(moved)} case(s) moved to version {version}: " + ", ".join(str(o.case_id) for o in moved) + ".", "success")
    for outcome in outcomes:
        if outcome.outcome != "moved":
            flash(outcome.detail, "error")
    return redirect(url_for("web.case_moves", key=key, version=version))


@bp.post("/cases/<id:case_id>/move-back")
@signed_in
def case_move_back(case_id: int):
    caller = _owner()
    try:
        migration = undo.undo_move(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id,
                                   note=request.form.get("note", ""))
    except (Conflict, NotFound, Invalid) as exc:
        flash(exc.detail, "error")
    else:
        before = get_session().get(ProcessDefinition, migration.from_definition_id)
        flash(f"Case {case_id} is back on version {before.version}, as it was before it moved.", "success")
    return redirect(url_for("web.case", case_id=case_id))


def latest_move_shown(db, case_id: int) -> dict | None:
    """The case's latest move to another version, for its page: for process owners, with
    whether it can still be undone (or why not)."""
    if not g.web_caller.user.has_role(Role.PROCESS_OWNER):
        return None
    move = undo.latest_move(db, case_id=case_id)
    if move is None:
        return None
    before, after = db.get(ProcessDefinition, move.from_definition_id), db.get(ProcessDefinition, move.to_definition_id)
    refusal = undo.undo_refusal(db, move)
    return {"from_label": service.version_label(before, after), "to_label": service.version_label(after, before),
            "by": move.moved_by, "at": move.moved_at, "note": move.note, "lines": move.lines, "refusal": refusal,
            "back_to": before.version}
