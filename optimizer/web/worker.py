"""Runs execute in worker processes (spawn), never in a request: `execute` is what a worker
runs, `Runner` starts, watches and cancels workers for the server.

A worker records its state in the run folder (state.json: running → done | failed |
cancelled) and its progress (progress.json, at most twice a second); the server records
queued runs, cancelled queued runs and crashes (a worker that died without saying how it
ended). Cancelling a running solve is a Ctrl-C, as on the command line: HiGHS stops at its
next callback and the best portfolio found is written with status 'interrupted'; a sweep
keeps the runs it finished. A worker that does not stop within CANCEL_GRACE seconds, or
outgrows its memory, is killed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import signal
import threading
import time
import traceback
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pandas as pd

from optimizer.config import Scenario, load_scenario
from optimizer.errors import InputError
from optimizer.io.folders import seal
from optimizer.io.output import write_file_atomically
from optimizer.labels import Lang, label
from optimizer.pipeline import run_scenario
from optimizer.reports.files import write_outputs
from optimizer.reports.html import render_report
from optimizer.reports.sweep import write_runs, write_sweep
from optimizer.solve.solver import Progress, StopRequest
from optimizer.studies.sweep import Sweep, SweepParam
from optimizer.web.limits import resident_bytes
from optimizer.web.workspace import (
    UPLOAD_NAME,
    Run,
    State,
    Workspace,
    issue_rows,
    sanitize,
    set_state,
    write_json,
)

PROGRESS_EVERY = 0.5  # seconds between progress.json writes
CANCEL_GRACE = 60.0  # seconds a cancelled worker has to write its best portfolio
MAX_QUEUED = 20  # runs waiting for a worker; more are refused


class _ProgressFile:
    """HiGHS calls back often; the file is rewritten at most every PROGRESS_EVERY seconds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last = -math.inf

    def solver(self, p: Progress) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        gap = p.gap if math.isfinite(p.gap) else None
        write_json(self.path, {"gap": gap, "incumbent": p.incumbent, "bound": p.bound})


def _solve(folder: Path, scenario: Scenario, lang: Lang, stop: StopRequest) -> dict[str, Any]:
    progress = _ProgressFile(folder / "progress.json")
    result = run_scenario(scenario, on_progress=progress.solver, stop=stop, lang=lang)
    out = folder / "result"
    write_outputs(result, out, lang)
    fields: dict[str, Any] = {"status": result.outcome.status.value}
    try:
        html = render_report(out, lang)
    except Exception as exc:  # the results stand without their report; the page says why
        fields["report_error"] = sanitize(str(exc), folder)
    else:
        write_file_atomically(out / "report.html", lambda tmp: tmp.write_text(html, "utf-8"))
    return fields


class _Cancelled(Exception):
    """Raised between a sweep's runs once a cancel was asked."""


def _sweep(
    folder: Path, scenario: Scenario, job: dict[str, Any], stop: StopRequest
) -> dict[str, Any]:
    """The sweep's runs into result/ (sweep.csv after each); a cancel, seen after the run
    going on, keeps those done."""
    out = folder / "result"
    param = SweepParam(job["param"], tuple(job["values"]))
    done = pd.DataFrame()

    def on_run(n: int, total: int, rows: pd.DataFrame) -> None:
        nonlocal done
        done = rows
        write_json(folder / "progress.json", {"done": n, "total": total})
        write_runs(rows, out)
        if stop.is_set():
            raise _Cancelled

    try:
        runs = Sweep(scenario, [param]).run(on_run)
    except _Cancelled:  # what was swept so far is the result
        runs = done
    if runs.empty:
        return {"status": "interrupted"}
    write_sweep(runs, pd.DataFrame(), [param.path], out, scenario)
    seal(out, "sweep")
    return {"status": ", ".join(sorted(set(runs["status"])))}


def _on_cancel() -> StopRequest:
    """SIGTERM is the server's cancel: the first stops a solve at HiGHS's next callback (a
    sweep after its current run); a second gives up."""
    stop = StopRequest()
    signal.signal(signal.SIGTERM, stop.signalled)
    signal.signal(signal.SIGINT, stop.signalled)
    return stop


def execute(run_dir: str) -> None:
    """A worker's whole life: run the job in `run_dir` and record how it ended. Errors end
    as a message in state.json (the traceback goes to error.log, never to the browser)."""
    folder = Path(run_dir)
    job = Run(folder.name, folder).job
    stop = _on_cancel()
    set_state(folder, State.RUNNING, pid=os.getpid(), started=time.time())
    try:
        scenario = load_scenario(folder / "scenario.toml")
        if job["kind"] == "sweep":
            fields = _sweep(folder, scenario, job, stop)
        else:
            fields = _solve(folder, scenario, "en" if job.get("lang") == "en" else "zh", stop)
    except InputError as exc:
        rows = issue_rows(exc.issues, folder, UPLOAD_NAME)
        set_state(folder, State.FAILED, finished=time.time(), issues=rows)
        return
    except KeyboardInterrupt:  # cancelled twice, or before the solve: nothing kept
        set_state(folder, State.CANCELLED, finished=time.time())
        return
    except Exception as exc:  # a crash is shown as one line on the run page
        (folder / "error.log").write_text(traceback.format_exc(), encoding="utf-8")
        error = sanitize(f"{type(exc).__name__}: {exc}", folder.parent.parent)
        set_state(folder, State.FAILED, finished=time.time(), error=error)
        return
    ended = State.CANCELLED if stop.is_set() else State.DONE
    set_state(folder, ended, finished=time.time(), **fields)


class Runner:
    """Starts queued runs in spawned worker processes, at most `max_runs` at once; a
    watcher thread reaps finished workers, marks crashed ones failed, kills those over
    `max_bytes` of memory and those that outlive their cancel's grace."""

    def __init__(
        self,
        workspace: Workspace,
        max_runs: int = 2,
        lang: Lang = "zh",
        max_bytes: int | None = None,
    ) -> None:
        self.workspace = workspace
        self.max_runs = max_runs
        self.lang = lang
        self.max_bytes = max_bytes
        self._context = multiprocessing.get_context("spawn")
        self._running: dict[str, BaseProcess] = {}
        self._cancelled: dict[str, float] = {}  # run id -> when its cancel was asked
        self._queue: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def recover(self) -> None:
        """Runs left queued or running by an earlier server cannot finish any more."""
        for run in self.workspace.runs():
            if not run.current.final:
                error = label("web.run.interrupted", self.lang)
                set_state(run.folder, State.FAILED, finished=time.time(), error=error)

    def has_room(self) -> bool:
        """Whether one more run may wait for a worker."""
        with self._lock:
            return len(self._queue) < MAX_QUEUED

    def submit(self, run: Run) -> None:
        with self._lock:
            self._queue.append(run.id)
            self._start_queued()

    def _start_queued(self) -> None:
        while self._queue and len(self._running) < self.max_runs:
            run = self.workspace.run(self._queue.pop(0))
            process = self._context.Process(
                target=execute, args=(str(run.folder),), name=f"urbopt-run-{run.id}"
            )
            process.start()
            self._running[run.id] = process

    def cancel(self, run: Run) -> None:
        """A queued run is cancelled at once. A running one is asked to stop (SIGTERM) and
        writes its best portfolio as an interrupted result; asked again, or silent past
        CANCEL_GRACE, it is killed and keeps nothing."""
        with self._lock:
            if run.id in self._queue:
                self._queue.remove(run.id)
                set_state(run.folder, State.CANCELLED, finished=time.time())
                return
            process = self._running.get(run.id)
            if process is None or not process.is_alive():
                return
            if run.id in self._cancelled:
                self._kill(run.id)
            else:
                self._cancelled[run.id] = time.monotonic()
                set_state(run.folder, State.RUNNING, cancelling=True)
                process.terminate()  # SIGTERM: the worker stops as a first Ctrl-C does

    def _kill(self, run_id: str) -> None:
        """Kill the worker (lock held); the watcher records how the run ended."""
        process = self._running[run_id]
        process.kill()
        process.join()

    def _overran(self, run_id: str, process: BaseProcess) -> str | None:
        """Why a live worker must be killed now, if it must (lock held)."""
        asked = self._cancelled.get(run_id)
        if asked is not None and time.monotonic() - asked > CANCEL_GRACE:
            return "cancel"
        held = resident_bytes(process.pid) if process.pid is not None else None
        if self.max_bytes is not None and held is not None and held > self.max_bytes:
            return "memory"
        return None

    def reap(self) -> None:
        """Forget finished workers; one that died without recording an end crashed, or was
        killed for its memory or a cancel."""
        with self._lock:
            for run_id, process in list(self._running.items()):
                why = self._overran(run_id, process) if process.is_alive() else None
                if why is not None:
                    self._kill(run_id)
                if process.is_alive():
                    continue
                process.join()
                del self._running[run_id]
                cancelled = self._cancelled.pop(run_id, None) is not None
                run = self.workspace.run(run_id)
                if not run.current.final:
                    self._record_death(
                        run, process, "memory" if why == "memory" else None, cancelled
                    )
            self._start_queued()

    def _record_death(
        self, run: Run, process: BaseProcess, why: str | None, cancelled: bool
    ) -> None:
        """A worker gone without saying how it ended: its stage (a partly written result)
        is removed; the run is failed, or cancelled if that was asked."""
        for stage in run.folder.glob(".result.*"):
            shutil.rmtree(stage, ignore_errors=True)
        if why == "memory":
            mb = f"{(self.max_bytes or 0) / 2**20:,.0f}"
            error = label("web.run.memory", self.lang, mb=mb)
            set_state(run.folder, State.FAILED, finished=time.time(), error=error)
        elif cancelled:
            set_state(run.folder, State.CANCELLED, finished=time.time())
        else:
            error = label("web.run.crashed", self.lang, code=process.exitcode)
            set_state(run.folder, State.FAILED, finished=time.time(), error=error)

    def start(self) -> None:
        def watch() -> None:
            while not self._stop.wait(0.5):
                self.reap()

        self._watcher = threading.Thread(target=watch, name="urbopt-runner", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        """Server shutdown: stop the watcher and every worker; their runs are marked failed."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join()
        with self._lock:
            for process in self._running.values():
                process.kill()
            for process in self._running.values():
                process.join(5)
            self._running.clear()
            self._queue.clear()
        self.recover()
