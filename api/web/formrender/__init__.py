"""Task forms as GOV.UK Frontend HTML, and posted forms back into typed JSON data.

A user task's form is a JSON Schema (draft 2020-12) plus a UI schema (``ui:`` keys as in
react-jsonschema-form). ``render_form`` builds the fields from the govuk-frontend-jinja
macros and the MoJ "add another" component (ported in ``templates/forms/add_another.html``);
``parse_form`` reads the posted form back into typed data. It all works without JavaScript.

A view, roughly::

    data, errors = check_form(schema, ui, request.form)     # parse + validate
    if wants_another(request.form) or wants_remove(request.form):
        errors = []                # the user is editing a list: show the form again
    elif not errors:
        ...complete the task with merge_read_only(schema, ui, data, task_data)...
    fields = render_form(env, schema, ui, data, errors)    # inside <form>, before the buttons
    summary = error_summary(env, schema, errors, ui_schema=ui)

HTML names (what the browser posts):
    top-level field ``decision``; nested object ``address.postcode``; row of a list of
    objects ``actions[0].owner``; list of scalars ``attendees[0]``; date ``due_date-day``,
    ``-month``, ``-year`` (``actions[0].due_date-day``); checkboxes: the name once per
    ticked box; booleans ``true``/``false``; buttons ``_add_another`` = the list's name
    (``actions``) and ``_remove`` = the row's name (``actions[1]``).
Ids: ``id_prefix`` + the path joined by hyphens (``actions-0-owner``); a date adds ``-day``
    etc., radios and checkboxes ``-2``, ``-3`` from the second option; a row ``actions-0--item``.

Lists show their rows plus ONE empty row; ``parse_form`` drops empty rows and the row named
by ``_remove``. Without JavaScript "Add another" and "Remove" submit the form and the view
shows it again with the parsed data, so a filled row gets a fresh empty one after it; with
JavaScript the MoJ script adds and removes rows, renumbering from the ``data-name`` and
``data-id`` templates on every input of a row (``actions[%index%].owner``; hidden inputs and
those in conditional reveals too), and ``static/add-another-rows.mjs`` renumbers the row's other
ids and starts the GOV.UK scripts of an added row. A list inside an add another row is not
another add another (the MoJ script cannot nest, and renumbers only the first ``%index%``): its
buttons always go to the server, their ``data-value`` renumbered with the row. A list whose
rows have read-only columns (or ``"ui:options": {"addable": false}``) is fixed: its rows come
from the case and keep their places when parsed.

Conditional reveal: ``"ui:reveal": {"<option>": ["field", ...]}`` on a radios or
checkboxes field, or ``"if": {"properties": {"x": {"const": v}}}, "then": {"required":
[...]}`` (alone or in ``allOf``), shows those fields inside option v of x, unless another
option or rule asks for them too. ``parse_form`` drops answers the user could not see.

Parse errors are ``{"path": [...], "message": ...}`` (dates add ``"parts"``, the inputs to
mark); the data keeps what was typed so the page shows it again (it never passes the schema).
``readOnly``/``ui:readonly`` fields are shown as summary rows and never read from the form
(``merge_read_only`` puts them back). ``x-confidential`` has no effect; ``$ref`` is not followed.
"""

from __future__ import annotations

from .names import ADD_ANOTHER, REMOVE, field_name, field_id
from .render import render_form, error_summary
from .parse import parse_form, wants_another, wants_remove, merge_read_only
from .validate import validation_errors, check_form

__all__ = [
    "ADD_ANOTHER",
    "REMOVE",
    "check_form",
    "error_summary",
    "field_id",
    "field_name",
    "merge_read_only",
    "parse_form",
    "render_form",
    "validation_errors",
    "wants_another",
    "wants_remove",
]
