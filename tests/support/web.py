"""Signing in to the web UI from tests (the test client speaks plain http)."""

from __future__ import annotations

import re

from api.actors import Actor
from api.users.service import add_user
from engine.roles import Role

PASSWORD = "a long test password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebUser:
    def __init__(self, client):
        self.client = client
        self.csrf = ""

    def sign_in(self, email: str, password: str = PASSWORD):
        page = self.client.get("/sign-in")
        token = _CSRF.search(page.get_data(as_text=True)).group(1)
        response = self.client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password})
        self.csrf = _CSRF.search(self.client.get("/inbox").get_data(as_text=True)).group(1) if response.status_code == 302 else ""
        return response

    def get(self, path, **kw):
        return self.client.get(path, **kw)

    def post(self, path, data=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf)
        return self.client.post(path, data=data, **kw)


def web_user(app, session, tenant: str, *roles: Role) -> WebUser:
    app.config["SESSION_COOKIE_SECURE"] = False
    email = f"web.{'-'.join(r.value for r in roles)}@{tenant}.test"
    add_user(session, email=email, tenant_slug=tenant, roles=[r.value for r in roles], password=PASSWORD,
             actor=Actor.system("tests"))
    user = WebUser(app.test_client())
    assert user.sign_in(email).status_code == 302
    return user
