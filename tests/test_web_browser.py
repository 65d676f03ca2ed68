"""The workbench driven in headless Chromium (Debian's chromium + chromedriver via Selenium;
nothing is downloaded): `urbopt serve` runs as its own process on a free port.

Set URBOPT_DOCS_SCREENSHOT=1 to also save the result page as docs/workbench.png (the
README's screenshot).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import matplotlib.image
import openpyxl
import pandas as pd
import pytest
from test_web import workbook_from_csvs

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "jincheng"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and chromedriver not installed (.ci/run installs them)",
)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`python -m optimizer serve --port 0` in its own process; its address from stdout."""
    workspace = tmp_path_factory.mktemp("workspace")
    process = subprocess.Popen(
        [sys.executable, "-m", "optimizer", "serve", "--port", "0", "--workspace", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []

    def drain() -> None:  # keep reading, or a full pipe would stall the server
        for line in process.stdout:
            output.append(line)
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    address = None
    while address is None:
        line = lines.get(timeout=60)
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        address = found.group(0) if found else None
    yield address.rstrip("/"), workspace
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert "Traceback" not in "".join(output), "".join(output)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,900",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    return workbook_from_csvs(SAMPLE, tmp_path_factory.mktemp("book") / "jincheng.xlsx")


def wait_for(driver, css: str, timeout: float = 30):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def run_id(driver, timeout: float = 30) -> str:
    """The id of the run page the browser lands on after "run" (not the form's input id)."""
    WebDriverWait(driver, timeout).until(lambda d: "/runs/" in d.current_url)
    return driver.current_url.rsplit("/", 1)[1]


def assert_not_blank(driver, path: Path) -> None:
    driver.save_screenshot(str(path))
    pixels = matplotlib.image.imread(path)[..., :3]
    inked = (pixels < 0.9).any(axis=2).mean()  # share of pixels that are not near-white
    assert 0.02 < inked < 0.95, f"screenshot looks blank ({inked:.1%} inked)"
    assert pixels.std() > 0.05


def upload(driver, address: str, book: Path) -> None:
    driver.get(address + "/")
    driver.find_element(By.ID, "workbook").send_keys(str(book))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()


def set_field(driver, css: str, value: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, css)
    field.clear()
    field.send_keys(value)


def downloaded(driver, name: str, timeout: float = 30) -> Path:
    path = driver.downloads / name
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{name} was not downloaded"
        time.sleep(0.2)
    return path


def test_invalid_workbook_shows_its_errors(server, browser, sample_book, tmp_path):
    address, workspace = server
    sheets = pd.read_excel(sample_book, sheet_name=None, dtype=str)
    sheets["projects"].loc[4, "cost_wan"] = "很多"  # Excel row 6
    sheets["indicators"] = sheets["indicators"].drop(columns="target")
    bad = tmp_path / "坏的.xlsx"
    with pd.ExcelWriter(bad, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    upload(browser, address, bad)
    table = wait_for(browser, "#issues table")
    rows = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    assert ["坏的.xlsx", "projects", "6", "cost_wan"] in [r[:4] for r in rows]
    assert any(r[1] == "indicators" and "'target'" in r[4] for r in rows)
    assert f"{len(rows)} 处问题" in browser.find_element(By.ID, "issues").text
    assert not list((workspace / "inputs").iterdir())
    assert_not_blank(browser, tmp_path / "issues.png")


def test_upload_change_budget_run_in_parallel_and_download(server, browser, sample_book, tmp_path):
    address, workspace = server
    upload(browser, address, sample_book)
    wait_for(browser, "#scenario-form")
    form_url = browser.current_url
    set_field(browser, "input[name=name]", "专项债八成")
    set_field(browser, "input[data-source=special_bond]", "80")
    # an exact gap keeps this run solving (up to its 10 s limit) while the second one runs
    set_field(browser, "#mip_gap", "0")
    set_field(browser, "#time_limit", "10")
    browser.find_element(By.ID, "explain").click()
    browser.find_element(By.ID, "run-button").click()
    first_tab, first = browser.current_window_handle, run_id(browser)
    wait_for(browser, "#progress [data-field=elapsed]")

    browser.switch_to.new_window("tab")  # a second run while the first is solving
    browser.get(form_url)
    set_field(browser, "input[name=name]", "全额预算")
    set_field(browser, "#time_limit", "30")
    browser.find_element(By.ID, "explain").click()
    browser.find_element(By.ID, "run-button").click()
    second = run_id(browser)
    wait_for(browser, "#summary", 120)
    browser.close()
    browser.switch_to.window(first_tab)
    wait_for(browser, "#report-frame", 180)  # the page reloads itself when the run ends

    states = {
        run: json.loads((workspace / "runs" / run / "state.json").read_text("utf-8"))
        for run in (first, second)
    }
    assert {s["state"] for s in states.values()} == {"done"}
    a, b = states[first], states[second]
    assert a["started"] < b["finished"] and b["started"] < a["finished"], "not in parallel"

    result = workspace / "runs" / first / "result"
    ranked = pd.read_csv(result / "ranked_projects.csv")
    funded = ranked[ranked["funded"] == "y"]
    assert browser.find_element(By.ID, "funded").text == f"{len(funded)} / {len(ranked)}"
    assert_not_blank(browser, tmp_path / "result.png")
    if os.environ.get("URBOPT_DOCS_SCREENSHOT"):
        shutil.copy(tmp_path / "result.png", ROOT / "docs" / "workbench.png")
    browser.switch_to.frame(browser.find_element(By.ID, "report-frame"))
    report = browser.execute_script("return document.body.textContent")  # folded tables too
    unfunded = ranked[ranked["funded"] == "n"]
    assert funded["name"].iloc[0] in report and unfunded["name"].iloc[0] in report
    browser.switch_to.default_content()

    browser.find_element(By.CSS_SELECTOR, "a[data-file='results.xlsx']").click()
    browser.find_element(By.CSS_SELECTOR, "a[data-file='budget_use.csv']").click()
    book_path = downloaded(browser, f"{first}-results.xlsx")  # named by the server
    assert book_path.read_bytes() == (result / "results.xlsx").read_bytes()
    book = openpyxl.load_workbook(book_path, read_only=True)
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row}
    assert set(funded["project_id"]) <= cells
    budgets = pd.read_csv(downloaded(browser, f"{first}-budget_use.csv"), encoding="utf-8-sig")
    planned = pd.read_csv(SAMPLE / "funding.csv").groupby("source_id")["amount_wan"].sum()
    used = budgets.groupby("source_id")["budget_wan"].sum()
    assert used["special_bond"] == pytest.approx(0.8 * planned["special_bond"])
    assert used["general_budget"] == pytest.approx(planned["general_budget"])

    browser.get(address + "/")
    browser.find_element(By.CSS_SELECTOR, "#compare-form button").click()
    summary = wait_for(browser, "#cmp-summary").text
    assert "专项债八成" in summary and "全额预算" in summary
    assert_not_blank(browser, tmp_path / "compare.png")
