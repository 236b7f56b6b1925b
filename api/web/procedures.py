"""The procedures library and the process owners' modeller pages.

Reading is for everyone signed in; opening drafts, making or dropping a local variant, and
deploying need the ``process_owner`` role. Another council's drafts and versions are not found.
"""

from __future__ import annotations

import json

from flask import current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from engine.decisions import decision_table_view
from engine.definitions import FORM_SCHEMA_PROPERTY, FORM_UI_PROPERTY, NS
from engine.roles import Role
from engine.settings import procedure_settings
from engine.xmlsafe import parse_xml

from .. import get_session
from ..audit.service import procedure_events
from ..auth import require_role
from ..definitions import variants
from ..definitions.service import latest_for_tenant, overridden, resolve, versions_for_tenant
from ..drafts import service as drafts
from ..drafts.decision_tables import draft_tables, tables_of
from ..drafts.preview import inert
from ..drafts.views import comparison_base, library
from ..drafts.staffing import unstaffed_lanes
from ..errors import Conflict, Invalid, NotFound, ServiceError
from ..users.models import User
from . import bp, formrender, signed_in
from .helpers import lane_labels

__all__: list[str] = []

def _is_owner() -> bool:
    return g.web_caller.user.has_role(Role.PROCESS_OWNER)


def _owner():
    require_role(g.web_caller, Role.PROCESS_OWNER)
    return g.web_caller


def _scope(tenant, folder: str) -> str:
    if folder == variants.own_folder(tenant):
        return f"{tenant.name}'s own"
    if folder == "shared":
        return "Shared by all councils"
    return f"Regional ({folder.replace('-', ' ').title()})"


def _people(db, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {u.id: u.name or u.email for u in db.scalars(select(User).where(User.id.in_(ids)))}


def _who(definition, people) -> str:
    return people.get(definition.deployed_by_id) or "the processes folder (concerns deploy)"


@bp.errorhandler(ServiceError)
def _service_error_page(error: ServiceError):
    """Pages answer refusals with a page, not the API's problem JSON."""
    return render_template("web/error.html", page_title=error.title, error=error), error.status


@bp.errorhandler(RequestEntityTooLarge)
def _too_large_page(error: RequestEntityTooLarge):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    refusal = Invalid(f"the file is larger than {limit} MB, so nothing was saved. Diagrams are far smaller: check that "
                      "you chose the right file")
    refusal.title = "The file is too large"
    return render_template("web/error.html", page_title=refusal.title, error=refusal), 413


# --------------------------------------------------------------------------- library

@bp.get("/procedures")
@signed_in
def procedures():
    tenant = g.web_caller.tenant
    db = get_session()
    current = latest_for_tenant(db, tenant=tenant)
    running = variants.running_cases(db, tenant=tenant)
    people = _people(db, (d.deployed_by_id for d in current))
    rows = []
    for definition in current:
        base = overridden(db, tenant=tenant, definition=definition)
        by_version = {d: n for (k, d), n in running.items() if k == definition.key}
        rows.append({"definition": definition, "scope": _scope(tenant, definition.folder), "variant_of": base,
                     "who": _who(definition, people), "running": sum(by_version.values()),
                     "running_here": by_version.get(definition.id, 0)})
    return render_template("web/procedures.html", page_title="Procedures", nav="procedures", rows=rows,
                           drafts=drafts.list_drafts(db, tenant=tenant) if _is_owner() else [], is_owner=_is_owner())


@bp.get("/procedures/<key>")
@signed_in
def procedure(key: str):
    return _procedure_page(key)


def _procedure_page(key: str, errors: list[dict] | None = None, status: int = 200):
    tenant = g.web_caller.tenant
    db = get_session()
    current = resolve(db, tenant=tenant, key=key)
    history = versions_for_tenant(db, tenant=tenant, key=key)
    running = {d: n for (_k, d), n in variants.running_cases(db, tenant=tenant, key=key).items()}
    people = _people(db, [d.deployed_by_id for d in history])
    own = current.folder == variants.own_folder(tenant)
    base = overridden(db, tenant=tenant, definition=current)
    return render_template(
        "web/procedure.html", page_title=current.name, nav="procedures", current=current, scope=_scope(tenant, current.folder),
        variant_of=base, own=own, history=history, running=running, people=people, who=lambda d: _who(d, people),
        scope_of=lambda folder: _scope(tenant, folder), drafts=drafts.list_drafts(db, tenant=tenant, key=key) if _is_owner() else [],
        is_owner=_is_owner(), can_make_variant=not own, can_drop_variant=own and base is not None, errors=errors or [],
        events=procedure_events(db, tenant_id=tenant.id, key=key),
        roles_for_lanes=[r for r in Role if r not in (Role.ADMIN, Role.VIEWER)],
        council_settings=procedure_settings(current.bpmn, tenant.thresholds, tenant.folders),
    ), status


def _forms_of(definition) -> list[dict]:
    """The version's user-task forms, each with its staff preview."""
    root = parse_xml(definition.bpmn.encode("utf-8")).getroot()
    shown = []
    seen = set()
    for task in root.iterfind(".//bpmn:userTask", NS):
        props = {p.get("name"): p.get("value") for p in task.iterfind(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS)}
        schema_name = props.get(FORM_SCHEMA_PROPERTY)
        if not schema_name or schema_name in seen or schema_name not in definition.forms:
            continue
        seen.add(schema_name)
        schema = json.loads(definition.forms[schema_name])
        ui = json.loads(definition.forms.get(props.get(FORM_UI_PROPERTY) or "", "{}"))
        shown.append({"file": schema_name, "title": schema.get("title") or schema_name, "task": task.get("name") or task.get("id"),
                      "fields": len(schema.get("properties") or {}),
                      "preview": inert(formrender.render_form(current_app.jinja_env, schema, ui, {}, id_prefix=f"form{len(shown)}-"))})
    return shown


def _tables_of(definition) -> list[dict]:
    """The version's DMN decision tables, each read as a table of rules."""
    shown = []
    for name, text in sorted(tables_of(definition).items()):
        view = decision_table_view(text)
        shown.append({"file": name, **(view or {"name": name, "unreadable": True})})
    return shown


@bp.get("/procedures/<key>/versions/<int:definition_id>")
@signed_in
def procedure_version(key: str, definition_id: int):
    tenant = g.web_caller.tenant
    db = get_session()
    definition = drafts.definition_for(db, tenant=tenant, definition_id=definition_id)
    if definition.key != key:
        raise NotFound(f"version {definition_id} is not a version of '{key}'")
    people = _people(db, [definition.deployed_by_id])
    return render_template("web/procedure_version.html", page_title=f"{definition.name}: version {definition.version}",
                           nav="procedures", definition=definition, scope=_scope(tenant, definition.folder),
                           who=_who(definition, people), forms=_forms_of(definition), is_owner=_is_owner(),
                           tables=_tables_of(definition),
                           lane_labels=lane_labels(tenant))


# --------------------------------------------------------------------------- owner actions

@bp.post("/procedures/<key>/drafts")
@signed_in
def procedure_open_draft(key: str):
    caller = _owner()
    definition_id = request.form.get("definition_id", type=int)
    draft = drafts.open_draft(get_session(), tenant=caller.tenant, actor=caller.actor, key=key, definition_id=definition_id)
    return redirect(url_for("web.modeller", draft_id=draft.id))


@bp.post("/procedures/<key>/upload")
@signed_in
def procedure_upload(key: str):
    caller = _owner()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _procedure_page(key, [{"field": "file", "message": "Choose a .bpmn or .zip file to upload"}], 400)
    try:
        role = request.form.get("lane_role") or None
        draft = drafts.draft_from_upload(get_session(), tenant=caller.tenant, actor=caller.actor, key=key,
                                         filename=upload.filename, content=upload.read(drafts.MAX_UPLOAD_BYTES + 1),
                                         fix=request.form.get("fix") == "yes", lane_role=Role(role) if role in set(Role) else None)
    except Invalid as exc:
        messages = [e.get("message", "") + (f" (line {e['line']})" if e.get("line") else "") for e in exc.errors] or [exc.detail]
        return _procedure_page(key, [{"field": "file", "message": f"{upload.filename}: {m}"} for m in messages], 422)
    fixed = "".join(f" Fixed {f.element_id}: {f.what}." for f in draft.fixes)
    flash(f"‘{upload.filename}’ is open as a draft.{fixed} Check it (what needs a person is listed there), "
          "then deploy it when it is ready.", "success")
    return redirect(url_for("web.modeller", draft_id=draft.id))


def _variant_change(key: str, change, field: str, missing_note: str, done):
    """Make or drop a local variant with the note posted; on success say what new cases use now."""
    caller = _owner()
    try:
        result = change(get_session(), tenant=caller.tenant, actor=caller.actor, key=key, note=request.form.get("note", ""))
    except Invalid:
        return _procedure_page(key, [{"field": field, "message": missing_note}], 400)
    flash(done(caller.tenant, result), "success")
    return redirect(url_for("web.procedure", key=key))


@bp.post("/procedures/<key>/variant")
@signed_in
def procedure_make_variant(key: str):
    return _variant_change(
        key, variants.make_variant, "variant-note", "Enter a short note saying why you are making a local variant",
        lambda tenant, made: f"{tenant.name} now has its own version of ‘{made.name}’ (version {made.version}). "
                             "New cases use it; other councils are not affected.")


@bp.post("/procedures/<key>/variant/drop")
@signed_in
def procedure_drop_variant(key: str):
    return _variant_change(
        key, variants.drop_variant, "drop-note", "Enter a short note saying why you are dropping the local variant",
        lambda tenant, back_to: f"New cases use the {back_to.folder} version {back_to.version} again. "
                                "Running cases keep the version they started on.")


# --------------------------------------------------------------------------- modeller, forms, compare, deploy

def _date_fields(forms: dict) -> list[str]:
    names = set()
    for name, text in forms.items():
        if not name.endswith(".schema.json"):
            continue
        try:
            properties = (json.loads(text).get("properties") or {})
        except (ValueError, AttributeError):
            continue
        names |= {k for k, p in properties.items() if isinstance(p, dict) and p.get("format") in ("date", "date-time")}
    return sorted(names)


@bp.get("/procedures/drafts/<int:draft_id>")
@signed_in
def modeller(draft_id: int):
    caller = _owner()
    db = get_session()
    draft = drafts.get_draft(db, tenant=caller.tenant, draft_id=draft_id)
    config = {
        "draftId": draft.id, "key": draft.key, "lockVersion": draft.lock_version,
        "urls": {
            "draft": url_for("drafts.Draft", draft_id=draft.id), "check": url_for("drafts.DraftCheck", draft_id=draft.id),
            "forms": url_for("drafts.DraftForms", draft_id=draft.id), "sandbox": url_for("drafts.Sandbox"),
            "formEditor": url_for("web.modeller", draft_id=draft.id) + "/forms/",
            "compare": url_for("web.draft_compare", draft_id=draft.id), "deploy": url_for("web.draft_deploy", draft_id=draft.id),
        },
        # The council's roles a lane may name (not the ones that only administer or read).
        "roles": [{"value": r.slug, "label": r.label, "agency": r.agency} for r in caller.tenant.declared_roles().values()
                  if r.slug not in (Role.ADMIN, Role.PROCESS_OWNER, Role.VIEWER)],
        "callTargets": [{"key": d.key, "name": d.name, "folder": d.folder} for d in latest_for_tenant(db, tenant=caller.tenant)
                        if d.key != draft.key],
        "forms": sorted(n.removesuffix(".schema.json") for n in draft.forms if n.endswith(".schema.json")),
        "dateFields": _date_fields(draft.forms),
        "region": caller.tenant.region,
    }
    return render_template("web/modeller.html", page_title=f"Edit {draft.name}", nav="procedures", draft=draft,
                           config=config, tables=sorted(draft_tables(draft)), full_width=True)


@bp.get("/procedures/drafts/<int:draft_id>/decisions/<name>")
@signed_in
def decision_editor(draft_id: int, name: str):
    """A decision table of the draft in dmn-js's decision table editor; saved into the draft."""
    caller = _owner()
    draft = drafts.get_draft(get_session(), tenant=caller.tenant, draft_id=draft_id)
    if name not in draft_tables(draft):
        raise NotFound(f"the draft has no decision table '{name}'")
    config = {"draftId": draft.id, "file": name, "lockVersion": draft.lock_version,
              "urls": {"draft": url_for("drafts.Draft", draft_id=draft.id), "modeller": url_for("web.modeller", draft_id=draft.id),
                       "download": url_for("drafts.DraftDecisionTable", draft_id=draft.id, name=name)}}
    return render_template("web/decision_editor.html", page_title=f"Edit decision table: {name}", nav="procedures",
                           draft=draft, config=config, file=name, full_width=True)


@bp.get("/procedures/drafts/<int:draft_id>/forms/<name>")
@signed_in
def form_editor(draft_id: int, name: str):
    caller = _owner()
    draft = drafts.get_draft(get_session(), tenant=caller.tenant, draft_id=draft_id)
    if f"{name}.schema.json" not in draft.forms:
        raise NotFound(f"the draft has no form '{name}'")
    title = json.loads(draft.forms[f"{name}.schema.json"]).get("title") or name
    config = {"draftId": draft.id, "form": name, "lockVersion": draft.lock_version,
              "urls": {"draft": url_for("drafts.Draft", draft_id=draft.id), "preview": url_for("drafts.FormPreview"),
                       "modeller": url_for("web.modeller", draft_id=draft.id)}}
    return render_template("web/form_editor.html", page_title=f"Edit form: {title}", nav="procedures", draft=draft,
                           config=config, form_title=title, full_width=True)


@bp.get("/procedures/drafts/<int:draft_id>/compare")
@signed_in
def draft_compare(draft_id: int):
    caller = _owner()
    db = get_session()
    draft = drafts.get_draft(db, tenant=caller.tenant, draft_id=draft_id)
    base = comparison_base(db, tenant=caller.tenant, draft=draft, against=request.args.get("against", type=int))
    changes = drafts.compare(old=base, new=draft)
    config = {"left": {"url": url_for("process_definitions.VersionXml", key=base.key, definition_id=base.id),
                       "label": f"{base.folder} version {base.version}"},
              "right": {"url": url_for("drafts.DraftXml", draft_id=draft.id), "label": "Your draft"},
              "roles": lane_labels(caller.tenant)}
    choices = [d for d in versions_for_tenant(db, tenant=caller.tenant, key=draft.key) if not d.dropped]
    return render_template("web/compare.html", page_title=f"Compare: {draft.name}", nav="procedures", draft=draft, base=base,
                           changes=changes, config=config, choices=choices, scope_of=lambda f: _scope(caller.tenant, f),
                           full_width=True)


def _deploy_page(draft, errors=None, note: str = "", status: int = 200):
    caller = g.web_caller
    db = get_session()
    check = drafts.check_draft(db, tenant=caller.tenant, draft_id=draft.id, library=library())
    current = resolve(db, tenant=caller.tenant, key=draft.key)
    base = comparison_base(db, tenant=caller.tenant, draft=draft, against=None)
    running = sum(variants.running_cases(db, tenant=caller.tenant, key=draft.key).values())
    return render_template("web/deploy.html", page_title=f"Deploy: {draft.name}", nav="procedures", draft=draft, check=check,
                           current=current, base=base, changes=drafts.compare(old=base, new=draft), running=running,
                           makes_variant=current.folder != variants.own_folder(caller.tenant),
                           unstaffed=unstaffed_lanes(db, tenant=caller.tenant, bpmn=draft.bpmn),
                           errors=errors or [], note=note), status


@bp.route("/procedures/drafts/<int:draft_id>/deploy", methods=["GET", "POST"])
@signed_in
def draft_deploy(draft_id: int):
    caller = _owner()
    db = get_session()
    draft = drafts.get_draft(db, tenant=caller.tenant, draft_id=draft_id)
    if request.method == "GET":
        return _deploy_page(draft)
    note = request.form.get("note", "")
    try:
        stored = drafts.deploy_draft(db, tenant=caller.tenant, actor=caller.actor, draft_id=draft_id, note=note, library=library())
    except Invalid as exc:
        db.rollback()
        field = "note" if any(e.get("field") == "note" for e in exc.errors) else "check"
        return _deploy_page(draft, [{"field": field, "message": exc.detail[0].upper() + exc.detail[1:]}], note, 422)
    except Conflict as exc:
        db.rollback()
        return _deploy_page(draft, [{"field": "note", "message": exc.detail[0].upper() + exc.detail[1:]}], note, 409)
    flash(f"Version {stored.version} of ‘{stored.name}’ is deployed. New cases of {caller.tenant.name} use it; running cases "
          "stay on the version they started on.", "success")
    return redirect(url_for("web.procedure", key=draft.key))


@bp.post("/procedures/drafts/<int:draft_id>/discard")
@signed_in
def draft_discard(draft_id: int):
    caller = _owner()
    db = get_session()
    draft = drafts.get_draft(db, tenant=caller.tenant, draft_id=draft_id)
    key = draft.key
    drafts.discard_draft(db, tenant=caller.tenant, actor=caller.actor, draft_id=draft_id)
    flash("The draft has been discarded.", "success")
    return redirect(url_for("web.procedure", key=key))
