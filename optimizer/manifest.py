"""Manifests: what a result was made from, so it can be audited and re-run."""

from __future__ import annotations

import hashlib
import json
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from optimizer.config import Scenario
from optimizer.errors import InputError, Issue
from optimizer.io.load import EXCEL_SUFFIXES
from optimizer.io.schema import TABLES

PACKAGES = ("urbanization-optimizer", "pyomo", "highspy", "pandas", "numpy", "pydantic")
HIGHS_RANDOM_SEED = 0  # HiGHS's default, never changed here


def data_hashes(source: Path) -> dict[str, str]:
    """sha256 of every input file of a data set (CSV folder or workbook)."""
    files = (
        [source]
        if source.suffix.lower() in EXCEL_SUFFIXES
        else [source / t.filename for t in TABLES if (source / t.filename).exists()]
    )
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def build_manifest(scenario: Scenario, kind: str, result: dict) -> dict:
    """The manifest of one output folder; `result` holds status, objective and the like."""
    return {
        "kind": kind,
        "scenario": scenario.model_dump(mode="json", exclude={"path"}),
        "scenario_file": str(scenario.path) if scenario.path else None,
        "data": str(scenario.data),
        "data_sha256": data_hashes(scenario.data),
        "versions": _versions(),
        "solver": {
            "time_limit": scenario.solver.time_limit,
            "mip_gap": scenario.solver.mip_gap,
            "threads": scenario.solver.threads,
            "highs_random_seed": HIGHS_RANDOM_SEED,
        },
        "result": result,
    }


def manifest_files(scenario: Scenario, kind: str, result: dict, tmp: Path) -> list[str]:
    """Write manifest.json and a copy of the scenario file into `tmp`; return the names."""
    text = json.dumps(build_manifest(scenario, kind, result), ensure_ascii=False, indent=2)
    (tmp / "manifest.json").write_text(text, encoding="utf-8")
    names = ["manifest.json"]
    if scenario.path and scenario.path.exists():
        (tmp / "scenario.toml").write_text(
            scenario.path.read_text(encoding="utf-8"), encoding="utf-8"
        )
        names.append("scenario.toml")
    return names


def read_manifest(folder: Path) -> tuple[dict, Scenario]:
    """The manifest of a `solve --out` folder and its scenario, checked against the data."""
    path = folder / "manifest.json"
    if not path.exists():
        raise InputError(
            [Issue(str(path), "not found: only folders written by `solve --out` can be re-run")]
        )
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("kind") != "solve":
        raise InputError(
            [Issue(str(path), f"a {manifest.get('kind')} result; rerun takes solve results")]
        )
    scenario = Scenario.model_validate(manifest["scenario"])
    if not scenario.data.exists():
        raise InputError([Issue(str(scenario.data), "the data set of this result is gone")])
    now = data_hashes(scenario.data)
    changed = sorted(f for f, h in manifest["data_sha256"].items() if now.get(f) != h)
    if changed:
        raise InputError(
            [
                Issue(str(scenario.data / f), "changed since the result was made (sha256 differs)")
                for f in changed
            ]
        )
    return manifest, scenario
