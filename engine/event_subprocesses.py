"""Message-started event sub-processes, ready to start in one case without changing the spec.

SpiffWorkflow 3.2 starts a message-started event sub-process (a case action, see
:mod:`engine.actions`) with ``BpmnStartTask.trigger_wf``. The first time, it *connects* the
process's Start to the sub-process's task spec. Specs are compiled once and shared by every case
of a definition, so after one case took an action, every case started later began with that
action's sub-process already open and waiting for its message; the end join waited for it, and
a case whose main flow had ended stayed "running" for ever. And a case restored in a fresh
process (another worker, a restart) had a running action whose spec had no input.

:func:`ready_event_subprocesses` gives each such task spec, once, when its spec is compiled or
restored, what running it needs: Start as an input (so ``trigger_wf`` connects nothing) and the
process's end join as its output. Start's own outputs are left alone, so no case starts one
before its message arrives.
"""

from __future__ import annotations

__all__ = ["ready_event_subprocesses"]


def ready_event_subprocesses(spec) -> None:
    """Prepare the message-started event sub-processes of one process spec (idempotent).

    Task specs name their inputs and outputs (and a restored spec's ``end`` attribute is not the
    end join in its ``task_specs``), so this works by name."""
    start = spec.task_specs.get("Start")
    end = spec.task_specs.get(f"{spec.name}.EndJoin")
    if start is None or end is None:
        return
    for name in getattr(start, "trigger_specs", None) or ():
        task_spec = spec.task_specs.get(name)
        if task_spec is None:
            continue
        if start.name not in task_spec._inputs:
            task_spec._inputs.append(start.name)
        if end.name not in task_spec._outputs:
            task_spec.connect(end)
