"""The workbench's routes without a browser: CSRF, sign-in off loopback, allowed hosts, path
traversal, the upload limit, validation tables, and real runs in spawned worker processes
(small problems solved by the real HiGHS, optimum known by hand)."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from support import project, write_dataset
from typer.testing import CliRunner

from optimizer.cli import app as cli
from optimizer.io.schema import TABLES
from optimizer.web.app import Settings, create_app
from optimizer.web.forms import parse_scenario_form, scenario_form
from optimizer.web.security import check_password, hash_password, is_loopback
from optimizer.web.workspace import dump_toml

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1"


def workbook_from_csvs(folder: Path, path: Path) -> Path:
    """The CSV tables of a data folder as one workbook, a sheet per table."""
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        for table in TABLES:
            csv = folder / table.filename
            if csv.exists():
                frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
                frame.to_excel(book, sheet_name=table.name, index=False)
    return path


def knapsack_workbook(tmp_path: Path) -> Path:
    """Budget 100: {P2, P3} score 9 beats {P1} 7; at 60 % of the budget only {P1} fits."""
    projects = [project("P1", 60, 7), project("P2", 50, 5), project("P3", 50, 4)]
    folder = write_dataset(tmp_path / "csv", projects)
    return workbook_from_csvs(folder, tmp_path / "knapsack.xlsx")


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


@pytest.fixture
def client(tmp_path):
    settings = Settings(workspace=tmp_path / "ws", max_upload_mb=1)
    with TestClient(create_app(settings), base_url=BASE) as c:
        yield c


def upload(client, path: Path, name: str | None = None):
    token = csrf(client.get("/").text)
    files = {"workbook": (name or path.name, path.read_bytes(), "application/octet-stream")}
    return client.post("/inputs", data={"csrf": token}, files=files, follow_redirects=False)


def form_fields(page: str) -> dict[str, str]:
    """What a browser would submit from the scenario form as served."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name is None:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        fields[name.group(1)] = value.group(1) if value and kind != "checkbox" else "on"
    return fields


def start_run(client, input_id: str, **changes: str) -> str:
    page = client.get(f"/inputs/{input_id}").text
    fields = form_fields(page) | changes
    fields = {k: v for k, v in fields.items() if v is not None}
    response = client.post(f"/inputs/{input_id}/runs", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[1]


def wait_final(client, run_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress = client.get(f"/runs/{run_id}/progress").json()
        if progress["final"]:
            return progress
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


def test_pages_in_chinese_by_default_and_english_on_request(client):
    assert "上传数据工作簿" in client.get("/").text
    assert "Upload an input workbook" in client.get("/?lang=en").text
    assert "Upload an input workbook" in client.get("/").text  # remembered in a cookie
    assert "上传数据工作簿" in client.get("/?lang=zh").text


def test_forms_without_the_sessions_csrf_token_are_refused(client, tmp_path):
    client.get("/")
    for data in ({}, {"csrf": "0" * 64}):
        response = client.post("/inputs/sample", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "表单已过期" in response.text
    other = TestClient(client.app, base_url=BASE)  # another browser: its own session
    stolen = csrf(other.get("/").text)
    assert client.post("/inputs/sample", data={"csrf": stolen}).status_code == 403
    assert not list((tmp_path / "ws" / "inputs").iterdir())
    token = csrf(client.get("/").text)
    response = client.post("/inputs/sample", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inputs/")


def test_off_loopback_needs_a_password_kept_hashed(tmp_path):
    with pytest.raises(ValueError, match="needs a password"):
        create_app(Settings(workspace=tmp_path, host="0.0.0.0"))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--workspace", str(tmp_path)])
    assert result.exit_code == 2 and "needs a password" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")

    stored = hash_password("草稿 secret")
    assert "secret" not in stored and check_password("草稿 secret", stored)
    assert not check_password("草稿 secreT", stored)
    settings = Settings(workspace=tmp_path / "ws", host="0.0.0.0", password_hash=stored)
    with TestClient(create_app(settings), base_url="http://192.168.1.5") as c:
        for path in ("/", "/runs/20240101-000000-abcdef", "/compare"):
            response = c.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"] == "/login"
        page = c.get("/login").text
        wrong = c.post("/login", data={"csrf": csrf(page), "password": "guess"})
        assert wrong.status_code == 401 and "密码不正确" in wrong.text
        before = c.cookies.get("urbopt_session")
        right = c.post(
            "/login", data={"csrf": csrf(page), "password": "草稿 secret"}, follow_redirects=False
        )
        assert right.status_code == 303
        assert c.cookies.get("urbopt_session") != before  # a new session id at sign-in
        assert c.get("/").status_code == 200


def test_foreign_host_names_are_refused_on_loopback(client):
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_paths_never_come_from_the_client(client, tmp_path):
    input_id = upload(client, knapsack_workbook(tmp_path)).headers["location"].rsplit("/", 1)[1]
    run_id = start_run(client, input_id, explain=None)
    wait_final(client, run_id)
    assert client.get(f"/runs/{run_id}/files/results.xlsx").status_code == 200
    refused = [
        "/runs/..%2F..%2Fetc",
        "/runs/../../etc/passwd",
        "/runs/20240101-000000-abcdef",  # well formed, no such run
        f"/runs/{run_id}%2F..%2F..",
        f"/runs/{run_id}%0A",
        f"/runs/{run_id}/files/..%2Fjob.json",
        f"/runs/{run_id}/files/%2Fetc%2Fpasswd",
        f"/runs/{run_id}/files/job.json",  # in the run folder, not among the results
        "/inputs/..%2F..%2Fetc%2Fpasswd",
        f"/inputs/{input_id}?from=..%2F..%2Fetc",
        f"/compare/{run_id}/..%2F{run_id}",
    ]
    for path in refused:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "没有找到" in response.text


def test_upload_size_is_limited(client, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(os.urandom(1024 * 1024 + 10))  # just over the 1 MB limit
    response = upload(client, big)
    assert response.status_code == 413 and "文件过大" in response.text
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(b"\0" * (2 * 1024 * 1024))  # refused by its length, before parsing
    assert upload(client, huge).status_code == 413
    assert not list((tmp_path / "ws" / "inputs").iterdir())


def test_invalid_workbook_lists_sheet_row_and_column(client, tmp_path):
    book = knapsack_workbook(tmp_path)
    sheets = pd.read_excel(book, sheet_name=None, dtype=str)
    sheets["projects"].loc[1, "cost_wan"] = "<b>很多</b>"  # Excel row 3
    sheets["funding"] = sheets["funding"].drop(columns="amount_wan")
    with pd.ExcelWriter(book, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    response = upload(client, book, "计划.xlsx")
    assert response.status_code == 422
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", r)]
        for r in re.findall(r"<tr>(.*?)</tr>", response.text, re.S)
    ]
    assert ["计划.xlsx", "projects", "3", "cost_wan"] in [r[:4] for r in rows]
    assert ["计划.xlsx", "funding", "", ""] in [r[:4] for r in rows]
    assert "&lt;b&gt;很多&lt;/b&gt;" in response.text  # user text escaped
    assert str(tmp_path) not in response.text  # no server paths
    assert not list((tmp_path / "ws" / "inputs").iterdir())
    assert upload(client, book, "plan.csv").status_code == 400


def test_runs_solve_in_workers_and_leave_cli_folders(client, tmp_path):
    input_id = upload(client, knapsack_workbook(tmp_path)).headers["location"].rsplit("/", 1)[1]
    full = start_run(client, input_id, name="全额", explain=None)
    cut = start_run(client, input_id, name="六成", source_0="60", explain=None)
    for run_id in (full, cut):
        assert wait_final(client, run_id)["state"] == "done"
    runs = tmp_path / "ws" / "runs"
    funded = {
        run_id: set(
            pd.read_csv(runs / run_id / "result" / "ranked_projects.csv").query("funded == 'y'")[
                "project_id"
            ]
        )
        for run_id in (full, cut)
    }
    assert funded == {full: {"P2", "P3"}, cut: {"P1"}}
    scenario = tomllib.loads((runs / cut / "result" / "scenario.toml").read_text("utf-8"))
    assert scenario["budget"]["sources"] == {"gb": 0.6}
    page = client.get(f"/runs/{cut}").text
    assert "最优" in page and 'id="report-frame"' in page and "results.xlsx" in page
    report = client.get(f"/runs/{cut}/report")
    assert "P1" in report.text and "script-src" not in report.headers["content-security-policy"]
    home = client.get("/").text
    assert "六成" in home and "地方政府" not in home and "gb 60%" in home

    response = client.post(
        "/compare",
        data={"csrf": csrf(home), "base": full, "other": cut},
        follow_redirects=False,
    )
    compared = client.get(response.headers["location"]).text
    assert "仅在 六成 中入选" in compared and "仅在 全额 中入选" in compared

    runner = CliRunner()
    for command in (["rerun"], ["report"]):
        result = runner.invoke(cli, [*command, str(runs / cut / "result")])
        assert result.exit_code == 0, result.output
    assert "reproduced" in runner.invoke(cli, ["rerun", str(runs / full / "result")]).output


def test_sweep_from_a_run_plots_attainment(client, tmp_path):
    input_id = upload(client, knapsack_workbook(tmp_path)).headers["location"].rsplit("/", 1)[1]
    run_id = start_run(client, input_id, explain=None)
    wait_final(client, run_id)
    page = client.get(f"/runs/{run_id}").text
    fields = {"csrf": csrf(page), "param": "budget.gb", "start": "60", "step": "40"}
    too_many = client.post(
        f"/runs/{run_id}/sweeps", data=fields | {"stop": "1000", "step": "1", "time_limit": "5"}
    )
    assert too_many.status_code == 422 and "取值太多" in too_many.text
    response = client.post(
        f"/runs/{run_id}/sweeps",
        data=fields | {"stop": "100", "time_limit": "5"},
        follow_redirects=False,
    )
    sweep_id = response.headers["location"].rsplit("/", 1)[1]
    assert wait_final(client, sweep_id)["state"] == "done"
    result = tmp_path / "ws" / "runs" / sweep_id / "result"
    runs = pd.read_csv(result / "sweep.csv")
    assert list(runs["budget.gb"]) == [0.6, 1.0]
    assert list(runs["score"].round(6)) == [0.07, 0.09]  # {P1}, then {P2, P3}
    assert (result / "sweep.png").stat().st_size > 1000
    assert json.loads((result / "manifest.json").read_text("utf-8"))["kind"] == "sweep"
    page = client.get(f"/runs/{sweep_id}").text
    assert 'id="sweep-plot"' in page and "敏感性分析" in page


def sample_input(client) -> str:
    token = csrf(client.get("/").text)
    response = client.post("/inputs/sample", data={"csrf": token}, follow_redirects=False)
    return response.headers["location"].rsplit("/", 1)[1]


def wait_state(client, run_id: str, state: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while client.get(f"/runs/{run_id}/progress").json()["state"] != state:
        assert time.monotonic() < deadline, f"{run_id} never {state}"
        time.sleep(0.2)


def wait_until(check, timeout: float = 300) -> None:
    """Poll `check()` until true (an observable state, not a fixed wait)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def searching_sample_run(client) -> str:
    """A run of the sample at a zero gap with explanations on (far longer than the tests
    wait), once HiGHS has an incumbent."""
    run_id = start_run(client, sample_input(client), mip_gap="0", time_limit="600")
    wait_until(lambda: client.get(f"/runs/{run_id}/progress").json()["incumbent"] != "–")
    return run_id


def test_cancel_keeps_the_best_portfolio_as_the_cli_does(client, tmp_path):
    run_id = searching_sample_run(client)
    page = client.get(f"/runs/{run_id}").text
    assert 'id="cancel-button"' in page
    folder = tmp_path / "ws" / "runs" / run_id
    pid = json.loads((folder / "state.json").read_text())["pid"]
    response = client.post(f"/runs/{run_id}/cancel", data={"csrf": csrf(page)})
    assert response.status_code == 200
    assert wait_final(client, run_id, 300)["state"] == "cancelled"
    summary = json.loads((folder / "result" / "summary.json").read_text("utf-8"))
    assert summary["status"] == "interrupted" and summary["funded"] > 0
    ranked = pd.read_csv(folder / "result" / "ranked_projects.csv", encoding="utf-8-sig")
    assert (ranked["funded"] == "y").sum() == summary["funded"]
    page = client.get(f"/runs/{run_id}").text
    assert "保留了取消时找到的最好方案" in page and "results.xlsx" in page
    wait_until(lambda: not _alive(pid))
    rerun = CliRunner().invoke(cli, ["report", str(folder / "result")])
    assert rerun.exit_code == 0 and "warning" not in rerun.output  # hashes as written


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_cancel_twice_gives_the_run_up(client, tmp_path):
    run_id = searching_sample_run(client)
    token = csrf(client.get(f"/runs/{run_id}").text)
    pid = json.loads((tmp_path / "ws" / "runs" / run_id / "state.json").read_text())["pid"]
    for _ in range(2):
        client.post(f"/runs/{run_id}/cancel", data={"csrf": token})
    assert wait_final(client, run_id)["state"] == "cancelled"
    assert not _alive(pid)
    assert not (tmp_path / "ws" / "runs" / run_id / "result").exists()
    assert not list((tmp_path / "ws" / "runs" / run_id).glob(".result.*"))  # no stage left


def test_a_crashed_run_shows_its_error_not_a_traceback(client, tmp_path):
    input_id = upload(client, knapsack_workbook(tmp_path)).headers["location"].rsplit("/", 1)[1]
    killed = start_run(client, input_id, mip_gap="0", time_limit="600")
    wait_state(client, killed, "running")
    state = tmp_path / "ws" / "runs" / killed / "state.json"
    os.kill(json.loads(state.read_text())["pid"], signal.SIGKILL)
    assert wait_final(client, killed)["state"] == "failed"
    assert "意外退出" in client.get(f"/runs/{killed}").text

    broken = start_run(client, input_id, explain=None)
    # a file where the result folder goes: the worker's output check refuses it
    (tmp_path / "ws" / "runs" / broken / "result").write_text("in the way")
    assert wait_final(client, broken)["state"] == "failed"
    page = client.get(f"/runs/{broken}").text
    assert "result" in page and "Traceback" not in page and str(tmp_path) not in page


def test_an_internal_error_is_one_line_not_a_traceback(client):
    workspace = client.app.state.workspace
    run = workspace.new_run(sample_input(client), {"name": "x"}, {"kind": "solve"})
    (run.folder / "job.json").write_text("{not json", encoding="utf-8")
    quiet = TestClient(client.app, base_url=BASE, raise_server_exceptions=False)
    response = quiet.get(f"/runs/{run.id}")
    assert response.status_code == 500 and "内部错误" in response.text
    assert "Traceback" not in response.text and "JSONDecodeError" not in response.text


def test_scenario_form_round_trips(tmp_path, client):
    info = client.app.state.workspace.input_info(sample_input(client))
    doc = {
        "name": "x",
        "budget": {"scale": 0.9, "sources": {"special_bond": 0.8}},
        "rules": {
            "land": False,
            "region_min_share": 0.05,
            "indicator_floors": {"school_places": 9000},
        },
        "objective": {"kind": "shortfall", "weights": {"air_quality_days": 2.0}},
        "solver": {"time_limit": 5.0, "mip_gap": 0.01, "explain": False},
    }
    values = scenario_form(doc, info)
    assert values["source_1"] == "80" and values["budget_scale"] == "90"
    again, errors = parse_scenario_form(values, info, {}, "zh")
    assert errors == []
    assert again["budget"]["sources"]["special_bond"] == 0.8
    assert again["rules"]["indicator_floors"] == {"school_places": 9000}
    assert again["rules"]["land"] is False and again["rules"]["region_min_share"] == 0.05
    assert again["objective"]["weights"]["air_quality_days"] == 2.0
    assert again["solver"] == {"time_limit": 5.0, "mip_gap": 0.01, "explain": False}
    bad = values | {"source_1": "abc", "time_limit": "nan", "region_min": "40", "region_max": "10"}
    _, errors = parse_scenario_form(bad, info, {}, "en")
    assert len(errors) == 2 and "地方政府专项债券: must be a number from 0 to 1000" in errors
    _, errors = parse_scenario_form(
        values | {"region_min": "40", "region_max": "10"}, info, {}, "en"
    )
    assert errors and "region_min_share exceeds" in errors[0]


keys = st.text(min_size=1, max_size=8)
scalars = (
    st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
documents = st.recursive(
    st.dictionaries(keys, scalars | st.lists(st.text(max_size=5), max_size=3), max_size=4),
    lambda inner: st.dictionaries(keys, inner | scalars, max_size=3),
    max_leaves=12,
)


@given(documents)
def test_scenario_toml_reads_back_as_written(doc):
    assert tomllib.loads(dump_toml(doc)) == doc


@pytest.mark.slow
def test_cancel_keeps_the_runs_a_sweep_finished(client, tmp_path):
    """A sweep of the sample at a zero gap (each run stops at its 5 s limit): cancelled
    after its first run, it keeps that run as its result."""
    run_id = start_run(client, sample_input(client), explain=None, mip_gap="0", time_limit="5")
    assert wait_final(client, run_id, 300)["state"] == "done"
    page = client.get(f"/runs/{run_id}").text
    data = {"csrf": csrf(page), "param": "budget.scale", "start": "50", "stop": "100"}
    response = client.post(
        f"/runs/{run_id}/sweeps",
        data=data | {"step": "10", "time_limit": "5"},
        follow_redirects=False,
    )
    sweep_id = response.headers["location"].rsplit("/", 1)[1]
    wait_until(lambda: client.get(f"/runs/{sweep_id}/progress").json()["swept"][:1] not in "–0")
    client.post(f"/runs/{sweep_id}/cancel", data={"csrf": csrf(page)})
    progress = wait_final(client, sweep_id, 300)
    assert progress["state"] == "cancelled"
    result = tmp_path / "ws" / "runs" / sweep_id / "result"
    runs = pd.read_csv(result / "sweep.csv")
    assert 1 <= len(runs) < 6
    manifest = json.loads((result / "manifest.json").read_text("utf-8"))
    assert set(manifest["files"]) == {p.name for p in result.iterdir()} - {"manifest.json"}
