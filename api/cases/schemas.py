from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..rest.common import KeysetPageArgs
from .models import CaseStatus

_statuses = [s.value for s in CaseStatus]


class ProviderRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class TaskBriefSchema(Schema):
    id = fields.String()
    provider = fields.Nested(ProviderRefSchema)
    case_process_key = fields.String()
    case_id = fields.Integer()
    element_id = fields.String()
    name = fields.String()
    purpose = fields.String(allow_none=True, metadata={"description": "What the step is for: the step that called it, if any"})
    process_key = fields.String()
    role = fields.String(allow_none=True, metadata={"description": "The role slug that may do it, or several separated by spaces when its lane names several (any of them may)"})
    form = fields.String(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    due_rule = fields.String(allow_none=True)
    overdue = fields.Boolean()
    days_late = fields.Integer()
    assignee_id = fields.Integer(allow_none=True)


class TaskDetailSchema(TaskBriefSchema):
    instructions = fields.String()
    deadline_name = fields.String(allow_none=True, metadata={"description": "The deadline this step is due by"})
    next_chase_at = fields.DateTime(allow_none=True, metadata={"description": "Once overdue: when it is chased next"})
    schema = fields.Dict(allow_none=True, metadata={"description": "The form's JSON Schema"})
    ui_schema = fields.Dict(allow_none=True, metadata={"description": "The form's UI schema"})
    data = fields.Dict(metadata={"description": "The case data this step sees (confidential items removed)"})
    draft = fields.Dict(allow_none=True)


class TimerSchema(Schema):
    element_id = fields.String()
    name = fields.String()
    due_at = fields.DateTime()
    rule = fields.String(allow_none=True, metadata={"description": "Where the deadline came from"})
    attached_to = fields.String(allow_none=True)
    interrupting = fields.Boolean()


class CaseBriefSchema(Schema):
    id = fields.Integer()
    process_key = fields.String()
    process_name = fields.String()
    definition_version = fields.Integer()
    definition_folder = fields.String()
    provider = fields.Nested(ProviderRefSchema)
    status = fields.String()
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    owner_id = fields.Integer(allow_none=True, metadata={"description": "The officer who owns the case"})


class DeadlineSchema(Schema):
    name = fields.String(metadata={"description": "The deadline, as the diagram names it"})
    step = fields.String(allow_none=True, metadata={"description": "The open step it governs, if any"})
    task_id = fields.String(allow_none=True)
    element_id = fields.String()
    due_at = fields.DateTime()
    rule = fields.String(allow_none=True, metadata={"description": "Where the deadline came from"})
    status = fields.String(validate=validate.OneOf(["overdue", "due", "waiting"]))
    overdue_days = fields.Integer()
    next_chase_at = fields.DateTime(allow_none=True, metadata={"description": "When an overdue step is chased next"})


class HeldMessageSchema(Schema):
    name = fields.String(metadata={"description": "The message, as the diagrams name it"})
    held_at = fields.DateTime(metadata={"description": "When the case sent it, before its own step that hears it was waiting"})


class CaseActionSchema(Schema):
    name = fields.String(metadata={"description": "POST /api/v1/cases/{id}/actions/{name} takes it"})
    title = fields.String()
    role = fields.String(allow_none=True, metadata={"description": "The role slug that may do it, or several separated by spaces when its lane names several (any of them may)"})
    ends_case = fields.Boolean(metadata={"description": "Taking it ends everything else open in the case"})


class CaseActionDetailSchema(CaseActionSchema):
    schema = fields.Dict(allow_none=True, metadata={"description": "The action's form (JSON Schema)"})
    ui_schema = fields.Dict(allow_none=True)


class TakeActionSchema(Schema):
    data = fields.Dict(keys=fields.String(), load_default=dict)


class CaseSchema(CaseBriefSchema):
    stage = fields.String(allow_none=True)
    data = fields.Dict()
    hidden_fields = fields.List(fields.String())
    tasks = fields.List(fields.Nested(TaskBriefSchema))
    timers = fields.List(fields.Nested(TimerSchema))
    deadlines = fields.List(fields.Nested(DeadlineSchema), metadata={"description": "Overdue first, then by due time"})
    actions = fields.List(fields.Nested(CaseActionSchema), metadata={"description": "Case-level actions it can take now"})
    held_messages = fields.List(fields.Nested(HeldMessageSchema), metadata={
        "description": "While the case runs: messages sent to a step of it that was not yet waiting (by the case itself or another case of the provider), delivered when it waits"})
    error = fields.Dict(allow_none=True)
    termination_reason = fields.String(allow_none=True)
    version = fields.Integer()


class FormWarningSchema(Schema):
    field = fields.String(metadata={"description": "JSON pointer to the field, like /initial_meeting_date"})
    path = fields.List(fields.Raw())
    message = fields.String(metadata={"description": "In plain words, naming the date and its deadline"})


class CompletedTaskSchema(CaseSchema):
    warnings = fields.List(fields.Nested(FormWarningSchema), metadata={
        "description": "Accepted but worth knowing: a meeting planned after its deadline (recorded on the case)"})


class StartCaseSchema(Schema):
    process_key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    provider_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    data = fields.Dict(keys=fields.String(), load_default=dict)


class CaseQuerySchema(KeysetPageArgs):
    provider_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    process_key = fields.String(validate=validate.Length(max=200))
    status = fields.String(validate=validate.OneOf(_statuses))


class EventSchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    element_id = fields.String(allow_none=True)
    task_id = fields.String(allow_none=True)
    detail = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class TaskQuerySchema(KeysetPageArgs):
    case_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    role = fields.String(validate=validate.Length(max=32), metadata={"description": "Only tasks this role may do"})
    assignee = fields.String(validate=validate.OneOf(["me", "none"]))
    overdue = fields.Boolean()
    mine = fields.Boolean(load_default=False, metadata={"description": "Only tasks for roles I hold"})
    due_within_days = fields.Integer(validate=validate.Range(min=0, max=366), metadata={"description": "Due in the next N days"})


class CompleteTaskSchema(Schema):
    data = fields.Dict(keys=fields.String(), required=True)


class DraftSchema(Schema):
    data = fields.Dict(keys=fields.String(), required=True)


class AssignTaskSchema(Schema):
    assignee_id = fields.Integer(required=True, allow_none=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "A colleague who holds the task's role (GET .../assignees), or null to give it back to the team"})


class CaseOwnerSchema(Schema):
    owner_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "An officer of the council who runs cases (GET .../owners)"})


class ColleagueSchema(Schema):
    id = fields.Integer()
    name = fields.String(allow_none=True)
    email = fields.String()


class TerminateSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class RetrySchema(Schema):
    data = fields.Dict(keys=fields.String(), load_default=dict)


class MessageSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    correlation = fields.Dict(keys=fields.String(), load_default=dict)
    payload = fields.Raw(load_default=None)


class DeliveredSchema(Schema):
    cases = fields.List(fields.Nested(CaseBriefSchema))


class InviteSchema(Schema):
    agency = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32), metadata={
        "description": "A partner agency whose users all see the case: nhs, police, regulator or neighbouring_council"})
    user_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1),
                             metadata={"description": "Or one partner user of the council, by id (not both)"})


class InvitationSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    agency = fields.String(allow_none=True)
    user_id = fields.Integer(allow_none=True)
    label = fields.String(metadata={"description": "Whom it invites, as people read it: \"Police\", or the partner's name"})
    invited_by_id = fields.Integer(allow_none=True)
    invited_at = fields.DateTime()
    withdrawn_at = fields.DateTime(allow_none=True)
