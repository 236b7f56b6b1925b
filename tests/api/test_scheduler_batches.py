"""The scheduler fires due cases in batches, one transaction each: a round still fires every
case, and a case that collides with someone's change waits for the next round while the rest
of its batch fire at once."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import func, select

from api.audit.models import AuditEvent
from api.cases import scheduler
from api.cases.models import CaseTimer
from api.errors import Conflict
from engine import clock
from tests.support.world import complete, start

UTC = _dt.timezone.utc
DECIDED = _dt.datetime(2026, 11, 24, 9, tzinfo=UTC)


def _decided_cases(world, count: int) -> list:
    clock.set_clock(DECIDED)
    cases = []
    for _ in range(count):
        case = start(world, "timers")
        complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
        cases.append(case)
    clock.set_clock(DECIDED + _dt.timedelta(days=30))  # all three timers of every case are due
    return cases


def _fired(session, case) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "timer_fired", AuditEvent.case_id == case.id))


def _still_due(session, case) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(CaseTimer).where(CaseTimer.case_id == case.id))


def test_a_round_fires_every_due_case_over_several_transactions(world, sessions, monkeypatch):
    cases = _decided_cases(world, 5)
    monkeypatch.setattr(scheduler, "CASES_PER_TRANSACTION", 2)
    commits = []
    real_factory = sessions

    def counting_sessions():
        session = real_factory()
        original = session.commit
        session.commit = lambda: (commits.append(1), original())[1]
        return session

    result = scheduler.run_due_timers(counting_sessions)
    assert (result.cases, result.timers, result.conflicts) == (5, 15, 0)
    assert len(commits) == 3  # 2 + 2 + 1 cases
    assert [_fired(world.session, case) for case in cases] == [3] * 5
    assert [_still_due(world.session, case) for case in cases] == [0] * 5


def test_a_case_that_collides_waits_for_the_next_round_and_the_rest_of_its_batch_fire(world, sessions, monkeypatch):
    cases = _decided_cases(world, 3)
    colliding = cases[1]
    real_fire = scheduler.fire_case_timers

    def someone_else_changed_it(session, *, case, actor):
        if case.id == colliding.id:
            real_fire(session, case=case, actor=actor)  # its writes are rolled back with the batch
            raise Conflict("the case was changed by someone else at the same time; reload it and try again")
        return real_fire(session, case=case, actor=actor)

    monkeypatch.setattr(scheduler, "fire_case_timers", someone_else_changed_it)
    first = scheduler.run_due_timers(sessions)
    assert (first.cases, first.timers, first.conflicts) == (2, 6, 1)
    assert [_fired(world.session, case) for case in cases] == [3, 0, 3]
    assert _still_due(world.session, colliding) == 3  # nothing of its batch's first try was kept

    monkeypatch.setattr(scheduler, "fire_case_timers", real_fire)
    second = scheduler.run_due_timers(sessions)
    assert (second.cases, second.timers, second.conflicts) == (1, 3, 0)
    assert _fired(world.session, colliding) == 3
