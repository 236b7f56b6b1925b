"""Walk a real case through a shipped procedure until a step offers a given letter template.

As staff and the clock would: complete a waiting step with answers its own form accepts (made up
by the explorer's answer maker, reproducibly from a seed), or let the clock run to the next timer.
A path that ends without reaching the step is walked again with the next seed, for a new provider.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.actors import Actor
from api.cases import service
from api.cases.models import Case, CaseStatus, CaseTask, CaseTimer
from api.errors import ServiceError
from api.explorer.answers import AnswersNotFound, make_answers
from api.providers.service import create_provider
from engine import clock
from engine.document_steps import templates_offered
from engine.forms import bind_schema
from engine.roles import Role

__all__ = ["Reached", "reach_template", "walk_case", "walk_on"]

LONDON = ZoneInfo("Europe/London")
START = "2026-11-02T09:00:00+00:00"  # a Monday
SYSTEM = Actor.system("tests: reach the step")


@dataclass
class Reached:
    case: Case
    task: CaseTask
    provider_name: str
    path: list[str]


def _offers(session, task: CaseTask, template: str, seen: dict) -> bool:
    if task.id not in seen:
        run = service.load_run(session, session.get(Case, task.case_id))
        spiff_task = run.find_task(task.id)
        seen[task.id] = template in (templates_offered(spiff_task) if spiff_task is not None else [])
    return seen[task.id]


def _complete(session, tenant, task: CaseTask, rng: random.Random) -> bool:
    case = session.get(Case, task.case_id)
    run = service.load_run(session, case)
    ready = next((t for t in run.ready_tasks() if t.id == task.id), None)
    forms = run.bundle.forms.get(task.process_key, {})
    schema = bind_schema(forms.get(task.form), ready.data if ready else {}) if task.form else None
    for _attempt in range(5):
        try:
            answers = make_answers(schema, rng, clock.now().astimezone(LONDON).date(), ready.data if ready else {})
            service.complete_task(session, tenant=tenant, actor=SYSTEM, task_id=task.id, data=answers)
            return True
        except (AnswersNotFound, ServiceError):
            session.rollback()
    return False


def _wait(session, running: list[Case]) -> bool:
    due = session.scalar(select(CaseTimer.due_at).where(CaseTimer.case_id.in_([c.id for c in running])).order_by(CaseTimer.due_at))
    if due is None:
        return False
    clock.set_clock(max(due, clock.now()) + _dt.timedelta(minutes=1))
    for case in running:
        service.fire_case_timers(session, case=session.get(Case, case.id), actor=SYSTEM)
        session.commit()
    return True


def _new_case(world, tenant_slug: str, procedure: str, seed: int) -> tuple[Case, object]:
    session, tenant = world.session, world.tenants[tenant_slug]
    clock.set_clock(START)
    provider = create_provider(session, tenant_id=tenant.id, name=f"Larchfield Court {seed}", kind="care_home_nursing",
                               regulator="CIW" if tenant.region == "wales" else "CQC", regulator_id=f"1-9{seed:08d}",
                               beds=40, actor=SYSTEM)
    case = service.start_case(session, tenant=tenant, actor=world.actor(tenant_slug, Role.CONTRACT_OFFICER),
                              process_key=procedure, provider_id=provider.id, data={})
    return case, provider


def _running(session, provider_id: int) -> tuple[list[Case], list[CaseTask]]:
    session.expire_all()
    running = list(session.scalars(select(Case).where(Case.provider_id == provider_id, Case.status == CaseStatus.RUNNING)))
    tasks = list(session.scalars(select(CaseTask).where(CaseTask.case_id.in_([c.id for c in running]))
                                 .order_by(CaseTask.created_at, CaseTask.element_id, CaseTask.name, CaseTask.purpose, CaseTask.id)))
    return running, tasks


def walk_case(world, tenant_slug: str, procedure: str, *, seed: int, steps: int) -> Case:
    """A new case of ``procedure`` after up to ``steps`` steps (completions or waits for the
    next timer) chosen reproducibly from ``seed``; fewer if it ends or cannot go on."""
    case, _provider = _new_case(world, tenant_slug, procedure, seed)
    return walk_on(world, case, seed=seed, steps=steps)


def walk_on(world, case: Case, *, seed: int, steps: int) -> Case:
    """The case (and any it started for the same provider) after up to ``steps`` more steps."""
    session = world.session
    tenant = next(t for t in world.tenants.values() if t.id == case.tenant_id)
    rng = random.Random(f"{seed}:{case.process_key}")
    for _step in range(steps):
        running, tasks = _running(session, case.provider_id)
        if tasks and (rng.random() > 0.1 or not _wait(session, running)):
            if not _complete(session, tenant, rng.choice(tasks), rng):
                break
        elif not tasks and not _wait(session, running):
            break
    session.expire_all()
    return session.get(Case, case.id)


def _walk(world, tenant_slug: str, procedure: str, template: str, seed: int, max_steps: int) -> Reached | None:
    session, tenant = world.session, world.tenants[tenant_slug]
    rng = random.Random(f"{seed}:{procedure}:{template}")
    _case, provider = _new_case(world, tenant_slug, procedure, seed)
    seen: dict[str, bool] = {}
    path: list[str] = []
    for _step in range(max_steps):
        running, tasks = _running(session, provider.id)
        found = next((t for t in tasks if _offers(session, t, template, seen)), None)
        if found is not None:
            return Reached(session.get(Case, found.case_id), found, provider.name, path)
        if tasks and (rng.random() > 0.1 or not _wait(session, running)):
            task = rng.choice(tasks)
            path.append(task.element_id)
            if not _complete(session, tenant, task, rng):
                return None
        elif not tasks and not _wait(session, running):
            return None
    return None


def reach_template(world, *, tenant_slug: str, procedure: str, template: str, paths: int = 60, max_steps: int = 250) -> Reached:
    """A waiting step that offers ``template``, in a case of ``procedure``, or AssertionError. The
    first path that reaches it ends the search, so the allowance costs only a step few paths reach
    (Lancashire's Level 1 letter: seed 14 on SQLite, 24 on PostgreSQL)."""
    for seed in range(1, paths + 1):
        reached = _walk(world, tenant_slug, procedure, template, seed, max_steps)
        if reached is not None:
            return reached
    raise AssertionError(f"no path of {paths} through {procedure} ({tenant_slug}) reached a step offering {template}")
