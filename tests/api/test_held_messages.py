"""A message a case sends before its own catching step waits is held, then delivered when it
does (issue 20: a JIMP's recommendation to remove a suspension still being decided)."""

from __future__ import annotations

from sqlalchemy import select

from api.audit.models import AuditEvent
from api.cases.held_messages import MESSAGE_HELD, held_messages
from api.cases.service import case_data
from engine.roles import Role
from tests.support.world import complete, open_elements, open_tasks, start


def _actions(world, case):
    return [e.action for e in world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                                    .order_by(AuditEvent.id))]


def test_a_recommendation_sent_before_the_step_that_hears_it_waits_is_held_then_delivered(world):
    case = start(world, "held_message")
    assert sorted(open_elements(world, case)) == ["prepare", "recommend"]
    complete(world, case, "recommend", {"note": "Lift the suspension: audits clean for six weeks."})
    [held] = held_messages(world.session, case.id)
    assert held.name == "recommendation_made" and held.payload["note"].startswith("Lift the suspension")
    assert MESSAGE_HELD in _actions(world, case)
    assert open_elements(world, case) == ["prepare"]

    complete(world, case, "prepare", {"note": "Ready"})
    assert open_elements(world, case) == ["act_on_recommendation"]
    [task] = open_tasks(world.session, case)
    assert "audits clean for six weeks" in task.instructions
    assert held_messages(world.session, case.id) == []
    assert case_data(world.session, case)["recommendation"]["note"].startswith("Lift the suspension")
    received = world.session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                              AuditEvent.action == "message_received")).one()
    assert "held since" in received.detail


def test_a_recommendation_sent_while_the_step_waits_is_delivered_at_once(world):
    case = start(world, "held_message")
    complete(world, case, "prepare", {"note": "Ready"})
    complete(world, case, "recommend", {"note": "Keep it."})
    assert open_elements(world, case) == ["act_on_recommendation"]
    assert held_messages(world.session, case.id) == [] and MESSAGE_HELD not in _actions(world, case)


def test_a_message_another_case_waits_for_goes_there_and_is_not_held(world):
    first = start(world, "held_message")
    second = start(world, "held_message")
    complete(world, second, "prepare", {"note": "Ready"})
    complete(world, first, "recommend", {"note": "For the first case"})
    # The second case of the same provider waits for it, so it goes there, as messages between cases do.
    assert sorted(open_elements(world, second)) == ["act_on_recommendation", "recommend"]
    assert held_messages(world.session, first.id) == []
    assert open_elements(world, first) == ["prepare"]


def test_a_message_that_starts_another_case_is_not_held(world):
    radar = start(world, "radar_referral", role="chair")
    complete(world, radar, "decide", {"outcome": "qpip"})
    assert held_messages(world.session, radar.id) == []


def test_the_case_page_and_the_rest_case_say_what_is_held_until_its_step_is_reached(app, http, world, session):
    from tests.support.web import web_user

    case = start(world, "held_message")
    complete(world, case, "recommend", {"note": "Confidential grounds"})
    body = http.get(f"/api/v1/cases/{case.id}").json
    assert [m["name"] for m in body["held_messages"]] == ["recommendation_made"]
    page = web_user(app, session, "alpha", Role.CONTRACT_OFFICER).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Waiting for a step of this case" in page and "Recommendation made, sent" in page
    assert "Confidential grounds" not in page.split("Waiting for a step of this case")[1].split("</ul>")[0]
    complete(world, case, "prepare", {"note": "Ready"})
    assert http.get(f"/api/v1/cases/{case.id}").json["held_messages"] == []


def test_a_message_from_another_case_waits_for_the_provider_case_that_hears_it(world):
    # As a Lancashire suspension (a case of its own) reports its outcome when no QPIP review listens.
    listener = start(world, "held_message")
    complete(world, listener, "recommend", {"note": "Its own recommendation"})
    assert [h.payload["note"] for h in held_messages(world.session, listener.id)] == ["Its own recommendation"]
    sender = start(world, "recommendation_sender")
    complete(world, sender, "recommend", {"note": "From the other case"})
    assert [h.payload["note"] for h in held_messages(world.session, listener.id)] == [
        "Its own recommendation", "From the other case"]
    assert held_messages(world.session, sender.id) == []
    complete(world, listener, "prepare", {"note": "Ready"})
    # The catch takes the oldest first; the other stays held (nothing else in the case listens now).
    assert case_data(world.session, listener)["recommendation"]["note"] == "Its own recommendation"
    assert [h.payload["note"] for h in held_messages(world.session, listener.id)] == ["From the other case"]
