"""Need to know on every surface (issue 23): a Staffordshire LSE under a police investigation, read
by each kind of reader through the case (REST and page data), the task, the audit trail and the
chronology (its page and Word export are made from it). One case is built and every reader x
surface is checked on it, to keep the matrix quick."""

from __future__ import annotations

import json

import pytest

from api.cases.summaries import case_events, case_summary, task_detail
from api.chronology.service import chronology
from engine.visibility import Viewer
from tests.api.test_provider_view import EXCLUDED_TEXTS, _lse_under_police_investigation
from tests.processes.test_staffordshire_support import ADULTS, at, open_tasks

pytestmark = pytest.mark.clock("2026-11-02T09:00:00+00:00")

NAMES = [a["name"] for a in ADULTS]
POLICE_TEXTS = [t for t in EXCLUDED_TEXTS if t not in NAMES]
READERS = {
    "safeguarding lead": (Viewer(roles=frozenset({"safeguarding_lead"})), set()),
    "read-only viewer": (Viewer(roles=frozenset({"viewer"})), set(NAMES)),
    "partner": (Viewer(roles=frozenset({"partner"}), agency="partner"), set(EXCLUDED_TEXTS)),
    "provider": (Viewer(agency="provider", provider_id=1), set(EXCLUDED_TEXTS)),
}


def _surfaces(councils, case, viewer) -> dict[str, str]:
    session, tenant = councils.session, councils.tenants["staffordshire"]
    [task] = open_tasks(session, case)
    return {
        "case": case_summary(session, tenant=tenant, case_id=case.id, roles=viewer),
        "task": task_detail(session, tenant=tenant, task_id=task.id, roles=viewer, user_id=None)["data"],
        "audit": case_events(session, tenant=tenant, case_id=case.id, roles=viewer, page=1, page_size=500)[0],
        "chronology": chronology(session, tenant=tenant, roles=viewer, case_id=case.id),
    }


def test_each_reader_sees_on_every_surface_exactly_what_the_lse_rules_allow_during_a_police_investigation(councils):
    at(2026, 11, 2)
    case = _lse_under_police_investigation(councils)
    lead = {k: json.dumps(v, default=str, ensure_ascii=False) for k, v in _surfaces(councils, case, READERS["safeguarding lead"][0]).items()}
    # Each surface carries items of the excluded headings to someone allowed them (so withholding them is tested).
    assert all(any(item in lead[surface] for item in EXCLUDED_TEXTS) for surface in lead), lead
    for reader, (viewer, withheld) in READERS.items():
        for surface, shown in _surfaces(councils, case, viewer).items():
            text = json.dumps(shown, default=str, ensure_ascii=False)
            for item in (i for i in EXCLUDED_TEXTS if i in lead[surface]):
                assert (item in text) == (item not in withheld), f"{reader} on the {surface}: {item!r}"


def test_an_item_the_chair_excludes_beyond_the_police_items_is_withheld_from_the_provider_only(councils):
    at(2026, 11, 2)
    case = _lse_under_police_investigation(councils, excluded_extra=["item_8"])
    regulatory = "CQC warning notice"
    provider = json.dumps(_surfaces(councils, case, READERS["provider"][0]), default=str)
    partner = json.dumps(_surfaces(councils, case, READERS["partner"][0]), default=str)
    assert regulatory not in provider and regulatory in partner
