"""Scenario tests of the shipped procedures: the real processes/ and forms/, the demo councils."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.definitions import ProcessLibrary

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def councils(session):
    """The demo councils with every shipped procedure deployed, a provider each and a user per role."""
    from tests.support.world import build_world

    return build_world(session, ProcessLibrary(ROOT / "processes", ROOT / "forms"))
