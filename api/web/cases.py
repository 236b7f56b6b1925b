"""The case page: what staff ask first (risk, outcome, stage, who holds what until when), then
deadlines, actions, the diagram and the timeline in words."""

from __future__ import annotations

from flask import g, jsonify, render_template
from sqlalchemy import select

from .. import get_session
from ..cases import service, summaries
from ..cases.models import Case, CaseTask
from ..chronology.service import chronology
from ..chronology.wording import wording_for
from ..definitions.models import ProcessDefinition
from . import bp, signed_in
from .case_facts import headline, open_tasks, people_named
from .helpers import lane_labels


def _roles() -> set[str]:
    return g.web_caller.user.reader_roles


@bp.get("/cases/<id:case_id>")
@signed_in
def case(case_id: int):
    caller = g.web_caller
    db = get_session()
    summary = summaries.case_summary(db, tenant=caller.tenant, case_id=case_id, roles=_roles())
    events, _total = summaries.case_events(db, tenant=caller.tenant, case_id=case_id, roles=_roles(), page=1, page_size=500)
    record = service.get_case(db, tenant=caller.tenant, case_id=case_id)
    run = service.load_run(db, record)
    progress = run.progress()
    wording = wording_for([f for forms in run.bundle.forms.values() for n, f in forms.items() if n.endswith(".schema.json")])
    ready = {t.id: t for t in run.ready_tasks()}
    rows = {t.id: t for t in db.scalars(select(CaseTask).where(CaseTask.case_id == case_id))}
    names = people_named(db, [r.assignee_id for r in rows.values()] + [record.owner_id])
    tasks = open_tasks([{**t, "stage": ready[t["id"]].stage if t["id"] in ready else None} for t in summary["tasks"]], rows, names)
    stages = list(dict.fromkeys(t["stage"] for t in tasks if t.get("stage")))
    action_plan = summary["data"].get("action_plan") if isinstance(summary["data"].get("action_plan"), list) else []
    actions = [a for a in summary["actions"] if not a["role"] or caller.user.has_role(a["role"])]
    from .case_moves import latest_move_shown

    timeline = chronology(db, tenant=caller.tenant, roles=_roles(), case_id=case_id)["entries"]
    return render_template("web/case.html", page_title=f"Case {case_id}", nav="cases", case=summary, tasks=tasks,
                           stage=", ".join(stages) or summary["stage"], facts=headline(events, summary["data"], wording),
                           owner=names.get(record.owner_id), steps=_steps(db, summary, progress),
                           action_plan=[i for i in action_plan if isinstance(i, dict)], progress=progress,
                           actions=actions, timeline=list(reversed(timeline)), moved=latest_move_shown(db, case_id))


def _steps(db, summary: dict, progress: dict) -> list[dict]:
    """The diagram's steps as a list: the text alternative to the picture."""
    from lxml import etree

    from engine.xmlsafe import parse_xml

    definition = db.get(ProcessDefinition, db.get(Case, summary["id"]).definition_id)
    root = parse_xml(definition.bpmn).getroot()
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    status = {e: "Done" for e in progress["completed"]}
    status.update({e: "Now" for e in progress["current"]})
    status.update({e: "Waiting" for e in progress["waiting"]})
    steps = []
    process = root.find(f"bpmn:process[@id='{summary['process_key']}']", ns)
    for element in (process.iter() if process is not None else []):
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag in ("userTask", "scriptTask", "callActivity", "subProcess", "manualTask", "task") and element.get("name"):
            steps.append({"id": element.get("id"), "name": element.get("name"), "status": status.get(element.get("id"), "")})
    return steps


@bp.get("/cases/<id:case_id>/diagram.json")
@signed_in
def case_diagram(case_id: int):
    caller = g.web_caller
    db = get_session()
    case = service.get_case(db, tenant=caller.tenant, case_id=case_id)
    run = service.load_run(db, case)
    definition = db.get(ProcessDefinition, case.definition_id)
    return jsonify(xml=definition.bpmn, roles=lane_labels(caller.tenant), **run.progress())
