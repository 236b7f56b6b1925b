"""Turning what SpiffWorkflow raises into what a person can act on: a script's refusal of the
data (:class:`TaskRefused`, the task stays ready) or a failure located on its element and line
(:class:`CaseFailure`, the case waits in error to be retried)."""

from __future__ import annotations

from .errors import CaseFailure, TaskRefused

__all__ = ["refusal_from", "failure_from"]


def refusal_from(exc: BaseException) -> TaskRefused | None:
    """The refusal behind an engine failure, if a script refused the data with ValueError."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        script_error = getattr(current, "script_error", None)
        if script_error is not None and isinstance(script_error.__cause__, ValueError):
            task = getattr(current, "task", None)
            element = (task.task_spec.bpmn_id or task.task_spec.name) if task is not None else None
            return TaskRefused(str(script_error.__cause__), element_id=element)
        current = current.__cause__ or current.__context__
    return None


def failure_from(exc: Exception) -> CaseFailure:
    task = getattr(exc, "task", None)
    script_error = getattr(exc, "script_error", None)
    message = script_error.message if script_error is not None else (str(exc).split("\n")[0] or type(exc).__name__)
    line = getattr(exc, "line_number", None) or (script_error.line if script_error else None)
    source_line = getattr(exc, "error_line", None) or (script_error.source_line if script_error else None)
    return CaseFailure(
        message=message,
        element_id=(task.task_spec.bpmn_id or task.task_spec.name) if task is not None else None,
        task_id=str(task.id) if task is not None else None,
        line=line if isinstance(line, int) and line > 0 else None,
        source_line=source_line or None,
    )
