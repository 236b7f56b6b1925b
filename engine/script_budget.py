"""How long and how big one run of a diagram's script may get, and who stops it.

Two independent checks, so a script cannot evade both:

* ticks (``_Budget.tick``), which the compiler puts in every loop body, function and
  iteration: they end a runaway loop with a clear message at once;
* a watchdog thread, which does not depend on the script at all. It samples every running
  script's CPU time, wall-clock time and the process's memory growth, and raises ``_TimeUp``
  inside the script's thread (``PyThreadState_SetAsyncExc``) when one is over its limit. The
  interpreter delivers it between bytecodes, so straight-line code with no loop (``a = a + a``
  ten times) is stopped too; what a single C call can allocate is bounded by the size guards in
  ``engine.script_guards``.

A helper that reads the database for a script runs as a host call (``WATCHDOG.host_call``): the
watchdog leaves it alone, since an exception raised inside a database driver loses the
connection and the whole change with it, and its time is given back to the script.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

__all__ = ["Budget", "MAX_SCRIPT_MEMORY", "TimeUp", "WATCHDOG", "resident_bytes"]

MAX_SCRIPT_MEMORY = 256 * 1024 * 1024  # growth of the process while one script runs
WALL_CLOCK_FACTOR = 3
MIN_WALL_SECONDS = 2.0
# The watchdog acts a little after the ticks would, so a loop gets the ticks' exact message.
WATCHDOG_GRACE_SECONDS = 0.25
# Asks again this often: the interpreter may deliver the request inside code that ignores it
# (a garbage-collector callback), and the script would then run on.
WATCHDOG_REPEAT_SECONDS = 0.2
WATCHDOG_INTERVAL_SECONDS = 0.02
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class TimeUp(BaseException):
    """Raised inside a script when its budget is spent. A BaseException so ``except Exception`` in a
    script does not swallow it; a bare ``except:`` might, which is why the budget is checked again
    after the script returns."""


def resident_bytes() -> int:
    """This process's resident memory (Linux), or 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return 0


def _thread_cpu_clock(thread_id: int) -> int | None:
    try:
        return time.pthread_getcpuclockid(thread_id)
    except (AttributeError, OSError):
        return None


class Budget:
    """The CPU time, wall-clock time and memory one run may use."""

    __slots__ = ("seconds", "deadline", "wall_deadline", "ticks", "expired", "out_of_memory",
                 "memory_at_start", "cpu_clock", "cpu_at_start", "interrupted", "interrupted_at", "in_host")

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.thread_time() + seconds
        # A wall-clock limit too: a server thread waiting for the CPU must not run on for minutes.
        self.wall_deadline = time.monotonic() + max(WALL_CLOCK_FACTOR * seconds, MIN_WALL_SECONDS)
        self.ticks = 0
        self.expired = False
        self.out_of_memory = False
        self.interrupted = False
        self.interrupted_at = 0.0
        self.memory_at_start = resident_bytes()
        self.cpu_clock = _thread_cpu_clock(threading.get_ident())
        self.cpu_at_start = time.clock_gettime(self.cpu_clock) if self.cpu_clock is not None else 0.0
        self.in_host = 0  # how deep the script is in host calls (WATCHDOG.host_call)

    def allow(self, cpu_seconds: float, wall_seconds: float) -> None:
        """Give back time the host spent on the script's behalf (a helper reading the database)."""
        self.deadline += cpu_seconds
        self.cpu_at_start += cpu_seconds
        self.wall_deadline += wall_seconds

    def tick(self) -> None:
        # Every tick checks the clocks (an iteration may do a lot of work); memory every 256th.
        self.ticks += 1
        if self.expired or time.thread_time() > self.deadline or time.monotonic() > self.wall_deadline:
            self.expired = True
            raise TimeUp()
        if self.ticks & 0xFF == 0 and resident_bytes() - self.memory_at_start > MAX_SCRIPT_MEMORY:
            self.expired = self.out_of_memory = True
            raise TimeUp()

    def iterate(self, obj: Iterable) -> Iterable:
        for item in obj:
            self.tick()
            yield item

    def overrun(self, now: float, memory: int) -> str | None:
        """Why the watchdog should stop this run now ("time" or "memory"), or None."""
        if memory and memory - self.memory_at_start > MAX_SCRIPT_MEMORY:
            return "memory"
        if now > self.wall_deadline + WATCHDOG_GRACE_SECONDS:
            return "time"
        if self.cpu_clock is not None:
            try:
                used = time.clock_gettime(self.cpu_clock) - self.cpu_at_start
            except OSError:  # the thread has gone
                return None
            if used > self.seconds + WATCHDOG_GRACE_SECONDS:
                return "time"
        return None


def _raise_in_thread(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Ask the interpreter to raise ``exc_type`` in another thread (None withdraws the request)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None)


class Watchdog:
    """One daemon thread per process watching every script that is running."""

    def __init__(self, interval: float = WATCHDOG_INTERVAL_SECONDS):
        self.interval = interval
        self._lock = threading.Lock()
        self._running: dict[int, Budget] = {}
        self._pid: int | None = None

    @contextmanager
    def watching(self, budget: Budget) -> Iterator[None]:
        thread_id = threading.get_ident()
        with self._lock:
            self._start_if_needed()
            self._running[thread_id] = budget
        try:
            yield
        finally:
            with self._lock:
                self._running.pop(thread_id, None)
                if budget.interrupted:
                    _raise_in_thread(thread_id, None)  # not yet delivered: it must not hit the engine

    @contextmanager
    def host_call(self) -> Iterator[None]:
        """Run host code a script called (a helper reading the database) outside the script's
        budget: the watchdog does not interrupt it, because an exception raised inside a database
        driver loses the connection, and the change being made with it; and the time it takes is
        not the script's. A script already over its budget is stopped before the call."""
        with self._lock:
            budget = self._running.get(threading.get_ident())
            if budget is not None:
                if budget.interrupted:  # (checked under the lock: no request can be pending otherwise)
                    raise TimeUp()
                budget.in_host += 1
        if budget is None:
            yield
            return
        wall, cpu = time.monotonic(), time.thread_time()
        try:
            yield
        finally:
            with self._lock:
                budget.in_host -= 1
                budget.allow(time.thread_time() - cpu, time.monotonic() - wall)

    def _start_if_needed(self) -> None:
        # A forked worker (gunicorn) inherits the flag but not the thread: start one per process.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            threading.Thread(target=self._watch, name="script-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.interval)
            with self._lock:
                if not self._running:
                    continue
                now, memory = time.monotonic(), resident_bytes()
                for thread_id, budget in self._running.items():
                    if budget.in_host:
                        continue
                    if budget.interrupted:
                        if now - budget.interrupted_at > WATCHDOG_REPEAT_SECONDS:
                            budget.interrupted_at = now
                            _raise_in_thread(thread_id, TimeUp)
                        continue
                    reason = budget.overrun(now, memory)
                    if reason:
                        budget.interrupted = budget.expired = True
                        budget.interrupted_at = now
                        budget.out_of_memory = reason == "memory"
                        _raise_in_thread(thread_id, TimeUp)


WATCHDOG = Watchdog()
