"""/cases, /tasks and /messages."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from .. import get_session
from ..auth import current_caller
from ..rest.common import PageArgs, page_schema, paginate
from . import assignment, invitations, permissions, service, summaries
from .schemas import (
    InvitationSchema, InviteSchema, AssignTaskSchema, CaseOwnerSchema, ColleagueSchema, CaseActionDetailSchema, CaseQuerySchema,
    CaseSchema, CaseBriefSchema, CompleteTaskSchema, CompletedTaskSchema, TakeActionSchema, DeliveredSchema, DraftSchema, EventSchema,
    MessageSchema, RetrySchema, StartCaseSchema, TaskBriefSchema, TaskDetailSchema, TaskQuerySchema, TerminateSchema,
)

cases = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Cases: one procedure run about one provider")
tasks = Blueprint("tasks", __name__, url_prefix="/api/v1/tasks", description="Steps waiting for a person")
messages = Blueprint("messages", __name__, url_prefix="/api/v1/messages", description="Messages to waiting cases")


def _roles(caller) -> set[str]:
    return caller.user.reader_roles


def _summary(caller, case_id: int) -> dict:
    return summaries.case_summary(get_session(), tenant=caller.tenant, case_id=case_id, roles=_roles(caller))


@cases.route("")
class Cases(MethodView):
    @cases.arguments(CaseQuerySchema, location="query")
    @cases.response(200, page_schema(CaseBriefSchema, "CasePage"))
    def get(self, args):
        """List the council's cases, filtered by provider, process or status."""
        caller = current_caller()
        rows, total = summaries.list_cases(get_session(), tenant=caller.tenant, **args)
        return paginate(rows, total, args["page"], args["page_size"], summaries.next_case_cursor(rows, args["page_size"]))

    @cases.arguments(StartCaseSchema)
    @cases.response(201, CaseSchema)
    def post(self, body):
        """Start a case on the council's latest version of a process."""
        caller = current_caller()
        case = permissions.start_case_as_person(get_session(), tenant=caller.tenant, actor=caller.actor, **body)
        return _summary(caller, case.id)


@cases.route("/<id:case_id>")
class CaseById(MethodView):
    @cases.response(200, CaseSchema)
    def get(self, case_id):
        """Status, stage, visible data, ready tasks and waiting timers."""
        return _summary(current_caller(), case_id)


@cases.route("/<id:case_id>/events")
class CaseEvents(MethodView):
    @cases.arguments(PageArgs, location="query")
    @cases.response(200, page_schema(EventSchema, "EventPage"))
    def get(self, args, case_id):
        """The case's audit trail, oldest first."""
        caller = current_caller()
        rows, total = summaries.case_events(get_session(), tenant=caller.tenant, case_id=case_id, roles=_roles(caller), **args)
        return paginate(rows, total, args["page"], args["page_size"])


@cases.route("/<id:case_id>/owner")
class CaseOwner(MethodView):
    @cases.arguments(CaseOwnerSchema)
    @cases.response(200, CaseSchema)
    @cases.alt_response(422, description="Not an active officer of the council who runs cases")
    @cases.alt_response(403, description="Only officers, heads of service and administrators name owners")
    def put(self, body, case_id):
        """Name the officer who owns the case."""
        caller = current_caller()
        assignment.set_case_owner(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id, **body)
        return _summary(caller, case_id)


@cases.route("/<id:case_id>/owners")
class CaseOwners(MethodView):
    @cases.response(200, ColleagueSchema(many=True))
    def get(self, case_id):
        """The officers who may own the case."""
        caller = current_caller()
        return assignment.owners_for(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id)


@cases.route("/<id:case_id>/invitations")
class CaseInvitations(MethodView):
    @cases.response(200, InvitationSchema(many=True))
    def get(self, case_id):
        """The partner agencies and partner users invited to the case (need to know), oldest first: all of them to
        the officers who may invite; to anyone else (a partner, a viewer) only their own agency's and their own."""
        caller = current_caller()
        db = get_session()
        return [invitations.invitation_brief(db, i)
                for i in invitations.case_invitations(db, tenant=caller.tenant, actor=caller.actor, case_id=case_id)]

    @cases.arguments(InviteSchema)
    @cases.response(201, InvitationSchema)
    @cases.alt_response(422, description="Not a partner agency, or not a partner user of the council; or both or neither named")
    @cases.alt_response(403, description="Only the officers who work cases invite partners")
    @cases.alt_response(409, description="Already invited")
    def post(self, body, case_id):
        """Invite a partner agency (police, regulator, NHS...) or one partner user: they see the case."""
        caller = current_caller()
        db = get_session()
        return invitations.invitation_brief(db, invitations.invite_to_case(db, tenant=caller.tenant, actor=caller.actor,
                                                                           case_id=case_id, **body))


@cases.route("/<id:case_id>/invitations/<id:invitation_id>")
class CaseInvitationById(MethodView):
    @cases.response(204)
    @cases.alt_response(403, description="Only the officers who work cases withdraw invitations")
    def delete(self, case_id, invitation_id):
        """Withdraw an invitation: the partner no longer sees the case (an open step of its own still shows it)."""
        caller = current_caller()
        invitations.withdraw_invitation(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id,
                                        invitation_id=invitation_id)


@cases.route("/<id:case_id>/terminate")
class CaseTerminate(MethodView):
    @cases.arguments(TerminateSchema)
    @cases.response(200, CaseSchema)
    def post(self, body, case_id):
        """End a case early, with the reason (head of service or administrator)."""
        caller = current_caller()
        service.terminate_case(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id, reason=body["reason"])
        return _summary(caller, case_id)


@cases.route("/<id:case_id>/retry")
class CaseRetry(MethodView):
    @cases.arguments(RetrySchema)
    @cases.response(200, CaseSchema)
    def post(self, body, case_id):
        """Re-run a case in error from its failed step, optionally with corrected data (administrator)."""
        caller = current_caller()
        service.retry_case(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id, data=body["data"])
        return _summary(caller, case_id)


@cases.route("/<id:case_id>/actions/<name>")
class CaseAction(MethodView):
    @cases.response(200, CaseActionDetailSchema)
    def get(self, case_id, name):
        """A case-level action's form (JSON Schema and UI schema) and who may take it."""
        caller = current_caller()
        return summaries.case_action_detail(get_session(), tenant=caller.tenant, case_id=case_id, name=name)

    @cases.arguments(TakeActionSchema)
    @cases.response(200, CaseSchema)
    @cases.alt_response(422, description="The data does not match the action's form; `errors` lists each field")
    @cases.alt_response(403, description="The action is for a role you do not hold")
    @cases.alt_response(409, description="The case has ended, or was changed by someone else at the same time")
    def post(self, body, case_id, name):
        """Take a case-level action (record new information, change the lead officer, close early...)."""
        caller = current_caller()
        service.take_case_action(get_session(), tenant=caller.tenant, actor=caller.actor, case_id=case_id, name=name,
                                 data=body["data"])
        return _summary(caller, case_id)


@tasks.route("")
class Tasks(MethodView):
    @tasks.arguments(TaskQuerySchema, location="query")
    @tasks.response(200, page_schema(TaskBriefSchema, "TaskPage"))
    def get(self, args):
        """Open tasks: by case, role, assignee (me / none), overdue; soonest due first."""
        caller = current_caller()
        rows, total = summaries.list_tasks(get_session(), tenant=caller.tenant, user_id=caller.user.id, roles=_roles(caller), **args)
        return paginate(rows, total, args["page"], args["page_size"], summaries.next_task_cursor(rows, args["page_size"]))


@tasks.route("/<task_id>")
class TaskById(MethodView):
    @tasks.response(200, TaskDetailSchema)
    def get(self, task_id):
        """The task's form (JSON Schema and UI schema), data, instructions, due time and role."""
        caller = current_caller()
        return summaries.task_detail(get_session(), tenant=caller.tenant, task_id=task_id, roles=_roles(caller),
                                     user_id=caller.user.id)


@tasks.route("/<task_id>/claim")
class TaskClaim(MethodView):
    @tasks.response(200, TaskBriefSchema)
    def post(self, task_id):
        """Take the task: it shows as yours in the inbox."""
        caller = current_caller()
        return summaries.task_brief(service.claim_task(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id))


@tasks.route("/<task_id>/unclaim")
class TaskUnclaim(MethodView):
    @tasks.response(200, TaskBriefSchema)
    def post(self, task_id):
        """Give the task back to the team."""
        caller = current_caller()
        return summaries.task_brief(service.unclaim_task(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id))


@tasks.route("/<task_id>/assignee")
class TaskAssignee(MethodView):
    @tasks.arguments(AssignTaskSchema)
    @tasks.response(200, TaskBriefSchema)
    @tasks.alt_response(422, description="The colleague does not hold the task's role, or is not an active user of the council")
    @tasks.alt_response(403, description="Only those who hold the task's role, heads of service and administrators assign it")
    def put(self, body, task_id):
        """Give the task to a named colleague (they are alerted as they chose), or back to the team."""
        caller = current_caller()
        return summaries.task_brief(assignment.assign_task(get_session(), tenant=caller.tenant, actor=caller.actor,
                                                           task_id=task_id, **body))


@tasks.route("/<task_id>/assignees")
class TaskAssignees(MethodView):
    @tasks.response(200, ColleagueSchema(many=True))
    def get(self, task_id):
        """The colleagues the task can be given to: those who hold its role."""
        caller = current_caller()
        return assignment.assignees_for(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id)


@tasks.route("/<task_id>/draft")
class TaskDraft(MethodView):
    @tasks.arguments(DraftSchema)
    @tasks.response(200, TaskBriefSchema)
    def put(self, body, task_id):
        """Save a draft of the form without completing the task."""
        caller = current_caller()
        return summaries.task_brief(service.save_draft(get_session(), tenant=caller.tenant, actor=caller.actor, task_id=task_id,
                                                       data=body["data"]))


@tasks.route("/<task_id>/complete")
class TaskComplete(MethodView):
    @tasks.arguments(CompleteTaskSchema)
    @tasks.response(200, CompletedTaskSchema)
    @tasks.alt_response(422, description="The data does not match the form; `errors` lists each field")
    @tasks.alt_response(409, description="Already completed, or changed by someone else at the same time")
    @tasks.alt_response(403, description="The task is for a role you do not hold")
    def post(self, body, task_id):
        """Complete the task with the form's data; the case runs on to its next step. A partner who sees the case
        only for this step (need to know) is answered with the case's id and status alone: the case goes on without it."""
        caller = current_caller()
        db = get_session()
        case = service.complete_task(db, tenant=caller.tenant, actor=caller.actor, task_id=task_id, data=body["data"])
        warnings = service.completion_warnings(db, tenant=caller.tenant, task_id=task_id)
        if not permissions.may_see_case(db, permissions.reader_of(db), case):
            return {"id": case.id, "status": case.status, "tasks": [], "warnings": warnings}
        return {**_summary(caller, case.id), "warnings": warnings}


@messages.route("")
class Messages(MethodView):
    @messages.arguments(MessageSchema)
    @messages.response(200, DeliveredSchema)
    def post(self, body):
        """Deliver a message to the case(s) waiting for it, or start the process that begins with it."""
        caller = current_caller()
        delivered = service.deliver_message(get_session(), tenant=caller.tenant, actor=caller.actor, name=body["name"],
                                            correlation=body["correlation"], payload=body["payload"])
        return {"cases": [summaries.case_brief(get_session(), c) for c in delivered]}
