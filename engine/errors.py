"""Every exception the engine raises, in one place.

::

    EngineError
    ├── DefinitionError          a diagram or form cannot be used; carries a list of Problems
    ├── ScriptError              a restricted expression failed to compile or run
    │   ├── ScriptCompileError   rejected before it ran (syntax, imports, forbidden names)
    │   └── ScriptTimeout        ran out of its CPU time budget
    ├── TaskDataInvalid          submitted data does not match the task's JSON Schema
    ├── TaskNotReady             the task is not waiting to be completed (already done, cancelled)
    ├── TaskRefused              a script run by a completion refused the data; nothing changed
    ├── CaseFailed               running the engine put the case in the error state
    └── MessageNotCaught         a message was addressed to a case that is not waiting for it

Callers catch ``EngineError`` for "the engine said no"; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "EngineError",
    "Problem",
    "DefinitionError",
    "ScriptError",
    "ScriptCompileError",
    "ScriptTimeout",
    "TaskDataInvalid",
    "FieldError",
    "TaskNotReady",
    "TaskRefused",
    "CaseFailed",
    "CaseFailure",
    "MessageNotCaught",
]


class EngineError(Exception):
    """Base class of everything the engine refuses or reports."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition, located for the person who must fix it."""

    file: str
    line: int | None
    element_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.element_id:
            where += f" [{self.element_id}]"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "element_id": self.element_id, "message": self.message}


class DefinitionError(EngineError):
    """A definition cannot be deployed or run. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.element_id or "", p.message))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the process definitions:\n{lines}")


class ScriptError(EngineError):
    """A script, condition or other expression failed.

    ``line`` is the 1-based line within the expression's own text, ``source_line`` that line's text.
    """

    def __init__(self, message: str, *, line: int | None = None, source_line: str | None = None):
        self.message = message
        self.line = line
        self.source_line = source_line
        text = message
        if line:
            text += f" (line {line}"
            text += f": {source_line.strip()!r})" if source_line else ")"
        super().__init__(text)


class ScriptCompileError(ScriptError):
    """The expression was refused before running: bad syntax, or it uses something not allowed."""


class ScriptTimeout(ScriptError):
    """The expression used more CPU time than its budget, for example an endless loop."""


@dataclass(frozen=True)
class FieldError:
    """One invalid field of a submission. ``path`` is a JSON-pointer-like list of keys and indexes."""

    path: tuple[str | int, ...]
    message: str

    @property
    def pointer(self) -> str:
        return "/" + "/".join(str(p) for p in self.path) if self.path else ""


class TaskDataInvalid(EngineError):
    """Submitted data does not satisfy the task's form. Nothing was changed."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        detail = "; ".join(f"{e.pointer or '(form)'}: {e.message}" for e in errors)
        super().__init__(f"The form has {len(errors)} error(s): {detail}")


class TaskNotReady(EngineError):
    """The task cannot be completed now: it was completed or cancelled, or never existed."""


class TaskRefused(EngineError):
    """A script run by a completion refused its data (it raised ``ValueError``): the
    completion is refused as a whole and the task stays ready. ``message`` is the script's own
    words; ``element_id`` the step whose script refused."""

    def __init__(self, message: str, *, element_id: str | None = None):
        self.message = message
        self.element_id = element_id
        super().__init__(message)


@dataclass
class CaseFailure:
    message: str
    element_id: str | None = None
    task_id: str | None = None
    line: int | None = None
    source_line: str | None = None
    extra: dict = field(default_factory=dict)


class CaseFailed(EngineError):
    """Running the engine stopped on an error; the case state records where."""

    def __init__(self, failure: CaseFailure):
        self.failure = failure
        super().__init__(failure.message)


class MessageNotCaught(EngineError):
    """A message was delivered to a case that is not waiting for it."""
