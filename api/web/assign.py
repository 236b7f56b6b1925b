"""Assigning a task to a named colleague, and naming a case's owner."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import assignment, summaries
from ..cases.service import get_case
from ..errors import ServiceError
from . import bp, signed_in
from .case_facts import people_named

__all__ = ["assign_task", "case_owner"]


def _chosen_id(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/tasks/<task_id>/assign", methods=["GET", "POST"])
@signed_in
def assign_task(task_id: str):
    caller = g.web_caller
    db = get_session()
    task = summaries.task_detail(db, tenant=caller.tenant, task_id=task_id, roles={str(r) for r in caller.user.roles})
    errors = []
    if request.method == "POST":
        chosen = request.form.get("assignee_id", "")
        try:
            assignment.assign_task(db, tenant=caller.tenant, actor=caller.actor, task_id=task_id,
                                   assignee_id=None if chosen == "team" else (_chosen_id("assignee_id") or 0))
            flash(f"‘{task['name']}’ is now with {'the team' if chosen == 'team' else people_named(db, [_chosen_id('assignee_id')]).get(_chosen_id('assignee_id'))}.", "success")
            return redirect(url_for("web.case", case_id=task["case_id"]))
        except ServiceError as exc:
            db.rollback()
            errors = [{"field": "assignee_id", "message": exc.detail[0].upper() + exc.detail[1:]}]
    colleagues = assignment.colleagues_for(db, tenant=caller.tenant, role=task["role"])
    return render_template("web/assign.html", page_title=f"Assign: {task['name']}", nav="cases", task=task, errors=errors,
                           colleagues=colleagues, current=task["assignee_id"]), 400 if errors else 200


@bp.route("/cases/<id:case_id>/owner", methods=["GET", "POST"])
@signed_in
def case_owner(case_id: int):
    caller = g.web_caller
    db = get_session()
    case = summaries.case_brief(db, get_case(db, tenant=caller.tenant, case_id=case_id))
    errors = []
    if request.method == "POST":
        try:
            assignment.set_case_owner(db, tenant=caller.tenant, actor=caller.actor, case_id=case_id, owner_id=_chosen_id("owner_id") or 0)
            flash("The case owner has been changed.", "success")
            return redirect(url_for("web.case", case_id=case_id))
        except ServiceError as exc:
            db.rollback()
            errors = [{"field": "owner_id", "message": exc.detail[0].upper() + exc.detail[1:]}]
    return render_template("web/case_owner.html", page_title=f"Case {case_id}: owner", nav="cases", case=case, errors=errors,
                           colleagues=assignment.colleagues_for(db, tenant=caller.tenant, role=None),
                           current=get_case(db, tenant=caller.tenant, case_id=case_id).owner_id), 400 if errors else 200
