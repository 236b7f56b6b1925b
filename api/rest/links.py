"""OpenAPI links: how one operation's answer leads to the next (RFC: OpenAPI 3.0 Link Object).

A client (and schemathesis' stateful run) reads them to chain requests the way staff work: a
case started, then read, its first step claimed, drafted and completed; a provider added,
then read and changed; a procedure draft opened, then saved, checked and compared. Each link
names its target by ``operationRef`` and says where each path parameter comes from in the
answer.
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

__all__ = ["LINKS", "OperationLinks"]

_PREFIX = "/api/v1"
CASE_ID = {"case_id": "$response.body#/id"}
FIRST_TASK_ID = {"task_id": "$response.body#/tasks/0/id"}
FIRST_ITEM_ID = "$response.body#/items/0/id"


def _to(path: str, method: str, parameters: dict[str, str], description: str) -> dict[str, Any]:
    pointer = (_PREFIX + path).replace("~", "~0").replace("/", "~1")
    return {"operationRef": f"#/paths/{pointer}/{method}", "parameters": parameters, "description": description}


def _case_links() -> dict[str, dict[str, Any]]:
    return {
        "ReadTheCase": _to("/cases/{case_id}", "get", CASE_ID, "The case as it is now"),
        "ItsHistory": _to("/cases/{case_id}/events", "get", CASE_ID, "What happened on the case, in order"),
        "ItsChronology": _to("/cases/{case_id}/chronology", "get", CASE_ID, "The case's chronology"),
        "ItsDocuments": _to("/cases/{case_id}/documents", "get", CASE_ID, "Letters and evidence on the case"),
        "WhoIsInvited": _to("/cases/{case_id}/invitations", "get", CASE_ID, "The agencies invited to the case"),
        "WhoMayOwnIt": _to("/cases/{case_id}/owners", "get", CASE_ID, "The people who may own the case"),
        "ItsFirstOpenStep": _to("/tasks/{task_id}", "get", FIRST_TASK_ID, "The first open step"),
        "ClaimItsFirstOpenStep": _to("/tasks/{task_id}/claim", "post", FIRST_TASK_ID, "Claim the first open step"),
        "DraftItsFirstOpenStep": _to("/tasks/{task_id}/draft", "put", FIRST_TASK_ID, "Save a draft of the first open step"),
        "CompleteItsFirstOpenStep": _to("/tasks/{task_id}/complete", "post", FIRST_TASK_ID, "Complete the first open step"),
    }


def _draft_links() -> dict[str, dict[str, Any]]:
    draft_id = {"draft_id": "$response.body#/id"}
    return {
        "ReadTheDraft": _to("/drafts/{draft_id}", "get", draft_id, "The draft and its forms"),
        "SaveTheDraft": _to("/drafts/{draft_id}", "put", draft_id, "Save a new diagram into the draft"),
        "CheckTheDraft": _to("/drafts/{draft_id}/check", "post", draft_id, "Check the draft as a deploy would"),
        "ItsChanges": _to("/drafts/{draft_id}/changes", "get", draft_id, "What the draft changes, in words"),
        "ItsDiagram": _to("/drafts/{draft_id}/xml", "get", draft_id, "The draft's BPMN"),
    }


def _provider_links() -> dict[str, dict[str, Any]]:
    provider_id = {"provider_id": "$response.body#/id"}
    return {
        "ReadTheProvider": _to("/providers/{provider_id}", "get", provider_id, "The provider"),
        "ChangeTheProvider": _to("/providers/{provider_id}", "patch", provider_id, "Change the provider's details"),
        "ItsRisk": _to("/providers/{provider_id}/risk", "get", provider_id, "The provider's risk over time"),
    }


# (path, method, status) of the answer -> the links it offers.
LINKS: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {
    ("/cases", "post", "201"): _case_links(),
    ("/tasks/{task_id}/complete", "post", "200"): _case_links(),
    ("/cases", "get", "200"): {"ReadTheFirstCase": _to("/cases/{case_id}", "get", {"case_id": FIRST_ITEM_ID}, "The first case listed")},
    ("/tasks", "get", "200"): {
        "ReadTheFirstStep": _to("/tasks/{task_id}", "get", {"task_id": FIRST_ITEM_ID}, "The first step listed"),
        "ClaimTheFirstStep": _to("/tasks/{task_id}/claim", "post", {"task_id": FIRST_ITEM_ID}, "Claim the first step listed"),
    },
    ("/drafts", "post", "201"): _draft_links(),
    ("/providers", "post", "201"): _provider_links(),
}


class OperationLinks(BasePlugin):
    """An apispec plugin putting ``LINKS`` into the answers they belong to."""

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs: Any) -> None:
        if not path or not operations:
            return
        local = path[len(_PREFIX):] if path.startswith(_PREFIX) else path
        for method, operation in operations.items():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            for (link_path, link_method, status), links in LINKS.items():
                if (link_path, link_method) != (local, method):
                    continue
                response = responses.get(status, responses.get(int(status)))
                if response is None:
                    raise LookupError(f"{method.upper()} {path} declares no {status} answer to link from")
                response.setdefault("links", {}).update(links)
