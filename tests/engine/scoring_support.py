"""What the engine.scoring tests share.

Those tests write expected values out literally from the seeds (not recomputed with the same
formula), so a wrong transcription or formula shows up as a failing cell.
"""

from __future__ import annotations

import json
from typing import Any


def round_trips_as_json(value: Any) -> bool:
    """True when ``value`` is plain JSON data (tuples or objects would not compare equal)."""
    return json.loads(json.dumps(value)) == value
