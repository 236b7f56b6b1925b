"""/reports/deadlines, /reports/sab-quarterly and /providers/{id}/risk: JSON, CSV or XLSX, for
heads of service and administrators of the council."""

from __future__ import annotations

import io

from flask import send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from engine.roles import Role

from .. import get_session
from ..auth import current_caller, require_role
from .deadlines import deadline_compliance, deadline_tables
from .provider_risk import provider_risk, risk_tables
from .sab import sab_quarterly, sab_tables
from .tables import CSV, XLSX, to_csv, to_xlsx

__all__ = ["blp", "report_caller", "table_download"]

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Reports for heads of service and administrators")
_FORMAT = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]),
                        metadata={"description": "json (default), csv or xlsx (the same figures as tables)"})


def report_caller():
    caller = current_caller()
    require_role(caller, Role.HEAD_OF_SERVICE, Role.ADMIN)
    return caller


def table_download(tables, kind: str, name: str):
    content, mimetype = (to_csv(tables), CSV) if kind == "csv" else (to_xlsx(tables), XLSX)
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=f"{name}.{kind}", max_age=0)


class PeriodArgs(Schema):
    start = fields.Date(required=True, data_key="from", metadata={"description": "First day (YYYY-MM-DD)"})
    end = fields.Date(required=True, data_key="to", metadata={"description": "Last day (YYYY-MM-DD), included"})
    format = _FORMAT


class QuarterArgs(Schema):
    quarter = fields.String(required=True, validate=validate.Regexp(r"^(19|20|21)\d{2}-Q[1-4]$", error="write YYYY-Qn, e.g. 2026-Q3"))
    format = _FORMAT


class FormatArgs(Schema):
    format = _FORMAT


class TimescaleSchema(Schema):
    procedure = fields.String()
    process_key = fields.String()
    timer_element_id = fields.String()
    deadline = fields.String()
    step = fields.String()
    due = fields.Integer()
    met = fields.Integer()
    missed = fields.Integer(metadata={"description": "Includes those still overdue"})
    still_open = fields.Integer()
    met_percent = fields.Integer(allow_none=True)
    median_late_days = fields.Float(allow_none=True)
    worst_late_days = fields.Float(allow_none=True)
    median_late = fields.String()
    worst_late = fields.String()
    met_cases = fields.List(fields.Integer())
    missed_cases = fields.List(fields.Integer())


class DeadlineReportSchema(Schema):
    council = fields.String()
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    timescales = fields.List(fields.Nested(TimescaleSchema))
    totals = fields.Dict()


class SabReportSchema(Schema):
    council = fields.String()
    quarter = fields.String()
    enquiries = fields.List(fields.Dict(), metadata={"description": "One per LSE, anonymised: LSE 1, LSE 2..."})
    totals = fields.Dict()


class ProviderRiskSchema(Schema):
    provider = fields.Dict()
    cases = fields.List(fields.Dict())
    stages = fields.List(fields.Dict(), metadata={"description": "Days spent in each stage (procedure) across the cases"})
    current_risk = fields.Dict(allow_none=True)
    open_tasks = fields.List(fields.Dict())
    open_actions = fields.List(fields.Dict())
    documents = fields.List(fields.Dict())
    flags = fields.List(fields.Dict(), metadata={"description": "The seeds' flags, each with why and where it comes from"})


@blp.route("/reports/deadlines")
class DeadlineReport(MethodView):
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, DeadlineReportSchema)
    @blp.alt_response(403, description="Reports are for heads of service and administrators")
    def get(self, args):
        """Deadline compliance: for each statutory timescale, met, missed, by how much, and the cases behind each figure."""
        caller = report_caller()
        report = deadline_compliance(get_session(), tenant=caller.tenant, start=args["start"], end=args["end"])
        if args["format"] != "json":
            return table_download(deadline_tables(report), args["format"],
                                  f"deadline-compliance-{args['start'].isoformat()}-to-{args['end'].isoformat()}")
        return {**report, "start": report["from"], "end": report["to"]}


@blp.route("/reports/sab-quarterly")
class SabReport(MethodView):
    @blp.arguments(QuarterArgs, location="query")
    @blp.response(200, SabReportSchema)
    @blp.alt_response(403, description="Reports are for heads of service and administrators")
    def get(self, args):
        """The anonymised quarterly report on Large Scale Enquiries for the Safeguarding Adults Board."""
        caller = report_caller()
        report = sab_quarterly(get_session(), tenant=caller.tenant, quarter=args["quarter"])
        if args["format"] != "json":
            return table_download(sab_tables(report), args["format"], f"sab-lse-update-{args['quarter'].lower()}")
        return report


@blp.route("/providers/<id:provider_id>/risk")
class ProviderRisk(MethodView):
    @blp.arguments(FormatArgs, location="query")
    @blp.response(200, ProviderRiskSchema)
    @blp.alt_response(403, description="Reports are for heads of service and administrators")
    def get(self, args, provider_id):
        """A provider's risk picture: cases, time in each stage, current risk, open actions, documents and flags."""
        caller = report_caller()
        report = provider_risk(get_session(), tenant=caller.tenant, roles=caller.user.reader_roles,
                               provider_id=provider_id)
        if args["format"] != "json":
            return table_download(risk_tables(report), args["format"], f"provider-{provider_id}-risk")
        return report
