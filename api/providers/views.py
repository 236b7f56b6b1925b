"""/providers: the care services a council commissions."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from .. import get_session
from ..auth import current_caller, require_role
from ..rest.common import page_schema, paginate
from . import service
from .schemas import ProviderDetailSchema, ProviderPatchSchema, ProviderQuerySchema, ProviderSchema
from engine.roles import Role

blp = Blueprint("providers", __name__, url_prefix="/api/v1/providers", description="Providers (care services) of the caller's council")
EDITORS = (Role.ADMIN, Role.CONTRACT_OFFICER, Role.QUALITY_IMPROVEMENT, Role.HEAD_OF_SERVICE)


@blp.route("")
class Providers(MethodView):
    @blp.arguments(ProviderQuerySchema, location="query")
    @blp.response(200, page_schema(ProviderSchema, "ProviderPage"))
    def get(self, args):
        """List providers, filtered by kind, regulator, status or a search text."""
        caller = current_caller()
        rows, total = service.search_providers(get_session(), tenant_id=caller.tenant.id, **args)
        return paginate(rows, total, args["page"], args["page_size"])

    @blp.arguments(ProviderSchema)
    @blp.response(201, ProviderSchema)
    def post(self, body):
        """Add a provider."""
        caller = current_caller()
        require_role(caller, *EDITORS)
        return service.create_provider(get_session(), tenant_id=caller.tenant.id, actor=caller.actor, **body)


@blp.route("/<id:provider_id>")
class ProviderById(MethodView):
    @blp.response(200, ProviderDetailSchema)
    def get(self, provider_id):
        """A provider with its case history."""
        caller = current_caller()
        provider = service.get_provider(get_session(), tenant_id=caller.tenant.id, provider_id=provider_id)
        return {**ProviderSchema().dump(provider), "cases": service.provider_cases(get_session(), provider=provider)}

    @blp.arguments(ProviderPatchSchema)
    @blp.response(200, ProviderSchema)
    def patch(self, body, provider_id):
        """Change a provider's details or status."""
        caller = current_caller()
        require_role(caller, *EDITORS)
        return service.update_provider(get_session(), tenant_id=caller.tenant.id, provider_id=provider_id, changes=body,
                                       actor=caller.actor)
