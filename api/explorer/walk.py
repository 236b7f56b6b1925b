"""Walking one path through a procedure, as staff and the clock would.

At each step the walker either completes a ready task (of any case the path has started) with
answers its own schema accepts, or moves the clock to the next waiting timer and fires it.
After each step it looks for the defects a council must never meet (see ``report.DefectKind``).
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import clock
from engine.forms import bind_schema
from engine.declared_roles import council_roles
from engine.roles import task_roles

from ..cases import service
from ..cases.models import Case, CaseStatus, CaseTask, CaseTimer
from ..errors import ServiceError
from .answers import AnswersNotFound, make_answers
from .report import Defect, DefectKind, ProcedureReport, Step
from .world import ACTOR, ExplorerWorld

__all__ = ["PathWalker", "WAIT_CHANCE", "ACTION_CHANCE"]

LONDON = ZoneInfo("Europe/London")
# How often the walker lets the clock run on although someone could act: deadlines must be
# missed on some paths, met on others.
WAIT_CHANCE = 0.25
# How often it takes a case-level action (new information, closing early...) instead.
ACTION_CHANCE = 0.05


@dataclass
class PathWalker:
    world: ExplorerWorld
    report: ProcedureReport
    tenant_slug: str
    rng: random.Random
    start_at: _dt.datetime
    max_steps: int
    steps: list[Step] = field(default_factory=list)
    flagged: set = field(default_factory=set)

    def walk(self) -> None:
        clock.set_clock(self.start_at)
        with self.world.sessions() as session:
            provider_id = self.world.new_provider(session, self.tenant_slug)
            tenant = self.world.tenant(session, self.tenant_slug)
            service.start_case(session, tenant=tenant, actor=ACTOR, process_key=self.report.process_key,
                               provider_id=provider_id, data={})
            self._note("start", self.report.process_key)
            outcome = self._steps(session, tenant, provider_id)
            self._coverage(session, provider_id)
        self.report.paths += 1
        self.report.steps += len(self.steps) - 1
        self.report.ended += outcome == "ended"
        self.report.cut += outcome == "cut"

    def _steps(self, session: Session, tenant, provider_id: int) -> str:
        for _ in range(self.max_steps):
            session.expire_all()
            cases = self._cases(session, provider_id)
            if self._errors(cases):
                return "defect"
            running = [c for c in cases if c.status == CaseStatus.RUNNING]
            if not running:
                return "ended"
            tasks, timers = self._waiting(session, running)
            self._unroled(tasks, tenant)
            if not tasks and not timers:
                for case in running:
                    self._defect(DefectKind.STALL, case.process_key, None,
                                 "the case is running with no task, no timer and no case of this path that could send it a message")
                return "defect"
            if self.rng.random() < ACTION_CHANCE and self._take_action(session, tenant, running):
                continue
            if tasks and (not timers or self.rng.random() >= WAIT_CHANCE):
                if not self._complete(session, tenant, self.rng.choice(tasks)):
                    return "defect"
            else:
                self._wait_for(session, running, min(t.due_at for t in timers))
        return "cut"

    # -- looking

    @staticmethod
    def _cases(session: Session, provider_id: int) -> list[Case]:
        return list(session.scalars(select(Case).where(Case.provider_id == provider_id).order_by(Case.id)))

    @staticmethod
    def _waiting(session: Session, running: list[Case]) -> tuple[list[CaseTask], list[CaseTimer]]:
        ids = [c.id for c in running]
        # Task ids are random (SpiffWorkflow's UUIDs), and tasks opened by one change share a time:
        # ordered by id alone, the same seed would choose among them differently on every run.
        tasks = list(session.scalars(select(CaseTask).where(CaseTask.case_id.in_(ids)).order_by(
            CaseTask.created_at, CaseTask.case_id, CaseTask.process_key, CaseTask.element_id, CaseTask.name, CaseTask.id)))
        timers = list(session.scalars(select(CaseTimer).where(CaseTimer.case_id.in_(ids))))
        return tasks, timers

    def _errors(self, cases: list[Case]) -> bool:
        failed = [c for c in cases if c.status == CaseStatus.ERROR]
        for case in failed:
            error = case.error or {}
            line = f" (line {error['line']})" if error.get("line") else ""
            self._defect(DefectKind.ERROR, case.process_key, error.get("element_id"), f"{error.get('message')}{line}")
        return bool(failed)

    def _unroled(self, tasks: list[CaseTask], tenant) -> None:
        # The council's roles: the base roles, its region's defaults and its own (issue 23).
        known = set(council_roles(tenant.region, tenant.roles or {}))
        for task in tasks:
            if not task_roles(task.role) or not set(task_roles(task.role)) <= known:
                self._defect(DefectKind.NO_ROLE, task.process_key, task.element_id,
                             f"'{task.name}' is in a lane no role can take ({task.role or 'no role'})")

    # -- acting

    def _complete(self, session: Session, tenant, task: CaseTask) -> bool:
        case = session.get(Case, task.case_id)
        run = service.load_run(session, case)
        ready = next((t for t in run.ready_tasks() if t.id == task.id), None)
        forms = run.bundle.forms.get(task.process_key, {})
        schema = bind_schema(forms.get(task.form), ready.data if ready else {}) if task.form else None
        today = clock.now().astimezone(LONDON).date()
        try:
            answers = make_answers(schema, self.rng, today, ready.data if ready else {})
        except AnswersNotFound as exc:
            self._defect(DefectKind.NO_ANSWERS, task.process_key, task.element_id, str(exc))
            return False
        self._note("complete", f"{task.element_id} ({task.name})", answers)
        try:
            service.complete_task(session, tenant=tenant, actor=ACTOR, task_id=task.id, data=answers)
        except ServiceError as exc:
            details = "; ".join(e.get("message", "") for e in exc.errors) or exc.detail
            self._defect(DefectKind.REFUSED, task.process_key, task.element_id,
                         f"answers its own schema accepts were refused ({exc.status}): {details}")
            return False
        return True

    def _take_action(self, session: Session, tenant, running: list[Case]) -> bool:
        """Take a case-level action of one of the running cases, if it has any; False if none."""
        case = self.rng.choice(running)
        run = service.load_run(session, case)
        actions = run.available_actions()
        if not actions:
            return False
        action = self.rng.choice(actions)
        schema, _ = run.action_form(action.name)
        try:
            answers = make_answers(schema, self.rng, clock.now().astimezone(LONDON).date(), run.data())
        except AnswersNotFound as exc:
            self._defect(DefectKind.NO_ANSWERS, case.process_key, action.subprocess_id, str(exc))
            return False
        self._note("action", f"{action.name} ({action.title})", answers)
        try:
            service.take_case_action(session, tenant=tenant, actor=ACTOR, case_id=case.id, name=action.name, data=answers)
        except ServiceError as exc:
            details = "; ".join(e.get("message", "") for e in exc.errors) or exc.detail
            self._defect(DefectKind.REFUSED, case.process_key, action.subprocess_id,
                         f"the action's answers its own schema accepts were refused ({exc.status}): {details}")
        return True

    def _wait_for(self, session: Session, running: list[Case], due: _dt.datetime) -> None:
        moment = max(due, clock.now()) + _dt.timedelta(minutes=1)
        clock.set_clock(moment)
        self._note("wait", f"until {moment.isoformat()}")
        for case in running:
            locked = session.get(Case, case.id)
            if locked.status == CaseStatus.RUNNING:
                service.fire_case_timers(session, case=locked, actor=ACTOR)
                session.commit()
        self._unchased(session, running)

    def _unchased(self, session: Session, running: list[Case]) -> None:
        now = clock.now()
        for case in running:
            session.refresh(case)
            if case.status != CaseStatus.RUNNING:
                continue
            for ready in service.load_run(session, case).ready_tasks():
                if ready.due_at is not None and ready.due_at < now and ready.next_chase_at is None:
                    self._defect(DefectKind.UNCHASED, ready.governed_in or ready.process_key, ready.governed_by or ready.element_id,
                                 f"'{ready.name}' was due {ready.due_at.isoformat()} and nothing chases it any more")

    # -- recording

    def _note(self, kind: str, what: str, answers: dict | None = None) -> None:
        at = clock.now().astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
        self.steps.append(Step(kind, what, at, answers))

    def _defect(self, kind: DefectKind, process_key: str, element_id: str | None, message: str) -> None:
        self.report.add(Defect(kind, process_key, element_id, message, list(self.steps)))

    def _coverage(self, session: Session, provider_id: int) -> None:
        for case in self._cases(session, provider_id):
            run = service.load_run(session, case)
            # Finished history has left the live state; the run keeps which elements it reached.
            for key, elements in run.reached_elements().items():
                self.report.reached.setdefault(key, set()).update(elements)
            for key, spec in [(run.bundle.key, run.bundle.spec), *run.bundle.subprocess_specs.items()]:
                self.report.elements.setdefault(key, set()).update(
                    s.bpmn_id for s in spec.task_specs.values() if getattr(s, "bpmn_id", None))
