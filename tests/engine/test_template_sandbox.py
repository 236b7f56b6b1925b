"""Issue 16, item 6: an instructions template cannot make a huge value in one step either. Each
check raises before the value is made; ``render_instructions`` then shows the text as written."""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError

from engine.instructions import render_instructions
from engine.template_sandbox import TemplateSandbox

TWO_MILLION = 2_000_000


def render(template: str, **data) -> str:
    return TemplateSandbox().from_string(template).render(**data)


@pytest.mark.parametrize(
    "template",
    [
        f"{{{{ 'a' * {TWO_MILLION} }}}}",
        f"{{{{ 'a'.ljust({TWO_MILLION}) }}}}",
        f"{{{{ 'a'['rjust']({TWO_MILLION}) }}}}",
        f"{{{{ '%{TWO_MILLION}d' % 1 }}}}",
        f"{{{{ '%{TWO_MILLION}d' | format(1) }}}}",
        f"{{{{ 'x' | center({TWO_MILLION}) }}}}",
        f"{{{{ 'x' | indent({TWO_MILLION}) }}}}",
        f"{{{{ [1] | batch({TWO_MILLION}, 0) | list }}}}",
        "{{ ('a' * 1000000) | replace('a', 'bb') }}",
        "{% set a = [0] * 10000 %}{{ [a] * 300 }}",
        "{% set a = [0] * 10000 %}{% set b = [a] * 50 %}{{ b + b + b + b }}",
        "{{ big | string }}",
        "{{ big | join(',') }}",
        "{{ big | tojson }}",
        "{{ big }}",
        "{{ '{:>100}'.format(1) }}",
    ],
)
def test_a_template_making_a_huge_value_is_stopped_before_it_is_made(template):
    big = [["x"] * 10_000] * 300  # a value the case cannot hold, standing for one a template built
    with pytest.raises(ValueError):
        render(template, big=big)
    assert render_instructions(template, {"big": big}) == template


def test_templates_cannot_change_the_case_data():
    with pytest.raises(SecurityError):
        render("{{ items.append(1) }}", items=[])


def test_ordinary_instructions_render_as_before():
    template = ("Hello {{ name }}, {{ n * 2 }} items{% for i in range(3) %}-{{ i }}{% endfor %} "
                "{{ '%d' | format(5) }} {{ items | join(', ') }} {{ (name ~ '!') | upper }} {{ 'a' | center(5) }}|")
    assert render_instructions(template, {"name": "Ann", "n": 2, "items": ["x", "y"]}) == (
        "Hello Ann, 4 items-0-1-2 5 x, y ANN!   a  |")
