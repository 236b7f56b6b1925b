"""What the form renderer tests share: the forms' folders, a template environment, and rendering, posting and reading a form."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import lxml.html
from werkzeug.datastructures import MultiDict

from api.web.formrender import render_form

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FORMS = ROOT / "tests" / "fixtures" / "forms"
SHIPPED_FORMS = ROOT / "forms"

# Data for the fixture form shared/meeting: two attendees and two actions.
MEETING = {"attendees": ["Ann Lee, council", "Raj Patel, CQC"], "minutes": "Agreed actions.",
           "actions": [{"action": "Send the plan", "owner": "Ann", "due_date": "2026-01-05"},
                       {"action": "Visit", "owner": "Raj", "due_date": "2026-01-12"}]}


def form_environment() -> jinja2.Environment:
    """GOV.UK Frontend's macros and the app's templates, autoescaped, as the pages render them."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.PrefixLoader({"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}),
            jinja2.FileSystemLoader(ROOT / "api" / "web" / "templates"),
        ]),
        undefined=jinja2.ChainableUndefined,
        autoescape=jinja2.select_autoescape(),
    )


def load(name: str, folder: Path = FIXTURE_FORMS) -> tuple[dict, dict]:
    schema = json.loads((folder / f"{name}.schema.json").read_text())
    ui_path = folder / f"{name}.uischema.json"
    return schema, (json.loads(ui_path.read_text()) if ui_path.exists() else {})


def render(env, schema, ui=None, data=None, errors=None, **kw):
    """The rendered fields inside a <form>, parsed by lxml."""
    return lxml.html.fromstring(f"<form>{render_form(env, schema, ui, data, errors, **kw)}</form>")


def posted(doc, **extra) -> MultiDict:
    """What a browser would post for the form as rendered (no button pressed)."""
    values = MultiDict(doc.form_values())
    for key, value in extra.items():
        values.setlist(key, value if isinstance(value, list) else [value])
    return values


def one(doc, xpath):
    found = doc.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} matches"
    return found[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def label_for(doc, id_) -> str:
    return text(one(doc, f"//label[@for='{id_}']"))


def obj(**properties):
    return {"type": "object", "properties": properties}

