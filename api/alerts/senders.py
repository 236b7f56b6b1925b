"""Sending an alert: by SMTP, or by GOV.UK Notify with its official client. Settings choose:

* ``ALERTS_TRANSPORT``: ``smtp``, ``notify`` or ``none`` (alerts wait in the outbox);
* SMTP: ``SMTP_HOST``, ``SMTP_PORT``, ``SMTP_USERNAME``/``SMTP_PASSWORD`` (optional), ``SMTP_STARTTLS``, ``ALERTS_FROM``;
* Notify: ``NOTIFY_API_KEY``, ``NOTIFY_TEMPLATE_ID`` (an email template whose subject is
  ``((subject))`` and body ``((body))``) and ``NOTIFY_BASE_URL`` (Notify's own by default).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Mapping, Protocol

__all__ = ["Sender", "SmtpSender", "NotifySender", "sender_from_settings"]


class Sender(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


@dataclass
class SmtpSender:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10

    def send(self, *, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


@dataclass
class NotifySender:
    api_key: str
    template_id: str
    base_url: str = "https://api.notifications.service.gov.uk"

    def send(self, *, to: str, subject: str, body: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(self.api_key, base_url=self.base_url)
        client.send_email_notification(email_address=to, template_id=self.template_id,
                                       personalisation={"subject": subject, "body": body})


def sender_from_settings(settings: Mapping) -> Sender | None:
    """The sender the settings choose, or None when alerts are not sent (they wait)."""
    transport = (settings.get("ALERTS_TRANSPORT") or "none").lower()
    if transport == "smtp":
        return SmtpSender(settings.get("SMTP_HOST") or "localhost", int(settings.get("SMTP_PORT") or 25),
                          settings.get("ALERTS_FROM") or "provider-concerns@localhost", settings.get("SMTP_USERNAME") or "",
                          settings.get("SMTP_PASSWORD") or "", str(settings.get("SMTP_STARTTLS", "")).lower() in ("1", "true", "yes"))
    if transport == "notify":
        if not settings.get("NOTIFY_API_KEY") or not settings.get("NOTIFY_TEMPLATE_ID"):
            raise ValueError("ALERTS_TRANSPORT is notify: set NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID")
        return NotifySender(settings["NOTIFY_API_KEY"], settings["NOTIFY_TEMPLATE_ID"],
                            settings.get("NOTIFY_BASE_URL") or "https://api.notifications.service.gov.uk")
    if transport == "none":
        return None
    raise ValueError(f"ALERTS_TRANSPORT must be smtp, notify or none, not '{transport}'")
