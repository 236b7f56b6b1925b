"""What the explorer found: defects with the path that shows each, and how much it walked."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum

__all__ = ["DefectKind", "Step", "Defect", "ProcedureReport", "render_text", "render_json", "FILLER"]

FILLER = "Explorer answer"  # the made-up free text, left out of the paths printed


class DefectKind(StrEnum):
    ERROR = "error"                      # the case went into error
    REFUSED = "refused"                  # a 422 on answers the task's own schema accepts
    STALL = "stall"                      # running, with nothing that could ever move it on
    NO_ROLE = "no_role"                  # a task in a lane no role can take
    UNCHASED = "unchased"                # an overdue deadline nothing chases any more
    NO_ANSWERS = "no_answers"            # no answers the task's schema accepts could be made


@dataclass(frozen=True)
class Step:
    """One move of a path: a task completed with its answers, the clock moved to a timer, or a
    case-level action taken."""

    kind: str
    what: str
    at: str
    answers: dict | None = None

    def line(self) -> str:
        """The step in one line: the answers that steer a path (choices, yes/no, dates, how
        many rows), leaving out made-up free text."""
        shown = {k: _brief(v) for k, v in sorted((self.answers or {}).items()) if not _is_filler(v)}
        answers = f" {json.dumps(shown, default=str)}" if shown else ""
        return f"[{self.at}] {self.kind} {self.what}{answers}"


def _is_filler(value) -> bool:
    return isinstance(value, str) and value.startswith(FILLER)


def _brief(value):
    if isinstance(value, list):
        return f"{len(value)} row(s)" if value and isinstance(value[0], dict) else value
    if isinstance(value, dict):
        return {k: _brief(v) for k, v in value.items() if not _is_filler(v)}
    return value


@dataclass
class Defect:
    kind: DefectKind
    process_key: str
    element_id: str | None
    message: str
    path: list[Step]

    @property
    def key(self) -> tuple:
        """One defect per kind and place; errors and refusals also by what they say."""
        same_everywhere = self.kind in (DefectKind.UNCHASED, DefectKind.NO_ROLE, DefectKind.STALL)
        return (self.kind, self.process_key, self.element_id) + (() if same_everywhere else (self.message,))


@dataclass
class ProcedureReport:
    process_key: str
    tenants: list[str]
    paths: int = 0
    ended: int = 0
    cut: int = 0
    steps: int = 0
    seconds: float = 0.0
    reached: dict[str, set[str]] = field(default_factory=dict)
    elements: dict[str, set[str]] = field(default_factory=dict)
    defects: dict[tuple, Defect] = field(default_factory=dict)

    def add(self, defect: Defect) -> None:
        """Keep each defect once, with the shortest path that shows it."""
        known = self.defects.get(defect.key)
        if known is None or len(defect.path) < len(known.path):
            self.defects[defect.key] = defect

    def coverage(self, key: str) -> tuple[int, int]:
        every = self.elements.get(key, set())
        return len(self.reached.get(key, set()) & every), len(every)

    def as_dict(self) -> dict:
        reached, total = self.coverage(self.process_key)
        return {
            "process_key": self.process_key, "tenants": self.tenants, "paths": self.paths, "ended": self.ended,
            "cut": self.cut, "steps": self.steps, "seconds": round(self.seconds, 2), "elements_reached": reached, "elements": total,
            "unreached": sorted(self.elements.get(self.process_key, set()) - self.reached.get(self.process_key, set())),
            "called": {k: dict(zip(("elements_reached", "elements"), self.coverage(k)))
                       for k in sorted(self.elements) if k != self.process_key},
            "defects": [{**asdict(d), "kind": str(d.kind), "path": [asdict(s) for s in d.path]}
                        for d in self.defects.values()],
        }


def render_text(reports: list[ProcedureReport], *, show_paths: bool = True) -> str:
    lines = []
    for report in reports:
        reached, total = report.coverage(report.process_key)
        share = f" ({100 * reached // total}%)" if total else ""
        lines.append(f"{report.process_key} ({', '.join(report.tenants)}): {report.paths} paths, {report.ended} ended, "
                     f"{report.cut} cut at the step limit; elements reached {reached}/{total}{share}; "
                     f"{len(report.defects)} defect(s); {report.seconds:.1f} s")
        for key in sorted(report.elements):
            if key != report.process_key:
                done, every = report.coverage(key)
                lines.append(f"    called {key}: elements reached {done}/{every}")
        for defect in report.defects.values():
            where = f" at '{defect.element_id}'" if defect.element_id else ""
            lines.append(f"  DEFECT {defect.kind}{where} in {defect.process_key}: {defect.message}")
            if show_paths:
                lines.extend(f"      {n}. {step.line()}" for n, step in enumerate(defect.path, 1))
    return "\n".join(lines)


def render_json(reports: list[ProcedureReport]) -> str:
    return json.dumps([r.as_dict() for r in reports], indent=2, default=str)
