"""Runs execute in worker processes (spawn), never in a request: `execute` is what a worker
runs, `Runner` starts, watches and cancels workers for the server.

A worker records its state in the run folder (state.json: running → done | failed) and its
progress (progress.json, at most twice a second); the server records queued, cancelled and
crashes (a worker that died without saying done or failed).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import threading
import time
import traceback
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pandas as pd

from optimizer.config import Scenario, load_scenario
from optimizer.errors import InputError
from optimizer.labels import Lang, label
from optimizer.pipeline import run_scenario
from optimizer.reports.files import write_outputs
from optimizer.reports.html import render_report
from optimizer.reports.sweep import write_runs, write_sweep
from optimizer.solve.solver import Progress
from optimizer.studies.sweep import Sweep, SweepParam
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


def _solve(folder: Path, scenario: Scenario, lang: Lang) -> dict[str, Any]:
    progress = _ProgressFile(folder / "progress.json")
    result = run_scenario(scenario, on_progress=progress.solver, lang=lang)
    out = folder / "result"
    write_outputs(result, out, lang)
    fields: dict[str, Any] = {"status": result.outcome.status.value}
    try:
        html = render_report(out, lang)
    except Exception as exc:  # the results stand without their report; the page says why
        fields["report_error"] = sanitize(str(exc), folder)
    else:
        (out / "report.html").write_text(html, encoding="utf-8")
    return fields


def _sweep(folder: Path, scenario: Scenario, job: dict[str, Any]) -> dict[str, Any]:
    out = folder / "result"
    param = SweepParam(job["param"], tuple(job["values"]))

    def on_run(done: int, total: int, rows: pd.DataFrame) -> None:
        write_json(folder / "progress.json", {"done": done, "total": total})
        write_runs(rows, out)

    runs = Sweep(scenario, [param]).run(on_run)
    write_sweep(runs, pd.DataFrame(), [param.path], out, scenario)
    return {"status": ", ".join(sorted(set(runs["status"])))}


def execute(run_dir: str) -> None:
    """A worker's whole life: run the job in `run_dir` and record how it ended. Errors end
    as a message in state.json (the traceback goes to error.log, never to the browser)."""
    folder = Path(run_dir)
    job = Run(folder.name, folder).job
    set_state(folder, State.RUNNING, pid=os.getpid(), started=time.time())
    try:
        scenario = load_scenario(folder / "scenario.toml")
        if job["kind"] == "sweep":
            fields = _sweep(folder, scenario, job)
        else:
            fields = _solve(folder, scenario, "en" if job.get("lang") == "en" else "zh")
    except InputError as exc:
        rows = issue_rows(exc.issues, folder, UPLOAD_NAME)
        set_state(folder, State.FAILED, finished=time.time(), issues=rows)
        return
    except Exception as exc:  # a crash is shown as one line on the run page
        (folder / "error.log").write_text(traceback.format_exc(), encoding="utf-8")
        error = sanitize(f"{type(exc).__name__}: {exc}", folder.parent.parent)
        set_state(folder, State.FAILED, finished=time.time(), error=error)
        return
    set_state(folder, State.DONE, finished=time.time(), **fields)


class Runner:
    """Starts queued runs in spawned worker processes, at most `max_runs` at once; a
    watcher thread reaps finished workers and marks crashed ones failed."""

    def __init__(self, workspace: Workspace, max_runs: int = 2, lang: Lang = "zh") -> None:
        self.workspace = workspace
        self.max_runs = max_runs
        self.lang = lang
        self._context = multiprocessing.get_context("spawn")
        self._running: dict[str, BaseProcess] = {}
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
        """Stop the worker (terminate) and mark the run cancelled, unless it has just
        finished by itself; a partly written result folder is removed."""
        with self._lock:
            if run.id in self._queue:
                self._queue.remove(run.id)
            process = self._running.pop(run.id, None)
            if process is not None:
                process.terminate()
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join()
            if not run.current.final:
                shutil.rmtree(run.result, ignore_errors=True)
                set_state(run.folder, State.CANCELLED, finished=time.time())
            self._start_queued()

    def reap(self) -> None:
        """Forget finished workers; one that died without recording an end crashed."""
        with self._lock:
            for run_id, process in list(self._running.items()):
                if process.is_alive():
                    continue
                process.join()
                del self._running[run_id]
                run = self.workspace.run(run_id)
                if not run.current.final:
                    error = label("web.run.crashed", self.lang, code=process.exitcode)
                    set_state(run.folder, State.FAILED, finished=time.time(), error=error)
            self._start_queued()

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
                process.terminate()
            for process in self._running.values():
                process.join(5)
            self._running.clear()
            self._queue.clear()
        self.recover()
