"""Generated output faults, damaged result folders and interrupts, through the CLI: every
case is one `error:` line (exit 2, or 1 for a rerun of changed files), no traceback, in
bounded time, and every file it could touch is left byte for byte as it was.

Families (cases generated from tables in faults_support.py):
- destinations: every command that writes (solve, sweep, pareto, stress, replan and its
  inputs, template, the actuals template, report, compare, --export-lp) × every bad place
  of its kind (a file, a folder of the user's files, a result edited by hand or holding a
  user's file, a forged manifest, a path under a file, a name too long, a symlink loop, the
  data or result it reads, a result's own files);
- read-only and full file systems: every writer, on a tmpfs in a user and mount namespace;
- damaged results: every reader (report, compare, rerun) × every damage of a summary, a
  table or the manifest;
- interrupts of the long studies: the first Ctrl-C keeps what was found, a second one
  during that leaves the previous folder as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults_support import (
    DAMAGES,
    FILE_FAULTS,
    FOLDER_FAULTS,
    MOUNT_FAULTS,
    OUTPUTS,
    READERS,
    cli,
    damaged_copy,
    destination_cases,
    expected_words,
    make_world,
    mount_cases,
    problems,
    run_destination_case,
    snapshot,
)

import optimizer.io.output as output_module
import optimizer.reports.pareto as pareto_files
import optimizer.reports.sweep as sweep_files
from optimizer.io.output import OutputFolder, write_folder


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_world(tmp_path_factory.mktemp("world"))


@pytest.mark.parametrize(("command", "fault"), destination_cases())
def test_a_bad_destination_is_one_line_and_nothing_changes(world, tmp_path, command, fault):
    kind = OUTPUTS[command][0]
    make = (FOLDER_FAULTS if kind == "folder" else FILE_FAULTS)[fault][1]
    outcome = run_destination_case(world, tmp_path, command, make)
    found = problems(
        outcome["code"], outcome["output"], outcome["seconds"], expected_words(command, fault)
    )
    assert not found, (found, outcome["output"])
    assert outcome["changed"] == [], outcome["changed"]


def test_the_current_folder_is_never_replaced(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("mine", encoding="utf-8")
    for command in ("solve", "sweep", "pareto"):
        code, output, seconds = cli(*OUTPUTS[command][1](world, Path(), tmp_path / "s"))
        assert not problems(code, output, seconds, "current folder"), output
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.fixture(scope="module")
def mounted(tmp_path_factory):
    """Outcomes of the read-only and full file-system cases, run in a user and mount
    namespace (where a tmpfs is mounted without touching the machine)."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare: no mount namespace for read-only and full file systems")
    root = tmp_path_factory.mktemp("mounts")
    tests = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent)])}
    done = subprocess.run(
        ["unshare", "-Urm", sys.executable, str(tests / "faults_support.py"), str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"no mount namespace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("command", "fault"), mount_cases())
def test_read_only_or_full_file_system_is_one_line(mounted, command, fault):
    outcome = mounted[f"{command}|{fault}"]
    found = problems(outcome["code"], outcome["output"], outcome["seconds"], MOUNT_FAULTS[fault])
    assert not found, (found, outcome["output"])
    assert outcome["changed"] == [], outcome["changed"]  # the earlier output is intact


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_result_is_one_line(world, tmp_path, damage, reader):
    folder = damaged_copy(world, tmp_path, damage)
    args, code_wanted = READERS[reader]
    before = snapshot(folder)
    code, output, seconds = cli(*args(world, folder))
    words = "changed since" if reader == "rerun" else DAMAGES[damage][1]
    if reader == "rerun" and "removed" in damage:
        words = "missing"
    assert not problems(code, output, seconds, words, code_wanted), output
    assert snapshot(folder) == before
    assert not (folder.parent / "report.html").exists()


def test_a_damaged_manifest_is_refused_by_rerun(world, tmp_path):
    for name, text in (("no files", '{"kind": "solve"}'), ("not JSON", "{no")):
        folder = tmp_path / name
        shutil.copytree(world.result, folder)
        manifest = folder / "manifest.json"
        if name == "no files":
            text = json.dumps(json.loads(manifest.read_text("utf-8")) | {"files": None})
        manifest.write_text(text, encoding="utf-8")
        code, output, seconds = cli("rerun", folder)
        assert not problems(code, output, seconds, "manifest.json"), output


# --- interrupts of the long studies --------------------------------------------------------


def _interrupt_after(module, name: str, monkeypatch, times: int = 1) -> None:
    """A real SIGINT to this process right after `module.name` has run (its first call)."""
    original = getattr(module, name)
    calls = []

    def then_interrupt(*args, **kwargs):
        value = original(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            for _ in range(times):
                os.kill(os.getpid(), signal.SIGINT)
        return value

    monkeypatch.setattr(module, name, then_interrupt)


STUDIES = {
    "sweep": (sweep_files, "write_runs", "sweep.csv"),
    "pareto": (pareto_files, "write_points", "points.csv"),
}


@pytest.fixture
def previous(tmp_path) -> Path:
    out = tmp_path / "out"
    write_folder(out, lambda stage: (stage / "summary.json").write_text('{"old": 1}'), "sweep")
    return out


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_a_first_interrupt_keeps_what_the_study_found(world, previous, monkeypatch, study):
    module, writer, table = STUDIES[study]
    _interrupt_after(module, writer, monkeypatch)
    code, output, _ = cli(*OUTPUTS[study][1](world, previous, previous.parent / "spare"))
    assert code == 130 and "Traceback" not in output, output
    manifest = json.loads((previous / "manifest.json").read_text("utf-8"))
    assert manifest["interrupted"] is True and manifest["kind"] == study
    assert table in manifest["files"]  # what was found, sealed: the old summary is gone
    assert set(manifest["files"]) == {p.name for p in previous.iterdir()} - {"manifest.json"}
    old = previous / "summary.json"
    assert not old.exists() or json.loads(old.read_text("utf-8")) != {"old": 1}
    assert sorted(p.name for p in previous.parent.iterdir()) == ["out"]  # no stage left


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_a_second_interrupt_leaves_the_previous_folder(world, previous, monkeypatch, study):
    """The second Ctrl-C arrives while the first one's findings are being kept."""
    module, writer, _ = STUDIES[study]
    _interrupt_after(module, writer, monkeypatch)
    _interrupt_after(output_module, "seal", monkeypatch)
    before = snapshot(previous)
    code, output, _ = cli(*OUTPUTS[study][1](world, previous, previous.parent / "spare"))
    assert code == 130 and "Traceback" not in output, output
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == ["out"]


def test_a_ctrl_c_during_the_swap_waits_for_its_end(tmp_path, monkeypatch):
    """A Ctrl-C that arrives during the renames is acted on after them: the new result is
    whole, no old folder is left behind, and the KeyboardInterrupt still comes."""
    out = tmp_path / "out"
    write_folder(out, lambda stage: (stage / "a.csv").write_text("old"), "solve")
    swap = OutputFolder._swap

    def interrupted(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(1000))  # bytecodes enough for a handler to run, were it not deferred
        swap(self)

    monkeypatch.setattr(OutputFolder, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_folder(out, lambda stage: (stage / "a.csv").write_text("new"), "solve")
    assert (out / "a.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
