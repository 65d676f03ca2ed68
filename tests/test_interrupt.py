"""Ctrl-C during a solve: the first keeps the best portfolio and writes a complete result,
the second aborts and leaves the previous result exactly as it was. SIGTERM is a first
Ctrl-C. Ctrl-C while the commands load or the data is read: one line, exit 130.

No test sleeps a fixed time: each waits for what the process prints (the line saying a
first portfolio was found, the acknowledgement of a Ctrl-C), with a generous timeout."""

import json
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from optimizer.io.output import write_folder
from optimizer.io.synthetic import generate, write_dataset

FOUND = "已找到第一个方案"  # printed (not on a terminal) when HiGHS has an incumbent
ACKNOWLEDGED = "收到中断"
TIMEOUT = 300  # seconds: generous, for a loaded machine; never a fixed wait


@pytest.fixture(scope="module")
def slow_scenario(tmp_path_factory) -> Path:
    """1,500 generated projects at a zero gap: incumbents come fast, the proof does not."""
    folder = tmp_path_factory.mktemp("slow")
    write_dataset(generate(1500), folder / "data")
    path = folder / "slow.toml"
    path.write_text(
        'name = "slow"\ndata = "data"\n[solver]\nmip_gap = 0\ntime_limit = 600\n', encoding="utf-8"
    )
    return path


class Watched:
    """A CLI process whose output (stdout and stderr together) is read line by line."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "optimizer", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str) -> None:
        """Until a line holds `text`; fails if the process ends first or time runs out."""
        while True:
            line = self._queue.get(timeout=TIMEOUT)
            assert line is not None, f"ended before {text!r}:\n{self.output}"
            self.lines.append(line)
            if text in line:
                return

    def finish(self) -> str:
        self.process.wait(timeout=TIMEOUT)
        while (line := self._queue.get(timeout=TIMEOUT)) is not None:
            self.lines.append(line)
        return self.output

    @property
    def output(self) -> str:
        return "".join(self.lines)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous(tmp_path) -> Path:
    """A result folder of an earlier run (written by urbopt, manifest and hashes)."""
    out = tmp_path / "out"
    write_folder(out, lambda stage: (stage / "summary.json").write_text('{"old": 1}'), "solve")
    return out


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.slow)]
)
def test_first_interrupt_keeps_the_best_portfolio(slow_scenario, tmp_path, sig):
    out = tmp_path / "out"
    run = Watched("solve", str(slow_scenario), "--out", str(out))
    run.wait_for(FOUND)
    run.process.send_signal(sig)
    output = run.finish()
    assert run.process.returncode == 130, output
    assert "Traceback" not in output and "中断" in output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and summary["interrupted"] is True
    assert summary["objective"] is not None and summary["gap"] is not None
    ranked = pd.read_csv(out / "ranked_projects.csv", encoding="utf-8-sig")
    assert (ranked["funded"] == "y").sum() == summary["funded"] > 0
    assert (out / "results.xlsx").exists() and (out / "manifest.json").exists()
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no stage left


def test_second_interrupt_leaves_the_previous_result_as_it_was(slow_scenario, previous):
    before = snapshot(previous)
    run = Watched("solve", str(slow_scenario), "--out", str(previous))
    run.wait_for(FOUND)
    run.process.send_signal(signal.SIGINT)
    run.wait_for(ACKNOWLEDGED)  # the first Ctrl-C is acknowledged at once
    run.process.send_signal(signal.SIGINT)
    output = run.finish()
    assert run.process.returncode == 130, output
    assert "Traceback" not in output
    assert "放弃" in output
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["out"]  # no stage left


IMPORT_HOOK = """
import os, signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["urbopt", *{args!r}]
from optimizer.cli import main
main()
"""


@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("rich.console", ["validate", "scenarios/baseline.toml"]),  # the commands load
        ("pyomo", ["validate", "scenarios/baseline.toml"]),  # the command's own imports
        ("openpyxl", ["solve", "scenarios/baseline.toml"]),  # the solve command's imports
    ],
)
def test_interrupt_while_starting_is_one_line(module, args):
    """A Ctrl-C delivered the moment `module` is first imported (an import hook sends it,
    so the moment is certain, not timed)."""
    code = IMPORT_HOOK.format(module=module, args=args)
    root = Path(__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, cwd=root
    )
    assert done.returncode == 130, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == ["已中断（Ctrl-C）：未写出任何结果"]
