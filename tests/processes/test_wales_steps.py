"""Steps shared by the Welsh scenario tests (Western Bay: swansea, neath-port-talbot, bridgend).

No tests here: the helpers complete the steps of the Welsh diagrams and of the shared sub-processes they
call (meetings, notifications, action plan reviews, suspension of placements), the way a member of staff
with the step's role would.
"""

from __future__ import annotations

from datetime import datetime, timezone

from api.cases.models import Case, CaseTimer
from api.cases.scheduler import run_due_timers
from api.cases.service import case_data, complete_task, load_run
from engine import clock
from engine.roles import Role, task_roles
from engine.scoring import action_plan_progress
from sqlalchemy import select
from tests.support.dates import catch_up

TENANT = "bridgend"


def at(iso: str) -> datetime:
    """Set the engine clock (UTC)."""
    moment = datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)
    clock.set_clock(moment)
    return moment


def tick(sessions, iso: str) -> int:
    """Move the clock on and fire every timer now due; return how many fired."""
    at(iso)
    return run_due_timers(sessions).timers


def slug_of(world, case) -> str:
    return next(slug for slug, t in world.tenants.items() if t.id == case.tenant_id)


def ready(world, case, element_id=None, where=None):
    """The case's ready tasks (ReadyTask, with their data), optionally one element and a test on the data."""
    world.session.expire_all()
    run = load_run(world.session, world.session.get(Case, case.id))
    return [t for t in run.ready_tasks()
            if (element_id is None or t.element_id == element_id) and (where is None or where(t.data))]


def open_steps(world, case) -> list[str]:
    return sorted(t.element_id for t in ready(world, case))


def task_data(world, case, element_id, where=None) -> dict:
    tasks = ready(world, case, element_id, where)
    assert tasks, f"no ready step '{element_id}'; open: {open_steps(world, case)}"
    return tasks[0].data


def do(world, case, element_id, data, where=None, role=None):
    """Complete a ready step as a user holding its role."""
    tasks = ready(world, case, element_id, where)
    assert tasks, f"no ready step '{element_id}'; open: {open_steps(world, case)}"
    task = tasks[0]
    slug = slug_of(world, case)
    actor = world.actor(slug, role or task_roles(task.role)[0])
    return complete_task(world.session, tenant=world.tenants[slug], actor=actor, task_id=task.id, data=data)


def data_of(world, case) -> dict:
    world.session.expire_all()
    return case_data(world.session, world.session.get(Case, case.id))


def status(world, case) -> str:
    world.session.expire_all()
    return world.session.get(Case, case.id).status


def timers(world, case) -> dict[str, CaseTimer]:
    world.session.expire_all()
    rows = world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id)).all()
    return {t.element_id: t for t in rows}


def cases_of(world, process_key) -> list[Case]:
    world.session.expire_all()
    return list(world.session.scalars(select(Case).where(Case.process_key == process_key).order_by(Case.id)))


# ------------------------------------------------------------------------- shared sub-processes

PEOPLE = [
    {"name": "Ceri Jones", "organisation": "Social Services", "role": "Contracting Officer"},
    {"name": "Dafydd Evans", "organisation": "Social Services", "role": "Safeguarding Officer"},
    {"name": "Nia Thomas", "organisation": "ABMU HB", "role": "Nurse Assessor"},
    {"name": "Gareth Price", "organisation": "CSSIW", "role": "Inspector"},
]


def hold_meeting(world, case, on: str, *, next_on: str | None = None, actions=None, where=None):
    """Prepare and record one shared multi-agency meeting (admin prepares, the chair records)."""
    prepared = task_data(world, case, "prepare_meeting", where)
    do(world, case, "prepare_meeting", {
        "meeting_title": prepared["meeting_title"], "meeting_date": on, "meeting_format": "in_person",
        "invitees": PEOPLE, "agenda": prepared["agenda"]}, where)
    record = {"attendees": PEOPLE, "confidentiality_agreed": True, "minutes": f"Minutes of {on}.",
              "meeting_decisions": "Agreed as minuted.", "meeting_actions": actions or []}
    if next_on:
        record["next_meeting_date"] = next_on
    do(world, case, "record_meeting", record, where)


def send_notice(world, case, on: str, where=None):
    catch_up(on)
    party = task_data(world, case, "send_notification", where)["notification_party"]
    do(world, case, "send_notification", {
        "notification_method": "email", "sent_on": on, "recipient": f"{party}",
        "summary": "Notice sent as agreed."}, where)


def party_is(text):
    return lambda data: text in data.get("notification_party", "")


def review_plan(world, case, decided: str, on: str, *, progress: str = "on_track", done=()):
    """Record progress against every action of the plan and decide the progress made.

    Actions named in ``done`` (by ref) are completed on ``on`` with the evidence seen; an action
    completed earlier stays completed; the others get ``progress`` (``"completed"``: all of them)."""
    data = task_data(world, case, "review_action_plan")
    plan = []
    for item in data["action_plan"]:
        item = dict(item)
        if str(item["item_id"]) in done or progress == "completed":
            item.update(progress="completed", completed_on=item.get("completed_on") or on,
                        evidence=item.get("evidence") or f"Seen at the visit of {on}: records audited.")
        elif item.get("progress") != "completed":
            item["progress"] = progress
        plan.append(item)
    # The decision is held to the outcome the recorded progress suggests (engine/scoring/action_plans.py).
    recommended = action_plan_progress(plan, on)["recommended_outcome"]
    answer = {"action_plan_reviewed_on": on, "action_plan": plan, "progress_outcome": decided,
              "review_summary": f"Reviewed on {on}."}
    if decided != recommended:
        answer["outcome_reason"] = "The panel weighed the evidence differently."
    catch_up(on)
    do(world, case, "review_action_plan", answer)


RECIPIENTS = [{"name": "Responsible individual", "organisation": "Provider"},
              {"name": "Registered manager", "organisation": "Provider"}]


def do_not_suspend(world, case, on: str):
    catch_up(on)
    do(world, case, "decide_suspension", {
        "suspension_decision": "do_not_suspend", "suspension_decided_on": on,
        "suspension_decision_reason": "Commissioners agreed suspension is not needed at present."})


def suspend(world, case, on: str, remedy_by: str):
    catch_up(on)
    do(world, case, "decide_suspension", {
        "suspension_decision": "suspend", "suspension_decided_on": on,
        "suspension_decision_reason": "Default under the contract: unsafe medication practice.",
        "suspension_grounds": "Breach of clause 12 (medication).", "suspension_scope": "all_new_placements",
        "suspended_from": on, "remedy_timescale": remedy_by})
    do(world, case, "confirm_suspension_in_writing", {
        "letter_sent_on": on, "recipients": RECIPIENTS,
        "letter_grounds": "Breach of clause 12 (medication).", "remedy_timescale": remedy_by,
        "actions_in_action_plan": True})


def lift_suspension(world, case, on: str):
    catch_up(on)
    do(world, case, "review_suspension", {
        "suspension_reviewed_on": on, "service_users_reassessed": True, "failures_remedied": True,
        "review_outcome": "lift", "suspension_review_notes": "The JIMP recommends removal."})
    do(world, case, "authorise_lifting", {"lift_authorised": True, "lifted_on": on})
    do(world, case, "notify_lifting", {"notice_sent_on": on, "notice_method": "letter",
                                       "notice_recipients": RECIPIENTS})


def pan_wales(world, case, on: str, *, where=None, closed_on: str | None = None):
    """Complete the Appendix 4 form, send it to PAN Wales and notify the social work teams."""
    catch_up(on)
    data = task_data(world, case, "complete_appendix_4", where)
    form = {
        "pan_wales_stage": data["pan_wales_stage"],
        "pan_wales_provider_name": data["pan_wales_provider_name"],
        "pan_wales_category_of_care": data["pan_wales_category_of_care"] or "Residential care home",
        "pan_wales_authority": "Bridgend County Borough Council",
        "pan_wales_commissioning_contact": "Commissioning team, 01656 000000",
        "pan_wales_status": data["pan_wales_status"],
        "pan_wales_commenced_on": data["pan_wales_commenced_on"],
        "pan_wales_placement_restrictions": "None",
    }
    if data["pan_wales_stage"] == "end":
        form["pan_wales_closed_on"] = closed_on or data["pan_wales_closed_on"]
    do(world, case, "complete_appendix_4", form, where)
    send_notice(world, case, on, party_is("PAN Wales"))
    send_notice(world, case, on, party_is("social work teams"))
