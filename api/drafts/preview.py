"""A form's GOV.UK preview for the form editor, by the renderer the task page uses."""

from __future__ import annotations

import json
import re

import jinja2
import jsonschema
from markupsafe import Markup

from ..web import formrender

__all__ = ["preview_form", "line_of", "inert"]


def inert(fields: Markup) -> Markup:
    """A preview is for reading: GOV.UK Frontend's scripts are kept off its radios and checkboxes,
    so every conditional question shows and no control claims to expand anything (axe-core
    refuses the aria-expanded those scripts put on radio inputs)."""
    text = str(fields)
    for module in ("radios", "checkboxes"):
        text = text.replace(f' data-module="govuk-{module}"', "").replace(f"govuk-{module}__conditional--hidden", "")
    return Markup(text)


def line_of(text: str, path) -> int | None:
    """The line where the member at ``path`` (keys and indexes) starts, found by walking the text."""
    position = 0
    for part in path:
        if isinstance(part, int):
            continue
        found = re.compile(r'"' + re.escape(str(part)) + r'"\s*:').search(text, position)
        if not found:
            break
        position = found.start()
    return text.count("\n", 0, position) + 1 if position else None


def _parse(text: str, which: str, problems: list[dict]):
    try:
        data = json.loads(text) if (text or "").strip() else {}
    except json.JSONDecodeError as exc:
        problems.append({"file": which, "line": exc.lineno, "column": exc.colno, "message": f"not valid JSON: {exc.msg}"})
        return None
    if not isinstance(data, dict):
        problems.append({"file": which, "line": 1, "column": 1, "message": "it must be a JSON object ({...})"})
        return None
    return data


def preview_form(env: jinja2.Environment, schema_text: str, ui_text: str) -> dict:
    """``{"html", "problems"}``: the rendered fields, or why the form cannot be shown."""
    problems: list[dict] = []
    schema = _parse(schema_text, "schema", problems)
    ui = _parse(ui_text, "ui_schema", problems)
    if schema is not None:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
            problems.append({"file": "schema", "line": line_of(schema_text, list(exc.absolute_path)), "column": None,
                             "message": f"not a valid JSON Schema at {where}: {exc.message}"})
        else:
            if schema.get("type", "object") != "object":
                problems.append({"file": "schema", "line": line_of(schema_text, ["type"]), "column": None,
                                 "message": 'a task form must describe an object: set "type": "object"'})
    if problems:
        return {"html": "", "problems": problems}
    try:
        fields = inert(formrender.render_form(env, schema, ui, {}, id_prefix="preview-"))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a shape the renderer cannot show
        return {"html": "", "problems": [{"file": "schema", "line": None, "column": None,
                                          "message": f"the form cannot be shown: {exc}"}]}
    heading = Markup('<h2 class="govuk-heading-m">{}</h2>').format(schema.get("title") or "Untitled form")
    intro = Markup('<p class="govuk-body">{}</p>').format(schema["description"]) if schema.get("description") else ""
    return {"html": str(heading + intro + fields), "problems": []}
