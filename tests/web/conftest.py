"""The ``env`` fixture of the form renderer tests: the template environment the pages use."""

from __future__ import annotations

import pytest

from tests.web.formrender_support import form_environment


@pytest.fixture(scope="module")
def env():
    return form_environment()
