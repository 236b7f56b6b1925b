"""The Safeguarding Adults Board's quarterly report on Large Scale Enquiries: the quarter's LSEs,
anonymised. Names and identifiers are planted everywhere a person could type them, and none may
come out in any form of the report."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from engine import clock
from engine.roles import Role
from tests.support.world import complete, start

PLANTED = ["Edith Crawley", "Crawley", "John Smith", "Dr Anil Patel", "Patel", "Jane Doe", "S42-771234", "Rosewood",
           "07700 900123", "12 Mill Lane"]


def _lse(world, set_up_at: str, *, decide: list[tuple[str, str]], themes=("nutrition",), risk="high"):
    clock.set_clock(set_up_at)
    case = start(world, "lse", role=Role.SAFEGUARDING_LEAD)
    complete(world, case, "lse_set_up", {"lse_lead": "Jane Doe (07700 900123)", "concern_themes": list(themes),
                                         "police_investigation_active": True})
    for when, decision in decide:
        clock.set_clock(when)
        complete(world, case, "record_lse_discussion", {
            "summary_of_concerns": "Edith Crawley was left in bed all day by John Smith at Rosewood, 12 Mill Lane",
            "lse_risk_level": risk, "lse_recommends_suspension": True,
            "adults_who_may_have_been_abused": [{"name": "Edith Crawley"}],
            "s42_enquiries": [{"enquiry_reference": "S42-771234", "enquiry_status": "open"},
                              {"enquiry_reference": "S42-771235", "enquiry_status": "concluded"}],
            "organisational_concerns_for_qsism": "Dr Anil Patel raised it with Rosewood's manager", "adults_safe": False})
        complete(world, case, "decide_lse_next_step", {"lse_decision": decision, "lse_de_escalate_to": "level_3",
                                                      "lse_outcome_summary": "Edith Crawley now safe; Patel satisfied"})
    return case


@pytest.fixture
def quarter(world):
    _lse(world, "2026-04-06T09:00:00+00:00", decide=[("2026-05-04T10:00:00+00:00", "adults_safe")])   # ended in Q2
    _lse(world, "2026-05-11T09:00:00+00:00", decide=[("2026-06-01T10:00:00+00:00", "continue"),
                                                     ("2026-07-13T10:00:00+00:00", "continue")], themes=("nutrition", "skin_integrity"))
    _lse(world, "2026-07-20T09:00:00+00:00", decide=[("2026-08-17T10:00:00+00:00", "adults_safe")], risk="moderate")
    clock.set_clock("2026-10-05T09:00:00+00:00")


def test_the_quarter_counts_its_enquiries(http, quarter):
    report = http.get("/api/v1/reports/sab-quarterly?quarter=2026-Q3", role=Role.HEAD_OF_SERVICE)
    assert report.status_code == 200, report.json
    totals = report.json["totals"]
    assert (totals["open_at_start"], totals["started"], totals["ended"], totals["open_at_end"]) == (1, 1, 1, 1)
    assert totals["by_theme"] == {"Nutritional needs not met": 2, "Skin integrity needs not met": 1}
    assert totals["section_42_enquiries"] == 4 and totals["suspensions_recommended"] == 2
    first, second = report.json["enquiries"]
    assert (first["lse"], first["started"], first["status"], first["meetings_in_quarter"]) == (
        "LSE 1", "Before this quarter", "Open at the end of the quarter", 1)
    assert (second["lse"], second["status"], second["risk_level"], second["service"]) == (
        "LSE 2", "Users of the service are safe", "Moderate", "Care home (residential)")


def test_no_name_or_identifier_comes_out_in_any_form(http, quarter, world):
    url = "/api/v1/reports/sab-quarterly?quarter=2026-Q3"
    as_json = json.dumps(http.get(url, role=Role.HEAD_OF_SERVICE).json)
    as_csv = http.get(url + "&format=csv", role=Role.HEAD_OF_SERVICE).data.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(http.get(url + "&format=xlsx", role=Role.HEAD_OF_SERVICE).data))
    as_xlsx = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    provider = world.session.get(__import__("api.providers.models", fromlist=["Provider"]).Provider, world.providers["alpha"])
    for text in (as_json, as_csv, as_xlsx):
        for planted in PLANTED + [provider.name, provider.regulator_id]:
            assert planted.lower() not in text.lower(), planted
    assert "case" not in as_json.lower()


def test_a_quarter_is_written_yyyy_qn(http, quarter):
    wrong = http.get("/api/v1/reports/sab-quarterly?quarter=2026-3", role=Role.ADMIN)
    assert wrong.status_code == 422 and "write YYYY-Qn, e.g. 2026-Q3" in wrong.json["detail"]
    assert http.get("/api/v1/reports/sab-quarterly?quarter=2026-Q3", role=Role.SAFEGUARDING_LEAD).status_code == 403
