"""Lancashire's settings (processes/lancashire, seeds 000 and 002)."""

from __future__ import annotations

from typing import Any

from engine.scoring.common import _thresholds
from engine.scoring.lancashire_assessment import InitialAssessmentThresholds

from .registry import Checked, Setting, declare

__all__: list[str] = []


def _check_bands(value: Any) -> Any:
    return _thresholds(InitialAssessmentThresholds, value, "initial_assessment")


declare(
    Setting(
        key="initial_assessment",
        folder="lancashire",
        label="Appendix 3 initial assessment: the totals from which each outcome is suggested (monitor_from, "
              "refer_to_radar_from, implement_procedure_from) and the answers critical on their own",
        kind=Checked("a table of Appendix 3 bands and critical answers", _check_bands),
        default={},
        source="Section 6 sets no score thresholds ('treated individually and objectively'): the bands are the "
               "project's default; a critical single answer is never outweighed by a total.",
    ),
)
