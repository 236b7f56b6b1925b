"""Email alerts (issue 24): a task assigned, a deadline near or missed, as each user chooses;
sent by a background job with retries, through SMTP (a local aiosmtpd server) or GOV.UK Notify's
official client (against a local stub of Notify's API), chosen by settings."""

from __future__ import annotations

import datetime as _dt
import json
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from api.alerts.models import Alert, AlertStatus
from api.alerts.senders import NotifySender, SmtpSender, sender_from_settings
from api.alerts.service import MAX_ATTEMPTS, queue_deadline_alerts, save_preferences, send_due_alerts
from api.cases.assignment import assign_task, set_case_owner
from api.cases.models import CaseTask
from engine import clock
from engine.roles import Role
from tests.support.world import complete, open_tasks, start

UTC = _dt.timezone.utc
pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A local SMTP server (aiosmtpd) keeping what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def notify_stub():
    """A local stand-in for GOV.UK Notify's API: POST /v2/notifications/email, answered as Notify does."""
    received = []

    class Notify(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((self.path, self.headers.get("Authorization", ""), body))
            answer = json.dumps({"id": str(uuid.uuid4()), "reference": None, "content": {}, "template": {}}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Notify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()


def _assigned(world, session):
    case = start(world, "simple_review")
    [task] = open_tasks(session, case)
    colleague = world.actor("alpha", Role.CONTRACT_OFFICER).user
    assign_task(session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.HEAD_OF_SERVICE), task_id=task.id,
                assignee_id=colleague.id)
    return case, task, colleague


def test_an_assignment_alert_is_sent_through_smtp(world, session, sessions, smtp_server):
    controller, handler = smtp_server
    _case, task, colleague = _assigned(world, session)
    sender = sender_from_settings({"ALERTS_TRANSPORT": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": controller.port,
                                   "ALERTS_FROM": "alerts@alpha.test"})
    assert send_due_alerts(sessions, sender) == {"sent": 1, "retried": 0, "failed": 0}
    [(to, content)] = handler.messages
    assert to == [colleague.email] and "Subject: Task assigned to you: Review the concern" in content
    assert f"/tasks/{task.id}" in content
    assert send_due_alerts(sessions, sender)["sent"] == 0  # sent once only


def test_a_failed_send_is_retried_later_and_given_up_after_the_last_try(world, session, sessions, smtp_server):
    controller, handler = smtp_server
    _assigned(world, session)
    down = SmtpSender("127.0.0.1", _free_port(), "alerts@alpha.test", timeout=2)
    now = clock.now()
    assert send_due_alerts(sessions, down, now=now) == {"sent": 0, "retried": 1, "failed": 0}
    assert send_due_alerts(sessions, down, now=now)["retried"] == 0  # not yet due again
    up = SmtpSender("127.0.0.1", controller.port, "alerts@alpha.test")
    assert send_due_alerts(sessions, up, now=now + _dt.timedelta(minutes=2))["sent"] == 1
    session.expire_all()
    [alert] = session.scalars(select(Alert))
    assert alert.status == AlertStatus.SENT and alert.attempts == 2 and len(handler.messages) == 1

    # Another alert whose every try fails ends as failed, with its error kept.
    _assigned(world, session)
    later = now
    for _ in range(MAX_ATTEMPTS):
        later += _dt.timedelta(hours=3)
        send_due_alerts(sessions, down, now=later)
    session.expire_all()
    failed = session.scalars(select(Alert).where(Alert.status == AlertStatus.FAILED)).one()
    assert failed.attempts == MAX_ATTEMPTS and "Connection" in failed.last_error


def test_an_alert_is_sent_through_gov_uk_notify_with_its_official_client(world, session, sessions, notify_stub):
    base_url, received = notify_stub
    _case, task, colleague = _assigned(world, session)
    key = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    template = str(uuid.uuid4())
    sender = sender_from_settings({"ALERTS_TRANSPORT": "notify", "NOTIFY_API_KEY": key, "NOTIFY_TEMPLATE_ID": template,
                                   "NOTIFY_BASE_URL": base_url})
    assert isinstance(sender, NotifySender)
    assert send_due_alerts(sessions, sender)["sent"] == 1
    [(path, authorization, body)] = received
    assert path == "/v2/notifications/email" and authorization.startswith("Bearer ")
    assert body["email_address"] == colleague.email and body["template_id"] == template
    assert body["personalisation"]["subject"] == "Task assigned to you: Review the concern"


def test_settings_choose_the_transport_and_say_what_is_missing():
    assert sender_from_settings({"ALERTS_TRANSPORT": "none"}) is None
    with pytest.raises(ValueError, match="NOTIFY_API_KEY"):
        sender_from_settings({"ALERTS_TRANSPORT": "notify"})
    with pytest.raises(ValueError, match="smtp, notify or none"):
        sender_from_settings({"ALERTS_TRANSPORT": "pigeon"})


def test_deadline_alerts_go_to_the_holder_or_owner_once_when_near_and_once_when_missed(world, session):
    case = start(world, "timers")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    notice = next(t for t in open_tasks(session, case) if t.due_at is not None)
    owner = world.actor("alpha", Role.CONTRACT_OFFICER).user
    set_case_owner(session, tenant=world.tenants["alpha"], actor=world.actor("alpha", Role.HEAD_OF_SERVICE), case_id=case.id,
                   owner_id=owner.id)
    due = session.get(CaseTask, notice.id).due_at
    tasks = [t for t in open_tasks(session, case) if t.due_at is not None]

    def within(start, end):
        return len([t for t in tasks if start <= t.due_at < end])

    early, near, late = due - _dt.timedelta(days=5), due - _dt.timedelta(days=1), due + _dt.timedelta(hours=1)
    assert queue_deadline_alerts(session, now=early) == within(early, early + _dt.timedelta(days=2)) == 0  # 2 days by default
    assert queue_deadline_alerts(session, now=near) == within(near, near + _dt.timedelta(days=2)) >= 1
    assert queue_deadline_alerts(session, now=near + _dt.timedelta(hours=1)) == 0  # once
    missed = queue_deadline_alerts(session, now=late)
    assert missed == within(near, late) >= 1
    kinds = {(a.kind, a.email, a.subject) for a in session.scalars(select(Alert))}
    assert ("deadline_near", owner.email, f"Deadline soon: {notice.name}") in kinds
    assert ("deadline_missed", owner.email, f"Deadline missed: {notice.name}") in kinds


def test_a_user_who_wants_no_deadline_alerts_gets_none(world, session):
    case = start(world, "timers")
    complete(world, case, "record_decision", {"decision_date": "2026-11-24"})
    notice = next(t for t in open_tasks(session, case) if t.due_at is not None)
    owner = world.actor("alpha", Role.CONTRACT_OFFICER)
    set_case_owner(session, tenant=world.tenants["alpha"], actor=owner, case_id=case.id, owner_id=owner.user_id)
    save_preferences(session, user=owner.user, actor=owner, on_assignment=True, on_deadline_near=False,
                     on_deadline_missed=False, near_days=2)
    due = session.get(CaseTask, notice.id).due_at
    assert queue_deadline_alerts(session, now=due + _dt.timedelta(hours=1)) == 0
