"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server.

Screenshots go to artifacts/screenshots/ (CI keeps that folder as output).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app):
    """The app on a free localhost port, for the length of one test."""
    app.config["SESSION_COOKIE_SECURE"] = False  # plain http on localhost
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run 'apt-get install -y chromium' (.ci/run does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def signed_in_context(browser, live_server, email: str, password: str, *, javascript: bool = True,
                      viewport: dict | None = None):
    """A browser context signed in as ``email``, and its page (on the inbox)."""
    context = browser.new_context(base_url=live_server, java_script_enabled=javascript,
                                  viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/inbox")
    return context, page


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serious_accessibility_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the current page."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays on.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def database_url(tmp_path):
    """Browser tests check the pages, not the database: they run on SQLite only."""
    return f"sqlite:///{tmp_path / 'browser.db'}"


def accessibility_violations(page) -> list[dict]:
    """Every axe-core violation on the current page, whatever its impact."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
