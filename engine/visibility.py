"""Need to know: the one policy deciding who may see a case's items (issue 23).

A form field (a meeting item, the text of a step, an uploaded file's description) declares
who must not see it, and when, with ``x-confidential``::

    "item_7_criminal_offences": {
        "type": "string", "title": "7. Criminal Offences",
        "x-confidential": {"hidden_from": ["partner", "provider"], "when": "police_investigation_active",
                           "reason": "9.19: police investigation into the management"}
    }

- ``hidden_from`` names role slugs or agencies (``council``, ``nhs``, ``police``, ``regulator``,
  ``neighbouring_council``, ``provider``). A person is barred when their agency is named, or
  when every role they hold is named (a person with one role the rule allows sees the item).
- ``shown_only_to`` names the only roles or agencies that see the item; everyone else is barred.
- ``when`` is a restricted expression on the case data: the restriction holds while it is true
  (omit it to restrict always). A case step opens and closes it by recording the flag (the LSE
  chair records a police investigation, then lifts it with reasons).
- Free text entered while a restriction held stays restricted after it is lifted: the runtime
  notes such fields in ``restricted_entries`` (:func:`entered_under_restriction`) when the step
  is completed, and the rule then holds whatever ``when`` says now.

Every surface (pages, REST, chronology, documents, reports, search, audit views, exports) asks
:func:`hidden_fields` with the reader's :class:`Viewer`; nothing else decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import scripting
from .errors import ScriptError

__all__ = ["AGENCIES", "CONFIDENTIAL_KEY", "RESTRICTED_ENTRIES", "WITHHELD", "Viewer", "confidential_rules", "entered_under_restriction",
           "hidden_fields", "redact", "rule_problems", "withheld_names"]

CONFIDENTIAL_KEY = "x-confidential"
# The case data naming fields entered while a restriction held (they stay restricted).
RESTRICTED_ENTRIES = "restricted_entries"
AGENCIES = ("council", "nhs", "police", "regulator", "neighbouring_council", "provider")
_RULE_KEYS = {"hidden_from", "shown_only_to", "when", "reason"}


@dataclass(frozen=True)
class Viewer:
    """Who is reading: their role slugs, their agency, and (a provider's user) their provider."""

    roles: frozenset[str] = field(default_factory=frozenset)
    agency: str = "council"
    provider_id: int | None = None

    @classmethod
    def of(cls, who: "Viewer | Iterable[str]") -> "Viewer":
        """A Viewer as is, or one for a set of role slugs (a council user, or a partner)."""
        if isinstance(who, Viewer):
            return who
        slugs = {str(r) for r in who}
        # A user's reader roles carry their agency as '@nhs' (api/users/models.py, reader_roles).
        agency = next((s[1:] for s in sorted(slugs) if s.startswith("@")), None)
        roles = frozenset(s for s in slugs if not s.startswith("@"))
        return cls(roles=roles, agency=agency or ("partner" if roles and roles <= {"partner"} else "council"))


def confidential_rules(schemas: Iterable[Mapping[str, Any]]) -> dict[str, list[dict]]:
    """Field name -> the confidentiality rules declared for it across the given form schemas."""
    rules: dict[str, list[dict]] = {}
    for schema in schemas:
        for name, prop in ((schema or {}).get("properties") or {}).items():
            rule = prop.get(CONFIDENTIAL_KEY) if isinstance(prop, Mapping) else None
            if isinstance(rule, Mapping):
                rules.setdefault(name, []).append(dict(rule))
    return rules


def rule_problems(name: str, rule: Any, known_roles: Iterable[str]) -> list[str]:
    """What is wrong with one declared rule, in words a process owner can act on."""
    if not isinstance(rule, Mapping):
        return [f"'{name}': {CONFIDENTIAL_KEY} must be an object with hidden_from or shown_only_to"]
    problems = [f"'{name}': {CONFIDENTIAL_KEY} does not know '{k}' (use {', '.join(sorted(_RULE_KEYS))})"
                for k in rule if k not in _RULE_KEYS]
    if not rule.get("hidden_from") and not rule.get("shown_only_to"):
        problems.append(f"'{name}': {CONFIDENTIAL_KEY} names nobody; add hidden_from or shown_only_to")
    allowed = set(known_roles) | set(AGENCIES) | {"partner"}
    for key in ("hidden_from", "shown_only_to"):
        unknown = [w for w in rule.get(key) or [] if w not in allowed]
        if unknown:
            problems.append(f"'{name}': {CONFIDENTIAL_KEY}.{key} names unknown roles or agencies {', '.join(unknown)}")
    return problems


def _condition_holds(rule: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    condition = rule.get("when")
    if not condition:
        return True
    try:
        return bool(scripting.evaluate(condition, data))
    except ScriptError as exc:
        # A flag not recorded yet (no police investigation has been mentioned) does not hold;
        # any other failure keeps the item hidden rather than risk showing it.
        return not exc.message.startswith("NameError")


def _bars(rule: Mapping[str, Any], viewer: Viewer) -> bool:
    """True when the rule, while it holds, keeps this viewer from the item."""
    words = set(rule.get("hidden_from") or [])
    if viewer.agency in words or (viewer.roles and viewer.roles <= words):
        return True
    only = rule.get("shown_only_to")
    return bool(only) and viewer.agency not in only and not (viewer.roles & set(only))


def hidden_fields(rules: Mapping[str, list[dict]], data: Mapping[str, Any], who: "Viewer | Iterable[str]") -> set[str]:
    """The fields of the case data this viewer may not see now: the policy every surface asks."""
    viewer = Viewer.of(who)
    sticky = set((data or {}).get(RESTRICTED_ENTRIES) or ())
    hidden = set()
    for name, field_rules in rules.items():
        for rule in field_rules:
            if _bars(rule, viewer) and (name in sticky or _condition_holds(rule, data)):
                hidden.add(name)
    if viewer.agency == "provider":
        hidden.add(RESTRICTED_ENTRIES)
    return hidden


def entered_under_restriction(schema: Mapping[str, Any] | None, submitted: Mapping[str, Any],
                              data: Mapping[str, Any]) -> set[str]:
    """The submitted fields a conditional restriction covers now (``data`` is the case's data
    with the submission in it): they stay restricted after the restriction is lifted."""
    rules = confidential_rules([schema or {}])
    return {name for name in submitted if name in rules
            and any(r.get("when") and _condition_holds(r, data) for r in rules[name])}


WITHHELD = "[name withheld]"


def withheld_names(data: Mapping[str, Any] | None, hidden: set[str]) -> list[str]:
    """Names of people recorded under items hidden from this reader ("Names of adults who may
    have been abused"): typed into any other free text, they are withheld there too."""
    names = set()
    for key in hidden:
        value = (data or {}).get(key)
        for entry in value if isinstance(value, list) else []:
            name = entry.get("name") if isinstance(entry, Mapping) else None
            if isinstance(name, str) and len(name.strip()) > 2:
                names.add(name.strip())
    return sorted(names, key=len, reverse=True)


def _scrub(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, WITHHELD)
        return value
    if isinstance(value, Mapping):
        return {k: _scrub(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, names) for v in value]
    return value


def redact(data: Mapping[str, Any] | None, hidden: set[str], names: Iterable[str] = ()) -> dict | None:
    """The data without the hidden items, and without the withheld names in what is left."""
    if data is None:
        return None
    kept = {k: v for k, v in data.items() if k not in hidden}
    names = list(names)
    return _scrub(kept, names) if names else kept
