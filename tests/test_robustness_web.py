"""Generated hostile forms, requests and uploads to the workbench: each is answered with
the right HTTP status and its message, never a 500 or a traceback, quickly (no form value
starts unbounded work: the sweep grid is counted before it is made), and starts no run and
keeps no input; an upload's check runs in a process of its own whose memory and time are
bounded, so the server keeps its size.

Families: every numeric field of the scenario form × values out of its range or not
numbers; sweep grids too large, empty, too long in all or malformed; requests without a
session's token, to unknown ids, too large or without a length; workbooks that are empty,
random, truncated, a CSV in disguise, without their sheets, a zip of something else, a
project built over 300,000,000 years, a decompression bomb (entity expansion is
the input checks' own case: tests/test_inputs_*).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from test_web import BASE, csrf, form_fields, knapsack_workbook, wait_final

from optimizer.web.app import Settings, create_app
from optimizer.web.limits import resident_bytes

SECONDS = 20.0  # a form or request answered later than this is a failure
UPLOAD_SECONDS = 120.0


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A workbench (small memory bound for the upload checks) with the knapsack input and
    one finished run."""
    tmp = tmp_path_factory.mktemp("bench")
    settings = Settings(workspace=tmp / "ws", max_upload_mb=1, max_memory_mb=600, check_seconds=20)
    book = knapsack_workbook(tmp)
    with TestClient(create_app(settings), base_url=BASE) as client:
        token = csrf(client.get("/").text)
        files = {"workbook": ("knapsack.xlsx", book.read_bytes(), "application/octet-stream")}
        response = client.post("/inputs", data={"csrf": token}, files=files)
        input_id = str(response.url).rsplit("/", 1)[1]
        fields = form_fields(client.get(f"/inputs/{input_id}").text)
        fields.pop("explain", None)  # no explanations: the run is quick
        done = client.post(f"/inputs/{input_id}/runs", data=fields, follow_redirects=False)
        run_id = done.headers["location"].rsplit("/", 1)[1]
        assert wait_final(client, run_id)["state"] == "done"
        yield client, tmp, input_id, run_id, fields, book


def _runs(tmp: Path) -> list[str]:
    return sorted(p.name for p in (tmp / "ws" / "runs").iterdir())


def _inputs(tmp: Path) -> list[str]:
    return sorted(p.name for p in (tmp / "ws" / "inputs").iterdir())


def _timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


# --- the scenario form --------------------------------------------------------------------

# field -> its range (None: blank allowed)
FIELDS = {
    "budget_scale": (0, 1000, False),
    "source_0": (0, 1000, False),
    "region_min": (0, 100, True),
    "region_max": (0, 100, True),
    "floor_0": (-1e12, 1e12, True),
    "weight_0": (0, 1000, False),
    "time_limit": (1, 86400, False),
    "mip_gap": (0, 99, False),
}
NOT_NUMBERS = ["nan", "inf", "-inf", "1e309", "abc", "12 %", "0x10", "1,5", "<b>7</b>", "9" * 400]


def form_cases() -> list[tuple[str, str]]:
    cases = []
    for field, (lo, hi, blank) in FIELDS.items():
        values = [*NOT_NUMBERS, repr(hi * 10 + 1), repr(lo - 1) if lo > -1e12 else "-1e13"]
        if not blank:
            values.append("")
        cases += [(field, v) for v in values]
    return cases


@pytest.mark.parametrize(("field", "value"), form_cases())
def test_a_bad_scenario_field_is_refused_with_its_name(bench, field, value):
    client, tmp, input_id, _, fields, _ = bench
    before = _runs(tmp)
    data = fields | {"csrf": csrf(client.get("/").text), field: value}
    response, seconds = _timed(
        lambda: client.post(f"/inputs/{input_id}/runs", data=data, follow_redirects=False)
    )
    assert response.status_code == 422 and seconds < SECONDS, response.status_code
    errors = re.search(r'id="form-errors">.*?<ul>(.*?)</ul>', response.text, re.S)
    assert errors is not None and errors.group(1).count("<li>") == 1, response.text[-2000:]
    assert _runs(tmp) == before


# --- the sweep form -----------------------------------------------------------------------

SWEEPS = {
    "10^21 values (0 to 1e12, step 1e-9)": ("0", "1e12", "1e-9", "5", "取值太多"),
    "1e12 values": ("0", "1e12", "1", "5", "取值太多"),
    "101 values": ("0", "100", "1", "5", "取值太多"),
    "13 values": ("0", "12", "1", "5", "取值太多"),
    "no value (stop below start)": ("100", "0", "10", "5", "没有取值"),
    "a step of zero": ("0", "100", "0", "5", "步长："),
    "a negative step": ("0", "100", "-10", "5", "步长："),
    "a step of nan": ("0", "100", "nan", "5", "步长："),
    "a start of inf": ("inf", "100", "10", "5", "从："),
    "a stop of 1e13": ("0", "1e13", "1e12", "5", "到："),
    "a time limit of 0": ("80", "120", "10", "0", "每次计算的时间上限"),
    "a time limit of nan": ("80", "120", "10", "nan", "每次计算的时间上限"),
    "12 values × 24 h": ("1", "12", "1", "86400", "总计算时间过长"),
    "text as the start": ("eighty", "120", "10", "5", "从："),
    "an unknown parameter": ("80", "120", "10", "5", "参数：必填"),
}


@pytest.mark.parametrize("case", sorted(SWEEPS))
def test_a_bad_sweep_is_refused_before_any_value_is_made(bench, case):
    client, tmp, _, run_id, _, _ = bench
    start, stop, step, limit, words = SWEEPS[case]
    param = "budget.nope" if case == "an unknown parameter" else "budget.gb"
    data = {"csrf": csrf(client.get("/").text), "param": param}
    data |= {"start": start, "stop": stop, "step": step, "time_limit": limit}
    before = _runs(tmp)
    response, seconds = _timed(lambda: client.post(f"/runs/{run_id}/sweeps", data=data))
    assert response.status_code == 422 and seconds < SECONDS, (response.status_code, seconds)
    errors = re.search(r'id="sweep-errors">(.*?)</ul>', response.text, re.S)
    assert errors is not None and words in errors.group(1), response.text[-1500:]
    assert _runs(tmp) == before


# --- requests -----------------------------------------------------------------------------


def request_cases() -> dict[str, tuple[str, str, dict, int]]:
    """name -> (method, path, extra, status); {run} and {input} are filled in."""
    return {
        "a form without a token": ("POST", "/inputs/{input}/runs", {"data": {}}, 403),
        "a form with another token": (
            "POST",
            "/inputs/{input}/runs",
            {"data": {"csrf": "0" * 64}},
            403,
        ),
        "a cancel without a token": ("POST", "/runs/{run}/cancel", {"data": {}}, 403),
        "a sweep without a token": ("POST", "/runs/{run}/sweeps", {"data": {}}, 403),
        "an unknown run": ("GET", "/runs/20240101-000000-abcdef", {}, 404),
        "an unknown input": ("GET", "/inputs/20240101-000000-abcdef", {}, 404),
        "a run id with a path": ("GET", "/runs/..%2F..%2Fetc%2Fpasswd", {}, 404),
        "a file not in the result": ("GET", "/runs/{run}/files/state.json", {}, 404),
        "a body too large": (
            "POST",
            "/inputs",
            {"content": b"x" * (2 * 1024 * 1024), "headers": {"content-type": "text/plain"}},
            413,
        ),
        "a length that is not a number": (
            "POST",
            "/inputs",
            {"content": b"x", "headers": {"content-length": "-1"}},
            411,
        ),
        "a comparison of a run with itself": (
            "POST",
            "/compare",
            {"form": {"base": "{run}", "other": "{run}"}},
            400,
        ),
        "a comparison with an unknown run": (
            "GET",
            "/compare/{run}/20240101-000000-abcdef",
            {},
            404,
        ),
    }


@pytest.mark.parametrize("case", sorted(request_cases()))
def test_a_hostile_request_gets_its_status(bench, case):
    client, tmp, input_id, run_id, _, _ = bench
    method, path, extra, status = request_cases()[case]
    path = path.format(run=run_id, input=input_id)
    if "form" in extra:
        form = {k: v.format(run=run_id) for k, v in extra["form"].items()}
        extra = {"data": form | {"csrf": csrf(client.get("/").text)}}
    before = _runs(tmp), _inputs(tmp)
    response, seconds = _timed(
        lambda: client.request(method, path, follow_redirects=False, **extra)
    )
    assert response.status_code == status and seconds < SECONDS, response.text[-1500:]
    assert "Traceback" not in response.text
    assert (_runs(tmp), _inputs(tmp)) == before


# --- uploads ------------------------------------------------------------------------------


def _edited(book: Path, sheet: str, cell: str, value: object) -> bytes:
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _bomb(book: Path) -> bytes:
    """The workbook with its projects sheet swapped for ~200 MB of rows (650 KB
    compressed)."""
    with zipfile.ZipFile(book) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in members if n.startswith("xl/worksheets/") and b"P1" in members[n])
    row = b'<row><c t="inlineStr"><is><t>P9</t></is></c><c><v>1</v></c></row>'
    members[sheet] = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + row * 3_000_000 + b"</sheetData></worksheet>"
    )
    return _zip(members)


def upload_cases(book: Path) -> dict[str, tuple[str, bytes, int]]:
    """name -> (file name, bytes, HTTP status)."""
    good = book.read_bytes()
    return {
        "an empty file": ("plan.xlsx", b"", 422),
        "random bytes": ("plan.xlsx", bytes(range(256)) * 40, 422),
        "a truncated workbook": ("plan.xlsx", good[: len(good) // 2], 422),
        "a CSV named .xlsx": ("plan.xlsx", b"project_id,cost_wan\nP1,60\n", 422),
        "a zip of something else": ("plan.xlsx", _zip({"readme.txt": b"hello"}), 422),
        "a workbook without its sheets": ("plan.xlsx", _zip({"[Content_Types].xml": b"<x/>"}), 422),
        "a CSV file": ("plan.csv", b"project_id\nP1\n", 400),
        "no file name": ("", good, 400),
        "a file over the limit": ("plan.xlsx", b"\0" * (1024 * 1024 + 1), 413),
        "a cost that is text": ("plan.xlsx", _edited(book, "projects", "E2", "很多"), 422),
        "a duration of 300,000,000 years": (
            "plan.xlsx",
            _edited(book, "projects", "F2", 300_000_000),
            422,
        ),
        "a decompression bomb": ("plan.xlsx", _bomb(book), 422),
    }


UPLOADS = [
    "an empty file",
    "random bytes",
    "a truncated workbook",
    "a CSV named .xlsx",
    "a zip of something else",
    "a workbook without its sheets",
    "a CSV file",
    "no file name",
    "a file over the limit",
    "a cost that is text",
    "a duration of 300,000,000 years",
    "a decompression bomb",
]


@pytest.mark.parametrize("case", UPLOADS)
def test_a_hostile_upload_is_refused_and_the_server_keeps_its_size(bench, case):
    client, tmp, _, _, _, book = bench
    name, content, status = upload_cases(book)[case]
    held = resident_bytes_here()
    before = _inputs(tmp)
    files = {"workbook": (name, content, "application/octet-stream")}
    response, seconds = _timed(
        lambda: client.post(
            "/inputs",
            data={"csrf": csrf(client.get("/").text)},
            files=files,
            follow_redirects=False,
        )
    )
    assert response.status_code == status and seconds < UPLOAD_SECONDS, response.text[-1500:]
    shown = re.search(r'id="upload-error">(.+?)</p>', response.text) or re.search(
        r'id="issues">', response.text
    )
    assert shown is not None and "Traceback" not in response.text, response.text[-1500:]
    assert _inputs(tmp) == before  # nothing kept
    assert resident_bytes_here() - held < 200 * 2**20  # the check's memory is not ours


def resident_bytes_here() -> int:
    import os

    return resident_bytes(os.getpid()) or 0
