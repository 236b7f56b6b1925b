"""gunicorn settings for production: ``gunicorn -c python:api.gunicorn_conf 'api.wsgi:app'``.

Every setting can be overridden on the command line or with GUNICORN_CMD_ARGS. Workers are
processes (sync workers: each request holds one for its whole length, which suits requests that
spend most of their time in the database); twice the cores plus one is gunicorn's advice.
"""

from __future__ import annotations

import multiprocessing
import os

__all__ = ["bind", "workers", "timeout", "graceful_timeout", "accesslog", "max_requests", "max_requests_jitter"]

bind = os.environ.get("CONCERNS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CONCERNS_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 60
graceful_timeout = 30
accesslog = "-"
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
