"""Deploying definitions and resolving which version a council's case runs.

A definition version is immutable. Deploying unchanged files creates nothing; a changed file
creates the next version in its folder. A council resolves a process id through its ordered
folders (most specific first), taking the latest version in the first folder that has one.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definitions import CompiledProcess, ProcessLibrary
from engine.errors import DefinitionError, Problem
from engine.actions import actions_from_specs
from engine.runtime import Bundle
from engine.serialization import spec_from_dict
from engine.tenants import TenantConfig

from ..actors import Actor
from ..audit.service import record
from ..errors import Invalid, NotFound
from ..tenants.models import Tenant
from .models import DefinitionOrigin, ProcessDefinition
from .uploads import compile_upload, form_lookup_for_upload, sort_upload

__all__ = ["DeployReport", "clear_spec_cache", "deploy_uploaded", "versions_for_tenant", "variant_of", "deploy_compiled", "deploy_library", "resolve", "resolve_bundle", "bundle_of", "load_bundle", "latest_for_tenant", "procedure_names", "overridden", "latest_in_folder", "store_version"]


@dataclass
class DeployReport:
    created: list[ProcessDefinition] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Folder/key pairs whose latest version was made in the modeller: files never replace those.
    kept: list[str] = field(default_factory=list)


def latest_in_folder(session: Session, folder: str, key: str) -> ProcessDefinition | None:
    """The newest version of ``key`` in one folder (a dropped-variant marker included)."""
    return session.scalar(
        select(ProcessDefinition)
        .where(ProcessDefinition.folder == folder, ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )


class _Kept(Exception):
    """The folder's latest version was made in the modeller; the files do not replace it."""


def store_version(session: Session, process: CompiledProcess, actor: Actor, note: str, *,
                  origin: DefinitionOrigin = DefinitionOrigin.FILES, tenant_id: int | None = None) -> ProcessDefinition | None:
    """The next version of ``process`` in its folder, or None when it is the same as the latest.
    Does not commit. Files (``origin`` files) never replace a modeller-made latest version."""
    latest = latest_in_folder(session, process.folder, process.key)
    if origin == DefinitionOrigin.FILES and latest is not None and latest.origin == DefinitionOrigin.MODELLER:
        raise _Kept()
    if latest is not None and latest.checksum == process.checksum and not latest.dropped:
        return None
    definition = ProcessDefinition(
        key=process.key,
        folder=process.folder,
        version=(latest.version + 1) if latest else 1,
        name=process.name,
        checksum=process.checksum,
        source_file=process.file,
        bpmn=process.bpmn.decode("utf-8"),
        forms=dict(process.forms),
        specs=process.specs,
        calls=list(process.calls),
        message_starts=list(process.message_starts),
        roles=list(process.roles),
        note=note,
        deployed_by_id=actor.user_id,
        origin=origin,
    )
    session.add(definition)
    session.flush()
    record(
        session, actor=actor, action="definition_deployed", tenant_id=tenant_id, element_id=process.key,
        detail=f"{process.folder}/{process.key} version {definition.version} from {process.file}" + (f": {note}" if note else ""),
        after={"key": process.key, "folder": process.folder, "version": definition.version, "checksum": process.checksum,
               "origin": str(origin), "note": note},
    )
    return definition


def deploy_compiled(session: Session, *, processes: list[CompiledProcess], actor: Actor, note: str = "",
                    origin: DefinitionOrigin = DefinitionOrigin.FILES, tenant_id: int | None = None) -> DeployReport:
    """Store compiled processes as new versions where they changed. Commits."""
    report = DeployReport()
    for process in processes:
        try:
            stored = store_version(session, process, actor, note, origin=origin, tenant_id=tenant_id)
        except _Kept:
            report.kept.append(f"{process.folder}/{process.key}")
            continue
        if stored is None:
            report.unchanged.append(f"{process.folder}/{process.key}")
        else:
            report.created.append(stored)
    session.commit()
    return report


def deploy_library(session: Session, *, library: ProcessLibrary, tenants: list[TenantConfig], actor: Actor, note: str = "") -> DeployReport:
    """Validate every folder, then deploy; nothing is deployed if anything fails."""
    try:
        compiled = library.compile_all(tenants)
    except DefinitionError as exc:
        raise Invalid(str(exc), errors=[p.as_dict() for p in exc.problems]) from None
    return deploy_compiled(session, processes=[p for folder in compiled.values() for p in folder], actor=actor, note=note)


def resolve(session: Session, *, tenant: Tenant, key: str) -> ProcessDefinition:
    """The definition a new case of ``key`` runs on for this council."""
    rows = session.execute(
        select(ProcessDefinition.folder, func.max(ProcessDefinition.version))
        .where(ProcessDefinition.key == key, ProcessDefinition.folder.in_(tenant.folders))
        .group_by(ProcessDefinition.folder)
    ).all()
    latest = dict(rows)
    for folder in tenant.folders:
        if folder in latest:
            found = session.scalar(
                select(ProcessDefinition).where(
                    ProcessDefinition.folder == folder, ProcessDefinition.key == key, ProcessDefinition.version == latest[folder]
                )
            )
            if not found.dropped:
                return found
    raise NotFound(f"council '{tenant.slug}' has no process '{key}' deployed in its folders ({', '.join(tenant.folders)})")


def _latest_versions(session: Session, tenant: Tenant) -> set[tuple[str, str, int]]:
    """(key, folder, version) of the latest definition of every process id the council can run."""
    order = {folder: index for index, folder in enumerate(tenant.folders)}
    best: dict[str, tuple[int, str, int]] = {}
    dropped = _dropped_latest(session, tenant.folders)
    for key, folder, version in session.execute(
        select(ProcessDefinition.key, ProcessDefinition.folder, func.max(ProcessDefinition.version))
        .where(ProcessDefinition.folder.in_(tenant.folders))
        .group_by(ProcessDefinition.key, ProcessDefinition.folder)
    ):
        if (folder, key, version) in dropped:
            continue
        candidate = (order[folder], folder, version)
        if key not in best or candidate < best[key]:
            best[key] = candidate
    return {(key, folder, version) for key, (_rank, folder, version) in best.items()}


def latest_for_tenant(session: Session, *, tenant: Tenant) -> list[ProcessDefinition]:
    """The latest definition of every process id the council can run, resolved through its folders
    (two queries, whatever the number of processes)."""
    wanted = _latest_versions(session, tenant)
    if not wanted:
        return []
    rows = session.scalars(select(ProcessDefinition).where(ProcessDefinition.key.in_({k for k, _f, _v in wanted}),
                                                           ProcessDefinition.folder.in_(tenant.folders)))
    return sorted((d for d in rows if (d.key, d.folder, d.version) in wanted), key=lambda d: d.key)


def procedure_names(session: Session, *, tenant: Tenant) -> dict[str, str]:
    """Each process id the council can run, with its latest version's name (reading no diagram):
    one statement over its folders' versions (a few hundred rows), as every task list names them.
    Resolved as :func:`_latest_versions` does: the latest version in each folder, unless that is a
    dropped variant's marker, from the council's first folder that has one."""
    latest: dict[tuple[str, str], tuple[int, str, bool]] = {}
    for key, folder, version, name, dropped in session.execute(
            select(ProcessDefinition.key, ProcessDefinition.folder, ProcessDefinition.version, ProcessDefinition.name,
                   ProcessDefinition.dropped).where(ProcessDefinition.folder.in_(tenant.folders))):
        if (key, folder) not in latest or version > latest[key, folder][0]:
            latest[key, folder] = (version, name, bool(dropped))
    order = {folder: index for index, folder in enumerate(tenant.folders)}
    best: dict[str, tuple[int, str]] = {}
    for (key, folder), (_version, name, dropped) in latest.items():
        if not dropped and (key not in best or order[folder] < best[key][0]):
            best[key] = (order[folder], name)
    return {key: name for key, (_rank, name) in best.items()}


def _dropped_latest(session: Session, folders) -> set[tuple[str, str, int]]:
    """(folder, key, version) of the dropped-variant markers; few, so one small query."""
    return set(session.execute(
        select(ProcessDefinition.folder, ProcessDefinition.key, ProcessDefinition.version)
        .where(ProcessDefinition.dropped.is_(True), ProcessDefinition.folder.in_(list(folders)))
    ).all())


def resolve_bundle(session: Session, *, tenant: Tenant, key: str) -> tuple[ProcessDefinition, dict[str, int]]:
    """The definition for ``key`` and the definition ids of everything it calls, transitively."""
    top = resolve(session, tenant=tenant, key=key)
    return top, bundle_of(session, tenant=tenant, top=top)


def bundle_of(session: Session, *, tenant: Tenant, top: ProcessDefinition) -> dict[str, int]:
    """The definition ids a case on ``top`` runs: it, and the council's current version of each
    process it calls, transitively."""
    bundle = {top.key: top.id}
    pending = list(top.calls)
    while pending:
        called = pending.pop()
        if called in bundle:
            continue
        definition = resolve(session, tenant=tenant, key=called)
        bundle[called] = definition.id
        pending.extend(definition.calls)
    return bundle


# --------------------------------------------------------------------------- spec cache

@dataclass(frozen=True)
class _Restored:
    key: str
    spec: object
    embedded: dict
    forms: dict
    actions: dict


class _SpecCache:
    """Restored specs per definition id. Definitions never change, so entries never go stale."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[tuple[str, int], _Restored] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, definition_id: int) -> _Restored:
        # Keyed by database too: the explorer (the modeller's Check) deploys into a throwaway
        # database in the same process, whose ids would otherwise collide with the council's.
        key = (_database_of(session), definition_id)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        definition = session.get(ProcessDefinition, definition_id)
        if definition is None:
            raise NotFound(f"definition {definition_id} is missing")
        restored = _Restored(
            key=definition.key,
            spec=spec_from_dict(definition.specs["spec"]),
            embedded={name: spec_from_dict(s) for name, s in definition.specs.get("embedded", {}).items()},
            forms={name: json.loads(text) for name, text in definition.forms.items()},
            actions=actions_from_specs(definition.specs),
        )
        with self._lock:
            self._items[key] = restored
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return restored


_cache = _SpecCache()
# Each engine's URL as text, made once: rendering a URL costs more than the rest of a lookup.
_DATABASES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _database_of(session: Session) -> str:
    engine = session.get_bind()
    database = _DATABASES.get(engine)
    if database is None:
        database = _DATABASES[engine] = str(engine.url)
    return database


def load_bundle(session: Session, *, bundle: dict[str, int], key: str) -> Bundle:
    """The engine bundle for a case's stored ``{process key: definition id}`` map."""
    parts = {k: _cache.get(session, definition_id) for k, definition_id in bundle.items()}
    top = parts[key]
    subprocess_specs: dict = {}
    forms: dict = {}
    for part_key, part in parts.items():
        if part_key != key:
            subprocess_specs[part_key] = part.spec
        subprocess_specs.update(part.embedded)
        forms[part_key] = part.forms
        for name in part.embedded:
            forms[name] = part.forms
    return Bundle(key=key, spec=top.spec, subprocess_specs=subprocess_specs, forms=forms, actions=top.actions)


def clear_spec_cache() -> None:
    """Forget restored specs (tests reuse definition ids across fresh databases)."""
    with _cache._lock:
        _cache._items.clear()


def versions_for_tenant(session: Session, *, tenant: Tenant, key: str) -> list[ProcessDefinition]:
    """Every version of ``key`` in the council's folders, newest first."""
    rows = list(session.scalars(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key, ProcessDefinition.folder.in_(tenant.folders))
        .order_by(ProcessDefinition.deployed_at.desc(), ProcessDefinition.id.desc())
    ))
    if not rows:
        raise NotFound(f"council '{tenant.slug}' has no process '{key}'")
    return rows


def variant_of(session: Session, *, tenant: Tenant, definition: ProcessDefinition) -> dict | None:
    """The definition this one overrides: the same process id in a later folder of the council's order."""
    found = overridden(session, tenant=tenant, definition=definition)
    return {"folder": found.folder, "version": found.version, "id": found.id} if found else None


def overridden(session: Session, *, tenant: Tenant, definition: ProcessDefinition) -> ProcessDefinition | None:
    """The version the council would run without ``definition``'s folder: the latest of the same
    process id in a later folder of its order (skipping dropped variants there)."""
    later = list(tenant.folders)[list(tenant.folders).index(definition.folder) + 1:] if definition.folder in tenant.folders else []
    for folder in later:
        found = latest_in_folder(session, folder, definition.key)
        if found is not None and not found.dropped:
            return found
    return None


def deploy_uploaded(session: Session, *, tenant: Tenant, files: dict[str, bytes], library: ProcessLibrary, actor: Actor,
                    note: str = "") -> DeployReport:
    """Deploy uploaded BPMN files (and the forms they use) into the council's own folder.

    Forms are looked up among the uploaded files first, then in the council's form folders.
    Call activities must resolve among the uploaded processes and the council's deployed ones.
    """
    from .variants import own_folder  # variants imports this module

    folder = own_folder(tenant)
    upload, problems = sort_upload(files)
    forms = form_lookup_for_upload(tenant, library, folder, upload.forms)
    compiled, found = compile_upload(session, tenant, folder, upload, forms)
    problems.extend(found)
    if problems:
        raise Invalid(f"{len(problems)} problem(s); nothing was deployed", errors=[p.as_dict() for p in problems])
    return deploy_compiled(session, processes=compiled, actor=actor, note=note, origin=DefinitionOrigin.MODELLER,
                           tenant_id=tenant.id)
