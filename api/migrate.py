"""Alembic, driven from code so ``concerns db upgrade`` needs no alembic.ini.

Commands that use the database first ask :func:`schema_problem` whether it is at the code's
revision. They do not migrate by themselves: a council's database is upgraded deliberately
(after a backup, by one process), never as a side effect of serving or seeding.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .config import ROOT

__all__ = ["alembic_config", "upgrade", "schema_problem", "UPGRADE_COMMAND"]

UPGRADE_COMMAND = "concerns db upgrade"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def _shown(url: str) -> str:
    """The database's address without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as the user typed it, minus nothing secret we can find
        return url.split("@")[-1]


def schema_problem(engine, url: str) -> str | None:
    """One line saying why the database cannot be used by this code, or None when it can."""
    scripts = ScriptDirectory.from_config(alembic_config(url))
    head = scripts.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"Cannot open the database {_shown(url)}: {reason}"
    if current is None:
        return (f"The database {_shown(url)} has not been set up yet: run `{UPGRADE_COMMAND}` first "
                "(make run does it for you).")
    if current != head and current not in {r.revision for r in scripts.walk_revisions()}:
        return (f"The database {_shown(url)} was migrated by a newer version of Provider Concerns "
                f"(migration {current}); run that version, or restore a backup made for this one.")
    if current != head:
        return (f"The database {_shown(url)} is at migration {current} but this version needs {head}: "
                f"run `{UPGRADE_COMMAND}` first.")
    return None
