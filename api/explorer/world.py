"""The explorer's throwaway world: a fresh SQLite database with the library deployed, the
councils of its ``tenants.toml``, and a new provider for every path."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker
from SpiffWorkflow.bpmn.specs.event_definitions.simple import NoneEventDefinition

from engine.definitions import CompiledProcess, ProcessLibrary
from engine.roles import caller_named_lane
from engine.tenants import load_tenants

from ..actors import Actor
from ..db import Base, make_engine
from ..definitions.service import deploy_compiled, latest_for_tenant, load_bundle, resolve_bundle
from ..providers.service import create_provider
from ..tenants.models import Tenant
from ..tenants.service import sync_tenants

__all__ = ["ExplorerWorld", "EntryPoint"]

ACTOR = Actor.system("concerns explore")


@dataclass(frozen=True)
class EntryPoint:
    """A procedure a person starts (a plain start event, called by no other procedure), with
    the councils that run this same version of it."""

    key: str
    tenants: tuple[str, ...]


@dataclass
class ExplorerWorld:
    directory: tempfile.TemporaryDirectory
    sessions: sessionmaker
    tenants: dict[str, int] = field(default_factory=dict)
    _providers: itertools.count = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def build(cls, library: ProcessLibrary, replaced: list[CompiledProcess] | None = None) -> "ExplorerWorld":
        """Deploy ``library`` (with ``replaced`` deployed over it, e.g. a modeller draft)."""
        directory = tempfile.TemporaryDirectory(prefix="concerns-explore-")
        engine = make_engine(f"sqlite:///{Path(directory.name) / 'explore.db'}")
        # A throwaway database: nothing to lose in a crash, so no waiting for the disk.
        event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA synchronous=OFF"))
        Base.metadata.create_all(engine)
        world = cls(directory=directory, sessions=sessionmaker(engine, expire_on_commit=False))
        configs = load_tenants(library.processes_root / ProcessLibrary.TENANTS_FILE)
        with world.sessions() as session:
            sync_tenants(session, configs=configs, actor=ACTOR)
            compiled = [p for folder in library.compile_all(configs).values() for p in folder]
            deploy_compiled(session, processes=compiled, actor=ACTOR, note="explore")
            if replaced:
                deploy_compiled(session, processes=replaced, actor=ACTOR, note="explore: draft")
            world.tenants = {t.slug: t.id for t in session.query(Tenant)}
        return world

    def close(self) -> None:
        self.directory.cleanup()

    def tenant(self, session: Session, slug: str) -> Tenant:
        return session.get(Tenant, self.tenants[slug])

    def new_provider(self, session: Session, slug: str) -> int:
        tenant = self.tenant(session, slug)
        number = next(self._providers)
        provider = create_provider(session, tenant_id=tenant.id, name=f"Explorer House {number}", kind="care_home_residential",
                                   regulator="CIW" if tenant.region == "wales" else "CQC",
                                   regulator_id=f"1-{number:09d}", beds=30, actor=ACTOR)
        return provider.id

    def entry_points(self, keys: list[str] | None = None, tenant_slugs: list[str] | None = None,
                     involving: str | None = None) -> list[EntryPoint]:
        """Each startable procedure once per distinct version, with the councils running it
        (only those that run ``involving``, itself or by calling it, when given)."""
        seen: dict[tuple, list[str]] = {}
        unknown = sorted(set(tenant_slugs or ()) - set(self.tenants))
        if unknown:
            raise LookupError(f"no council {', '.join(unknown)} in {ProcessLibrary.TENANTS_FILE}; "
                              f"the councils are: {', '.join(sorted(self.tenants))}")
        with self.sessions() as session:
            for slug in tenant_slugs or sorted(self.tenants):
                tenant = self.tenant(session, slug)
                definitions = latest_for_tenant(session, tenant=tenant)
                called = {key for d in definitions for key in (d.calls or [])}
                for definition in definitions:
                    if definition.key in called or (keys and definition.key not in keys):
                        continue
                    _, bundle_ids = resolve_bundle(session, tenant=tenant, key=definition.key)
                    if involving and involving not in bundle_ids:
                        continue
                    bundle = load_bundle(session, bundle=bundle_ids, key=definition.key)
                    if not _has_plain_start(bundle.spec) or _leaves_roles_to_a_caller(bundle.spec):
                        continue
                    seen.setdefault((definition.key, tuple(sorted(bundle_ids.items()))), []).append(slug)
        return [EntryPoint(key, tuple(slugs)) for (key, _), slugs in sorted(seen.items())]


def _leaves_roles_to_a_caller(spec) -> bool:
    """A process with a lane its caller names is a sub-process: nobody starts it on its own."""
    return any(caller_named_lane(getattr(task, "lane", None)) for task in spec.task_specs.values())


def _has_plain_start(spec) -> bool:
    return any(isinstance(event.event_definition, NoneEventDefinition) for event in spec.bpmn_start_events)
