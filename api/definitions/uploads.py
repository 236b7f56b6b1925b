"""Uploaded definition files, sorted by kind, checked and compiled for the council's own folder
before ``service.deploy_uploaded`` deploys them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition_checks import FORM_FILE_NAME, FormLookup
from engine.definitions import CompiledProcess, ProcessLibrary, SourceFile, call_cycle_problems, compile_source, process_ids_in
from engine.errors import Problem

from ..tenants.models import Tenant
from .models import ProcessDefinition

__all__ = ["Upload", "sort_upload", "form_lookup_for_upload", "compile_upload"]


@dataclass(frozen=True)
class Upload:
    """The uploaded files by kind, name -> content."""

    bpmn: dict[str, bytes]
    forms: dict[str, bytes]
    decisions: dict[str, bytes]


def sort_upload(files: dict[str, bytes]) -> tuple[Upload, list[Problem]]:
    """The files by kind, and what is wrong with the upload as a whole: files of other kinds, form
    names the modeller would not take, no diagram at all."""
    bpmn = {name: content for name, content in files.items() if name.endswith(".bpmn")}
    forms = {name: content for name, content in files.items() if name.endswith(".json")}
    decisions = {name: content for name, content in files.items() if name.endswith(".dmn")}
    unknown = sorted(set(files) - set(bpmn) - set(forms) - set(decisions))
    problems = [Problem(name, None, None, "only .bpmn diagrams, .dmn decision tables and .json forms can be deployed")
                for name in unknown]
    # The modeller's rule for form names too, so what deploys here can be opened and edited there.
    problems += [Problem(name, None, None, "a form file is named '<name>.json' with letters, digits, spaces, '-', '_' and '.'")
                 for name in sorted(forms) if not FORM_FILE_NAME.match(name)]
    if not bpmn:
        problems.append(Problem("(upload)", None, None, "no .bpmn file was uploaded"))
    return Upload(bpmn, forms, decisions), problems


def form_lookup_for_upload(tenant: Tenant, library: ProcessLibrary, folder: str, forms: dict[str, bytes]) -> FormLookup:
    """Where the uploaded diagrams' forms are found: among the uploaded forms first (one that is not
    UTF-8 reads as a replacement character, which is not JSON), then in the council's form folders."""
    disk = library.form_lookup(folder)

    def lookup(name: str):
        if name in forms:
            try:
                return name, forms[name].decode("utf-8")
            except UnicodeDecodeError:
                return name, "\ufffd"
        for candidate in tenant.folders:
            found = library.form_lookup(candidate)(name)
            if found:
                return found
        return disk(name)

    return lookup


def compile_upload(session: Session, tenant: Tenant, folder: str, upload: Upload,
                   forms: FormLookup) -> tuple[list[CompiledProcess], list[Problem]]:
    """Each uploaded diagram compiled into the council's folder, and every problem found. Call
    activities must resolve among the uploaded processes and the council's deployed ones."""
    uploaded_keys = {key for content in upload.bpmn.values() for key in process_ids_in(content)}
    deployed_keys = set(session.scalars(select(ProcessDefinition.key).where(ProcessDefinition.folder.in_(tenant.folders))))
    compiled: list[CompiledProcess] = []
    problems: list[Problem] = []
    for name, content in sorted(upload.bpmn.items()):
        result, found = compile_source(SourceFile(folder, name, content), forms=forms,
                                       resolves=lambda key: key in uploaded_keys or key in deployed_keys,
                                       decisions=upload.decisions, councils={tenant.slug: tenant.declared_roles()})
        compiled.extend(result)
        problems.extend(found)
    problems.extend(call_cycle_problems(compiled))  # processes of the upload calling each other in a circle
    return compiled, problems
