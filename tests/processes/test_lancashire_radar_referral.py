"""Refer a provider to Radar (seed 000 section 2): Early Alert with its eight criteria, or Any
Other Business with its three."""

from __future__ import annotations

import pytest

from api.errors import Invalid
from engine.roles import Role
from tests.processes.test_lancashire_helpers import LANCS, at, cases_of, data
from tests.support.world import complete, open_tasks, start

BASE = {"concern_summary": "Concerns about the manager.", "alerter_name": "Ann Alerter",
        "alerter_organisation": "Integrated Care Board (ICB)", "alerter_email": "ann@icb.example",
        "referred_on": "2026-03-02"}


def referral_case(councils):
    at(2026, 3, 2)
    case = start(councils, "lancashire_radar_referral", tenant=LANCS, role=Role.PARTNER)
    [task] = open_tasks(councils.session, case)
    assert (task.element_id, task.role) == ("refer_provider", "partner")
    return case


def test_an_early_alert_names_its_criteria(councils):
    case = referral_case(councils)
    with pytest.raises(Invalid, match="early_alert_criteria"):
        complete(councils, case, "refer_provider", {"referral_route": "early_alert", **BASE})
    complete(councils, case, "refer_provider", {"referral_route": "early_alert",
                                                "early_alert_criteria": ["organisational_failure", "quality_returns"], **BASE})
    [radar] = cases_of(councils, "lancashire_radar")
    sent = data(councils, radar)["referral"]
    assert (sent["route"], sent["criteria"]) == ("early_alert", ["organisational_failure", "quality_returns"])
    assert sent["alerter"] == {"name": "Ann Alerter", "organisation": "Integrated Care Board (ICB)", "email": "ann@icb.example"}


def test_any_other_business_names_its_criteria(councils):
    case = referral_case(councils)
    with pytest.raises(Invalid, match="aob_criteria"):
        complete(councils, case, "refer_provider", {"referral_route": "any_other_business", "aob_criteria": [], **BASE})
    complete(councils, case, "refer_provider", {"referral_route": "any_other_business",
                                                "aob_criteria": ["crossover_services"], **BASE})
    [radar] = cases_of(councils, "lancashire_radar")
    assert data(councils, radar)["referral"]["criteria"] == ["crossover_services"]


def test_the_form_offers_the_seeds_criteria(councils):
    import json
    from pathlib import Path

    schema = json.loads((Path(__file__).resolve().parents[2] / "forms/lancashire/radar_referral.schema.json").read_text())
    early = [o["const"] for o in schema["properties"]["early_alert_criteria"]["items"]["oneOf"]]
    aob = [o["const"] for o in schema["properties"]["aob_criteria"]["items"]["oneOf"]]
    assert len(early) == 8 and len(aob) == 3
    titles = [o["title"] for o in schema["properties"]["early_alert_criteria"]["items"]["oneOf"]]
    assert titles[0].startswith("Providers at risk of organisational failure")


def test_cqc_special_measures_include_the_provider_automatically(councils):
    case = referral_case(councils)
    with pytest.raises(Invalid, match="automatic_criteria"):
        complete(councils, case, "refer_provider", {"referral_route": "automatic", **BASE})
    complete(councils, case, "refer_provider", {"referral_route": "automatic",
                                                "automatic_criteria": ["cqc_special_measures"], **BASE})
    [radar] = cases_of(councils, "lancashire_radar")
    sent = data(councils, radar)["referral"]
    assert (sent["route"], sent["criteria"]) == ("automatic", ["cqc_special_measures"])
