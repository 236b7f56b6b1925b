"""Issue 16: how to report a problem. The council's own security contact is served at
/.well-known/security.txt (RFC 9116); a contact a finder cannot use stops the app starting."""

from __future__ import annotations

import pytest

from api import create_app
from api.security_txt import BadSecurityContact

pytestmark = pytest.mark.clock("2026-12-04T10:00:00+00:00")


def _app(tmp_path, **settings):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **settings})


def test_the_councils_security_contact_is_published_with_an_expiry(tmp_path):
    app = _app(tmp_path, SECURITY_CONTACT="mailto:security@lancashire.example, https://lancashire.example/report",
               SECURITY_POLICY="https://lancashire.example/disclosure")
    response = app.test_client().get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).splitlines() == [
        "Contact: mailto:security@lancashire.example",
        "Contact: https://lancashire.example/report",
        "Expires: 2027-06-02T10:00:00Z",
        "Preferred-Languages: en, cy",
        "Policy: https://lancashire.example/disclosure",
    ]


def test_no_file_is_published_until_a_contact_is_set(tmp_path):
    assert _app(tmp_path).test_client().get("/.well-known/security.txt").status_code == 404


@pytest.mark.parametrize("settings, says", [
    ({"SECURITY_CONTACT": "security@council.example"}, "mailto:, https: or tel:"),
    ({"SECURITY_CONTACT": "http://council.example/report"}, "mailto:, https: or tel:"),
    ({"SECURITY_CONTACT": "mailto:a@b.example", "SECURITY_POLICY": "http://council.example"}, "https: address"),
])
def test_a_contact_a_finder_cannot_use_stops_the_app_starting(tmp_path, settings, says):
    with pytest.raises(BadSecurityContact, match=says):
        _app(tmp_path, **settings)
