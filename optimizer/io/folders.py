"""Result folders: what makes a folder one this tool wrote, and whether its files are still
as written.

Every result folder (solve, sweep, pareto, stress, replan and its inputs) holds a
manifest.json whose `files` maps each file written with the result to its sha256; files
added later beside it (report.html, a template, a comparison) are listed under `added`.
A folder is *ours* when every entry in it is listed with its hash (sub-folders: ours in
turn, e.g. RESULT/stress). Only such folders, or empty ones, are ever replaced.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from pathlib import Path
from typing import Any

from optimizer.errors import Issue

MANIFEST = "manifest.json"
_HEX = re.compile(r"[0-9a-f]{64}")
MAX_DEPTH = 3  # sub-folders of a result that are results in turn (RESULT/stress)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest_json(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest as a JSON object, or None (absent, unreadable, not an object)."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _hash_map(value: object) -> dict[str, str] | None:
    """{file name: sha256} as the manifest should hold it, or None if it does not."""
    if not isinstance(value, dict):
        return None
    for name, digest in value.items():
        if "/" in name or name in ("", ".", "..", MANIFEST):
            return None
        if not (isinstance(digest, str) and _HEX.fullmatch(digest)):
            return None
    return value


def own_files(manifest: dict[str, Any]) -> dict[str, str] | None:
    """The files written with the result (None: not a manifest of this version)."""
    return _hash_map(manifest.get("files"))


def listed_files(manifest: dict[str, Any]) -> dict[str, str] | None:
    """Every file the manifest vouches for: the result's own and those added later."""
    files = own_files(manifest)
    added = _hash_map(manifest.get("added", {}))
    if files is None or added is None:
        return None
    return files | added


def foreign_entries(folder: Path, depth: int = 0) -> list[str]:
    """What in `folder` this tool did not write, or changed since (names relative to it);
    [] for an empty folder or a result folder exactly as written."""
    entries = sorted(folder.iterdir())
    if not entries:
        return []
    manifest = read_manifest_json(folder)
    listed = listed_files(manifest) if manifest is not None else None
    if listed is None:
        return [f"{', '.join(e.name for e in entries[:3])}{', …' * (len(entries) > 3)}"]
    problems = []
    for entry in entries:
        if entry.name == MANIFEST:
            continue
        if entry.is_symlink():
            problems.append(f"{entry.name} (a link)")
        elif entry.is_dir():
            inner = foreign_entries(entry, depth + 1) if depth < MAX_DEPTH else ["…"]
            problems += [f"{entry.name}/{name}" for name in inner]
        elif entry.name not in listed:
            problems.append(entry.name)
        elif not entry.is_file() or sha256_file(entry) != listed[entry.name]:
            problems.append(f"{entry.name} (changed since written)")
    return problems


def changed_outputs(folder: Path) -> list[Issue]:
    """Files of a result that are missing or differ from their sha256 in the manifest."""
    manifest = read_manifest_json(folder)
    listed = listed_files(manifest) if manifest is not None else None
    if listed is None:
        return [
            Issue(
                str(folder / MANIFEST),
                "lists no output files with their sha256 (made by an older version, or "
                "edited): the result cannot be checked; solve again",
            )
        ]
    issues = []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            issues.append(Issue(str(path), "missing: removed since the result was written"))
        elif sha256_file(path) != digest:
            issues.append(Issue(str(path), "changed since the result was written (sha256 differs)"))
    return issues


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    tmp = folder / f".{MANIFEST}.{secrets.token_hex(4)}"
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(folder / MANIFEST)
    finally:
        tmp.unlink(missing_ok=True)


def seal(stage: Path, kind: str, record: dict[str, Any] | None = None) -> None:
    """List every file of a finished stage with its sha256 in its manifest (made with just
    `kind` when the writer left none), with `record` added."""
    manifest = (read_manifest_json(stage) or {"kind": kind}) | (record or {})
    manifest.pop("added", None)
    manifest["files"] = {
        p.name: sha256_file(p)
        for p in sorted(stage.iterdir())
        if p.is_file() and not p.is_symlink() and p.name != MANIFEST
    }
    _write_manifest(stage, manifest)


def result_folder_of(path: Path) -> dict[str, Any] | None:
    """The manifest of the result folder `path` would be written into, if it is one."""
    manifest = read_manifest_json(path.absolute().parent)
    return manifest if manifest is not None and own_files(manifest) is not None else None


def register_added(path: Path) -> None:
    """Record a file just written into a result folder (report.html…) in its manifest, so
    the folder stays one this tool wrote."""
    folder = path.absolute().parent
    manifest = result_folder_of(path)
    if manifest is None or own_files(manifest) is None or not path.is_file():
        return
    added = _hash_map(manifest.get("added", {})) or {}
    manifest["added"] = added | {path.name: sha256_file(path)}
    _write_manifest(folder, manifest)
