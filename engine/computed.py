"""Values the server computes are never taken from a client (issue 16, item 4).

A form marks what the server worked out (a recommendation, a score, a fact about the
provider) as ``"readOnly": true`` in its JSON Schema, or ``"ui:readonly": true`` in its UI
schema. Whatever a client sends in such a field is ignored: the server's own value is what the
step stores and what the form's rules and the step's scripts check, so a decision can never be
recorded against a forged recommendation (an override still needs its reason). Ignored rather
than refused, as the web form does: a client may send back the whole form it was given.

Names the scripts' helpers use (``today``, ``region``, ``provider``...) and the facts a case
starts with (``provider_id``, ``provider_name``) are not data a person may set either.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from .errors import FieldError, TaskDataInvalid
from .helpers import HELPER_NAMES

__all__ = ["keep_computed", "refuse_reserved_names", "START_FACTS"]

START_FACTS = frozenset({"provider_id", "provider_name"})
_ABSENT = object()


def _read_only(prop: Any, prop_ui: Any) -> bool:
    return (isinstance(prop, Mapping) and prop.get("readOnly") is True) or (
        isinstance(prop_ui, Mapping) and prop_ui.get("ui:readonly") is True)


def _keep(schema: Mapping, ui: Mapping, submitted: Mapping, held: Mapping) -> dict:
    kept = dict(submitted)
    for name, prop in (schema.get("properties") or {}).items():
        prop_ui = ui.get(name) if isinstance(ui.get(name), Mapping) else {}
        sent, server = submitted.get(name, _ABSENT), held.get(name, _ABSENT)
        if _read_only(prop, prop_ui):
            kept.pop(name, None)
            if server is not _ABSENT:
                kept[name] = server
        elif isinstance(prop, Mapping) and isinstance(sent, Mapping) and isinstance(server, Mapping):
            kept[name] = _keep(prop, prop_ui, sent, server)
    return kept


def keep_computed(schema: Mapping | None, ui_schema: Mapping | None, submitted: Mapping[str, Any],
                  held: Mapping[str, Any]) -> dict:
    """``submitted`` with every read-only field set to the server's value (``held``), or left
    out when the server holds none."""
    if not isinstance(schema, Mapping):
        return dict(submitted)
    return _keep(schema, ui_schema if isinstance(ui_schema, Mapping) else {}, submitted, held)


def refuse_reserved_names(data: Mapping[str, Any], also: Iterable[str] = ()) -> None:
    """TaskDataInvalid if ``data`` would overwrite a helper's name or a fact the server sets."""
    reserved = HELPER_NAMES | START_FACTS | frozenset(also)
    errors = [FieldError((name,), f"'{name}' is set by the system, not by a submission; leave it out")
              for name in data if name in reserved]
    if errors:
        raise TaskDataInvalid(errors)
