"""Result folders are replaced as a whole: built beside the target, swapped in by renaming
folders; the previous result survives any failure intact; nothing `.partial` is left; bad
destinations fail before the solve."""

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from support import project, write_dataset
from typer.testing import CliRunner

import optimizer.cli.run as run_cli
from optimizer.cli import app
from optimizer.errors import InputError
from optimizer.io.output import OutputFolder, write_folder

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".partial" in p.name or ".old-" in p.name]


@pytest.fixture
def previous(tmp_path):
    """A folder holding an earlier result."""
    out = tmp_path / "out"

    def write(stage: Path) -> None:
        (stage / "summary.json").write_text('{"scenario": "old"}', encoding="utf-8")
        (stage / "ranked_projects.csv").write_text("old\n", encoding="utf-8")

    write_folder(out, write)
    return out


def test_swap_replaces_the_whole_folder(previous):
    def write(stage: Path) -> str:
        (stage / "summary.json").write_text('{"scenario": "new"}', encoding="utf-8")
        return "done"

    assert write_folder(previous, write) == "done"
    assert sorted(snapshot(previous)) == ["manifest.json", "summary.json"]  # old CSV gone
    assert (previous / "summary.json").read_text(encoding="utf-8") == '{"scenario": "new"}'
    assert leftovers(previous.parent) == []


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_failure_midway_leaves_the_old_folder_intact(previous, error):
    before = snapshot(previous)

    def write(stage: Path) -> None:
        (stage / "summary.json").write_text("half", encoding="utf-8")
        raise error

    expected = InputError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as caught:
        write_folder(previous, write)
    if expected is InputError:
        assert "No space left on device" in str(caught.value)
    assert snapshot(previous) == before
    assert leftovers(previous.parent) == []


def test_new_folder_and_its_parents_are_removed_when_nothing_is_committed(tmp_path):
    target = tmp_path / "a" / "b" / "out"
    with OutputFolder(target) as folder:
        assert folder.path.parent == tmp_path / "a" / "b"
        (folder.path / "x.csv").write_text("1", encoding="utf-8")
    assert not (tmp_path / "a").exists()


def test_stale_stage_of_a_killed_run_is_cleared_and_a_swapped_out_folder_restored(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stage = tmp_path / f".out.partial-{dead.pid}-dead"
    stage.mkdir()
    old = tmp_path / f".out.old-{dead.pid}-dead"  # killed between the two renames
    old.mkdir()
    (old / "summary.json").write_text("{}", encoding="utf-8")
    with OutputFolder(tmp_path / "out"):
        assert not stage.exists()
        assert (tmp_path / "out" / "summary.json").exists()  # the old result is back


def test_stage_has_the_usual_permissions(tmp_path):
    write_folder(tmp_path / "out", lambda stage: (stage / "f").write_text("1"))
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask


@pytest.fixture
def tiny(tmp_path):
    """A feasible scenario and an infeasible one (a floor no portfolio reaches) on one data set."""
    write_dataset(tmp_path / "data", [project("P1", 60, 7), project("P2", 50, 5)])
    paths = []
    for name, rules in (("ok", ""), ("bad", "[rules]\nindicator_floors = { ind = 50 }\n")):
        path = tmp_path / f"{name}.toml"
        path.write_text(f'name = "{name}"\ndata = "data"\n{rules}', encoding="utf-8")
        paths.append(path)
    return paths


def test_infeasible_run_into_a_feasible_folder_holds_only_its_files(tiny, tmp_path):
    feasible, infeasible = tiny
    out = tmp_path / "out"
    assert invoke("solve", feasible, "--out", out).exit_code == 0
    assert (out / "ranked_projects.csv").exists()
    result = invoke("solve", infeasible, "--out", out)
    assert result.exit_code == 3, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "conflicts.csv",
        "manifest.json",
        "results.xlsx",
        "scenario.toml",
        "summary.json",
    ]
    assert leftovers(tmp_path) == []
    report = invoke("report", out)
    assert report.exit_code == 0, report.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "不可行" in html and "ind" in html  # the conflicting floor is shown


@pytest.fixture
def no_solve(monkeypatch):
    """Fail the test if the solve starts: destinations must be checked before it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the solve started before the destination was checked")

    monkeypatch.setattr(run_cli, "_run", forbidden)


def unwritable_folder(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        return locked
    if Path("/sys").is_dir():
        return Path("/sys")  # root may write anywhere but a kernel file system
    pytest.skip("no unwritable location for root")


def test_unwritable_destinations_fail_before_the_solve(tiny, tmp_path, no_solve):
    feasible, _ = tiny
    a_file = tmp_path / "file.txt"
    a_file.write_text("mine", encoding="utf-8")
    others = tmp_path / "documents"
    others.mkdir()
    (others / "notes.txt").write_text("mine", encoding="utf-8")
    cases = {
        "exists and is not a folder": ["--out", a_file],
        "cannot write here": ["--out", unwritable_folder(tmp_path) / "out"],
        "is not a folder": ["--out", a_file / "out"],
        "holds files urbopt did not write": ["--out", others],
        "does not exist": ["--export-lp", tmp_path / "missing" / "model.lp"],
    }
    for message, args in cases.items():
        result = invoke("solve", feasible, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert a_file.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in others.iterdir()) == ["notes.txt"]
    assert leftovers(tmp_path) == []


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


def test_disk_full_while_writing_keeps_the_old_folder(tiny, tmp_path):
    """A real OS write failure midway (a file-size limit stands in for a full disk: both
    make write() fail): one line, exit 2, the previous result untouched."""
    feasible, _ = tiny
    out = tmp_path / "out"
    assert invoke("solve", feasible, "--out", out).exit_code == 0
    before = snapshot(out)
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(feasible), "--out", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot write here: File too large" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
    assert pd.read_csv(out / "ranked_projects.csv", encoding="utf-8-sig")["funded"].tolist()
