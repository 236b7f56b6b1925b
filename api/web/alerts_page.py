"""Each user's choice of email alerts."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from .. import get_session
from ..alerts.service import preferences_of, save_preferences
from . import bp, signed_in

__all__ = ["alert_preferences"]

KINDS = {"on_assignment": "When a task is assigned to me",
         "on_deadline_near": "When a deadline of a task I hold, or of a case I own, is near",
         "on_deadline_missed": "When such a deadline is missed"}


@bp.route("/account/alerts", methods=["GET", "POST"])
@signed_in
def alert_preferences():
    caller = g.web_caller
    db = get_session()
    errors = []
    chosen = preferences_of(db, caller.user)
    if request.method == "POST":
        days = request.form.get("near_days", "").strip()
        if not days.isdigit() or not 1 <= int(days) <= 10:
            errors.append({"field": "near_days", "message": "Enter how many days before a deadline, from 1 to 10"})
        else:
            picked = set(request.form.getlist("alerts"))
            save_preferences(db, user=caller.user, actor=caller.actor, near_days=int(days),
                             **{kind: kind in picked for kind in KINDS})
            flash("Your email alerts have been saved.", "success")
            return redirect(url_for("web.alert_preferences"))
    return render_template("web/alert_preferences.html", page_title="Your email alerts", nav="", kinds=KINDS, chosen=chosen,
                           errors=errors, days=request.form.get("near_days", chosen.near_days)), 400 if errors else 200
