"""A process owner fixes a diagram and moves the running cases onto the fix (issue 18): the
preview says in words what moving does, a case whose current step is gone is refused, each
case moves on its own, and a moved case can move back while nothing has happened on it."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from sqlalchemy import select

from api.actors import Actor
from api.audit.models import AuditEvent
from api.case_migrations.service import migrate_case, migrate_cases, preview_migrations
from api.case_migrations.undo import undo_move
from api.cases import service
from api.cases.models import Case, CaseTimer
from api.definitions.models import ProcessDefinition
from api.errors import Conflict, Forbidden, Invalid
from api.tenants.models import Tenant
from api.users.service import add_user
from engine.definitions import ProcessLibrary
from engine.roles import Role
from tests.api.test_case_concurrency import _at_once
from tests.support.changed_copy import deploy_copy, source_of
from tests.support.world import FIXTURES, complete, open_tasks, start

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

LIBRARY = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
NOTICE = {"notice_method": "letter", "notice_sent_on": "2026-11-25"}
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def _edited(key: str, edit, folder: str = "shared") -> bytes:
    root = etree.fromstring(source_of(LIBRARY, folder, key).content)
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _element(root, element_id: str):
    return root.find(f".//*[@id='{element_id}']")


def _notice_fixed(root) -> None:
    """The notice step renamed, and its deadline moved from 2 to 3 working days."""
    _element(root, "notify_provider").set("name", "Notify the provider in writing")
    timer = _element(root, "provider_notice_overdue").find(f"{BPMN}timerEventDefinition/{BPMN}timeDate")
    timer.text = timer.text.replace(", 2,", ", 3,")


def _decision_removed(root) -> None:
    """'Record the decision' taken out: the case starts with the notice."""
    process = _element(root, "chased_notice")
    into = next(f for f in process.iter(f"{BPMN}sequenceFlow") if f.get("sourceRef") == "record_decision")
    out_of_start = next(f for f in process.iter(f"{BPMN}sequenceFlow") if f.get("targetRef") == "record_decision")
    out_of_start.set("targetRef", into.get("targetRef"))
    target = _element(root, into.get("targetRef"))
    for ref in target.findall(f"{BPMN}incoming"):
        if ref.text == into.get("id"):
            ref.text = out_of_start.get("id")
    for gone in (_element(root, "record_decision"), into):
        gone.getparent().remove(gone)
    for ref in root.iter(f"{BPMN}flowNodeRef"):
        if ref.text == "record_decision":
            ref.getparent().remove(ref)
    for di in root.iter("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNShape", "{http://www.omg.org/spec/BPMN/20100524/DI}BPMNEdge"):
        if di.get("bpmnElement") in ("record_decision", into.get("id")):
            di.getparent().remove(di)


def _notice_case(world):
    case = start(world, "chased_notice")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    return case


def _owner(world):
    return world.actor("alpha", Role.PROCESS_OWNER)


def _fixed(world, edit) -> int:
    return deploy_copy(world.session, LIBRARY, "shared", "chased_notice", _edited("chased_notice", edit)).version


def _due(world, case) -> list[str]:
    world.session.expire_all()
    return [t.due_at.isoformat() for t in world.session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))]


def test_the_preview_says_what_moving_does_to_the_waiting_step_and_its_timer(world):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    preview = preview_migrations(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice",
                                 version=version)
    [moving] = preview.cases
    assert (moving.case_id, moving.from_version, moving.can_move) == (case.id, "version 1", True)
    assert "the task 'Notify the provider' is waiting and is renamed 'Notify the provider in writing'" in moving.lines
    assert ("the timer 'Provider notice overdue (2 working days)' changes from 2 to 3 working days: "
            "due date 26 Nov becomes 27 Nov") in moving.lines
    # Nothing was written: the case is still on version 1, due on the 26th.
    world.session.expire_all()
    assert world.session.get(Case, case.id).definition.version == 1
    assert _due(world, case) == ["2026-11-26T17:00:00+00:00"]


def test_a_moved_case_runs_the_fix_its_timer_recomputed_and_the_move_on_its_timeline(world):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    [outcome] = migrate_cases(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice",
                              version=version, note="The notice period is three working days")
    assert outcome.outcome == "moved", outcome.detail
    world.session.expire_all()
    moved = world.session.get(Case, case.id)
    assert moved.definition.version == 2 and moved.bundle["chased_notice"] == moved.definition_id
    [notice] = open_tasks(world.session, case)
    assert notice.name == "Notify the provider in writing" and notice.due_at.isoformat() == "2026-11-27T17:00:00+00:00"
    assert _due(world, case) == ["2026-11-27T17:00:00+00:00"]
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "case_migrated")).one()
    assert event.actor == "process_owner@alpha.test"
    assert event.detail == "moved from version 1 to version 2: The notice period is three working days"
    assert (event.before["version"], event.after["version"]) == (1, 2)
    complete(world, case, "notify_provider", NOTICE)
    assert [t.element_id for t in open_tasks(world.session, case)] == ["confirm_closure"]


def test_a_case_whose_current_step_is_gone_is_refused_and_the_others_still_move(world):
    waiting = start(world, "chased_notice")  # at 'Record the decision', which the fix removes
    just_past = _notice_case(world)  # it has just recorded the decision
    onward = _notice_case(world)
    complete(world, onward, "notify_provider", NOTICE)
    version = _fixed(world, _decision_removed)
    previews = {c.case_id: c for c in preview_migrations(world.session, tenant=world.tenants["alpha"], actor=_owner(world),
                                                         key="chased_notice", version=version).cases}
    assert [previews[c.id].can_move for c in (waiting, just_past, onward)] == [False, True, True]
    assert "the task 'Notify the provider' is waiting and still exists" in previews[just_past.id].lines
    outcomes = migrate_cases(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice",
                             version=version, note="Decision recorded elsewhere")
    by_case = {o.case_id: o for o in outcomes}
    assert by_case[onward.id].outcome == "moved", by_case[onward.id].detail
    assert by_case[waiting.id].outcome == "refused"
    assert ("its current step 'Record the decision' is not in version 2: move the case on first (complete "
            "'Record the decision' so that it leaves that step), or keep it on version 1") in by_case[waiting.id].detail
    assert by_case[just_past.id].outcome == "moved", by_case[just_past.id].detail
    world.session.expire_all()
    assert world.session.get(Case, waiting.id).definition.version == 1
    assert [t.element_id for t in open_tasks(world.session, waiting)] == ["record_decision"]
    assert world.session.get(Case, onward.id).definition.version == 2
    complete(world, onward, "confirm_closure", {})
    assert world.session.get(Case, onward.id).status == "completed"
    # The decision recorded before the move is still the case's: the notice step reads it.
    complete(world, just_past, "notify_provider", NOTICE)
    assert [t.element_id for t in open_tasks(world.session, just_past)] == ["confirm_closure"]
    assert service.case_data(world.session, world.session.get(Case, just_past.id))["decision_date"] == "2026-11-24"


def test_only_a_process_owner_moves_cases_and_only_with_a_note(world):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    tenant = world.tenants["alpha"]
    with pytest.raises(Forbidden):
        migrate_cases(world.session, tenant=tenant, actor=world.actor("alpha", Role.CONTRACT_OFFICER), key="chased_notice",
                      version=version, note="fix")
    with pytest.raises(Invalid, match="say why"):
        migrate_cases(world.session, tenant=tenant, actor=_owner(world), key="chased_notice", version=version, note=" ")
    migrate_cases(world.session, tenant=tenant, actor=_owner(world), key="chased_notice", version=version, note="fix")
    with pytest.raises(Conflict, match="already on version 2"):
        migrate_case(world.session, tenant=tenant, actor=_owner(world), case_id=case.id,
                     target_id=world.session.get(Case, case.id).definition_id, note="again")


def test_a_moved_case_moves_back_while_nothing_has_happened_on_it(world):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    tenant = world.tenants["alpha"]
    migrate_cases(world.session, tenant=tenant, actor=_owner(world), key="chased_notice", version=version, note="fix")
    undo_move(world.session, tenant=tenant, actor=_owner(world), case_id=case.id, note="wrong procedure")
    world.session.expire_all()
    assert world.session.get(Case, case.id).definition.version == 1
    [notice] = open_tasks(world.session, case)
    assert notice.name == "Notify the provider" and notice.due_at.isoformat() == "2026-11-26T17:00:00+00:00"
    assert _due(world, case) == ["2026-11-26T17:00:00+00:00"]
    actions = [e.action for e in world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert actions[-2:] == ["case_migrated", "case_migration_undone"]
    complete(world, case, "notify_provider", NOTICE)
    assert [t.element_id for t in open_tasks(world.session, case)] == ["confirm_closure"]


def test_a_moved_case_cannot_move_back_once_a_step_was_completed(world):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    tenant = world.tenants["alpha"]
    migrate_cases(world.session, tenant=tenant, actor=_owner(world), key="chased_notice", version=version, note="fix")
    complete(world, case, "notify_provider", NOTICE)
    with pytest.raises(Conflict, match=re.escape("task completed (Notify the provider in writing) since it moved")):
        undo_move(world.session, tenant=tenant, actor=_owner(world), case_id=case.id)
    world.session.expire_all()
    assert world.session.get(Case, case.id).definition.version == 2


def test_two_process_owners_moving_the_same_case_at_once_give_one_move_and_one_conflict(world, sessions, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent writers: PostgreSQL (SQLite has one writer at a time)")
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    second = Actor.of(add_user(world.session, email="second.owner@alpha.test", tenant_slug="alpha",
                               roles=[Role.PROCESS_OWNER.value], actor=Actor.system("tests")))
    target_id = world.session.scalars(select(ProcessDefinition.id).where(ProcessDefinition.key == "chased_notice",
                                                                         ProcessDefinition.version == version)).one()
    tenant_id = world.tenants["alpha"].id

    def move(actor):
        def call():
            with sessions() as session:
                tenant = session.get(Tenant, tenant_id)
                return migrate_case(session, tenant=tenant, actor=actor, case_id=case.id, target_id=target_id,
                                    note=f"fix, by {actor.label}").id
        return call

    results = _at_once([move(_owner(world)), move(second)])
    moved = [r for r in results if isinstance(r, int)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(moved) == 1 and len(conflicts) == 1, results
    world.session.expire_all()
    events = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "case_migrated")).all()
    assert len(events) == 1
    [notice] = open_tasks(world.session, case)
    assert notice.name == "Notify the provider in writing"


def test_process_owners_preview_move_and_undo_through_the_api(world, http):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    path = "/api/v1/process-definitions/chased_notice/migrations"
    officer = http.post(path, {"to_version": version, "dry_run": True})
    assert officer.status_code == 403
    preview = http.post(path, {"to_version": version, "dry_run": True}, role=Role.PROCESS_OWNER)
    assert preview.status_code == 200, preview.json
    [moving] = preview.json["cases"]
    assert moving["case_id"] == case.id and moving["can_move"] and moving["from_version"] == "version 1"
    assert "the task 'Notify the provider' is waiting and is renamed 'Notify the provider in writing'" in moving["lines"]
    assert http.post(path, {"to_version": 9}, role=Role.PROCESS_OWNER).status_code == 404
    no_note = http.post(path, {"to_version": version, "case_ids": [case.id]}, role=Role.PROCESS_OWNER)
    assert no_note.status_code == 422 and "say why" in no_note.json["detail"]
    moved = http.post(path, {"to_version": version, "case_ids": [case.id], "note": "Three working days"}, role=Role.PROCESS_OWNER)
    assert moved.status_code == 200
    assert [(o["case_id"], o["outcome"]) for o in moved.json["outcomes"]] == [(case.id, "moved")]
    [entry] = [e for e in http.get(f"/api/v1/cases/{case.id}/chronology").json["entries"] if e["kind"] == "case"
               and e["title"] == "The case moved to another version of its procedure"]
    assert entry["details"] == ["moved from version 1 to version 2: Three working days"]
    undone = http.post(f"/api/v1/cases/{case.id}/migrations/undo", {"note": "Too early"}, role=Role.PROCESS_OWNER)
    assert undone.status_code == 200 and undone.json["version"] == 1
    again = http.post(f"/api/v1/cases/{case.id}/migrations/undo", {}, role=Role.PROCESS_OWNER)
    assert again.status_code == 404


def test_concerns_cases_migrate_previews_then_moves_with_a_note(world, runner):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    command = ["cases", "migrate", "chased_notice", "--to", str(version), "--tenant", "alpha", "--case", str(case.id)]
    preview = runner.invoke(args=[*command, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert f"Case {case.id} (Rosewood House (alpha)), on version 1: can move" in preview.output
    assert "  - the timer 'Provider notice overdue (2 working days)' changes from 2 to 3 working days: due date 26 Nov becomes 27 Nov" \
        in preview.output
    moved = runner.invoke(args=[*command, "--note", "Three working days", "--by", "process_owner@alpha.test"])
    assert moved.exit_code == 0, moved.output
    assert f"Case {case.id}: moved: case {case.id} moved to version 2" in moved.output
    world.session.expire_all()
    event = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "case_migrated")).one()
    assert event.actor == "process_owner@alpha.test" and event.after["note"] == "Three working days"
    again = runner.invoke(args=[*command, "--note", "again"])
    assert again.exit_code == 1 and "already on version 2" in again.output


def _renamed(element_id: str, name: str):
    return lambda root: _element(root, element_id).set("name", name)


def test_the_called_process_version_moves_with_the_case(world):
    case = start(world, "call_meeting")  # inside the council's own 'meeting', at 'Record the meeting'
    assert [t.element_id for t in open_tasks(world.session, case)] == ["record_meeting"]
    called = deploy_copy(world.session, LIBRARY, "alpha", "meeting",
                         _edited("meeting", _renamed("record_meeting", "Record the meeting and its actions"), "alpha"))
    caller = deploy_copy(world.session, LIBRARY, "shared", "call_meeting",
                         _edited("call_meeting", _renamed("after_meeting", "Follow up the actions")))
    preview = preview_migrations(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="call_meeting",
                                 version=caller.version)
    [moving] = preview.cases
    assert moving.lines == [
        "the stage 'Hold the meeting' is under way and still exists",
        "the task 'Record the meeting' is waiting and is renamed 'Record the meeting and its actions'",
        "the called process 'Multi-agency meeting (Alpha)' moves with it from version 1 to version 2",
    ]
    [outcome] = migrate_cases(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="call_meeting",
                              version=caller.version, note="Actions are recorded with the meeting")
    assert outcome.outcome == "moved", outcome.detail
    world.session.expire_all()
    assert world.session.get(Case, case.id).bundle == {"call_meeting": caller.id, "meeting": called.id}
    [task] = open_tasks(world.session, case)
    assert task.name == "Record the meeting and its actions"


def test_an_unchanged_waiting_timer_keeps_its_due_date(world):
    case = _notice_case(world)
    version = _fixed(world, _renamed("confirm_closure", "Confirm the case can be closed"))
    [moving] = preview_migrations(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice",
                                  version=version).cases
    assert "the timer 'Provider notice overdue (2 working days)' is waiting and still exists; its due date 26 Nov is kept" \
        in moving.lines
    migrate_cases(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice", version=version,
                  note="Clearer wording")
    assert _due(world, case) == ["2026-11-26T17:00:00+00:00"]


def _timer_reads_a_missing_date(root) -> None:
    timer = _element(root, "provider_notice_overdue").find(f"{BPMN}timerEventDefinition/{BPMN}timeDate")
    timer.text = "working_days_deadline(notice_due_from, 3, region)"


def test_a_case_the_new_definition_fails_on_is_refused_and_left_as_it_was(world):
    case = _notice_case(world)
    version = _fixed(world, _timer_reads_a_missing_date)
    [outcome] = migrate_cases(world.session, tenant=world.tenants["alpha"], actor=_owner(world), key="chased_notice",
                              version=version, note="New rule")
    assert outcome.outcome == "refused"
    assert ("version 2 fails on this case's data at 'Provider notice overdue (2 working days)' (NameError: name 'notice_due_from' "
            "is not defined): fix the diagram, or keep the case on version 1") in outcome.detail
    world.session.expire_all()
    assert world.session.get(Case, case.id).definition.version == 1
    assert _due(world, case) == ["2026-11-26T17:00:00+00:00"]
    assert [t.name for t in open_tasks(world.session, case)] == ["Notify the provider"]
