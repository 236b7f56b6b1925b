"""Issue 16, item 2: sessions. No built-in key, sign-out ends the session on the server,
redirects stay on this site, and a locked account answers as an unknown email does."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask.sessions import SecureCookieSessionInterface

from api import MissingSecretKey, create_app
from api.actors import Actor
from api.auth import MAX_FAILED_SIGN_INS
from api.users.service import add_user
from tests.support.web import PASSWORD, WebUser

EMAIL = "officer.sessions@alpha.test"


@pytest.fixture
def person(app, world, session):
    app.config["SESSION_COOKIE_SECURE"] = False
    add_user(session, email=EMAIL, tenant_slug="alpha", roles=["contract_officer"], password=PASSWORD, actor=Actor.system("t"))
    return WebUser(app.test_client())


def _forged_cookie(app, secret: str, data: dict) -> str:
    forger = create_app({**app.config, "SECRET_KEY": secret})
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(data)


def test_the_app_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    with pytest.raises(MissingSecretKey):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "dev-only-change-me"})


def test_serving_without_a_secret_key_refuses_to_start(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "CONCERNS_INSTANCE": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "api.wsgi"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_a_cookie_forged_with_the_old_built_in_key_signs_nobody_in(app, person, world):
    admin = world.actor("alpha", __import__("engine.roles").roles.Role.ADMIN).user
    cookie = _forged_cookie(app, "dev-only-change-me-but-long", {"user_id": admin.id, "csrf_token": "x"})
    client = app.test_client()
    client.set_cookie("session", cookie)
    assert client.get("/api/v1/me").status_code == 401
    forged_with_own_key = _forged_cookie(app, app.config["SECRET_KEY"], {"user_id": admin.id, "csrf_token": "x"})
    client.set_cookie("session", forged_with_own_key)
    assert client.get("/api/v1/me").status_code == 401  # a session the server never started


def test_a_cookie_copied_before_sign_out_no_longer_works(app, person):
    assert person.sign_in(EMAIL).status_code == 302
    copied = person.client.get_cookie("session").value
    assert person.post("/sign-out").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.get("/inbox").status_code == 302


def test_signing_out_through_the_api_ends_the_session_on_the_server(app, person):
    signed = person.client.post("/api/v1/session", json={"email": EMAIL, "password": PASSWORD})
    copied = person.client.get_cookie("session").value
    person.client.delete("/api/v1/session", headers={"X-CSRF-Token": signed.json["csrf_token"]})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/", "/\t/evil.example/", "/\r\nSet-Cookie: x=1", "https://evil.example/",
                                    "/\\evil.example", "/%0d%0a", " //evil.example", "/\n/evil.example"])
def test_sign_in_sends_only_to_paths_on_this_site(person, target):
    page = person.client.get("/sign-in")
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = person.client.post("/sign-in", query_string={"next": target},
                                  data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location and "\n" not in location


def test_sign_in_keeps_a_plain_path_on_this_site(person):
    import re
    page = person.client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = person.client.post("/sign-in?next=/providers%3Fq%3Drose", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    assert response.headers["Location"] == "/providers?q=rose"


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example", "/\t/evil.example", "/x\r\nX-Evil: 1"])
def test_claiming_goes_back_only_to_a_path_on_this_site(person, world, back):
    from tests.support.world import open_tasks, start

    case = start(world, "simple_review")
    [task] = open_tasks(world.session, case)
    person.sign_in(EMAIL)
    response = person.post(f"/tasks/{task.id}/claim", {"back": back})
    assert response.status_code == 302 and "evil" not in response.headers["Location"].lower()
    assert response.headers["Location"].startswith("/")


def test_a_locked_account_answers_as_an_unknown_email_does(app, person):
    client = app.test_client()
    for _ in range(MAX_FAILED_SIGN_INS):
        client.post("/api/v1/session", json={"email": EMAIL, "password": "wrong"})
    locked = client.post("/api/v1/session", json={"email": EMAIL, "password": PASSWORD})
    unknown = client.post("/api/v1/session", json={"email": "nobody@alpha.test", "password": PASSWORD})
    assert (locked.status_code, locked.json["detail"]) == (unknown.status_code, unknown.json["detail"])
    web_locked = person.sign_in(EMAIL)
    web_unknown = person.sign_in("nobody@alpha.test")
    assert web_locked.status_code == web_unknown.status_code == 400
