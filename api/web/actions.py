"""A case-level action's page: its form, and taking it (new information, a new lead officer,
suspending placements, closing the case early)."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import service, summaries
from ..errors import Conflict, Invalid
from . import bp, formrender, signed_in

__all__ = ["case_action", "case_action_submit"]


def _detail(case_id: int, name: str) -> dict:
    return summaries.case_action_detail(get_session(), tenant=g.web_caller.tenant, case_id=case_id, name=name)


def _show(case_id: int, action: dict, data: dict, errors: list[dict], status: int = 200):
    env = current_app.jinja_env
    schema, ui = action["schema"] or {"type": "object", "properties": {}}, action["ui_schema"] or {}
    return render_template(
        "web/case_action.html", page_title=action["title"], nav="inbox", action=action, case_id=case_id,
        may_take=not action["role"] or g.web_caller.user.has_role(action["role"]),
        fields=formrender.render_form(env, schema, ui, data, errors),
        summary=formrender.error_summary(env, schema, errors, ui_schema=ui) if errors else "",
    ), status


@bp.get("/cases/<id:case_id>/actions/<name>")
@signed_in
def case_action(case_id: int, name: str):
    return _show(case_id, _detail(case_id, name), {}, [])


@bp.post("/cases/<id:case_id>/actions/<name>")
@signed_in
def case_action_submit(case_id: int, name: str):
    caller = g.web_caller
    action = _detail(case_id, name)
    schema, ui = action["schema"] or {"type": "object", "properties": {}}, action["ui_schema"] or {}
    data, errors = formrender.parse_form(schema, ui, request.form)
    if formrender.wants_another(request.form) or formrender.wants_remove(request.form):
        return _show(case_id, action, data, [])
    if errors:
        return _show(case_id, action, data, errors, 400)
    try:
        service.take_case_action(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id, name=name, data=data)
    except Invalid as exc:
        return _show(case_id, action, data, [{"path": e.get("path", []), "message": e["message"]} for e in exc.errors], 400)
    except Conflict as exc:
        flash(exc.detail[0].upper() + exc.detail[1:], "important")
        return redirect(url_for("web.case", case_id=case_id))
    flash(f"‘{action['title']}’ is recorded.", "success")
    return redirect(url_for("web.case", case_id=case_id))
