"""SpiffWorkflow's script engine, replaced by one that only runs restricted code.

SpiffWorkflow reaches expressions two ways: through ``script_engine.evaluate/execute`` (with
the task) and straight through ``script_engine.environment.evaluate`` (message correlations,
process conditions). Both are routed to :mod:`engine.scripting`.
"""

from __future__ import annotations

from typing import Any, Callable

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from .timer_bounds import check_timer_value
from . import scripting
from .errors import ScriptError
from .stage_facts import running_task

__all__ = ["RestrictedScriptEngine"]


class _RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    def __init__(self, context: scripting.ScriptContext | None):
        super().__init__({})
        self.context = context

    @property
    def context(self) -> scripting.ScriptContext | None:
        # Built when a script first needs it: most changes run none (a plain step completed).
        if self._context is None and self._build_context is not None:
            self._context, self._build_context = self._build_context(), None
        return self._context

    @context.setter
    def context(self, value: scripting.ScriptContext | None) -> None:
        self._context, self._build_context = value, None

    def build_context_with(self, build: Callable[[], scripting.ScriptContext]) -> None:
        """Have ``build()`` make the context the first time a script needs it."""
        self._context, self._build_context = None, build

    def evaluate(self, expression, context, external_context=None):
        return scripting.evaluate(expression, context, self.context, external_context)

    def execute(self, script, context, external_context=None):
        scripting.execute(script, context, self.context, external_context)
        return True

    def call_service(self, context, **kwargs):
        raise ScriptError("service tasks are not supported: model the step as a user task or a script")


class RestrictedScriptEngine(PythonScriptEngine):
    """One per loaded case: it carries that case's helpers (its region, its provider's facts).

    ``explanations`` collects what deadline helpers say while a timer expression is evaluated;
    the runtime stores it beside the timer as ``deadline_rule``.
    """

    def __init__(self, context: scripting.ScriptContext | None = None):
        super().__init__(environment=_RestrictedEnvironment(context))
        self.explanations: list[str] = []

    def validate(self, expression: str) -> None:
        # SpiffWorkflow's DMN engine tells a value from a test (">= 5") by this raising SyntaxError.
        try:
            scripting.check_expression(expression)
        except ScriptError as exc:
            raise SyntaxError(exc.message) from None

    def evaluate(self, task, expression: str, external_context: dict | None = None) -> Any:
        self.explanations.clear()
        try:
            with running_task(task):
                value = self.environment.evaluate(expression, task.data, external_context)
        except ScriptError as exc:
            raise _task_exception(task, expression, exc) from exc
        timer = _waits_on_a_timer(task.task_spec)
        if timer:
            try:
                check_timer_value(value)
            except ValueError as exc:
                raise _task_exception(task, expression, ScriptError(str(exc))) from None
        if self.explanations and timer:
            task.internal_data["deadline_rule"] = "; ".join(dict.fromkeys(self.explanations))
        return value

    def execute(self, task, script: str, external_context: dict | None = None) -> bool:
        try:
            with running_task(task):
                return self.environment.execute(script, task.data, external_context)
        except ScriptError as exc:
            raise _task_exception(task, script, exc) from exc

    def call_service(self, task, **kwargs):
        raise _task_exception(task, "", ScriptError("service tasks are not supported"))


def _waits_on_a_timer(spec) -> bool:
    """A timer event, or an event-based gateway one of whose events is a timer (a multiple event):
    either way the expression is a deadline, checked and explained."""
    definition = getattr(spec, "event_definition", None)
    inner = getattr(definition, "event_definitions", None) or [definition]
    return any(isinstance(d, TimerEventDefinition) for d in inner)


def _task_exception(task, source: str, exc: ScriptError) -> WorkflowTaskException:
    error = WorkflowTaskException(exc.message, task=task, exception=exc, line_number=exc.line, error_line=exc.source_line or "")
    error.script_error = exc
    return error
