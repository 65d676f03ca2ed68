"""Manifests: what a result was made from, so it can be audited and re-run."""

from __future__ import annotations

import hashlib
import json
import math
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from optimizer.config import Scenario
from optimizer.errors import InputError, Issue
from optimizer.io.folders import listed_files
from optimizer.io.load import EXCEL_SUFFIXES
from optimizer.io.schema import TABLES

PACKAGES = ("urbanization-optimizer", "pyomo", "highspy", "pandas", "numpy", "pydantic")
HIGHS_RANDOM_SEED = 0  # HiGHS's default, never changed here
_HEX = re.compile(r"[0-9a-f]{64}")


def data_hashes(source: Path) -> dict[str, str | None]:
    """sha256 of every file the loader would read from a data set: the workbook, or each
    table's CSV file (None for a table that is absent, so adding it later is noticed)."""
    if source.suffix.lower() in EXCEL_SUFFIXES:
        return {source.name: _sha256(source)}
    files = {t.filename: source / t.filename for t in TABLES}
    return {name: _sha256(f) if f.is_file() else None for name, f in files.items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinity (e.g. the gap of a run without a solution)
    replaced by None: JSON has no such numbers."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def build_manifest(scenario: Scenario, kind: str, result: dict) -> dict:
    """The manifest of one output folder; `result` holds status, objective and the like."""
    return _finite(
        {
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
    )


def manifest_files(scenario: Scenario, kind: str, result: dict, tmp: Path) -> list[str]:
    """Write manifest.json and a copy of the scenario file into `tmp`; return the names."""
    manifest = build_manifest(scenario, kind, result)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    (tmp / "manifest.json").write_text(text, encoding="utf-8")
    names = ["manifest.json"]
    if scenario.path and scenario.path.suffix.lower() == ".toml" and scenario.path.is_file():
        (tmp / "scenario.toml").write_text(
            scenario.path.read_text(encoding="utf-8"), encoding="utf-8"
        )
        names.append("scenario.toml")
    return names


def read_manifest(folder: Path) -> tuple[dict, Scenario]:
    """The manifest of a `solve --out` folder and its scenario, checked for consistency and
    against the data: every table file must be as recorded (present or absent)."""
    path = folder / "manifest.json"
    if not path.is_file():
        raise InputError(
            [Issue(str(path), "not found: only folders written by `solve --out` can be re-run")]
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Issue(str(path), f"not valid JSON ({exc}); was it edited?")]) from None
    _check_shape(manifest, str(path))
    try:
        scenario = Scenario.model_validate(manifest["scenario"])
    except ValidationError as exc:
        raise InputError(
            [
                Issue(
                    str(path),
                    e["msg"],
                    column=".".join(map(str, ("scenario", *e["loc"]))),
                    field="key",
                )
                for e in exc.errors()
            ]
        ) from None
    if Path(manifest["data"]) != scenario.data:
        raise InputError(
            [Issue(str(path), f"'data' ({manifest['data']}) is not the scenario's data set")]
        )
    if not scenario.data.exists():
        raise InputError([Issue(str(scenario.data), "the data set of this result is gone")])
    recorded: dict[str, str | None] = manifest["data_sha256"]
    now = data_hashes(scenario.data)
    if set(recorded) != set(now):
        unknown = ", ".join(sorted(set(recorded) ^ set(now)))
        raise InputError(
            [
                Issue(
                    str(path),
                    f"data_sha256 does not list the data set's table files ({unknown}): "
                    "made by an older version or edited; solve again",
                )
            ]
        )
    changes = [
        Issue(str(_data_file(scenario.data, f)), _change(recorded[f], now[f]))
        for f in sorted(now)
        if recorded[f] != now[f]
    ]
    if changes:
        raise InputError(changes)
    return manifest, scenario


def _data_file(data: Path, name: str) -> Path:
    return data if data.suffix.lower() in EXCEL_SUFFIXES else data / name


def _change(before: str | None, after: str | None) -> str:
    if before is None:
        return "added since the result was made (it was absent)"
    if after is None:
        return "removed since the result was made"
    return "changed since the result was made (sha256 differs)"


def _check_shape(manifest: Any, label: str) -> None:
    """Refuse a manifest whose keys are missing or of the wrong type (edited by hand)."""
    if not isinstance(manifest, dict):
        raise InputError([Issue(label, "not a manifest (a JSON object is expected)")])
    kind = manifest.get("kind")
    if kind != "solve":
        what = f"a {kind} result" if isinstance(kind, str) else "no 'kind' of result"
        raise InputError([Issue(label, f"{what}; rerun takes solve results")])
    issues = [
        Issue(label, f"must be {what}", column=key, field="key")
        for key, ok, what in (
            ("scenario", isinstance(manifest.get("scenario"), dict), "an object"),
            ("data", isinstance(manifest.get("data"), str), "a path"),
            ("result", isinstance(manifest.get("result"), dict), "an object"),
        )
        if not ok
    ]
    hashes = manifest.get("data_sha256")
    if not isinstance(hashes, dict) or not hashes:
        issues.append(
            Issue(
                label,
                "no data hashes: the data cannot be checked",
                column="data_sha256",
                field="key",
            )
        )
    else:
        issues += [
            Issue(
                label,
                "must be a sha256 (64 hex digits) or null",
                column=f"data_sha256.{k}",
                field="key",
            )
            for k, v in hashes.items()
            if v is not None and not (isinstance(v, str) and _HEX.fullmatch(v))
        ]
    if listed_files(manifest) is None:
        issues.append(
            Issue(
                label,
                "must list every output file with its sha256: made by an older version or "
                "edited; solve again",
                column="files",
                field="key",
            )
        )
    result = manifest.get("result")
    if isinstance(result, dict):
        if not isinstance(result.get("status"), str):
            issues.append(
                Issue(label, "must be a status text", column="result.status", field="key")
            )
        objective = result.get("objective")
        if objective is not None and (
            isinstance(objective, bool) or not isinstance(objective, int | float)
        ):
            issues.append(
                Issue(label, "must be a number or null", column="result.objective", field="key")
            )
    if issues:
        raise InputError(issues)
