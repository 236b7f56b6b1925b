"""Letter templates: their placeholders, where they are, how they are filled in, and
`concerns validate` refusing one that asks for data the procedure never records."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document

from engine.documents import TemplateUnreadable, format_day, placeholders, render, template_names
from tests.support.docx_writer import docx_bytes, letter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _template(*paragraphs: str, header: str | None = None) -> bytes:
    return docx_bytes(letter("Test", list(paragraphs), header=header))


def test_placeholders_are_found_with_the_paragraph_they_are_in():
    content = _template("Dear {{ provider.name }},", "", "Remedy within {{ remedy_timescale }}.",
                        "{% for r in recipients %}{{ r }}{% endfor %}", header="Ref {{ case.reference }}")
    found = {(p.part, p.line, p.name, p.attribute) for p in placeholders(content)}
    assert found == {("body", 1, "provider", "name"), ("body", 3, "remedy_timescale", None),
                     ("body", 4, "recipients", None), ("header", 1, "case", "reference")}
    assert next(p for p in placeholders(content) if p.name == "remedy_timescale").text == "Remedy within {{ remedy_timescale }}."


def test_a_placeholder_word_cannot_read_names_its_paragraph():
    with pytest.raises(TemplateUnreadable) as caught:
        placeholders(_template("Fine", "Broken {{ provider.name }"))
    assert caught.value.line == 2 and "Broken" in caught.value.message


def test_a_file_that_is_not_a_word_document_is_refused():
    with pytest.raises(TemplateUnreadable, match="not a Word"):
        placeholders(b"%PDF-1.7 not a template")


def test_rendering_fills_in_escapes_and_lists_what_the_case_has_not_recorded():
    content = _template("To {{ provider.name }}", "Suspended from {{ suspended_from | day }} ({{ decision | words }})",
                        "Remedy: {{ remedy_timescale }}")
    rendered = render(content, {"provider": {"name": "Rose & Crown <Care>"}, "suspended_from": "2027-08-02",
                                "decision": "terminate_with_notice"})
    text = [p.text for p in Document(io.BytesIO(rendered.content)).paragraphs]
    assert text == ["To Rose & Crown <Care>", "Suspended from 2 August 2027 (terminate with notice)", "Remedy: "]
    assert rendered.missing == ["remedy_timescale"]


@pytest.mark.parametrize("paragraph", ["{{ 'a' * 2000000 }}", "{{ 'x' | center(2000000) }}",
                                       "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}"])
def test_a_letter_template_that_would_make_a_huge_value_or_never_end_is_refused(paragraph):
    # Issue 16, item 6: a letter is filled in under the same size checks and watchdog as scripts.
    with pytest.raises(TemplateUnreadable, match="could not be filled in|CPU time"):
        render(_template("To {{ provider.name }}", paragraph), {"provider": {"name": "Rosewood"}})


def test_template_names_are_plain_docx_file_names():
    assert template_names(" a.docx, b_c.docx ,a.docx") == ["a.docx", "b_c.docx"]
    with pytest.raises(ValueError, match="not a template file name"):
        template_names("../secret.docx")
    assert format_day("2027-12-25") == "25 December 2027"


@pytest.fixture
def library(tmp_path):
    """A copy of the fixture library to break."""
    for name in ("processes", "forms", "documents"):
        shutil.copytree(FIXTURES / name, tmp_path / name, symlinks=True)
        standard = tmp_path / name / "standard"  # the shipped shared folders, linked relatively
        standard.unlink()
        standard.symlink_to((FIXTURES / name / "standard").resolve())
    return tmp_path


def _validate(runner, library) -> tuple[int, str]:
    result = runner.invoke(args=["validate", str(library / "processes")])
    return result.exit_code, result.output


def test_validate_accepts_the_fixture_templates(runner, library):
    assert _validate(runner, library) == (0, "All diagrams and forms are valid.\n")


def test_validate_refuses_a_template_with_an_unknown_placeholder_naming_the_template_and_line(runner, library):
    (library / "documents" / "shared" / "provider_notice.docx").write_bytes(
        _template("Dear {{ provider.name }},", "", "Your rating is {{ cqc_rating }}."))
    code, output = _validate(runner, library)
    assert code == 1
    assert ("documents/shared/provider_notice.docx:3 [notify_provider]: the placeholder 'cqc_rating' (paragraph 3 in "
            "“Your rating is {{ cqc_rating }}.”) is not data this procedure records") in output
    # Alpha's own letterhead copy is checked separately, and is still fine.
    assert "documents/alpha/provider_notice.docx" not in output


def test_validate_refuses_an_unknown_attribute_of_the_document_context(runner, library):
    (library / "documents" / "alpha" / "provider_notice.docx").write_bytes(_template("{{ provider.nmae }}", "{{ grounds }}"))
    code, output = _validate(runner, library)
    assert code == 1
    assert "documents/alpha/provider_notice.docx:1 [notify_provider]: the placeholder 'provider.nmae'" in output
    assert "provider has address, beds, kind, name, regulator, regulator_id" in output


def test_validate_says_where_a_missing_template_was_looked_for(runner, library):
    (library / "documents" / "shared" / "meeting_invitation.docx").unlink()
    code, output = _validate(runner, library)
    assert code == 1
    assert ("[hold_meeting]: the template 'meeting_invitation.docx' is in none of documents/alpha/, documents/shared/, "
            "documents/standard/: add it to documents/shared/") in output


def test_a_call_activitys_template_may_use_what_the_called_procedure_records(runner, library):
    (library / "documents" / "shared" / "meeting_invitation.docx").write_bytes(_template("Minutes: {{ minutes }}",
                                                                                        "{{ no_such_field }}"))
    code, output = _validate(runner, library)
    assert "'minutes'" not in output and "'no_such_field'" in output and code == 1
