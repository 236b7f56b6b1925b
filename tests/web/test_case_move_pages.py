"""The procedure page's "Move running cases" for process owners, and "Move back" on the case page."""

from __future__ import annotations

import pytest
from lxml import html

from engine.roles import Role
from tests.api.test_moving_cases import _fixed, _notice_case, _notice_fixed
from tests.support.web import web_user
from tests.support.world import open_tasks

pytestmark = pytest.mark.clock("2026-11-24T09:00:00+00:00")


def _text(response) -> str:
    return " ".join(html.fromstring(response.get_data(as_text=True)).text_content().split())


def test_a_process_owner_previews_moves_and_moves_back_a_case_from_the_pages(app, world, session):
    case = _notice_case(world)
    version = _fixed(world, _notice_fixed)
    owner = web_user(app, session, "alpha", Role.PROCESS_OWNER)
    procedure = _text(owner.get("/procedures/chased_notice"))
    assert "1 running case(s) are on other versions" in procedure and f"Preview moving them to version {version}" in procedure

    preview = owner.get(f"/procedures/chased_notice/moves?version={version}")
    assert preview.status_code == 200
    words = _text(preview)
    assert f"Case {case.id}, Rosewood House (alpha), on version 1 can move" in words
    assert "The task 'Notify the provider' is waiting and is renamed 'Notify the provider in writing'" in words
    assert "The timer 'Provider notice overdue (2 working days)' changes from 2 to 3 working days: due date 26 Nov becomes 27 Nov" in words

    no_note = owner.post("/procedures/chased_notice/moves", data={"version": version, "case_ids": [case.id]})
    assert no_note.status_code == 400 and "Enter why the cases move" in _text(no_note)
    moved = owner.post("/procedures/chased_notice/moves", data={"version": version, "case_ids": [case.id], "note": "Three days"},
                       follow_redirects=True)
    assert f"1 case(s) moved to version {version}: {case.id}." in _text(moved)
    assert [t.name for t in open_tasks(session, case)] == ["Notify the provider in writing"]

    page = _text(owner.get(f"/cases/{case.id}"))
    assert "Moved from version 1 to version 2 by web.process_owner@alpha.test" in page
    # The timeline in words (issue 24): the chronology's entry, its details folded.
    assert "The case moved to another version of its procedure" in page and "moved from version 1 to version 2: Three days" in page
    back = owner.post(f"/cases/{case.id}/move-back", data={"note": "Too early"}, follow_redirects=True)
    assert f"Case {case.id} is back on version 1, as it was before it moved." in _text(back)
    assert [t.name for t in open_tasks(session, case)] == ["Notify the provider"]


def test_an_officer_cannot_open_the_move_page(app, world, session):
    officer = web_user(app, session, "alpha", Role.CONTRACT_OFFICER)
    assert officer.get("/procedures/chased_notice/moves?version=1").status_code == 403
