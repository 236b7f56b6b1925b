"""The WSGI application for a production server: ``gunicorn --workers 4 'api.wsgi:app'``.

Configuration comes from the environment (``DATABASE_URL``, ``SECRET_KEY``, ...; see
api/config.py). Each gunicorn worker is its own process with its own connection pool and spec
cache; the database's locks (per case part) are what keeps concurrent changes apart.
"""

from __future__ import annotations

from . import create_app

__all__ = ["app"]

app = create_app()
