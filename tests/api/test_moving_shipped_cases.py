"""Every shipped procedure: a case started on the deployed version moves to a changed copy of it
(its current step renamed, a step ahead removed, a timer changed, a step added after the current
one), the preview says so in words, and the moved case goes on into the added step."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from api import create_app
from api.case_migrations.service import migrate_cases, preview_migrations
from api.cases import service
from api.cases.models import Case, CaseStatus, CaseTask, CaseTimer
from api.definitions.service import clear_spec_cache
from api.errors import ServiceError
from api.explorer.answers import AnswersNotFound, make_answers
from api.models import Base
from engine import clock
from engine.definitions import ProcessLibrary, process_ids_in
from engine.forms import bind_schema
from engine.roles import Role, task_roles
from tests.conftest import stamp_current_migration
from tests.support.changed_copy import ADDED_ID, ADDED_NAME, RENAMED_SUFFIX, changed_copy, deploy_copy, source_of
from tests.support.world import build_world

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ProcessLibrary(ROOT / "processes", ROOT / "forms")
# The council that runs each folder's procedures in these tests.
COUNCIL = {"lancashire": "lancashire", "shared": "lancashire", "staffordshire": "staffordshire", "berkshire": "reading",
           "wales": "swansea"}
# What a calling procedure hands to the procedures it calls, for those started here on their own.
START_DATA = {
    "decision_date": "2026-11-23", "findings_meeting_date": "2026-11-23", "initial_meeting_date": "2026-11-23", "initial_meeting_invitees": [],
    "initial_risk_level": "high", "risk_level": "high", "overall_risk_level": "high", "risk_management_plan": [],
    "decommission_reason": "Poor quality of care", "chase_every_working_days": 2, "chased_step": "Send the letter",
    "pan_wales_stage": "start", "pan_wales_status": "escalating_concerns",
    # What Escalating Concerns gives its Stage 2b (the arrangements agreed, the initial JIMP's deadline) and Stage 4
    # (the JIMP's recommendation).
    "risk_assessment_meeting_date": "2026-11-23", "closure_suspected": False, "urgent_safety_actions_needed": True,
    "contractual_action_needed": False, "regulatory_action_needed": False, "jimp_outcome": "recommend_ending",
    # What a closure group gives each resident's move, review and checklist task (Western Bay 4.11-4.12).
    "resident": {"name": "Resident A", "funding": "local_authority", "details": "", "care_manager": "Care manager A",
                 "moved_on": "2026-11-20", "moves": 1, "new_home": "Oak House", "outcome_on": "2026-11-20",
                 "post_move_review_on": "2026-12-18"},
    "moved_resident": {"name": "Resident A", "funding": "local_authority", "care_manager": "Care manager A",
                       "moved_on": "2026-11-20", "moves": 1, "new_home": "Oak House", "post_move_review_on": "2026-12-18"},
    "moving_again": False, "nurse_assessor_needed": False,
    "checklist_task": {"item": "1", "action": "Tell the residents and families", "responsible": "Chair",
                       "action_by": "2026-12-10"},
    "lane_roles": {"chaser": "head_of_service"},
    "local_arrangements": {
        "findings_meeting_merged_into_initial_meeting": False, "chair_role": "safeguarding_manager",
        "lead_organisation": "Reading Borough Council", "welfare_checks_within_working_days": 1,
        "initial_meeting_within_working_days": 5, "findings_meeting_within_weeks": 4, "provider_meeting_within_working_days": 5,
        "quality_assurance_weeks": 6, "closure_letters_within_working_days": 5,
        "update_meeting_weeks": {"low": 8, "moderate": 6, "high": 4, "extreme": 2}},
}
SHIPPED = sorted((folder, key) for folder in COUNCIL for source in LIBRARY.sources(folder)
                 for key in process_ids_in(source.content))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """One database with every shipped procedure deployed, shared by this module's tests (each
    moves cases of its own procedure)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "CHECK_EXPLORE_PATHS": 0,
                      "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('shipped') / 'test.db'}",
                      "PROCESSES_DIR": str(ROOT / "processes"), "FORMS_DIR": str(ROOT / "forms"),
                      "FILES_DIR": str(tmp_path_factory.mktemp("files"))})
    engine = app.extensions["concerns"]["engine"]
    Base.metadata.create_all(engine)
    stamp_current_migration(engine)
    clear_spec_cache()
    with app.extensions["concerns"]["sessions"]() as session:
        yield build_world(session, LIBRARY)
    engine.dispose()
    clear_spec_cache()


def _open(session, case) -> list[CaseTask]:
    session.expire_all()
    return list(session.scalars(select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.element_id)))


def _complete(world, tenant, task: CaseTask) -> None:
    """Complete a step with answers its own form accepts (as the explorer makes them)."""
    session = world.session
    run = service.load_run(session, session.get(Case, task.case_id))
    ready = next(t for t in run.ready_tasks() if t.id == task.id)
    schema = bind_schema(run.bundle.forms.get(task.process_key, {}).get(task.form), ready.data) if task.form else None
    rng = random.Random(18)
    for _attempt in range(5):
        try:
            answers = make_answers(schema, rng, clock.now().date(), ready.data)
            service.complete_task(session, tenant=tenant, actor=world.actor(tenant.slug, (task_roles(task.role) or ("admin",))[0]),
                                  task_id=task.id, data=answers)
            return
        except (AnswersNotFound, ServiceError):
            session.rollback()
    pytest.fail(f"no answers completed '{task.element_id}'")


@pytest.mark.parametrize(("folder", "key"), SHIPPED, ids=[key for _folder, key in SHIPPED])
def test_a_running_case_moves_to_a_changed_copy_of_its_procedure(shipped, folder, key):
    world, session = shipped, shipped.session
    tenant = world.tenants[COUNCIL[folder]]
    case = service.start_case(session, tenant=tenant, actor=world.actor(tenant.slug, Role.CONTRACT_OFFICER), process_key=key,
                              provider_id=world.providers[tenant.slug], data=START_DATA)
    assert case.status == CaseStatus.RUNNING, case.error
    current = [t.element_id for t in _open(session, case)]
    due_before = {t.element_id: (t.name, t.due_at) for t in session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}
    timers = list(due_before)
    reached = set().union(*service.load_run(session, case).reached_elements().values())
    content, changes = changed_copy(source_of(LIBRARY, folder, key).content, key, current, timers, reached)
    target = deploy_copy(session, LIBRARY, folder, key, content, note="issue 18: a changed copy")

    preview = preview_migrations(session, tenant=tenant, actor=world.actor(tenant.slug, Role.PROCESS_OWNER), key=key,
                                 version=target.version)
    [moving] = [c for c in preview.cases if c.case_id == case.id]
    assert moving.can_move, moving.refusals
    renamed = [t.name for t in _open(session, case) if t.element_id == changes.renamed]
    for name in renamed:
        assert f"the task '{name}' is waiting and is renamed '{name}{RENAMED_SUFFIX}'" in moving.lines
    if changes.timer in due_before:
        name = due_before[changes.timer][0]
        assert any(line.startswith(f"the timer '{name}' changes from ") and " becomes " in line for line in moving.lines), moving.lines
    if changes.added_after in current:
        assert f"the new step '{ADDED_NAME}' comes after where the case is: it will meet it" in moving.lines

    [outcome] = migrate_cases(session, tenant=tenant, actor=world.actor(tenant.slug, Role.PROCESS_OWNER), key=key,
                              version=target.version, note="Moved onto the fixed diagram", case_ids=[case.id])
    assert outcome.outcome == "moved", outcome.detail
    session.expire_all()
    assert session.get(Case, case.id).definition_id == target.id
    after = _open(session, case)
    assert [t.element_id for t in after] == current
    assert [t.name for t in after if t.element_id == changes.renamed] == [f"{name}{RENAMED_SUFFIX}" for name in renamed]
    # The changed timer is due a working day later; every other waiting timer keeps its due time.
    due_after = {t.element_id: t.due_at for t in session.scalars(select(CaseTimer).where(CaseTimer.case_id == case.id))}
    for element_id, (_name, due) in due_before.items():
        assert (due_after[element_id] > due) if element_id == changes.timer else (due_after[element_id] == due)
    if changes.added_after in current:
        _complete(world, tenant, next(t for t in after if t.element_id == changes.added_after))
        assert ADDED_ID in [t.element_id for t in _open(session, case)]
