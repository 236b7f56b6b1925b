"""``concerns import``: a diagram from another tool, with the mechanical fixes made and the rest listed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.definitions import SourceFile, compile_source, process_ids_in
from engine.foreign_checks import PERSON_NEEDED
from engine.importing import mechanical_fixes
from engine.roles import Role

__all__ = ["import_command"]


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--role", "role", type=click.Choice([r.value for r in Role]), default=None,
              help="The role whose lane takes the user tasks that are in no lane (the process owner picks it).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("imported"), show_default=True,
              help="Where the fixed diagrams and their forms are written (the originals are left alone).")
def import_command(files: tuple[Path, ...], role: str | None, out: Path) -> None:
    """Bring in BPMN files from Camunda, SpiffArena or another modeller: make the fixes a machine can
    make (lanes for unassigned user tasks, starting forms, quoted durations), write the result to
    --out, and list what needs a person. Exit 1 while anything does."""
    out.mkdir(parents=True, exist_ok=True)
    keys = {key for path in files for key in process_ids_in(path.read_bytes())}
    remaining = 0
    for path in files:
        forms = {p.name: p.read_text(encoding="utf-8") for p in sorted(path.parent.glob("*.json"))}
        imported = mechanical_fixes(path.read_bytes(), lane_role=Role(role) if role else None, forms=forms)
        (out / path.name).write_bytes(imported.bpmn)
        for name, text in imported.forms.items():
            (out / name).write_text(text, encoding="utf-8")
        click.echo(f"{path} -> {out / path.name}")
        for fix in imported.fixes:
            click.echo(f"  fixed [{fix.element_id}]: {fix.what}")
        _, problems = compile_source(SourceFile(out.name, str(out / path.name), imported.bpmn),
                                     forms=lambda n: (n, imported.forms[n]) if n in imported.forms else None,
                                     resolves=keys.__contains__)
        for problem in problems:
            where = f"{problem.line}" if problem.line else "?"
            kind = "needs a person" if PERSON_NEEDED in problem.message or not role else "to fix"
            click.echo(f"  {kind} [{problem.element_id}] line {where}: {problem.message}")
        if any("is in no lane" in p.message for p in problems) and not role:
            click.echo("  pick the role whose lane takes the unassigned user tasks: --role contract_officer (or another)")
        remaining += len(problems)
    if remaining:
        click.secho(f"{remaining} problem(s) left for a person; the fixed files are in {out}.", fg="red", err=True)
        sys.exit(1)
    click.secho(f"Every diagram is ready to deploy from {out}.", fg="green")
