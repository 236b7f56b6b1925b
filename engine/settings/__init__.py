"""Council settings, declared per region and checked before anything is deployed.

A seed leaves some values to local judgement ("a significant period", "determined locally").
Each region declares those values here, one module per process folder
(``engine/settings/<folder>.py``, calling :func:`declare`), with its type, bounds, default and
label. Then:

* ``concerns validate`` and ``concerns deploy`` refuse a ``[tenant.thresholds]`` key the
  council's folders do not declare, or a value of the wrong kind, naming file, line and the valid
  keys (:func:`threshold_problems`, called by ``engine.tenants.load_tenants``);
* scripts read ``thresholds["key"]``: the council's value, else the declared default
  (:func:`effective_thresholds`, in the case's helpers), so no diagram hides a default;
* a procedure's page lists the settings its diagram reads, each labelled as a council setting
  (:func:`procedure_settings`).

Registering a region is one import line below.
"""

from __future__ import annotations

from .checks import effective_thresholds, threshold_problems
from .lines import key_lines, line_of
from .registry import (
    RISK_LEVELS, Checked, Fraction, Kind, OneOf, Setting, Table, Text, TextList, WholeNumber, YesNo,
    by_risk_level, declare, declared, defaults, setting,
)
from .shown import ShownSetting, procedure_settings, settings_read_by

__all__ = [
    "RISK_LEVELS", "Checked", "Fraction", "Kind", "OneOf", "Setting", "Table", "Text", "TextList", "WholeNumber", "YesNo",
    "by_risk_level", "declare", "declared", "defaults", "setting",
    "effective_thresholds", "threshold_problems", "key_lines", "line_of",
    "ShownSetting", "procedure_settings", "settings_read_by",
]

# The regions' settings: one line each, in any order (each module declares its own).
from . import shared  # noqa: E402,F401
from . import berkshire  # noqa: E402,F401
from . import staffordshire  # noqa: E402,F401
from . import wales  # noqa: E402,F401
from . import lancashire  # noqa: E402,F401
