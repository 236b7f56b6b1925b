"""The inbox: my tasks, my team's tasks, overdue, due this week; claim and release."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..cases import service, summaries
from ..definitions.service import procedure_names
from ..errors import ServiceError
from . import bp, signed_in
from .redirects import same_site_path

#: Tasks on a page of the inbox; "Next" reads on from the last one shown (keyset: any page of a
#: county team's tasks costs what the first does).
PAGE_SIZE = 50
#: The tab counts stop here and read "99+", as badges do: counting a county team's every task on
#: each page would cost what the team's size is (the dashboard counts overdue tasks by team in full).
COUNTED_UP_TO = 99
EMPTY = {"mine": "You have no tasks", "team": "Your team has no tasks waiting", "overdue": "Nothing is overdue",
         "week": "Nothing is due this week"}

VIEWS = {
    "mine": ("My tasks", {"assignee": "me"}),
    "team": ("My team's tasks", {"mine": True}),
    "overdue": ("Overdue", {"mine": True, "overdue": True}),
    "week": ("Due this week", {"mine": True, "due_within_days": 7}),
}


@bp.get("/inbox")
@signed_in
def inbox():
    view = request.args.get("view", "team")
    if view not in VIEWS:
        view = "team"
    caller = g.web_caller
    roles = caller.user.reader_roles
    counts = summaries.count_task_views(get_session(), tenant=caller.tenant, user_id=caller.user.id, roles=roles,
                                        views={key: filters for key, (_title, filters) in VIEWS.items()},
                                        up_to=COUNTED_UP_TO)
    after = request.args.get("after") or None
    rows, _total = summaries.list_tasks(get_session(), tenant=caller.tenant, user_id=caller.user.id, roles=roles,
                                        page_size=PAGE_SIZE, after=after, with_total=False, **VIEWS[view][1])
    names = procedure_names(get_session(), tenant=caller.tenant)
    return render_template("web/inbox.html", page_title="Inbox", nav="inbox", views=VIEWS, view=view, counts=counts,
                           tasks=rows, me=caller.user.id, procedure_names=names, empty_titles=EMPTY,
                           counted_up_to=COUNTED_UP_TO, after=after, page_size=PAGE_SIZE,
                           next_after=summaries.next_task_cursor(rows, PAGE_SIZE))


@bp.post("/tasks/<task_id>/claim")
@signed_in
def claim(task_id: str):
    _claim_or_release(service.claim_task, task_id, "You have claimed the task.")
    return redirect(same_site_path(request.form.get("back"), url_for("web.inbox", view="mine")))


@bp.post("/tasks/<task_id>/unclaim")
@signed_in
def unclaim(task_id: str):
    _claim_or_release(service.unclaim_task, task_id, "The task is back with the team.")
    return redirect(same_site_path(request.form.get("back"), url_for("web.inbox")))


def _claim_or_release(action, task_id: str, done: str) -> None:
    caller = g.web_caller
    try:
        action(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id)
        flash(done, "success")
    except ServiceError as exc:
        flash(exc.detail[0].upper() + exc.detail[1:], "important")
