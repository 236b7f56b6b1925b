"""``/.well-known/security.txt`` (RFC 9116): where a finder reports a security problem.

The contact is the council's (or its supplier's), so it is a setting, ``SECURITY_CONTACT``:
one or more ``mailto:``, ``https:`` or ``tel:`` addresses, separated by commas, with an
optional ``SECURITY_POLICY`` (the address of the disclosure policy). With no contact set
the file is not served: an address nobody reads is worse than none.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, abort, current_app

from engine.clock import now

__all__ = ["BadSecurityContact", "contacts_of", "install_security_txt"]

_SCHEMES = ("mailto:", "https:", "tel:")
# RFC 9116 asks for an expiry under a year ahead; finders then know the file is kept up to date.
EXPIRES_AFTER = timedelta(days=180)


class BadSecurityContact(RuntimeError):
    """SECURITY_CONTACT or SECURITY_POLICY is not an address a finder can use."""


def contacts_of(setting: str | None) -> list[str]:
    """The addresses in ``SECURITY_CONTACT``; raises BadSecurityContact naming a bad one."""
    contacts = [part.strip() for part in (setting or "").split(",") if part.strip()]
    for contact in contacts:
        if not contact.startswith(_SCHEMES) or any(ch.isspace() for ch in contact):
            raise BadSecurityContact(f"SECURITY_CONTACT has {contact!r}; each contact must be a mailto:, https: or tel: "
                                     "address, for example mailto:security@council.gov.uk")
    return contacts


def _policy_of(setting: str | None) -> str | None:
    policy = (setting or "").strip() or None
    if policy and (not policy.startswith("https:") or any(ch.isspace() for ch in policy)):
        raise BadSecurityContact(f"SECURITY_POLICY is {policy!r}; it must be an https: address")
    return policy


def install_security_txt(app: Flask) -> None:
    """Check the settings now (a bad one stops the app starting) and serve the file."""
    contacts_of(app.config.get("SECURITY_CONTACT"))
    _policy_of(app.config.get("SECURITY_POLICY"))

    @app.get("/.well-known/security.txt")
    def security_txt() -> Response:
        contacts = contacts_of(current_app.config.get("SECURITY_CONTACT"))
        if not contacts:
            abort(404)
        policy = _policy_of(current_app.config.get("SECURITY_POLICY"))
        expires = (now() + EXPIRES_AFTER).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines = [f"Contact: {contact}" for contact in contacts] + [f"Expires: {expires}", "Preferred-Languages: en, cy"]
        if policy:
            lines.append(f"Policy: {policy}")
        return Response("\n".join(lines) + "\n", mimetype="text/plain")
