"""Every shipped diagram survives the modeller: opened, saved, reopened.

For each diagram in processes/: open it in the modeller page as a draft, save it with bpmn-js,
then check the saved XML reopens with no import warnings, keeps every spiffworkflow extension
element and attribute exactly, passes `concerns validate`'s checks and bpmnlint.
"""

from __future__ import annotations

import subprocess

from lxml import etree

from api.drafts.models import ProcessDraft
from engine.definitions import NS, ProcessLibrary, SourceFile, compile_source, process_ids_in
from engine.roles import Role
from tests.browser.conftest import ROOT, signed_in_context
from tests.support.web import PASSWORD, web_user

SPIFF = NS["spiffworkflow"]
DIAGRAMS = sorted((ROOT / "processes").glob("*/*.bpmn"))


def spiffworkflow_parts(xml: bytes) -> list[tuple]:
    """Every spiffworkflow element, with its owner's id, attributes and exact text, in order."""
    root = etree.fromstring(xml)
    parts = []
    for element in root.iter(f"{{{SPIFF}}}*"):
        owner = element.getparent()
        while owner is not None and owner.get("id") is None:
            owner = owner.getparent()
        parts.append((owner.get("id") if owner is not None else None, etree.QName(element).localname,
                      tuple(sorted(element.attrib.items())), element.text if len(element) == 0 else None))
    return parts


def signed_in_owner(browser, live_server, app, session, tenant="bridgend"):
    web_user(app, session, tenant, Role.PROCESS_OWNER)
    return signed_in_context(browser, live_server, f"web.process_owner@{tenant}.test", PASSWORD,
                             viewport={"width": 1400, "height": 900})


def test_every_shipped_diagram_round_trips_through_the_modeller(browser, live_server, app, session, councils, tmp_path):
    tenant = councils.tenants["bridgend"]
    drafts = {}
    for path in DIAGRAMS:
        content = path.read_bytes()
        [key] = process_ids_in(content)
        draft = ProcessDraft(tenant_id=tenant.id, key=key, name=key, bpmn=content.decode("utf-8"), forms={})
        session.add(draft)
        session.flush()
        drafts[path] = draft.id
    session.commit()

    context, page = signed_in_owner(browser, live_server, app, session)
    library = ProcessLibrary(ROOT / "processes", ROOT / "forms")
    saved_files = []
    try:
        for path, draft_id in drafts.items():
            page.goto(f"/procedures/drafts/{draft_id}")
            page.wait_for_function("() => document.getElementById('modeller')?.dataset.ready === 'true'", timeout=20_000)
            assert page.evaluate("window.modeller.importWarnings.length") == 0, path
            saved = page.evaluate("async () => (await window.modeller.modeler.saveXML({format: true})).xml")
            warnings = page.evaluate("async (xml) => (await window.modeller.modeler.importXML(xml)).warnings"
                                     ".map(w => w.message)", saved)
            assert warnings == [], f"{path.name} reopened with warnings: {warnings}"

            saved_bytes = saved.encode("utf-8")
            assert spiffworkflow_parts(saved_bytes) == spiffworkflow_parts(path.read_bytes()), path.name
            folder = path.parent.name
            _compiled, problems = compile_source(SourceFile(folder, path.name, saved_bytes),
                                                 forms=library.form_lookup(folder), resolves=lambda key: True)
            assert problems == [], [str(p) for p in problems]
            out = tmp_path / folder / path.name
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(saved_bytes)
            saved_files.append(str(out))
    finally:
        context.close()

    lint = subprocess.run([str(ROOT / "node_modules" / ".bin" / "bpmnlint"), *saved_files], cwd=ROOT,
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert len(saved_files) == len(DIAGRAMS)
    # every folder's diagrams were found, so the glob cannot quietly match nothing
    assert {d.parent.name for d in DIAGRAMS} >= {"shared", "lancashire", "staffordshire", "berkshire", "wales"}
