"""Lancashire: the evidence a progress review weighs besides the provider's own plan (seeds 002 and 000).

* The section 8 actions taken on a provider (warning letter, default notice, validation visit,
  suspension of new placements ...) each end with an outcome; the Level 1 and Level 2 QPIP reviews
  (Appendix 1) weigh those outcomes with the progress found on the provider's plan.
* The interventions Radar agrees (seed 000 section 3, "allocate responsibility and ownership of
  actions") each have an owner and a due date; the next meeting sees how each one stands.
"""

from __future__ import annotations

from typing import Any

from .common import _describe, _list_of_rows
from .lancashire_actions import QPIP_OUTCOME_BY_PROGRESS, suggest_qpip_outcome

__all__ = [
    "SECTION_8_ACTION_FINDINGS",
    "section_8_action_statuses",
    "section_8_review_summary",
    "merge_section_8_outcomes",
    "suspension_action_outcome",
    "suggest_qpip_outcome_on_evidence",
    "radar_intervention_statuses",
]

#: What a section 8 action showed about the provider, as its owner records it with the outcome:
#: (key, wording). INTERPRETATION: the seed gives actions, not their findings; these are the
#: findings Appendix 1's outcomes turn on ("good progress", "little progress", "sustainable
#: improvement not maintained").
SECTION_8_ACTION_FINDINGS: tuple[tuple[str, str], ...] = (
    ("improvement", "The provider has improved (e.g. remedied the default; the visit found the improvements)"),
    ("no_improvement", "No improvement yet"),
    ("worse", "Concerns are worse, or new concerns were found"),
    ("not_yet_known", "Too early to tell"),
)
_FINDINGS = dict(SECTION_8_ACTION_FINDINGS)
_STATUSES = ("done", "partly_done", "not_done", "no_longer_applies")
_PROGRESS_ORDER = ("good_progress", "some_progress", "little_progress")


def _words(key: Any) -> str:
    return str(key).replace("_", " ").capitalize()


def _row(value: Any, name: str, index: int, keys: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{name}[{index}] must be an object, got {_describe(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"{name}[{index}] lacks {', '.join(missing)}: each row needs {', '.join(keys)}")
    return value


def section_8_action_statuses(action_tasks: Any, outcomes: Any) -> list[dict[str, Any]]:
    """Each section 8 action decided (``action_tasks``: ``{"action", "owner", "due_on"}``) with
    its outcome (``outcomes``: what each action's owner recorded, ``{"action", "owner", "due_on",
    "status", "done_on", "result", "finding"}``), in decision order; an action with no outcome yet
    is ``outstanding``. Outcomes of actions decided elsewhere (an earlier decision, another case
    about the provider) follow. Each row gains ``line``, a sentence for the review's form."""
    tasks = [_row(t, "action_tasks", i, ("action", "owner", "due_on")) for i, t in
             enumerate(_list_of_rows(action_tasks or [], "action_tasks"))]
    recorded = [_row(o, "section_8_outcomes", i, ("action", "owner", "due_on", "status")) for i, o in
                enumerate(_list_of_rows(outcomes or [], "section_8_outcomes"))]
    for i, o in enumerate(recorded):
        if o["status"] not in _STATUSES:
            raise ValueError(f"section_8_outcomes[{i}].status must be one of {', '.join(_STATUSES)}, "
                             f"got {_describe(o['status'])}")
    unmatched = list(recorded)
    rows = []
    for task in tasks:
        same = [o for o in unmatched if (o["action"], o["owner"], o["due_on"]) ==
                (task["action"], task["owner"], task["due_on"])]
        if same:
            unmatched.remove(same[-1])
            rows.append(dict(same[-1]))
        else:
            rows.append({"action": task["action"], "owner": task["owner"], "due_on": task["due_on"],
                         "status": "outstanding", "done_on": None, "result": None, "finding": None})
    rows.extend(dict(o) for o in unmatched)
    for row in rows:
        row["line"] = _section_8_line(row)
    return rows


def merge_section_8_outcomes(*logs: Any) -> list[dict[str, Any]]:
    """One list of section 8 outcomes from several logs of them (what the case held, what a review
    saw, what a suspension reported), in the order first recorded, each once: the same outcome
    reaches a case by more than one road (held as it is recorded, and heard by the QPIP running)."""
    merged: list[dict[str, Any]] = []
    for n, log in enumerate(logs):
        for i, row in enumerate(_list_of_rows(log or [], f"logs[{n}]")):
            if not isinstance(row, dict):
                raise ValueError(f"logs[{n}][{i}] must be an object, got {_describe(row)}")
            row = {k: v for k, v in row.items() if k != "line"}
            if row not in merged:
                merged.append(row)
    return merged


#: What each Appendix 6 chart 3 route says of a suspension of new placements, as a section 8 outcome:
#: route -> (status, finding, words). INTERPRETATION: lifting (failures remedied) is improvement;
#: moving to enhanced monitoring, not yet; terminating, concerns worse.
_SUSPENSION_ROUTES = {
    "standard_monitoring": ("done", "improvement", "Suspension lifted: back to standard contract monitoring."),
    "enhanced_monitoring": ("done", "no_improvement", "Enhanced monitoring decided while suspended (chart 4)."),
    "immediate_termination": ("done", "worse", "Immediate termination decided while suspended."),
    "termination_with_notice": ("done", "worse", "Termination with notice decided while suspended."),
    "not_suspended": ("no_longer_applies", None, "Placements were not suspended."),
}


def suspension_action_outcome(chart_3_route: str, on: str) -> dict[str, Any]:
    """A suspension of new placements (Appendix 6 chart 3) as a section 8 action's outcome, recorded
    on ``on`` (ISO date), for the QPIP review to weigh like any other action's."""
    if chart_3_route not in _SUSPENSION_ROUTES:
        raise ValueError(f"chart_3_route must be one of {', '.join(_SUSPENSION_ROUTES)}, got {_describe(chart_3_route)}")
    status, finding, words = _SUSPENSION_ROUTES[chart_3_route]
    return {"action": "suspension_of_new_placements", "owner": "Head of Service", "due_on": None, "status": status,
            "done_on": str(on)[:10] if status == "done" else None, "result": words, "finding": finding}


def section_8_review_summary(action_tasks: Any, outcomes: Any) -> dict[str, list[str]]:
    """What a monitoring review is shown of the section 8 actions (as :func:`section_8_action_statuses`):
    ``summary``, a sentence per action; ``concerns``, those of actions whose owner found the
    concerns worse or new concerns (Appendix 1: further concerns call the provider in again)."""
    rows = section_8_action_statuses(action_tasks, outcomes)
    return {"summary": [row["line"] for row in rows] or ["No section 8 actions taken."],
            "concerns": [row["line"] for row in rows if row.get("finding") == "worse"]}


def _section_8_line(row: dict) -> str:
    due = f", due {row['due_on']}" if row.get("due_on") else ""
    head = f"{_words(row['action'])} ({row['owner']}{due}): "
    if row["status"] == "outstanding":
        return head + "no outcome recorded yet"
    said = _words(row["status"]) + (f" on {row['done_on']}" if row.get("done_on") else "")
    if row.get("finding"):
        said += f"; {_FINDINGS.get(row['finding'], _words(row['finding'])).lower()}"
    return head + said + (f". {row['result']}" if row.get("result") else "")


def _progress_shown(row: dict) -> tuple[str, str] | None:
    """The most progress one action's outcome allows the review to find, and why; None if it
    says nothing either way."""
    label = f"{_words(row['action'])} ({row['owner']})"
    if row.get("finding") == "worse":
        return "little_progress", f"{label} found the concerns worse or new concerns."
    if row["status"] == "outstanding":
        return "some_progress", f"{label} has no outcome yet."
    if row["status"] in ("not_done", "partly_done"):
        return "some_progress", f"{label} was {_words(row['status']).lower()}."
    if row.get("finding") in ("no_improvement", "not_yet_known"):
        return "some_progress", f"{label}: {_FINDINGS[row['finding']].lower()}."
    return None


def suggest_qpip_outcome_on_evidence(level: int, progress_outcome: str, section_8_outcomes: Any = None,
                                     action_tasks: Any = None) -> dict[str, Any]:
    """The Appendix 1 outcome of a Level 1 or Level 2 QPIP from the progress found on the plan
    *and* the outcomes of the section 8 actions taken on the provider (seed 002).

    INTERPRETATION: Appendix 1 closes a level on "good progress on all urgent actions" and
    escalates on "little progress" or "sustainable improvement not maintained". So an action
    whose owner found the concerns worse suggests the little-progress outcome (Level 2 / Level 3);
    an action not done, partly done, still without an outcome, or that found no improvement yet
    keeps the suggestion at "keep watching" (level 0 monitoring / continued monitoring) at best.
    An action recorded as no longer applying weighs nothing. The actions never make the
    suggestion better than the plan's progress: they are further evidence, not a substitute.

    Returns ``{"outcome", "plan_outcome", "progress", "reasons", "actions", "summary"}``:
    ``actions`` as :func:`section_8_action_statuses`, ``summary`` their sentences."""
    plan_outcome = suggest_qpip_outcome(level, progress_outcome)
    actions = section_8_action_statuses(action_tasks, section_8_outcomes)
    progress = progress_outcome
    reasons = [f"Progress on the plan: {_words(progress_outcome).lower()}."]
    for row in actions:
        shown = _progress_shown(row)
        if shown is None:
            continue
        reasons.append(shown[1])
        if _PROGRESS_ORDER.index(shown[0]) > _PROGRESS_ORDER.index(progress):
            progress = shown[0]
    outcome = QPIP_OUTCOME_BY_PROGRESS[level][progress]
    if outcome != plan_outcome:
        reasons.append(f"The section 8 actions' outcomes suggest {_words(progress).lower()} overall.")
    return {"outcome": outcome, "plan_outcome": plan_outcome, "progress": progress, "reasons": reasons,
            "actions": actions, "summary": [row["line"] for row in actions] or ["No section 8 actions taken."]}


def radar_intervention_statuses(agreed: Any, recorded: Any, on: str) -> list[dict[str, Any]]:
    """How each intervention Radar agreed stands on ``on`` (an ISO date, the next meeting's).

    ``agreed``: ``{"id", "intervention", "owner", "due_on"}`` rows; ``recorded``: what the owners
    recorded, ``{"id", "status", "done_on", "result"}`` (status ``done``, ``partly_done``,
    ``not_done`` or ``no_longer_applies``). An intervention with nothing recorded is ``overdue``
    after its due date, else ``due``. Each row gains ``line``, a sentence for the meeting."""
    if not isinstance(on, str) or len(on) < 10:
        raise ValueError(f"on must be an ISO date (YYYY-MM-DD), got {_describe(on)}")
    rows_in = [_row(a, "agreed", i, ("id", "intervention", "owner", "due_on")) for i, a in
               enumerate(_list_of_rows(agreed or [], "agreed"))]
    by_id = {}
    for i, r in enumerate(_list_of_rows(recorded or [], "recorded")):
        r = _row(r, "recorded", i, ("id", "status"))
        if r["status"] not in _STATUSES:
            raise ValueError(f"recorded[{i}].status must be one of {', '.join(_STATUSES)}, got {_describe(r['status'])}")
        by_id[r["id"]] = r
    rows = []
    for a in rows_in:
        r = by_id.get(a["id"])
        status = r["status"] if r else ("overdue" if str(a["due_on"])[:10] < on[:10] else "due")
        row = {**a, "status": status, "done_on": r.get("done_on") if r else None,
               "result": r.get("result") if r else None}
        when = f" on {row['done_on']}" if row["done_on"] else ""
        row["line"] = (f"{_words(a['intervention'])} ({a['owner']}, due {a['due_on']}): {_words(status).lower()}{when}"
                       + (f". {row['result']}" if row["result"] else ""))
        rows.append(row)
    return rows
