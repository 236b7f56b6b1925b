"""How long the modeller page takes to open a 60-element diagram in Debian's Chromium.

Run: ``make bench`` (or ``.venv/bin/python bench/modeller_open.py [--repeat N]``). Target
(issue 10): under 1 second. The time is from the start of navigation to the moment the
modeller has imported the diagram and drawn it (``#modeller[data-ready]``), through the whole
stack: Flask page, the bundled modeller (bpmn-js, properties panel, lint, token simulation),
the draft's JSON and the import. Printed: median and p95 over repeated cold page loads
(a new browser context each time, so nothing comes from the cache).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from api import create_app  # noqa: E402
from api.drafts.models import ProcessDraft  # noqa: E402
from api.models import Base  # noqa: E402
from engine.roles import Role  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.bpmn_builder import Diagram  # noqa: E402
from tests.support.web import PASSWORD, web_user  # noqa: E402
from tests.support.world import build_world  # noqa: E402

# Records when the modeller says it is ready, before the page's own scripts run.
_WATCH_READY = """
new MutationObserver((changes, observer) => {
  for (const change of changes) {
    if (change.target.id === 'modeller' && change.target.dataset.ready === 'true') {
      window.__readyAt = performance.now(); observer.disconnect();
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-ready']});
"""


def sixty_element_diagram() -> tuple[str, int]:
    """A process of 29 steps in two lanes: 31 flow nodes and 30 sequence flows."""
    d = Diagram("bench_sixty", "Sixty elements", lanes=["contract_officer", "head_of_service"])
    d.start("start", "Concern raised", "contract_officer")
    previous = "start"
    for i in range(1, 30):
        lane = "contract_officer" if i % 3 else "head_of_service"
        node = f"step_{i}"
        d.script_task(node, f"Step {i}", lane, script=f"step_{i}_done = True")
        d.flow(previous, node)
        previous = node
    d.end("end", "Closed", "contract_officer")
    d.flow(previous, "end")
    xml = d.to_xml().decode("utf-8")
    return xml, xml.count("<bpmn:scriptTask") + xml.count("<bpmn:startEvent") + xml.count("<bpmn:endEvent") + xml.count("<bpmn:sequenceFlow")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    xml, elements = sixty_element_diagram()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/modeller.db", "TESTING": True, "SESSION_COOKIE_SECURE": False})
        Base.metadata.create_all(app.extensions["concerns"]["engine"])
        with app.extensions["concerns"]["sessions"]() as session:
            world = build_world(session)
            web_user(app, session, "alpha", Role.PROCESS_OWNER)
            draft = ProcessDraft(tenant_id=world.tenants["alpha"].id, key="bench_sixty", name="Sixty elements", bpmn=xml, forms={})
            session.add(draft)
            session.commit()
            draft_id = draft.id
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.repeat + 1):
                context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.goto("/sign-in")
                page.fill("#email", "web.process_owner@alpha.test")
                page.fill("#password", PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url("**/inbox")
                page.add_init_script(_WATCH_READY)
                page.goto(f"/procedures/drafts/{draft_id}")
                page.wait_for_function("() => window.__readyAt !== undefined", timeout=30_000)
                shapes = page.evaluate("window.modeller.modeler.get('elementRegistry').filter(e => e.type !== 'label').length")
                if run:  # the first load warms the server and Chromium's disk cache of fonts
                    times.append(page.evaluate("window.__readyAt") / 1000)
                context.close()
            browser.close()
        server.shutdown()
        app.extensions["concerns"]["engine"].dispose()
    print(f"modeller page, {elements} BPMN elements ({shapes} drawn incl. pool and lanes), {len(times)} cold loads")
    print(f"  open to ready: median {statistics.median(times) * 1000:6.0f} ms, p95 {percentile(times, 95) * 1000:6.0f} ms"
          f"   (target < 1000 ms; ratio to target {statistics.median(times):.2f})")


if __name__ == "__main__":
    main()
