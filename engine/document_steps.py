"""Which letter templates a waiting step offers: those its own ``documentTemplate`` property
names, then those of each call activity or sub-process around it, innermost first (a call
activity into the shared "notify a party" step names the letter for that notification)."""

from __future__ import annotations

from .deadlines import enclosing_activities
from .documents import TEMPLATE_PROPERTY, template_names

__all__ = ["templates_offered"]


def templates_offered(task) -> list[str]:
    """Template file names, in order, for a SpiffWorkflow task. A malformed property offers
    nothing (``concerns validate`` reports it)."""
    names: list[str] = []
    for activity in enclosing_activities(task):
        properties = (getattr(activity.task_spec, "extensions", None) or {}).get("properties") or {}
        try:
            found = template_names(properties.get(TEMPLATE_PROPERTY))
        except ValueError:
            continue
        names.extend(name for name in found if name not in names)
    return names
