"""Messages between cases, cases in error and their retry, definition versions, concurrent changes."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from api.actors import Actor
from api.audit.models import AuditEvent
from api.cases.models import Case, CaseStatus
from api.cases.service import case_data, complete_task, deliver_message, retry_case
from api.definitions.models import ProcessDefinition
from api.definitions.service import deploy_compiled, resolve
from api.errors import Conflict, Forbidden, NotFound
from engine.definitions import ProcessLibrary, SourceFile, compile_source
from engine.roles import Role
from tests.support.world import FIXTURES, complete, open_elements, open_tasks, start


def test_a_radar_decision_starts_a_qpip_case_for_the_same_provider_and_hears_its_outcome(world):
    radar = start(world, "radar_referral", role=Role.CHAIR)
    complete(world, radar, "decide", {"outcome": "qpip"})
    [qpip] = world.session.scalars(select(Case).where(Case.process_key == "qpip")).all()
    assert qpip.provider_id == radar.provider_id
    assert open_elements(world, qpip) == ["qpip_plan"]
    assert case_data(world.session, qpip)["level"] == 2
    assert radar.status == CaseStatus.RUNNING
    complete(world, qpip, "qpip_plan", {"plan": "Improve care plans", "review_date": "2027-01-15"})
    world.session.refresh(radar)
    assert qpip.status == CaseStatus.COMPLETED
    assert radar.status == CaseStatus.COMPLETED
    assert case_data(world.session, radar)["qpip_outcome"]["result"] == "improved"
    actions = [e.action for e in world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == radar.id))]
    assert "message_sent" in actions and "message_received" in actions


def test_a_message_for_another_provider_does_not_reach_the_case(world):
    radar = start(world, "radar_referral", role=Role.CHAIR)
    complete(world, radar, "decide", {"outcome": "qpip"})
    with pytest.raises(NotFound):
        deliver_message(world.session, tenant=world.tenants["alpha"], actor=Actor.system("tests"), name="qpip_outcome",
                        correlation={"provider_id": 999_999}, payload={"provider_id": 999_999, "result": "x"})
    world.session.refresh(radar)
    assert radar.status == CaseStatus.RUNNING


def test_a_failing_script_puts_the_case_in_error_with_the_step_and_line(world):
    case = start(world, "script_failure")
    assert case.status == CaseStatus.ERROR
    assert case.error["element_id"] == "compute_ratio"
    assert case.error["line"] == 2
    assert "divisor" in case.error["message"]
    failed = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "case_failed")).one()
    assert "compute_ratio" in failed.detail and "line 2" in failed.detail


def test_an_administrator_retries_a_case_in_error_after_a_fix_and_nothing_is_lost(world):
    case = start(world, "script_failure", data={"requested_by": "QA team"})
    with pytest.raises(Forbidden):
        retry_case(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.CONTRACT_OFFICER), case_id=case.id)
    retry_case(world.session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.ADMIN), case_id=case.id,
               data={"divisor": 4})
    assert case.status == CaseStatus.RUNNING and case.error is None
    data = case_data(world.session, case)
    assert data["ratio"] == 2.5 and data["requested_by"] == "QA team"
    assert open_elements(world, case) == ["after_ratio"]


def _edited_simple_review(extra_task_name: str) -> SourceFile:
    path = FIXTURES / "processes" / "shared" / "simple_review.bpmn"
    text = path.read_text().replace('name="Review the concern"', f'name="{extra_task_name}"')
    return SourceFile(folder="shared", path="processes/shared/simple_review.bpmn", content=text.encode())


def _redeploy(world, source: SourceFile):
    library = ProcessLibrary(FIXTURES / "processes", FIXTURES / "forms")
    compiled, problems = compile_source(source, forms=library.form_lookup("shared"))
    assert problems == []
    return deploy_compiled(world.session, processes=compiled, actor=Actor.system("tests"))


def test_deploying_unchanged_files_creates_no_new_version(world):
    report = _redeploy(world, _edited_simple_review("Review the concern"))
    assert report.created == [] and report.unchanged == ["shared/simple_review"]


def test_running_cases_keep_their_version_and_new_cases_get_the_latest(world):
    old_case = start(world, "simple_review")
    report = _redeploy(world, _edited_simple_review("Review the concern (revised)"))
    [new_version] = report.created
    assert new_version.version == 2
    new_case = start(world, "simple_review")
    assert old_case.definition_id != new_case.definition_id == new_version.id
    assert open_tasks(world.session, old_case)[0].name == "Review the concern"
    assert open_tasks(world.session, new_case)[0].name == "Review the concern (revised)"
    versions = world.session.scalars(select(ProcessDefinition.version).where(ProcessDefinition.key == "simple_review")).all()
    assert sorted(versions) == [1, 2]


def test_a_council_variant_overrides_the_shared_process_only_for_that_council(world):
    alpha = resolve(world.session, tenant=world.tenants["alpha"], key="meeting")
    beta = resolve(world.session, tenant=world.tenants["beta"], key="meeting")
    assert (alpha.folder, beta.folder) == ("alpha", "shared")


def test_the_spec_is_stored_once_per_version_not_in_each_case(world):
    case = start(world, "simple_review")
    assert "spec" not in case.state and "subprocess_specs" not in case.state
    definition = world.session.get(ProcessDefinition, case.definition_id)
    assert "task_specs" in definition.specs["spec"]


def test_two_people_completing_the_same_task_one_succeeds_one_conflicts(world, sessions):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    version_before = case.version
    actor_id = world.actor("alpha", Role.CONTRACT_OFFICER).user.id
    tenant_id = world.tenants["alpha"].id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(score):
        from api.tenants.models import Tenant
        from api.users.models import User

        with sessions() as session:
            tenant = session.get(Tenant, tenant_id)
            actor = Actor.of(session.get(User, actor_id))
            barrier.wait()
            try:
                complete_task(session, tenant=tenant, actor=actor, task_id=task.id, data={"score_a": score, "score_b": 1})
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    world.session.expire_all()
    case = world.session.get(Case, case.id)
    assert case.status == CaseStatus.COMPLETED and case.version == version_before + 1
    completions = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "task_completed")).all()
    assert len(completions) == 1


def test_completing_a_task_twice_is_a_conflict(world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    actor = world.actor("alpha", Role.CONTRACT_OFFICER)
    complete_task(world.session, tenant=world.tenants["alpha"], actor=actor, task_id=task.id, data={"score_a": 1, "score_b": 1})
    with pytest.raises(Conflict):
        complete_task(world.session, tenant=world.tenants["alpha"], actor=actor, task_id=task.id, data={"score_a": 1, "score_b": 1})


def test_another_councils_task_is_not_found(world):
    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    with pytest.raises(NotFound):
        complete_task(world.session, tenant=world.tenants["beta"], actor=world.actor("beta", Role.CONTRACT_OFFICER),
                      task_id=task.id, data={"score_a": 1, "score_b": 1})


def test_a_thrown_message_is_routed_once_not_again_at_the_next_change(world):
    radar = start(world, "radar_referral", role=Role.CHAIR)
    complete(world, radar, "decide", {"outcome": "qpip"})
    assert "request" not in str(radar.state.get("bpmn_events", []))
    [qpip] = world.session.scalars(select(Case).where(Case.process_key == "qpip")).all()
    complete(world, qpip, "qpip_plan", {"plan": "Improve care plans", "review_date": "2027-01-15"})
    assert len(world.session.scalars(select(Case).where(Case.process_key == "qpip")).all()) == 1
