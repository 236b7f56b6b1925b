"""``concerns validate``'s checks of diagram files or folders: those inside a processes folder
(one with tenants.toml) are compiled with their folder and its councils; loose ones on their own."""

from __future__ import annotations

from pathlib import Path

from .definitions import ProcessLibrary
from .errors import DefinitionError, Problem
from .tenants import load_tenants

__all__ = ["validate_paths"]


def _processes_root(path: Path) -> Path | None:
    """The processes/ folder a path belongs to: the nearest ancestor holding tenants.toml (None: a
    folder from elsewhere, checked as it is)."""
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if (candidate / ProcessLibrary.TENANTS_FILE).is_file():
            return candidate
    return None


def validate_paths(paths: list[Path], notes: list[str] | None = None) -> list[Problem]:
    """Every problem in the given diagram files or folders (default: the processes folder).
    ``notes`` receives what was checked and where forms were looked for."""
    from .loose_files import check_loose

    problems: list[Problem] = []
    loose = [path for path in paths if not path.exists() or _processes_root(path) is None]
    if loose:
        checked = check_loose(loose)
        problems.extend(checked.problems)
        if notes is not None:
            notes.append(f"{len(checked.diagrams)} diagram(s) checked outside a processes folder (no tenants.toml above them); "
                         "forms looked for in: " + (", ".join(str(p) for p in checked.form_places) or "(no folder found)"))
    for path in paths:
        if path in loose:
            continue
        problems.extend(_validate_in_library(path, _processes_root(path)))
    return problems


def _validate_in_library(path: Path, root: Path) -> list[Problem]:
    library = ProcessLibrary(root, root.parent / "forms")
    problems: list[Problem] = []
    try:
        tenants = load_tenants(root / ProcessLibrary.TENANTS_FILE)
    except DefinitionError as exc:
        tenants = []
        problems.extend(exc.problems)
    if path.resolve() == root:
        folders = library.folders()
    else:
        folder_dir = path.resolve() if path.is_dir() else path.resolve().parent
        folders = [folder_dir.name]
    for folder in folders:
        _, found = library.compile_folder(folder, tenants)
        if path.is_file():
            found = [p for p in found if Path(p.file).name == path.name or not p.file.endswith(".bpmn")]
        problems.extend(found)
    return problems
