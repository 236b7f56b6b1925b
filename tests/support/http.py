"""API clients for tests: bearer tokens per (council, role)."""

from __future__ import annotations

from dataclasses import dataclass

from api.actors import Actor
from api.users.service import issue_token
from engine.roles import Role


@dataclass
class ApiUsers:
    client: object
    tokens: dict

    def headers(self, tenant: str, role: Role) -> dict:
        return {"Authorization": f"Bearer {self.tokens[(tenant, role)]}"}

    def get(self, path, tenant="alpha", role=Role.CONTRACT_OFFICER, **kw):
        return self.client.get(path, headers=self.headers(tenant, role), **kw)

    def post(self, path, json=None, tenant="alpha", role=Role.CONTRACT_OFFICER, **kw):
        return self.client.post(path, json=json, headers=self.headers(tenant, role), **kw)

    def patch(self, path, json=None, tenant="alpha", role=Role.CONTRACT_OFFICER, **kw):
        return self.client.patch(path, json=json, headers=self.headers(tenant, role), **kw)

    def put(self, path, json=None, tenant="alpha", role=Role.CONTRACT_OFFICER, **kw):
        return self.client.put(path, json=json, headers=self.headers(tenant, role), **kw)

    def delete(self, path, tenant="alpha", role=Role.CONTRACT_OFFICER, **kw):
        return self.client.delete(path, headers=self.headers(tenant, role), **kw)


def api_users(client, world, session) -> ApiUsers:
    tokens = {}
    for (tenant, role), actor in world.users.items():
        # Tests move the clock across years (and `--today` runs the suite a year earlier): the
        # tokens they sign in with outlive any of those clocks; expiry has tests of its own.
        tokens[(tenant, role)] = issue_token(session, email=actor.user.email, days=3650, actor=Actor.system("tests"))
    return ApiUsers(client=client, tokens=tokens)
