"""The task page: the step's form, rendered from its JSON Schema and UI schema."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import service, summaries
from ..cases.permissions import may_see_case
from ..errors import Conflict, Invalid
from ..chronology.service import chronology
from ..chronology.wording import wording_for
from ..definitions.models import ProcessDefinition
from ..definitions.service import load_bundle
from . import bp, formrender, signed_in
from .case_facts import earlier_answers


def _detail(task_id: str) -> dict:
    caller = g.web_caller
    return summaries.task_detail(get_session(), tenant=caller.tenant, task_id=task_id, roles=caller.user.reader_roles,
                                 user_id=caller.user.id)


def _show(detail: dict, data: dict, errors: list[dict], status: int = 200):
    env = current_app.jinja_env
    schema, ui = detail["schema"] or {"type": "object", "properties": {}}, detail["ui_schema"] or {}
    caller = g.web_caller
    return render_template(
        "web/task.html", page_title=detail["name"], nav="inbox", task=detail, earlier=_earlier(detail["case_id"]),
        procedure_name=_procedure_name(detail["case_id"]),
        may_complete=not detail["role"] or caller.user.has_role(detail["role"]),
        fields=formrender.render_form(env, schema, ui, data, errors),
        summary=formrender.error_summary(env, schema, errors, ui_schema=ui) if errors else "",
    ), status


def _procedure_name(case_id: int) -> str:
    case = service.get_case(get_session(), tenant=g.web_caller.tenant, case_id=case_id)
    return get_session().get(ProcessDefinition, case.definition_id).name


def _earlier(case_id: int) -> list[dict]:
    """The earlier answers the step depends on (summary list rows), as this caller may see them."""
    caller = g.web_caller
    db = get_session()
    roles = {str(r) for r in caller.user.roles}
    events, _total = summaries.case_events(db, tenant=caller.tenant, case_id=case_id, roles=roles, page=1, page_size=500)
    case = service.get_case(db, tenant=caller.tenant, case_id=case_id)
    bundle = load_bundle(db, bundle=case.bundle, key=case.process_key)
    wording = wording_for([f for forms in bundle.forms.values() for n, f in forms.items() if n.endswith(".schema.json")])
    data = summaries.case_summary(db, tenant=caller.tenant, case_id=case_id, roles=roles)["data"]
    decisions = [e for e in chronology(db, tenant=caller.tenant, roles=roles, case_id=case_id)["entries"] if e["kind"] == "decision"]
    return earlier_answers(events, data, wording, decisions)


@bp.get("/tasks/<task_id>")
@signed_in
def task(task_id: str):
    detail = _detail(task_id)
    return _show(detail, detail["draft"] or detail["data"], [])


@bp.post("/tasks/<task_id>")
@signed_in
def task_submit(task_id: str):
    caller = g.web_caller
    detail = _detail(task_id)
    schema, ui = detail["schema"] or {"type": "object", "properties": {}}, detail["ui_schema"] or {}
    data, errors = formrender.parse_form(schema, ui, request.form)
    # Read-only fields (a recommendation, a fixed checklist column) are never posted back.
    data = formrender.merge_read_only(schema, ui, data, detail["data"])
    if formrender.wants_another(request.form) or formrender.wants_remove(request.form):
        return _show(detail, data, [])
    if request.form.get("action") == "draft":
        service.save_draft(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id, data=data)
        flash("Your draft has been saved. Nobody else can see it until you complete the task.", "success")
        return redirect(url_for("web.task", task_id=task_id))
    if errors:
        return _show(detail, data, errors, 400)
    try:
        case = service.complete_task(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id, data=data)
    except Invalid as exc:
        return _show(detail, data, [{"path": e.get("path", []), "message": e["message"]} for e in exc.errors], 400)
    except Conflict as exc:
        flash(exc.detail[0].upper() + exc.detail[1:], "important")
        return redirect(url_for("web.case", case_id=detail["case_id"]))
    flash(f"‘{detail['name']}’ is complete.", "success")
    for warning in service.completion_warnings(get_session(), tenant=caller.tenant, task_id=task_id):
        flash(warning["message"], "warning")
    if not may_see_case(get_session(), caller.user, case):
        # A partner's own step is done and its agency is not invited: the case goes on with the council.
        flash("The case goes on with the council. You will see it again if your agency is invited or a step is yours.", "important")
        return redirect(url_for("web.inbox"))
    return redirect(url_for("web.case", case_id=case.id))
