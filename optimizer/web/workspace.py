"""The workbench's folder on disk: uploaded inputs and runs. Ids are made here and checked
against a pattern before any path is built from them; no path ever comes from a request.

    workspace/
      inputs/<id>/  input.xlsx (or data/ for the sample's CSVs), scenario.toml, input.json
      runs/<id>/    job.json, state.json, progress.json, scenario.toml, a copy of the data,
                    result/  (what `urbopt solve --out` or `sweep --out` writes, manifest
                              included, so the CLI can rerun, report or compare it)
"""

from __future__ import annotations

import json
import math
import re
import secrets
import shutil
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from optimizer.config import Scenario, load_scenario
from optimizer.errors import InputError, Issue
from optimizer.model.inputs import prepare
from optimizer.pipeline import load_data

if TYPE_CHECKING:
    from optimizer.web.limits import Checker

ID_PATTERN = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9a-f]{6}")
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "jincheng"
UPLOAD_NAME = "input.xlsx"
SAMPLE_NAME = "data"


class State(StrEnum):
    """Where a run is: queued and running move on; the others are final."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self in (State.DONE, State.FAILED, State.CANCELLED)


class NotFound(LookupError):
    """An id that is malformed or names nothing in the workspace."""


def new_id() -> str:
    """Sortable by time, unguessable by the random tail."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object, or {} when the file is not there (yet) or not JSON: files here are
    written whole, so a damaged one was damaged from outside and holds nothing usable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace the file whole, so a reader in another process never sees half of it."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def set_state(folder: Path, state: State, **fields: Any) -> None:
    """Record a run's state, keeping what earlier states recorded (start time, pid)."""
    write_json(folder / "state.json", read_json(folder / "state.json") | fields | {"state": state})


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_string(text: str) -> str:
    # a JSON string is a TOML basic string, once DEL (which JSON leaves as is) is escaped
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"TOML cannot hold {value}")
        return repr(value)
    if isinstance(value, str | Path):
        return _toml_string(str(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dump_toml(doc: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A scenario dict as TOML: scalars and lists first, then a [table] per nested dict;
    None values are left out (TOML has no null)."""
    lines = [
        f"{_toml_key(k)} = {_toml_value(v)}"
        for k, v in doc.items()
        if v is not None and not isinstance(v, dict)
    ]
    text = "".join(f"{line}\n" for line in lines)
    for key, value in doc.items():
        if isinstance(value, dict):
            path = (*prefix, key)
            header = ".".join(_toml_key(k) for k in path)
            text += f"\n[{header}]\n" + dump_toml(value, path)
    return text


def scenario_defaults(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` completed with every default of a scenario (data left out)."""
    scenario = Scenario.model_validate({**doc, "data": "."})
    return scenario.model_dump(mode="json", exclude={"path", "data"})


def sanitize(text: str, root: Path) -> str:
    """Messages shown in the browser name files inside the workspace, not server paths."""
    return text.replace(f"{root.resolve()}/", "").replace(str(root.resolve()), "")


def issue_rows(issues: list[Issue], folder: Path, display: str) -> list[dict[str, Any]]:
    """Issues as table rows: the file as the user knows it, its sheet, row, column."""
    rows = []
    for issue in issues:
        where = sanitize(issue.file, folder)
        sheet = ""
        if where.endswith("]") and "[" in where:
            where, _, sheet = where[:-1].partition("[")
        elif where.endswith(".csv"):
            sheet = Path(where).stem
        if where in (UPLOAD_NAME, ""):
            where = display
        rows.append(
            {
                "file": where,
                "sheet": sheet,
                "row": issue.row,
                "column": issue.column or "",
                "message": sanitize(issue.message, folder),
            }
        )
    return rows


class InvalidInput(Exception):
    """An upload that broke the input rules; `rows` are ready to show."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        super().__init__(f"{len(rows)} input problem(s)")


def check_input(folder: Path, data: str, display: str, name: str = "") -> tuple[str, Any]:
    """Validate the input in `folder` as the CLI would and record what the forms need
    (input.json): ('ok', its id), or ('invalid', the problems as rows; the folder is
    removed). Module level, so a checking process can run it."""
    name = name or Path(display).stem
    (folder / "scenario.toml").write_text(dump_toml({"name": name, "data": data}), encoding="utf-8")
    try:
        scenario = load_scenario(folder / "scenario.toml")
        tables = load_data(scenario)
    except InputError as exc:
        rows = issue_rows(exc.issues, folder, display)
        shutil.rmtree(folder)
        return "invalid", rows
    inputs = prepare(tables, scenario)
    budgets = tables.funding.groupby("source_id")["amount_wan"].sum()
    notes = [*inputs.warnings]
    notes += [f"{p}: {why}" for p, why in sorted(inputs.unschedulable.items())]
    info = {
        "name": display,
        "scenario_name": name,
        "data": data,
        "created": time.time(),
        "projects": len(tables.projects),
        "regions": len(tables.regions),
        "years": [tables.first_year, tables.last_year],
        "sources": [
            {"id": r.source_id, "name": r.name, "budget": float(budgets.get(r.source_id, 0.0))}
            for r in tables.sources.itertuples()
        ],
        "indicators": [
            {
                "id": r.indicator_id,
                "name": r.name,
                "unit": r.unit,
                "baseline": float(r.baseline),
                "target": float(r.target),
                "binding": bool(r.binding),
            }
            for r in tables.indicators.itertuples()
        ],
        "notes": [sanitize(n, folder) for n in notes],
    }
    write_json(folder / "input.json", info)
    return "ok", folder.name


@dataclass(frozen=True)
class Run:
    """One run's folder and what it records."""

    id: str
    folder: Path

    @property
    def job(self) -> dict[str, Any]:
        return read_json(self.folder / "job.json")

    @property
    def state(self) -> dict[str, Any]:
        return read_json(self.folder / "state.json")

    @property
    def current(self) -> State:
        """The run's state; a run without a readable record counts as failed."""
        return State(self.state.get("state", State.FAILED))

    @property
    def progress(self) -> dict[str, Any]:
        return read_json(self.folder / "progress.json")

    @property
    def result(self) -> Path:
        return self.folder / "result"

    def scenario(self) -> dict[str, Any]:
        return tomllib.loads((self.folder / "scenario.toml").read_text(encoding="utf-8"))

    def files(self) -> list[str]:
        """Names of the result files (the only names a download may ask for)."""
        if not self.result.is_dir():
            return []
        return sorted(p.name for p in self.result.iterdir() if p.is_file())


class Workspace:
    """Inputs and runs under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.inputs_dir = self.root / "inputs"
        self.runs_dir = self.root / "runs"
        self.inputs_dir.mkdir(parents=True, exist_ok=True)
        self.runs_dir.mkdir(parents=True, exist_ok=True)

    def _existing(self, parent: Path, item_id: str) -> Path:
        if not ID_PATTERN.fullmatch(item_id):
            raise NotFound(item_id)
        folder = parent / item_id
        if not folder.is_dir():
            raise NotFound(item_id)
        return folder

    # inputs -------------------------------------------------------------------------------

    def add_upload(self, filename: str, content: bytes, checker: Checker | None = None) -> str:
        """Store an uploaded workbook and validate it as the CLI would, in `checker`'s
        process when given (its memory and time bounded: `Overrun`); an invalid one is
        removed again and raises `InvalidInput`."""
        folder = self.inputs_dir / new_id()
        folder.mkdir()
        (folder / UPLOAD_NAME).write_bytes(content)
        display = Path(filename).name or UPLOAD_NAME
        try:
            if checker is None:
                kind, value = check_input(folder, UPLOAD_NAME, display)
            else:
                kind, value = checker.call(check_input, folder, UPLOAD_NAME, display)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if kind == "invalid":
            raise InvalidInput(value)
        return value

    def add_sample(self) -> str:
        """A fresh input holding a copy of the built-in sample's CSV files."""
        folder = self.inputs_dir / new_id()
        folder.mkdir()
        shutil.copytree(SAMPLE, folder / SAMPLE_NAME)
        kind, value = check_input(folder, SAMPLE_NAME, "晋城样例 (data/jincheng)", "晋城样例")
        if kind == "invalid":
            raise InvalidInput(value)
        return value

    def input_info(self, input_id: str) -> dict[str, Any]:
        return read_json(self._existing(self.inputs_dir, input_id) / "input.json")

    # runs ---------------------------------------------------------------------------------

    def new_run(self, input_id: str, scenario: dict[str, Any], job: dict[str, Any]) -> Run:
        """A run folder holding its own copy of the input's data and the scenario as TOML."""
        source = self._existing(self.inputs_dir, input_id)
        data = self.input_info(input_id)["data"]
        run_id = new_id()
        run = Run(run_id, self.runs_dir / run_id)
        run.folder.mkdir()
        if (source / data).is_dir():
            shutil.copytree(source / data, run.folder / data)
        else:
            shutil.copy2(source / data, run.folder / data)
        doc = {**scenario, "data": data}
        (run.folder / "scenario.toml").write_text(dump_toml(doc), encoding="utf-8")
        write_json(run.folder / "job.json", {**job, "input": input_id, "created": time.time()})
        set_state(run.folder, State.QUEUED)
        return run

    def run(self, run_id: str) -> Run:
        return Run(run_id, self._existing(self.runs_dir, run_id))

    def runs(self) -> list[Run]:
        """Every run, newest first."""
        folders = [
            p for p in self.runs_dir.iterdir() if ID_PATTERN.fullmatch(p.name) and p.is_dir()
        ]
        return [Run(p.name, p) for p in sorted(folders, key=lambda p: p.name, reverse=True)]
