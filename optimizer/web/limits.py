"""Bounds on the work a request starts: uploads are checked in a process of their own whose
memory and time are watched (a small workbook can ask for gigabytes, e.g. a project built
over 300,000,000 years), and worker processes are stopped when they outgrow their memory.

Memory is a process's resident set (Linux /proc); elsewhere only time is bounded.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

POLL = 0.1  # seconds between looks at a checking process


def resident_bytes(pid: int) -> int | None:
    """Memory a process holds (its resident set), or None where that cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None


class Overrun(Exception):
    """The work needed more memory or time than allowed, or its process died: `kind` is
    'memory', 'time' or 'crash'."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


def _serve(conn: Connection) -> None:
    """The checking process: call what is sent, send back ('ok', value) or ('error', the
    traceback as text)."""
    while True:
        try:
            func, args = conn.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
        except Exception:  # the caller logs it; the browser gets one line
            reply = ("error", traceback.format_exc())
        conn.send(reply)


class Checker:
    """Runs one call at a time in a spawned process kept for the next call; a call that
    holds more than `max_bytes` or runs longer than `max_seconds` has its process killed
    (a fresh one starts with the next call) and raises `Overrun`."""

    def __init__(self, max_bytes: int, max_seconds: float) -> None:
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._conn is None:
            self.close()
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            self._process = context.Process(
                target=_serve, args=(theirs,), name="urbopt-check", daemon=True
            )
            self._process.start()
            theirs.close()
            self._conn = ours
        return self._conn

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """`func(*args)` (a module-level function) in the checking process; an exception
        there is raised here as RuntimeError carrying its traceback."""
        with self._lock:
            conn = self._start()
            assert self._process is not None and self._process.pid is not None
            conn.send((func, args))
            deadline = time.monotonic() + self.max_seconds
            while not conn.poll(POLL):
                held = resident_bytes(self._process.pid)
                if held is not None and held > self.max_bytes:
                    self.close()
                    raise Overrun("memory")
                if time.monotonic() > deadline:
                    self.close()
                    raise Overrun("time")
            try:
                kind, value = conn.recv()
            except (EOFError, OSError):  # the process died (killed from outside, a crash)
                self.close()
                raise Overrun("crash") from None
        if kind == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Stop the checking process (if any)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None and self._process.pid is not None:  # started
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
        self._process = None
