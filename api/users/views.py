"""/session (sign in and out), /me, /users (administrators), token revocation."""

from __future__ import annotations

from flask import request, session as cookie
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.roles import Role

from .. import get_session
from ..auth import current_caller, require_role, sign_in, sign_out
from ..errors import Invalid
from . import service
from .schemas import MeSchema, NewUserSchema, RevokedSchema, SignedInSchema, SignInSchema, UserSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1", description="Signing in, users and tokens")


def _me(user) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "active": user.active,
            "roles": sorted(str(r) for r in user.roles), "tenant": user.tenant}


@blp.route("/session")
class Session(MethodView):
    @blp.arguments(SignInSchema)
    @blp.response(200, SignedInSchema)
    @blp.alt_response(401, description="Wrong email or password")
    @blp.alt_response(429, description="Too many attempts, or the account is locked")
    def post(self, body):
        """Sign in with email and password; sets the session cookie and returns the CSRF token."""
        user = sign_in(body["email"], body["password"], request.remote_addr or "")
        return {"user": _me(user), "csrf_token": cookie["csrf_token"]}

    @blp.response(204)
    def delete(self):
        """Sign out."""
        sign_out()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """Who I am, my council and my roles."""
        return _me(current_caller().user)


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserSchema(many=True))
    def get(self):
        """The council's users (administrators)."""
        caller = current_caller()
        require_role(caller, Role.ADMIN)
        return [_me(u) for u in service.list_users(get_session(), tenant_id=caller.tenant.id)]

    @blp.arguments(NewUserSchema)
    @blp.response(201, UserSchema)
    def post(self, body):
        """Add a user to the council (administrators)."""
        caller = current_caller()
        require_role(caller, Role.ADMIN)
        user = service.add_user(get_session(), email=body["email"], tenant_slug=caller.tenant.slug, roles=body["roles"],
                                password=body["password"], name=body["name"], actor=caller.actor)
        return _me(user)


@blp.route("/users/<id:user_id>/revoke-tokens")
class RevokeUserTokens(MethodView):
    @blp.response(200, RevokedSchema)
    def post(self, user_id):
        """Revoke every API token of a user (administrators)."""
        caller = current_caller()
        require_role(caller, Role.ADMIN)
        return {"revoked": service.revoke_user_tokens(get_session(), tenant_id=caller.tenant.id, user_id=user_id, actor=caller.actor)}


@blp.route("/tokens/current/revoke")
class RevokeCurrentToken(MethodView):
    @blp.response(200, RevokedSchema)
    def post(self):
        """Revoke the bearer token this request was made with."""
        caller = current_caller()
        if caller.via != "token":
            raise Invalid("this request was not made with a bearer token")
        token = request.headers["Authorization"].partition(" ")[2].strip()
        service.revoke_token(get_session(), token=token, actor=caller.actor)
        return {"revoked": 1}
