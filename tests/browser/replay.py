"""Walking a whole case through the web UI, step by step, as staff would.

A scenario from tests/processes is first *recorded* through the service layer (which steps were
completed with what data, when the clock moved and timers fired, which messages arrived). The
same steps are then *replayed* in the browser on a new case: each task is opened from the case
page and its form filled in field by field, with JavaScript off, so the no-JavaScript path
(server-side "add another" rows included) is the one exercised.
"""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import expect
from sqlalchemy import select

from api.cases import scheduler, service
from api.cases.models import Case, CaseTask
from engine import clock


@dataclass
class Step:
    kind: str  # "start", "complete", "clock", "fire", "message"
    case_index: int = 0
    element_id: str = ""
    data: Any = None


@dataclass
class Recording:
    steps: list[Step] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)  # case ids in the order they appeared

    def index_of(self, case_id: int) -> int:
        if case_id not in self.cases:
            self.cases.append(case_id)
        return self.cases.index(case_id)


@contextmanager
def recording(monkeypatch, *modules):
    """Record what a scenario does through the services (also where ``modules`` imported them by name)."""
    tape = Recording()
    real_start, real_complete = service.start_case, service.complete_task
    real_deliver, real_set_clock, real_fire = service.deliver_message, clock.set_clock, scheduler.run_due_timers

    def start_case(session, **kw):
        case = real_start(session, **kw)
        tape.steps.append(Step("start", tape.index_of(case.id), kw["process_key"], dict(kw.get("data") or {})))
        return case

    def complete_task(session, **kw):
        task = session.get(CaseTask, kw["task_id"])
        index, element = tape.index_of(task.case_id), task.element_id
        case = real_complete(session, **kw)
        tape.steps.append(Step("complete", index, element, dict(kw["data"])))
        return case

    def deliver_message(session, **kw):
        cases = real_deliver(session, **kw)
        tape.steps.append(Step("message", 0, kw["name"], {"correlation": kw["correlation"], "payload": kw["payload"]}))
        for case in cases:
            tape.index_of(case.id)
        return cases

    def set_clock(value):
        tape.steps.append(Step("clock", data=value))
        return real_set_clock(value)

    def run_due_timers(sessions, **kw):
        tape.steps.append(Step("fire"))
        return real_fire(sessions, **kw)

    replacements = {"start_case": start_case, "complete_task": complete_task, "deliver_message": deliver_message,
                    "run_due_timers": run_due_timers}
    for name, value in replacements.items():
        monkeypatch.setattr(scheduler if name == "run_due_timers" else service, name, value)
        for module in modules:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, value)
    monkeypatch.setattr(clock, "set_clock", set_clock)
    try:
        yield tape
    finally:
        monkeypatch.undo()


# --------------------------------------------------------------------------- filling forms

def _name(path: list) -> str:
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + part
    return name


def _option(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fill(page, schema: dict, data: dict, path: list | None = None) -> None:
    """Type ``data`` into the form the way a person would, field by field."""
    path = path or []
    properties = schema.get("properties", {})
    for key, value in data.items():
        prop = properties.get(key)
        if prop is None or prop.get("readOnly") or value is None:
            continue
        _fill_value(page, prop, value, path + [key])


def _fill_value(page, prop: dict, value, path: list) -> None:
    name = _name(path)
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" and isinstance(value, dict):
        fill(page, prop, value, path)
        return
    if kind == "array" and isinstance(value, list):
        items = prop.get("items", {})
        if "enum" in items or "oneOf" in items or "anyOf" in items:  # several choices: checkboxes
            for choice in value:
                page.check(f"input[name='{name}'][value='{_option(choice)}']")
            return
        for index, item in enumerate(value):
            first = f"[name^='{_name(path + [index])}']"
            if page.locator(first).count() == 0:
                page.click(f"button[name='_add_another'][value='{name}']")
                page.wait_for_load_state()
            if isinstance(item, dict):
                fill(page, items, item, path + [index])
            else:
                _fill_value(page, items, item, path + [index])
        return
    if prop.get("format") == "date" and isinstance(value, str):
        day = _dt.date.fromisoformat(value[:10])
        page.fill(f"[name='{name}-day']", str(day.day))
        page.fill(f"[name='{name}-month']", str(day.month))
        page.fill(f"[name='{name}-year']", str(day.year))
        return
    target = page.locator(f"[name='{name}']")
    tag = target.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if tag in ("input:radio", "input:checkbox"):
        page.check(f"input[name='{name}'][value='{_option(value)}']")
    elif tag.startswith("select"):
        target.select_option(_option(value))
    elif tag in ("input:hidden",):
        return
    else:
        target.fill(_option(value))


# --------------------------------------------------------------------------- replaying

def _open_task(session, case_id: int, element_id: str) -> str:
    session.expire_all()
    task_id = session.scalar(select(CaseTask.id).where(CaseTask.case_id == case_id, CaseTask.element_id == element_id)
                             .order_by(CaseTask.created_at, CaseTask.id).limit(1))
    assert task_id, f"no open task '{element_id}' in case {case_id}"
    return task_id


def replay(page, tape: Recording, *, session, sessions, tenant, actor, provider_id: int, first_invalid: bool = True) -> list[int]:
    """Replay a recording in the browser on new cases; return the new case ids (in the recorded order)."""
    cases: dict[int, int] = {}
    invalid_done = not first_invalid
    for step in tape.steps:
        if step.kind == "clock":
            clock.set_clock(step.data)
        elif step.kind == "fire":
            scheduler.run_due_timers(sessions)
        elif step.kind == "start":
            case_id = _start_in_browser(page, session, tenant, actor, provider_id, step)
            cases[step.case_index] = case_id
        elif step.kind == "message":
            delivered = service.deliver_message(session, tenant=tenant, actor=actor, name=step.element_id,
                                                correlation={**step.data["correlation"], "provider_id": provider_id},
                                                payload=_with_provider(step.data["payload"], provider_id))
            for case in delivered:
                if case.id not in cases.values():
                    cases[len(cases)] = case.id
        elif step.kind == "complete":
            case_id = cases.get(step.case_index) or _newest_case(session, cases, step)
            cases.setdefault(step.case_index, case_id)
            task_id = _open_task(session, case_id, step.element_id)
            page.goto(f"/cases/{case_id}")
            page.click(f"a[href='/tasks/{task_id}']")
            page.wait_for_url(f"**/tasks/{task_id}")
            if not invalid_done:
                page.get_by_role("button", name="Complete this step").click()
                expect(page.locator(".govuk-error-summary"), "an empty submission shows the error summary").to_have_count(1)
                invalid_done = True
            schema = _schema_for(session, task_id)
            fill(page, schema, step.data)
            page.get_by_role("button", name="Complete this step").click()
            page.wait_for_load_state()
            problems = page.locator(".govuk-error-summary").all_inner_texts()
            assert not problems, f"'{step.element_id}' was refused in the browser: {problems}"
    return [cases[i] for i in sorted(cases)]


def _with_provider(payload, provider_id):
    if isinstance(payload, dict) and "provider_id" in payload:
        return {**payload, "provider_id": provider_id}
    return payload


def _newest_case(session, known: dict[int, int], step: Step) -> int:
    """A case the recording did not start itself (a message started it): the newest unknown one."""
    session.expire_all()
    rows = session.scalars(select(Case.id).where(Case.id.not_in(list(known.values()) or [0])).order_by(Case.id.desc()))
    for case_id in rows:
        tasks = session.scalar(select(CaseTask.id).where(CaseTask.case_id == case_id, CaseTask.element_id == step.element_id))
        if tasks:
            return case_id
    raise AssertionError(f"no case has an open '{step.element_id}'")


def _schema_for(session, task_id: str) -> dict:
    task = session.get(CaseTask, task_id)
    case = session.get(Case, task.case_id)
    run = service.load_run(session, case)
    return run.bundle.forms.get(task.process_key, {}).get(task.form) or {"properties": {}}


def _start_in_browser(page, session, tenant, actor, provider_id: int, step: Step) -> int:
    page.goto(f"/providers/{provider_id}")
    offered = page.locator(f"select[name='process_key'] option[value='{step.element_id}']").count() > 0
    if step.data or not offered:
        # Start data the UI does not ask for, or a procedure normally reached from another one
        # (a Level 1 QPIP decided on the performance case): start it as the API would.
        return service.start_case(session, tenant=tenant, actor=actor, process_key=step.element_id,
                                  provider_id=provider_id, data=step.data).id
    page.select_option("select[name='process_key']", step.element_id)
    page.get_by_role("button", name="Start the case").click()
    page.wait_for_url("**/cases/*")
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])
