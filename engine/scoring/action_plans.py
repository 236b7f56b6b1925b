"""Progress against an action plan, on evidence (every procedure's action-plan review).

Every seed reviews its action plan (Lancashire's QPIP, Staffordshire's Quality Improvement
Process, Berkshire's Service Improvement Plan, Western Bay's CAP/DAP) and asks whether the
provider has made progress. The suggestion rests on what was *due* by the review and what was
*completed with its date and the evidence seen* (Western Bay 4.9: "sufficient and sustained";
Appendix 5: "Completed/ Resolved/ Satisfactory with date"), never on the absence of anything
overdue: a plan with nothing overdue and nothing done is not good progress.

The rule, one for every procedure (``processes/shared/action_plan_review.bpmn`` and the
Western Bay JIMP's ``escalating_concerns_progress`` both use it):

* an action no longer required is left out; an action counts as done only when marked
  completed with the date and the evidence;
* a corrective action due and not done: little progress;
* of the actions due, none done, or at least ``little_share`` of them outstanding (default
  0.5, configurable per council): little progress;
* everything due and every corrective action done, and something done: good progress;
* anything else: some progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .common import _describe, _list_of_rows, _mapping

__all__ = ["done_and_evidenced", "evidenced_progress_level", "action_plan_progress"]


def done_and_evidenced(item: Mapping[str, Any]) -> bool:
    """Whether an action is completed with its date and the evidence seen."""
    completed = item.get("progress") == "completed" or item.get("status") == "completed"
    return completed and bool(item.get("completed_on")) and bool(str(item.get("evidence") or "").strip())


def evidenced_progress_level(plan: list, due: list, done: list, day: str, little_share: float) -> tuple[str, str]:
    """``good_progress``, ``some_progress`` or ``little_progress``, and why, from the plan's
    actions, those due by ``day`` and those done (see the module's rule)."""
    due_open = [i for i in due if i not in done]
    corrective_open = [i for i in plan if i.get("kind") == "corrective" and i not in done]
    late_corrective = [i for i in corrective_open if i in due_open]
    if not plan:
        return "some_progress", "The plan has no actions yet."
    if late_corrective:
        refs = ", ".join(str(i.get("item_id")) for i in late_corrective)
        return "little_progress", f"Corrective action(s) {refs} due by {day} and not completed with evidence."
    if due and (not [i for i in due if i in done] or len(due_open) >= len(due) * little_share):
        return "little_progress", f"{len(due_open)} of the {len(due)} action(s) due by {day} not completed with evidence."
    if not due_open and done and not corrective_open:
        return "good_progress", f"Every action due by {day} and every corrective action completed with evidence."
    if not done:
        return "some_progress", "No action completed with evidence yet; none was due."
    return "some_progress", f"{len(due_open)} of the {len(due)} action(s) due by {day} outstanding; corrective actions open."


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ValueError(f"threshold action_plan_little_progress_share must be a number above 0 and at most 1, "
                         f"got {_describe(value)}")
    return float(value)


def action_plan_progress(action_plan: Sequence[Mapping[str, Any]], day: str, little_share: float = 0.5) -> dict[str, Any]:
    """The review's summary of an action plan on ``day`` (ISO date): counts, the actions
    overdue and behind, the evidenced level as ``recommended_outcome`` and its explanation."""
    share = _share(little_share)
    rows = [dict(_mapping(i, "each action", f"action {n + 1}")) for n, i in enumerate(_list_of_rows(action_plan, "action plan"))]
    plan = [i for i in rows if i.get("next_step") != "no_longer_required" and i.get("status") != "closed"]
    due = [i for i in plan if i.get("due_date") and str(i["due_date"])[:10] <= day]
    done = [i for i in plan if done_and_evidenced(i)]
    level, why = evidenced_progress_level(plan, due, done, day, share)
    overdue = [i.get("item_id") for i in plan if i not in done and i.get("due_date") and str(i["due_date"])[:10] < day]
    behind = [i.get("item_id") for i in plan if i not in done and i.get("progress") == "behind"]
    unevidenced = [str(i.get("item_id")) for i in plan if i.get("progress") == "completed" and i not in done]
    return {
        "date": day, "total": len(plan), "due": len(due), "completed": len(done),
        "behind": len(behind), "overdue": len(overdue), "overdue_items": overdue, "behind_items": behind,
        "completed_without_evidence": unevidenced,
        "recommended_outcome": level,
        "explanation": why + (f" Marked completed without date or evidence: {', '.join(unevidenced)}." if unevidenced else ""),
    }
