"""The ``concerns`` command: validate, deploy, councils, users, timers, serve."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from engine import clock
from engine.definitions import ProcessLibrary
from engine.errors import DefinitionError, Problem
from engine.path_checks import validate_paths
from engine.tenants import load_tenants

from .actors import Actor
from .errors import ServiceError

__all__ = ["main", "register", "validate_paths"]


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def _sessions():
    return current_app.extensions["concerns"]["sessions"]


def needs_migrated_database(command):
    """Stop a command with one line naming `concerns db upgrade` when the database is not at
    this code's migration, rather than a SQLAlchemy traceback half-way through."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        from .migrate import schema_problem

        problem = schema_problem(current_app.extensions["concerns"]["engine"], current_app.config["DATABASE_URL"])
        if problem:
            _fail(problem)
        return command(*args, **kwargs)

    return checked


def _library(processes_dir: str | Path | None = None) -> ProcessLibrary:
    processes = Path(processes_dir or current_app.config["PROCESSES_DIR"])
    forms = Path(current_app.config["FORMS_DIR"]) if processes_dir is None else processes.parent / "forms"
    return ProcessLibrary(processes, forms)


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@with_appcontext
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check diagrams and forms; report every problem with file, line and element. A folder with no
    tenants.toml above it (from another tool) is checked as it is, its forms looked for beside it."""
    targets = list(paths) or [Path(current_app.config["PROCESSES_DIR"])]
    notes: list[str] = []
    problems = validate_paths(targets, notes)
    for note in notes:
        click.echo(note)
    for problem in sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.element_id or "")):
        click.echo(str(problem))
    if problems:
        _fail(f"{len(set(problems))} problem(s) found; nothing is deployable until they are fixed.")
    click.secho("All diagrams and forms are valid.", fg="green")


@click.command("deploy")
@click.option("--note", default="", help="Why this deployment (kept with each new version).")
@with_appcontext
@needs_migrated_database
def deploy_command(note: str) -> None:
    """Create or update the councils from processes/tenants.toml, then deploy changed definitions."""
    from .definitions.service import deploy_library
    from .drafts.staffing import unstaffed_warnings
    from .tenants.service import sync_tenants

    library = _library()
    actor = Actor.system("concerns deploy")
    with _sessions()() as session:
        try:
            tenants = load_tenants(library.processes_root / ProcessLibrary.TENANTS_FILE)
            changed = sync_tenants(session, configs=tenants, actor=actor)
            report = deploy_library(session, library=library, tenants=tenants, actor=actor, note=note)
        except DefinitionError as exc:
            _fail(str(exc))
        except ServiceError as exc:
            for error in exc.errors:
                click.echo(str(Problem(**error)))
            _fail("Nothing was deployed.")
    for slug, what in changed.items():
        click.echo(f"council {slug}: {what}")
    for definition in report.created:
        click.echo(f"deployed {definition.folder}/{definition.key} version {definition.version}")
    for kept in report.kept:
        click.echo(f"kept {kept}: its latest version was made in the modeller, so the files do not replace it "
                   "(download it from the procedures library to bring the files up to date)")
    click.echo(f"{len(report.created)} new version(s), {len(report.unchanged)} unchanged, {len(report.kept)} kept.")
    with _sessions()() as session:
        for line in unstaffed_warnings(session, [t.slug for t in tenants]):
            click.echo(line)


@click.group("tenants")
def tenants_group() -> None:
    """Councils."""


@tenants_group.command("add")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--region", required=True, type=click.Choice(["england", "wales"]))
@click.option("--folder", "folders", multiple=True, help="Process folders, most specific first (default: SLUG, shared).")
@with_appcontext
@needs_migrated_database
def tenants_add(slug: str, name: str, region: str, folders: tuple[str, ...]) -> None:
    """Add a council."""
    from .tenants.service import add_tenant

    with _sessions()() as session:
        try:
            tenant = add_tenant(session, slug=slug, name=name, region=region, folders=list(folders) or None,
                                actor=Actor.system("concerns tenants add"))
        except ServiceError as exc:
            _fail(exc.detail)
        click.echo(f"Added {tenant.name} ({tenant.slug}), folders: {', '.join(tenant.folders)}")


@click.group("users")
def users_group() -> None:
    """Users and API tokens."""


@users_group.command("add")
@click.argument("email")
@click.option("--tenant", "tenant_slug", required=True)
@click.option("--role", "roles", multiple=True, help="A council role; give one or more (none for a provider's user).")
@click.option("--provider", "provider_id", type=int, default=None,
              help="A provider's user: the id of the one provider they act for (they see only the provider view).")
@click.option("--name", default="")
@click.option("--password", default=None, help="Omit for an API-only user.")
@with_appcontext
@needs_migrated_database
def users_add(email: str, tenant_slug: str, roles: tuple[str, ...], provider_id: int | None, name: str, password: str | None) -> None:
    """Add a council user with one or more roles, or a provider's user (--provider)."""
    from .users.service import add_user

    with _sessions()() as session:
        try:
            user = add_user(session, email=email, tenant_slug=tenant_slug, roles=list(roles), name=name, password=password,
                            actor=Actor.system("concerns users add"), provider_id=provider_id)
        except ServiceError as exc:
            _fail(exc.detail)
        what = f"the user of provider {provider_id}" if provider_id else ", ".join(sorted(str(r) for r in user.roles))
        click.echo(f"Added {user.email} to {tenant_slug} as {what}")


@users_group.command("token")
@click.argument("email")
@click.option("--days", default=90, show_default=True)
@with_appcontext
@needs_migrated_database
def users_token(email: str, days: int) -> None:
    """Issue an API token (shown once)."""
    from .users.service import issue_token

    with _sessions()() as session:
        try:
            token = issue_token(session, email=email, days=days, actor=Actor.system("concerns users token"))
        except ServiceError as exc:
            _fail(exc.detail)
    click.echo(token)


@click.group("alerts")
def alerts_group() -> None:
    """Email alerts: tasks assigned, deadlines near or missed."""


@alerts_group.command("run")
@click.option("--once", is_flag=True, help="Queue and send what is due, then exit.")
@click.option("--every", default=60, show_default=True, help="Seconds between rounds.")
@with_appcontext
@needs_migrated_database
def alerts_run(once: bool, every: int) -> None:
    """Queue deadline alerts and send every alert due, retrying failures (safe to stop at any time)."""
    from .alerts.senders import sender_from_settings
    from .alerts.service import queue_deadline_alerts, send_due_alerts

    try:
        sender = sender_from_settings(current_app.config)
    except ValueError as exc:
        _fail(str(exc))
    while True:
        with _sessions()() as session:
            queued = queue_deadline_alerts(session)
        counts = send_due_alerts(_sessions(), sender) if sender else {"sent": 0, "retried": 0, "failed": 0}
        click.echo(f"{clock.now().isoformat()}: queued {queued}, sent {counts['sent']}, to retry {counts['retried']}, "
                   f"failed {counts['failed']}" + ("" if sender else " (ALERTS_TRANSPORT is none: alerts wait)"))
        if once:
            return
        time.sleep(every)


@click.group("timers")
def timers_group() -> None:
    """Statutory timescales."""


@timers_group.command("run")
@click.option("--now", "now_text", default=None, help="Fire as if it were this instant (ISO 8601 with offset).")
@click.option("--once", is_flag=True, help="Fire what is due and exit.")
@click.option("--every", default=30, show_default=True, help="Seconds between rounds.")
@with_appcontext
@needs_migrated_database
def timers_run(now_text: str | None, once: bool, every: int) -> None:
    """Fire due timers (safe to run several at once)."""
    from .cases.scheduler import run_due_timers

    if now_text:
        try:
            clock.set_clock(now_text)
        except (ValueError, TypeError) as exc:
            _fail(str(exc))
    while True:
        result = run_due_timers(_sessions())
        click.echo(f"{clock.now().isoformat()}: fired {result.timers} timer(s) in {result.cases} case(s)"
                   + (f", {result.conflicts} retried later" if result.conflicts else ""))
        if once:
            return
        time.sleep(every)


@click.group("db")
def db_group() -> None:
    """Database migrations."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply every migration."""
    from .migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("demo")
@with_appcontext
@needs_migrated_database
def demo_command() -> None:
    """Seed the demo councils' providers and users (idempotent); print sign-in details."""
    from .demo import seed

    with _sessions()() as session:
        for line in seed(session):
            click.echo(line)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
@needs_migrated_database
def serve_command(host: str, port: int) -> None:
    """Serve the app (Werkzeug's threaded server: fine for a demo or a small council's intranet)."""
    from werkzeug.serving import run_simple

    if current_app.config.get("SECRET_KEY_THROWAWAY"):
        _fail("SECRET_KEY is not set, or is a published or short key: serving needs a long random key of its own "
              "(`make run` keeps one in instance/secret_key).")

    click.echo(f"Serving Provider Concerns on http://{host}:{port}/")
    run_simple(host, port, current_app._get_current_object(), use_reloader=False, threaded=True)


@click.command("explore")
@click.argument("keys", nargs=-1)
@click.option("--tenant", "tenants", multiple=True, help="Only this council's procedures (repeatable).")
@click.option("--paths", default=20, show_default=True, help="Paths to walk per procedure.")
@click.option("--seed", default=1, show_default=True, help="The same seed walks the same paths.")
@click.option("--max-steps", default=300, show_default=True, help="Steps after which a path is cut.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_appcontext
def explore_command(keys: tuple[str, ...], tenants: tuple[str, ...], paths: int, seed: int, max_steps: int,
                    as_json: bool) -> None:
    """Walk every path of the procedures on a throwaway database; exit 1 on any defect."""
    from .explorer import ExploreOptions, explore, render_json, render_text

    try:
        reports = explore(_library(), ExploreOptions(keys=keys, tenants=tenants, paths=paths, seed=seed, max_steps=max_steps))
    except LookupError as exc:
        _fail(str(exc))
    if not reports:
        _fail("No procedure matched: give process ids a council starts (see the procedures library) or no argument.")
    click.echo(render_json(reports) if as_json else render_text(reports))
    defects = sum(len(r.defects) for r in reports)
    if defects:
        _fail(f"{defects} defect(s) in {sum(1 for r in reports if r.defects)} procedure(s).")
    if not as_json:
        click.secho(f"No defect in {len(reports)} procedure(s).", fg="green")


@click.command("openapi")
@click.option("--write", is_flag=True, help="Write api/openapi.json instead of printing.")
@with_appcontext
def openapi_command(write: bool) -> None:
    """Print (or write) the OpenAPI document of the REST API."""
    from .openapi_doc import render_openapi
    from .rest import OPENAPI_FILE

    text = render_openapi(current_app._get_current_object())
    if write:
        OPENAPI_FILE.write_text(text)
        click.echo(f"Wrote {OPENAPI_FILE}")
    else:
        click.echo(text, nl=False)


def register(app: Flask) -> None:
    from .case_migrations.cli import cases_group
    from .cli_import import import_command

    for command in (validate_command, deploy_command, tenants_group, users_group, timers_group, alerts_group, db_group,
                    demo_command, serve_command, explore_command, openapi_command, cases_group, import_command):
        app.cli.add_command(command)


def _create_app():
    """The app for a command. Commands that sign no cookies (validate, deploy, db upgrade...)
    run without a SECRET_KEY on a throwaway one; ``serve`` refuses it (see serve_command)."""
    import os
    import secrets

    from . import MissingSecretKey, create_app

    if os.environ.get("SECRET_KEY"):
        try:
            return create_app()
        except MissingSecretKey:
            pass  # a published or short key: serve_command says so
    return create_app({"SECRET_KEY": secrets.token_hex(32), "SECRET_KEY_THROWAWAY": True})


main = FlaskGroup(create_app=_create_app, add_default_commands=False, help="Provider Concerns: procedures for providers that give cause for concern.")
