"""Every "add another" list of every shipped form, typed in Chromium with and without JavaScript.

Each list gets rows A, B and C, loses B and gains D (tests/support/rows.py ``type_rows``: a list
inside a row gets a second row, and the renumbered row loses its first one). Then the form is
submitted and the server's parser must give back exactly the rows typed, in order, field by
field. The lists are served by a page this test mounts on the app (shipped code has no such
page), in the staff pages' layout with their scripts (the GOV.UK and MoJ scripts, and
static/add-another-rows.mjs), and read back as the task view reads a form.

One list a page, in one browser: typing, clicking and reading a page all cost more on a longer
page, and without JavaScript every button loads it again, so putting several lists on a page
made both runs slower (on the 2-core machine, both together took about 75 s at one list a page,
125 s at three, 180 s at ten).
"""

from __future__ import annotations

import lxml.html
import pytest
from flask import render_template_string, request

from api.web.formrender import field_id, parse_form, render_form, wants_another, wants_remove
from tests.support.rows import combined_form, list_names, node_at, parse_name, put_at, shipped_lists, type_rows

FORM_PAGE = """{% extends "web/base.html" %}{% block content %}
<form method="post" novalidate>
  {#- Enter submits the first button: the form's own, as on the task page. -#}
  <button class="govuk-visually-hidden" name="action" value="submit" tabindex="-1" aria-hidden="true">Submit</button>
  {{ fields }}
  <button class="govuk-button" id="submit-rows" name="action" value="submit">Submit</button>
</form>
{% endblock %}"""


@pytest.fixture
def rows_pages(app):
    """``/test/rows/<n>``: the form of the n-th shipped list. Add and Remove show the form again
    with what was typed (as the task view does); any other submission is kept in ``received``."""
    forms = [combined_form([shipped]) for shipped in shipped_lists(app.jinja_env)]
    received: dict[int, tuple] = {}

    def rows_page(number: int):
        schema, ui = forms[number]
        data = {}
        if request.method == "POST":
            data, errors = parse_form(schema, ui, request.form)
            if not (wants_another(request.form) or wants_remove(request.form)):
                received[number] = (data, errors)
                return "<!DOCTYPE html><title>Received</title><p id='received'>Received</p>"
        return render_template_string(FORM_PAGE, page_title="Rows", fields=render_form(app.jinja_env, schema, ui, data))

    app.add_url_rule("/test/rows/<int:number>", "test_rows_page", rows_page, methods=["GET", "POST"])
    return forms, received


class BrowserPage:
    """tests/support/rows.py's Page, in Chromium: buttons that post the form wait for the page."""

    def __init__(self, page, *, javascript: bool):
        self.page, self.javascript = page, javascript
        self._html = None  # the page's elements change only with the buttons: typing leaves them

    def html(self):
        if self._html is None:
            self._html = lxml.html.fromstring(self.page.content())
        return self._html

    def fill(self, row: str, answer) -> None:
        name = row + answer.suffix
        if answer.kind == "date":
            for part, text in answer.typed.items():
                self.page.fill(f"input[name='{name}-{part}']", text)
        elif answer.kind in ("radio", "ticks"):
            for value in answer.typed if answer.kind == "ticks" else [answer.typed]:
                self._tick(self.page.locator(f"input[name='{name}'][value='{value}']"))
        elif answer.kind == "select":
            self.page.select_option(f"select[name='{name}']", answer.typed)
        else:
            self.page.fill(f"[name='{name}']", answer.typed)

    def _items(self, list_name: str):
        return self.page.locator(f"#{field_id(parse_name(list_name))} .moj-add-another__item")

    # Clicks are dispatched on the element itself, not at its place on the screen: on the loaded
    # 2-core CI machine a click at coordinates sometimes landed while the page still moved (the
    # row just added, focused and scrolled to), ticking nothing or pressing another row's button.
    # What this test checks is the rows the server gets back, not where the pointer was.
    def _tick(self, box) -> None:
        if not box.is_checked():
            box.dispatch_event("click")
        assert box.is_checked(), f"{box} did not take the tick"

    def _click(self, button, *, posts: bool) -> None:
        self._html = None
        if posts:  # the next page's elements are all there at DOMContentLoaded: no need to wait for its styles
            with self.page.expect_navigation(wait_until="domcontentloaded"):
                button.dispatch_event("click")
        else:
            button.dispatch_event("click")

    def add_row(self, list_name: str) -> None:
        button = self.page.locator(f"#{field_id(parse_name(list_name))}-add-another-button")
        self._click(button, posts=not self.javascript)

    def remove_row(self, list_name: str, index: int) -> None:
        button = self._items(list_name).nth(index).locator(".moj-add-another__remove-button")
        self._click(button, posts=not self.javascript)

    def submit(self) -> None:
        # Dispatched too: once on CI a click at the button's place posted nothing (the row just
        # added had been scrolled to and focused), and the test waited for a page never asked for.
        self._click(self.page.locator("#submit-rows"), posts=True)

    def press(self, list_name: str, index: int, data_value: str) -> None:
        self._click(self._items(list_name).nth(index).locator(f"button[data-value='{data_value}']"), posts=True)


def _legends_count_the_rows(page, list_name: str) -> list[str]:
    """Problems with the legends the MoJ script writes: "<label> k of n", n the number of rows."""
    component = page.locator(f"#{field_id(parse_name(list_name))}")
    label = component.get_attribute("data-item-label")
    legends = component.locator(":scope > .moj-add-another__items > .moj-add-another__item"
                                " > fieldset > legend").all_inner_texts()
    wanted = [f"{label} {k} of {len(legends)}" for k in range(1, len(legends) + 1)]
    return [] if [" ".join(t.split()).removesuffix(" (added)") for t in legends] == wanted else [f"legends {legends}"]


DUPLICATE_IDS = """() => { const seen = {}; document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
                          return Object.keys(seen).filter(id => seen[id] > 1); }"""


def _type_list(page, schema: dict, javascript: bool) -> tuple[dict, list[str]]:
    """Type the page's list; the data the form should give, and the problems seen on the way."""
    driver = BrowserPage(page, javascript=javascript)
    [name] = list_names(driver.html())
    rows = type_rows(driver, node_at(schema, parse_name(name)).get("items") or {}, name)
    problems = []
    if javascript:
        problems += _legends_count_the_rows(page, name)
        problems += [f"duplicate id {i}" for i in page.evaluate(DUPLICATE_IDS)]
    return put_at({}, parse_name(name), rows), problems


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_list_stores_the_rows_typed_after_adding_removing_and_adding_again(browser, live_server, rows_pages,
                                                                                 javascript):
    forms, received = rows_pages
    context = browser.new_context(base_url=live_server, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(5000)  # a question that never opens fails in seconds, not half a minute
    page.set_default_navigation_timeout(30_000)  # but a page load on a busy CI machine may take longer
    script_errors, wrong = [], {}
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    try:
        for number, (schema, _) in enumerate(forms):
            page.goto(f"/test/rows/{number}")
            expected, problems = _type_list(page, schema, javascript)
            BrowserPage(page, javascript=javascript).submit()
            if received[number] != (expected, []) or problems:
                wrong[next(iter(schema["properties"]))] = {"stored": received[number], "typed": expected,
                                                           "problems": problems}
    finally:
        context.close()
    assert wrong == {} and script_errors == []
