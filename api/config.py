"""Configuration from the environment, overridable by the dict given to create_app."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "defaults"]

ROOT = Path(__file__).resolve().parent.parent


def defaults() -> dict:
    instance = Path(os.environ.get("CONCERNS_INSTANCE", ROOT / "instance"))
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'concerns.db'}"),
        # No built-in key: a key anyone can read signs anyone in. `make run` keeps one in
        # instance/secret_key; every other way of serving must be given one (see create_app).
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "PROCESSES_DIR": os.environ.get("CONCERNS_PROCESSES", str(ROOT / "processes")),
        "FORMS_DIR": os.environ.get("CONCERNS_FORMS", str(ROOT / "forms")),
        "INSTANCE_DIR": str(instance),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        # Where a finder reports a security problem (/.well-known/security.txt; api/security_txt.py).
        "SECURITY_CONTACT": os.environ.get("SECURITY_CONTACT", ""),
        "SECURITY_POLICY": os.environ.get("SECURITY_POLICY", ""),
        # Secure cookies need HTTPS; only `make run` (plain http on this machine) turns this off.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "true").lower() != "false",
        # The modeller's Check walks this many paths of each procedure that runs the draft (0: none).
        "CHECK_EXPLORE_PATHS": int(os.environ.get("CONCERNS_CHECK_EXPLORE_PATHS", "3")),
        # Email alerts (api/alerts/senders.py): smtp, notify, or none (they wait in the outbox).
        **{name: os.environ.get(name, default) for name, default in (
            ("ALERTS_TRANSPORT", "none"), ("ALERTS_FROM", "provider-concerns@localhost"), ("ALERTS_BASE_URL", "http://127.0.0.1:5000"),
            ("SMTP_HOST", "localhost"), ("SMTP_PORT", "25"), ("SMTP_USERNAME", ""), ("SMTP_PASSWORD", ""), ("SMTP_STARTTLS", ""),
            ("NOTIFY_API_KEY", ""), ("NOTIFY_TEMPLATE_ID", ""), ("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"))},
    }
