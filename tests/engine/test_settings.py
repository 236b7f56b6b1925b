"""Council settings: declared per region, checked at validate and deploy, read by scripts, shown on pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine import settings
from engine.errors import DefinitionError
from engine.helpers import CaseFacts, build_context
from engine.settings import Setting, WholeNumber, declare, effective_thresholds, procedure_settings
from engine.tenants import load_tenants

ROOT = Path(__file__).resolve().parents[2]
TENANTS = ROOT / "processes" / "tenants.toml"


def _tenants_file(tmp_path: Path, replace: str, by: str) -> Path:
    text = TENANTS.read_text(encoding="utf-8")
    assert replace in text
    target = tmp_path / "tenants.toml"
    target.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def test_the_shipped_councils_settings_are_all_declared_and_valid() -> None:
    councils = {t.slug: t for t in load_tenants(TENANTS)}
    assert councils["reading"].thresholds["quality_assurance_weeks"] == 6


def test_a_misspelt_threshold_key_is_refused_with_file_line_and_the_valid_keys(tmp_path: Path) -> None:
    path = _tenants_file(tmp_path, "quality_assurance_weeks = 6", "quality_assurance_week = 6")
    with pytest.raises(DefinitionError) as refused:
        load_tenants(path)
    [problem] = refused.value.problems
    assert problem.file == str(path)
    assert problem.line == _line_of(path, "quality_assurance_week = 6")
    assert problem.element_id == "reading"
    assert "'quality_assurance_week' is not a council setting (did you mean 'quality_assurance_weeks'?)" in problem.message
    assert "The keys this council may set are: " in problem.message
    assert "findings_meeting_within_weeks" in problem.message and "update_meeting_weeks" in problem.message


def test_a_value_outside_its_bounds_is_refused_saying_what_it_must_be(tmp_path: Path) -> None:
    path = _tenants_file(tmp_path, "findings_meeting_within_weeks = 4", "findings_meeting_within_weeks = 0")
    with pytest.raises(DefinitionError) as refused:
        load_tenants(path)
    [problem] = refused.value.problems
    assert problem.line == _line_of(path, "findings_meeting_within_weeks = 0")
    assert "must be a whole number of weeks, at least 1 and at most 26, got 0" in problem.message


def test_a_risk_level_table_refuses_a_level_that_does_not_exist(tmp_path: Path) -> None:
    path = _tenants_file(tmp_path, "update_meeting_weeks = { low = 8,", "update_meeting_weeks = { lo = 8,")
    with pytest.raises(DefinitionError) as refused:
        load_tenants(path)
    [problem] = refused.value.problems
    assert problem.line == _line_of(path, "update_meeting_weeks = { lo = 8,")
    assert "'update_meeting_weeks.lo'" in problem.message and "its parts are: low, moderate, high, extreme" in problem.message


def test_a_setting_of_procedures_the_council_does_not_use_is_refused(tmp_path: Path) -> None:
    path = _tenants_file(tmp_path, "significant_period_weeks = 26", "quality_assurance_weeks = 26")
    with pytest.raises(DefinitionError) as refused:
        load_tenants(path)
    [problem] = refused.value.problems
    assert problem.element_id == "staffordshire"
    assert "'quality_assurance_weeks' is a setting of the berkshire procedures, which this council does not use" in problem.message
    assert "significant_period_weeks" in problem.message


def test_a_misspelt_settings_table_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    path = _tenants_file(tmp_path, "[tenant.thresholds]", "[tenant.threshold]")
    with pytest.raises(DefinitionError) as refused:
        load_tenants(path)
    [problem] = refused.value.problems
    assert problem.line == _line_of(path, "[tenant.threshold]")
    assert "'threshold' is not something a council entry holds" in problem.message


def test_concerns_validate_refuses_a_misspelt_threshold_key(runner, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "processes", tmp_path / "processes")
    shutil.copytree(ROOT / "forms", tmp_path / "forms")
    tenants = tmp_path / "processes" / "tenants.toml"
    tenants.write_text(tenants.read_text().replace("closure_letters_within_working_days", "closure_letter_within_working_days"))
    result = runner.invoke(args=["validate", str(tenants.parent / "berkshire")])
    assert result.exit_code == 1
    line = _line_of(tenants, "closure_letter_within_working_days")
    assert f"processes/tenants.toml:{line} [reading]: 'closure_letter_within_working_days' is not a council setting" in result.output
    assert "did you mean 'closure_letters_within_working_days'?" in result.output


def test_scripts_read_the_declared_default_unless_the_council_sets_its_own() -> None:
    default = build_context(CaseFacts()).helpers["thresholds"]
    assert default["significant_period_weeks"] == 26
    assert default["update_meeting_weeks"] == {"low": 8, "moderate": 6, "high": 4, "extreme": 2}
    council = effective_thresholds({"significant_period_weeks": 12, "update_meeting_weeks": {"high": 3}})
    assert council["significant_period_weeks"] == 12
    assert council["update_meeting_weeks"] == {"low": 8, "moderate": 6, "high": 3, "extreme": 2}


def test_a_procedure_shows_the_settings_its_diagram_reads_labelled_with_the_councils_value() -> None:
    diagram = (ROOT / "processes" / "staffordshire" / "urgent_closure_plan.bpmn").read_text()
    shown = procedure_settings(diagram, {"urgent_closure_contact_working_days": 2}, ["staffordshire", "shared"])
    [row] = [s for s in shown if s.key == "urgent_closure_contact_working_days"]
    assert row.value == "2 working days" and row.set_by_council
    assert "9.16" in row.source
    assert not procedure_settings(diagram, {}, ["staffordshire", "shared"])[0].set_by_council


def test_a_setting_is_declared_once_and_its_default_must_be_valid() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare(Setting("significant_period_weeks", "lancashire", "Other", WholeNumber(), 1))
    with pytest.raises(ValueError, match="its default"):
        declare(Setting("a_bad_default_weeks", "berkshire", "Weeks", WholeNumber(minimum=1), 0))
    assert settings.setting("a_bad_default_weeks") is None
