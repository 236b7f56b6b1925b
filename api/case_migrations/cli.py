"""``concerns cases migrate KEY --to VERSION [--case ID...] [--dry-run] --note TEXT``."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..actors import Actor
from ..cli import needs_migrated_database
from ..errors import ServiceError

__all__ = ["cases_group"]


@click.group("cases")
def cases_group() -> None:
    """Running cases."""


def _actor(session, tenant, email: str | None) -> Actor:
    """The process owner named by ``--by`` (kept in each case's history), or the command itself."""
    from ..users.service import get_user

    if not email:
        return Actor.system("concerns cases migrate")
    user = get_user(session, email=email)
    if user.tenant_id != tenant.id:
        raise ServiceError(f"{email} is not a user of {tenant.slug}")
    return Actor.of(user)


def _show_preview(preview) -> None:
    if not preview.cases:
        click.echo(f"No running case of {preview.key} is on another version than {preview.to_version}.")
    for case in preview.cases:
        verdict = "can move" if case.can_move else "cannot move"
        click.echo(f"Case {case.case_id} ({case.provider}), on {case.from_version}: {verdict}")
        for line in case.lines + case.refusals:
            click.echo(f"  - {line}")


@cases_group.command("migrate")
@click.argument("key")
@click.option("--to", "version", type=click.IntRange(1, 1_000_000), required=True, help="The version to move the cases to.")
@click.option("--tenant", "tenant_slug", required=True, help="The council whose cases move.")
@click.option("--case", "case_ids", type=click.IntRange(1, 2**31 - 1), multiple=True,
              help="A case to move (repeat); without it, every running case on another version.")
@click.option("--dry-run", is_flag=True, help="Only say what moving would do.")
@click.option("--note", default="", help="Why the cases move (required to move; kept in each case's history).")
@click.option("--by", "email", default=None, help="The process owner moving them (default: this command).")
@with_appcontext
@needs_migrated_database
def migrate_command(key: str, version: int, tenant_slug: str, case_ids: tuple[int, ...], dry_run: bool, note: str,
                    email: str | None) -> None:
    """Move running cases of KEY to another version, or preview the move (--dry-run)."""
    from ..tenants.service import get_tenant
    from . import service

    with current_app.extensions["concerns"]["sessions"]() as session:
        try:
            tenant = get_tenant(session, slug=tenant_slug)
            actor = _actor(session, tenant, email)
            if dry_run:
                preview = service.preview_migrations(session, tenant=tenant, actor=actor, key=key, version=version)
                if case_ids:
                    preview.cases = [c for c in preview.cases if c.case_id in set(case_ids)]
                _show_preview(preview)
                return
            outcomes = service.migrate_cases(session, tenant=tenant, actor=actor, key=key, version=version, note=note,
                                             case_ids=list(case_ids) or None)
        except ServiceError as exc:
            click.secho(exc.detail, fg="red", err=True)
            sys.exit(1)
    for outcome in outcomes:
        click.secho(f"Case {outcome.case_id}: {outcome.outcome}: {outcome.detail}", fg="green" if outcome.outcome == "moved" else "red")
    click.echo(f"{sum(o.outcome == 'moved' for o in outcomes)} of {len(outcomes)} case(s) moved to version {version}.")
    if any(o.outcome != "moved" for o in outcomes):
        sys.exit(1)
