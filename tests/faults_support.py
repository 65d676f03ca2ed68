"""Hostile destinations and damaged result folders, for every command that writes or reads
one: the cases, how each is set up and how its outcome is checked.

Every case fails (exit 2, or 1 for a rerun of changed files) with one `error:` line naming
the path, no traceback, and leaves every file where it was, byte for byte. Cases needing a
read-only or full file system run in a user and mount namespace (`unshare -Urm`), where a
tmpfs can be mounted without touching the machine: `python tests/faults_support.py ROOT`
runs them there and prints their outcomes as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.io.output import write_folder

YEAR = 2025  # the re-plan year of the world's plan
SECONDS = 60.0  # a case that takes longer than this is a failure (bounded time)


@dataclass(frozen=True)
class World:
    """The shared, read-only inputs of the cases: a scenario, its data, a solved plan and
    the plan's actuals workbook."""

    root: Path
    scenario: Path
    data: Path
    result: Path
    actuals: Path


def make_world(root: Path) -> World:
    root.mkdir(parents=True, exist_ok=True)
    data = write_dataset(
        root / "data",
        [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4, earliest=2025)],
        funding=[("gb", 2024, "", 100), ("gb", 2025, "", 100)],
    )
    scenario = root / "plan.toml"
    scenario.write_text(
        'name = "plan"\ndata = "data"\n[solver]\nmip_gap = 0\nexplain = false\n'
        "[stress]\nsamples = 3\n",
        encoding="utf-8",
    )
    world = World(root, scenario, data, root / "result", root / "actuals.xlsx")
    for args in (
        ["solve", scenario, "--out", world.result],
        ["template", world.actuals, "--actuals", "--from", world.result, "--year", YEAR],
    ):
        code, output, _ = cli(*args)
        assert code == 0, output
    return world


def cli(*args: object) -> tuple[int, str, float]:
    """Run the CLI in this process: exit code, everything printed, seconds taken."""
    from optimizer.cli import app

    start = time.monotonic()
    result = CliRunner().invoke(app, [str(a) for a in args])
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\nTraceback: {result.exception!r}"
    return result.exit_code, output, time.monotonic() - start


# --- commands and their destinations ------------------------------------------------------

Args = Callable[[World, Path, Path], list[object]]

# name -> (what it writes: "folder" or "file", its arguments given the world, the
# destination under test and a spare fresh path)
OUTPUTS: dict[str, tuple[str, Args]] = {
    "solve": ("folder", lambda w, out, spare: ["solve", w.scenario, "--out", out]),
    "sweep": (
        "folder",
        lambda w, out, spare: [
            "sweep",
            w.scenario,
            "--param",
            "budget.scale",
            "--values",
            "1,1.2",
            "--out",
            out,
            "--no-marginal",
        ],
    ),
    "pareto": (
        "folder",
        lambda w, out, spare: ["pareto", w.scenario, "--objectives", "score,cost", "--out", out],
    ),
    "stress": ("folder", lambda w, out, spare: ["stress", w.result, "--out", out]),
    "replan": (
        "folder",
        lambda w, out, spare: [
            *("replan", w.result, "--year", YEAR, "--actuals", w.actuals),
            *("--out", out, "--inputs", spare, "--no-explain"),
        ],
    ),
    "replan-inputs": (
        "folder",
        lambda w, out, spare: [
            *("replan", w.result, "--year", YEAR, "--actuals", w.actuals),
            *("--inputs", out, "--out", spare, "--no-explain"),
        ],
    ),
    "template": ("file", lambda w, out, spare: ["template", out]),
    "actuals": (
        "file",
        lambda w, out, spare: ["template", out, "--actuals", "--from", w.result, "--year", YEAR],
    ),
    "report": ("file", lambda w, out, spare: ["report", w.result, "--out", out]),
    "compare": ("file", lambda w, out, spare: ["compare", w.result, w.scenario, "--out", out]),
    "export-lp": ("file", lambda w, out, spare: ["solve", w.scenario, "--export-lp", out]),
}


def _user_folder(tmp: Path) -> Path:
    out = tmp / "documents"
    out.mkdir()
    (out / "summary.json").write_text('{"mine": true}', encoding="utf-8")
    (out / "notes.docx").write_bytes(b"my notes")
    return out


def _old_result(tmp: Path) -> Path:
    """A result folder this tool wrote (manifest with hashes)."""
    out = tmp / "old"

    def write(stage: Path) -> None:
        (stage / "summary.json").write_text('{"status": "optimal"}', encoding="utf-8")
        (stage / "ranked_projects.csv").write_text("project_id\nP1\n", encoding="utf-8")

    write_folder(out, write, "solve")
    return out


def _edited_result(tmp: Path) -> Path:
    out = _old_result(tmp)
    (out / "summary.json").write_text('{"status": "edited by hand"}', encoding="utf-8")
    return out


def _result_plus_file(tmp: Path) -> Path:
    out = _old_result(tmp)
    (out / "my_analysis.xlsx").write_bytes(b"mine")
    return out


def _forged_manifest(tmp: Path) -> Path:
    out = _user_folder(tmp)
    files = {p.name: "0" * 64 for p in out.iterdir()}
    (out / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")
    return out


def _a_file(tmp: Path) -> Path:
    path = tmp / "taken.txt"
    path.write_text("mine", encoding="utf-8")
    return path


def _loop(tmp: Path) -> Path:
    (tmp / "loop").symlink_to(tmp / "loop")
    return tmp / "loop" / "out"


def _too_long(tmp: Path) -> Path:
    return tmp / ("x" * 300)


# fault -> (expected words, make the destination in a fresh folder)
FOLDER_FAULTS: dict[str, tuple[str, Callable[[Path, World], Path]]] = {
    "an existing file": ("exists and is not a folder", lambda tmp, w: _a_file(tmp)),
    "a folder of the user's files": (
        "holds files urbopt did not write",
        lambda tmp, w: _user_folder(tmp),
    ),
    "a result edited by hand": ("changed since written", lambda tmp, w: _edited_result(tmp)),
    "a result with the user's file": ("my_analysis.xlsx", lambda tmp, w: _result_plus_file(tmp)),
    "a forged manifest": ("changed since written", lambda tmp, w: _forged_manifest(tmp)),
    "under a file": ("is not a folder", lambda tmp, w: _a_file(tmp) / "out"),
    "a name too long": ("File name too long", lambda tmp, w: _too_long(tmp)),
    "a symlink loop": ("Symlink loop", lambda tmp, w: _loop(tmp)),
    "the data it reads": ("which this run reads", lambda tmp, w: w.data),
    "the result it reads": ("which this run reads", lambda tmp, w: w.result),
    "the folder above": ("which this run reads", lambda tmp, w: w.root),
}
READS_RESULT = {"stress", "replan", "replan-inputs"}  # the others read the data

FILE_FAULTS: dict[str, tuple[str, Callable[[Path, World], Path]]] = {
    "a folder": ("is a folder", lambda tmp, w: _user_folder(tmp)),
    "under a file": ("is not a folder", lambda tmp, w: _a_file(tmp) / "out.xlsx"),
    "a name too long": ("File name too long", lambda tmp, w: Path(f"{_too_long(tmp)}.xlsx")),
    "a symlink loop": ("Symlink loop", lambda tmp, w: _loop(tmp).with_suffix(".xlsx")),
    "a result's workbook": ("is a file of the result", lambda tmp, w: w.result / "results.xlsx"),
    "a result's manifest": ("is a file of the result", lambda tmp, w: w.result / "manifest.json"),
    "a result's summary": ("is a file of the result", lambda tmp, w: w.result / "summary.json"),
}


def destination_cases() -> list[tuple[str, str]]:
    """(command, fault) for every command and every fault of its kind of destination (the
    data folder for the commands that read it, the plan's result for those that read it)."""
    cases = []
    for command, (kind, _) in OUTPUTS.items():
        faults = FOLDER_FAULTS if kind == "folder" else FILE_FAULTS
        for fault in faults:
            reads_result = command in READS_RESULT
            if fault == ("the data it reads" if reads_result else "the result it reads"):
                continue
            cases.append((command, fault))
    return cases


def expected_words(command: str, fault: str) -> str:
    kind = OUTPUTS[command][0]
    return (FOLDER_FAULTS if kind == "folder" else FILE_FAULTS)[fault][0]


# --- checking an outcome -------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their targets, not followed): what must not
    change when a command fails."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = f"-> {path.readlink()}".encode()
        elif path.is_file():
            found[str(path)] = path.read_bytes()
        elif path.is_dir():
            found[str(path)] = b"<folder>"
    return found


def problems(code: int, output: str, seconds: float, expect: str, code_wanted: int = 2) -> list:
    """What is wrong with an outcome (empty when it is right): the exit code, one `error:`
    line, the last, holding `expect` (what a long run printed before may precede it), no
    traceback, bounded time."""
    found = []
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    if code != code_wanted:
        found.append(f"exit {code}, not {code_wanted}")
    if "Traceback" in output or len(errors) != 1 or lines[-1] != errors[0]:
        found.append("not one error line, the last")
    if expect not in output:
        found.append(f"{expect!r} not said")
    if seconds > SECONDS:
        found.append(f"took {seconds:.0f} s")
    return found


def run_destination_case(world: World, tmp: Path, command: str, make: Callable) -> dict:
    """Set the destination up in `tmp`, run the command, report what happened."""
    out = make(tmp, world)
    before = snapshot(world.root) | snapshot(tmp)
    args = OUTPUTS[command][1](world, out, tmp / "spare")
    code, output, seconds = cli(*args)
    after = snapshot(world.root) | snapshot(tmp)
    changed = sorted({path for path, _ in set(before.items()) ^ set(after.items())})
    return {"code": code, "output": output, "seconds": seconds, "changed": changed[:3]}


# --- damaged result folders ----------------------------------------------------------------


def _edit_json(path: Path, change: Callable[[dict], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data)), encoding="utf-8")


def _set(key: str, value: object) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        _edit_json(folder / "summary.json", lambda d: d | {key: value})

    return damage


def _set_benefit(key: str, value: object) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        _edit_json(
            folder / "summary.json",
            lambda d: d | {"benefit_cost": (d.get("benefit_cost") or {}) | {key: value}},
        )

    return damage


def _csv_edit(name: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable:
    def damage(folder: Path) -> None:
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(change(rows))
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")

    return damage


def _drop_column(name: str, column: str) -> Callable:
    def change(rows: list[list[str]]) -> list[list[str]]:
        k = rows[0].index(column)
        return [row[:k] + row[k + 1 :] for row in rows]

    return _csv_edit(name, change)


def _text_in(name: str, column: str) -> Callable:
    def change(rows: list[list[str]]) -> list[list[str]]:
        k = rows[0].index(column)
        rows[1][k] = "很多"
        return rows

    return _csv_edit(name, change)


def _write(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(content)


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


WRONG = {"text": "abc", "list": [1], "object": {"x": 1}, "true": True}
NUMBER_KEYS = ("objective", "gap", "score", "cost_in_plan_wan", "unspent_wan", "solve_seconds")
COUNT_KEYS = ("funded", "candidates", "targets_met", "targets")

# damage -> (change the copied result folder, words an error names)
DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "summary.json removed": (_remove("summary.json"), "summary.json"),
    "summary.json not JSON": (_write("summary.json", b"{not json"), "summary.json"),
    "summary.json a list": (_write("summary.json", b"[1, 2]"), "summary.json"),
    "summary.json binary": (_write("summary.json", b"\xff\xfe\x00garbage"), "summary.json"),
    **{
        f"summary {key} as {kind}": (_set(key, value), key)
        for key in NUMBER_KEYS
        for kind, value in WRONG.items()
        if kind != "object" or key in ("objective", "score")
    },
    **{f"summary {key} as 2.5": (_set(key, 2.5), key) for key in COUNT_KEYS},
    **{f"summary {key} as a list": (_set(key, [1]), key) for key in COUNT_KEYS},
    "summary scenario as a number": (_set("scenario", 7), "scenario"),
    "summary status as a list": (_set("status", ["optimal"]), "status"),
    "summary names as text": (_set("names", "a,b"), "names"),
    "summary warnings as text": (_set("warnings", "careful"), "warnings"),
    "summary benefit_cost as text": (_set("benefit_cost", "better"), "benefit_cost"),
    "benefit_cost.score as text": (_set_benefit("score", "x"), "benefit_cost.score"),
    "benefit_cost.only_optimizer as text": (
        _set_benefit("only_optimizer", "P1"),
        "benefit_cost.only_optimizer",
    ),
    **{
        f"ranked without {c}": (_drop_column("ranked_projects.csv", c), c)
        for c in ("project_id", "name", "region_id", "funded", "start_year", "why")
    },
    "ranked start_year as text": (_text_in("ranked_projects.csv", "start_year"), "start_year"),
    "ranked removed": (_remove("ranked_projects.csv"), "ranked_projects.csv"),
    "ranked binary": (_write("ranked_projects.csv", b"\x00\xff" * 50), "ranked_projects.csv"),
    **{
        f"funding without {c}": (_drop_column("funding_schedule.csv", c), c)
        for c in ("project_id", "source_id", "year", "amount_wan")
    },
    "funding amount as text": (_text_in("funding_schedule.csv", "amount_wan"), "amount_wan"),
    **{
        f"attainment without {c}": (_drop_column("indicator_attainment.csv", c), c)
        for c in ("indicator_id", "value", "target", "met")
    },
    "budget use without used_wan": (_drop_column("budget_use.csv", "used_wan"), "used_wan"),
}


def damaged_copy(world: World, tmp: Path, damage: str) -> Path:
    folder = tmp / "damaged"
    shutil.copytree(world.result, folder)
    DAMAGES[damage][0](folder)
    return folder


# readers of a result folder -> (arguments, exit code); rerun stops at the changed files
READERS: dict[str, tuple[Callable[[World, Path], list[object]], int]] = {
    "report": (lambda w, r: ["report", r, "--out", r.parent / "report.html"], 2),
    "compare": (lambda w, r: ["compare", w.result, r], 2),
    "rerun": (lambda w, r: ["rerun", r], 1),
}


# --- the cases that need a read-only or full file system -----------------------------------

MOUNT_FAULTS = {"read-only": "cannot write here", "disk full": "No space left on device"}


def mount_cases() -> list[tuple[str, str]]:
    return [(command, fault) for command in OUTPUTS for fault in MOUNT_FAULTS]


def _mount(where: Path, options: str) -> None:
    where.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], check=True)


def _fill(where: Path) -> None:
    """Take every free byte of the file system at `where`."""
    try:
        with (where / "filler").open("wb", buffering=0) as f:
            while True:
                f.write(b"\0" * 4096)
    except OSError:
        pass


def _previous(world: World, place: Path, command: str) -> Path:
    """The destination inside `place`: an earlier output of the command, which a complete
    new one would replace (a new name for those that never replace: the templates, the LP
    file, which the user asks to overwrite)."""
    if OUTPUTS[command][0] == "folder":
        return _old_result(place)
    (place / "earlier.xlsx").write_bytes(b"an earlier output")
    if command in ("template", "actuals", "export-lp"):
        return place / ("model.lp" if command == "export-lp" else "new.xlsx")
    return place / "earlier.xlsx"


def run_mount_case(world: World, root: Path, command: str, fault: str) -> dict:
    """In a mount namespace: a tmpfs holding an earlier output, made read-only or full."""
    place = root / f"{command}-{fault.replace(' ', '-')}"
    _mount(place, "size=256k")
    out = _previous(world, place, command)
    if fault == "read-only":
        subprocess.run(["mount", "-o", "remount,ro", str(place)], check=True)
    else:
        _fill(place)
    return run_destination_case(world, place, command, lambda tmp, w: out)


def batch(root: Path) -> None:
    """Run every mount case under `root` (inside `unshare -Urm`); print the outcomes."""
    world = make_world(root / "world")
    outcomes = {
        f"{command}|{fault}": run_mount_case(world, root / "mounts", command, fault)
        for command, fault in mount_cases()
    }
    print(json.dumps(outcomes))


if __name__ == "__main__":
    batch(Path(sys.argv[1]))
