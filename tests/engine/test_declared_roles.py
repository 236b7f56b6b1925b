"""Roles as data (issue 23): each council's roles in processes/tenants.toml, with their agencies,
checked at deploy with the file and line of each mistake."""

from __future__ import annotations

import pytest

from engine.errors import DefinitionError
from engine.tenants import load_tenants

BRIDGEND = """[[tenant]]
slug = "bridgend"
name = "Bridgend County Borough Council"
region = "wales"
folders = ["wales", "shared"]
"""


def _load(tmp_path, text):
    path = tmp_path / "tenants.toml"
    path.write_text(text, encoding="utf-8")
    return load_tenants(path)


def test_a_welsh_council_has_the_health_board_and_ciw_as_separate_agencies_by_default(tmp_path):
    [bridgend] = _load(tmp_path, BRIDGEND)
    nurse, ciw = bridgend.roles["health_board_nurse_assessor"], bridgend.roles["ciw_inspector"]
    assert (nurse.label, nurse.agency, nurse.acts_as) == ("Health board nurse assessor", "nhs", ("partner",))
    assert (ciw.label, ciw.agency) == ("CIW inspector", "regulator")
    assert bridgend.roles["contract_officer"].label == "Contract officer"  # the base roles stay
    assert "cqc_inspector" not in bridgend.roles


def test_a_council_declares_its_own_role_with_a_label_an_agency_and_the_base_roles_it_acts_as(tmp_path):
    [bridgend] = _load(tmp_path, BRIDGEND + """
[tenant.roles.cwm_taf_safeguarding_nurse]
label = "Cwm Taf Morgannwg safeguarding nurse"
agency = "nhs"
acts_as = ["partner"]
""")
    role = bridgend.roles["cwm_taf_safeguarding_nurse"]
    assert (role.label, role.agency, role.acts_as) == ("Cwm Taf Morgannwg safeguarding nurse", "nhs", ("partner",))


def test_mistakes_in_a_declared_role_are_each_named_with_their_line(tmp_path):
    with pytest.raises(DefinitionError) as refused:
        _load(tmp_path, BRIDGEND + """
[tenant.roles.police_liaison]
label = ""
agency = "constabulary"
acts_as = ["detective"]
colour = "blue"
""")
    found = {(p.line, p.message) for p in refused.value.problems}
    assert (7, "role 'police_liaison' needs a label people read, e.g. \"CIW inspector\"") in found
    assert (9, "role 'police_liaison': agency must be one of council, nhs, police, regulator, neighbouring_council, provider, "
               "got 'constabulary'") in found
    assert any(line == 10 and "unknown: detective" in message for line, message in found)
    assert any(line == 11 and "'colour' is not known" in message for line, message in found)
