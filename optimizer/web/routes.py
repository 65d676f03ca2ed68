"""The workbench's pages: upload → check → scenario form → run (live progress, cancel) →
result (report, downloads) → sweep; earlier runs; compare two runs; sign-in.

Handlers never solve: runs go to the runner's worker processes. Slow file work (checking a
workbook, copying data) runs in the thread pool so the event loop keeps serving pages.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile

from optimizer.errors import InputError
from optimizer.labels import LABELS, Lang, label
from optimizer.studies.compare import compare, load_result
from optimizer.web.forms import (
    MAX_SWEEP_VALUES,
    PERCENT_PARAMS,
    RULES,
    format_number,
    format_percent,
    parse_scenario_form,
    parse_sweep_form,
    plain,
    scenario_form,
    scenario_summary,
    sweep_params,
)
from optimizer.web.limits import Overrun
from optimizer.web.pages import PageError, render
from optimizer.web.security import check_password
from optimizer.web.worker import MAX_QUEUED
from optimizer.web.workspace import SAMPLE, InvalidInput, Run, State, Workspace, read_json

router = APIRouter()
log = logging.getLogger("urbopt.web")
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def _workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def _lang(request: Request) -> Lang:
    return request.state.lang


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


async def _form(request: Request) -> FormData:
    """The submitted form, refused unless it carries this session's CSRF token."""
    form = await request.form(max_files=1, max_fields=5000)
    if not request.app.state.sessions.csrf_ok(request.state.session, form.get("csrf")):
        raise PageError(403, "error.csrf")
    return form


def _room(request: Request) -> None:
    """Refuse a new run while too many wait for a worker."""
    if not request.app.state.runner.has_room():
        raise PageError(503, "error.queue_full", n=MAX_QUEUED)


def _input_info(workspace: Workspace, run: Run) -> dict[str, Any]:
    return workspace.input_info(run.job["input"])


def _run_row(workspace: Workspace, run: Run, lang: Lang) -> dict[str, Any]:
    """A line of the runs table."""
    job, state = run.job, run.state
    info = _input_info(workspace, run)
    scenario = run.scenario()
    if job["kind"] == "sweep":
        names = dict(sweep_params(info, lang))
        scale = 100 if job["param"].startswith(PERCENT_PARAMS) else 1
        values = ", ".join(plain(v * scale) for v in job["values"])
        settings = label("web.sum.sweep", lang, param=names.get(job["param"]), values=values)
    else:
        settings = scenario_summary(scenario, info, lang)
    return {
        "id": run.id,
        "created": time.strftime("%Y-%m-%d %H:%M", time.localtime(job["created"])),
        "name": scenario.get("name", ""),
        "kind": job["kind"],
        "input": info["name"],
        "state": run.current,
        "status": state.get("status"),
        "settings": settings,
    }


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    return _home(request)


def _home(request: Request, status: int = 200, **context: Any) -> Response:
    workspace = _workspace(request)
    rows = [_run_row(workspace, run, _lang(request)) for run in workspace.runs()]
    settings = request.app.state.settings
    base = {
        "runs": rows,
        "comparable": _comparable(workspace),
        "chosen": ("", ""),
        "sample": SAMPLE.is_dir(),
        "max_mb": f"{settings.max_upload_mb:g}",
        "max_bytes": settings.max_upload_bytes,
        "issues": [],
        "upload_error": "",
    }
    return render(request, "home.html.j2", status, **(base | context))


@router.post("/inputs")
async def upload(request: Request) -> Response:
    form = await _form(request)
    settings = request.app.state.settings
    workbook = form.get("workbook")
    if not isinstance(workbook, UploadFile) or not workbook.filename:
        return _home(request, 400, upload_error=label("web.upload.no_file", _lang(request)))
    if not workbook.filename.lower().endswith(".xlsx"):
        return _home(request, 400, upload_error=label("web.upload.bad_type", _lang(request)))
    content = await workbook.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        mb = f"{settings.max_upload_mb:g}"
        text = label("web.upload.too_large", _lang(request), mb=mb)
        return _home(request, 413, upload_error=text)
    checker = request.app.state.checker
    try:
        input_id = await run_in_threadpool(
            _workspace(request).add_upload, workbook.filename, content, checker
        )
    except InvalidInput as exc:
        return _home(request, 422, issues=exc.rows)
    except Overrun as exc:  # the check outgrew its memory or time: one line, nothing kept
        mb, s = f"{settings.max_memory_mb:,.0f}", f"{settings.check_seconds:g}"
        text = label(f"web.upload.overrun.{exc.kind}", _lang(request), mb=mb, s=s)
        return _home(request, 422, upload_error=text)
    except RuntimeError as exc:  # the check itself failed: the log has the traceback
        log.error("checking %s failed:\n%s", workbook.filename, exc)
        text = label("web.upload.overrun.crash", _lang(request))
        return _home(request, 422, upload_error=text)
    return _redirect(f"/inputs/{input_id}")


@router.post("/inputs/sample")
async def use_sample(request: Request) -> Response:
    await _form(request)
    input_id = await run_in_threadpool(_workspace(request).add_sample)
    return _redirect(f"/inputs/{input_id}")


def _base_scenario(workspace: Workspace, info: dict[str, Any], base: str) -> dict[str, Any]:
    """The scenario a form starts from: an earlier run's, or the input's defaults."""
    if not base:
        return {"name": info["scenario_name"]}
    doc = workspace.run(base).scenario()
    doc.pop("data", None)
    return doc


def _input_page(
    request: Request, input_id: str, values: dict[str, str], base: str, errors: list[str]
) -> Response:
    info = _workspace(request).input_info(input_id)
    return render(
        request,
        "input.html.j2",
        422 if errors else 200,
        input_id=input_id,
        info=info,
        values=values,
        base=base,
        errors=errors,
        rules=RULES,
    )


@router.get("/inputs/{input_id}", response_class=HTMLResponse)
async def input_form(request: Request, input_id: str) -> Response:
    workspace = _workspace(request)
    info = workspace.input_info(input_id)
    base = request.query_params.get("from", "")
    values = scenario_form(_base_scenario(workspace, info, base), info)
    return _input_page(request, input_id, values, base, [])


@router.post("/inputs/{input_id}/runs")
async def start_run(request: Request, input_id: str) -> Response:
    form = await _form(request)
    workspace = _workspace(request)
    info = workspace.input_info(input_id)
    base = str(form.get("base", ""))
    doc, errors = parse_scenario_form(
        form, info, _base_scenario(workspace, info, base), _lang(request)
    )
    if errors:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        return _input_page(request, input_id, values, base, errors)
    job = {"kind": "solve", "lang": _lang(request)}  # reasons and reports in the page's language
    _room(request)
    run = await run_in_threadpool(workspace.new_run, input_id, doc, job)
    request.app.state.runner.submit(run)
    return _redirect(f"/runs/{run.id}")


def _progress(run: Run, lang: Lang) -> dict[str, Any]:
    """What the progress panel shows, formatted here so the page's script only copies it."""
    state, progress, current = run.state, run.progress, run.current
    started = state.get("started")
    elapsed = time.time() - started if started else 0.0
    gap = progress.get("gap")
    done = progress.get("done")
    return {
        "state": current,
        "final": current.final,
        "state_label": label(
            "web.run.cancelling"
            if state.get("cancelling") and not current.final
            else f"web.state.{current}",
            lang,
        ),
        "elapsed": label("web.run.seconds", lang, s=f"{elapsed:.0f}"),
        "gap": "–" if gap is None else format_percent(gap, 2),
        "incumbent": format_number(progress.get("incumbent")),
        "swept": "–" if done is None else f"{done} / {progress.get('total')}",
    }


def _sweep_rows(run: Run) -> tuple[list[str], list[dict[str, Any]]]:
    path = run.result / "sweep.csv"
    if not path.exists():
        return [], []
    frame = pd.read_csv(path, encoding="utf-8-sig")
    columns = [c for c in frame.columns if c not in ("objective", "rebuilt")]
    return columns, frame[columns].to_dict("records")


@router.get("/runs/{run_id}", response_class=HTMLResponse)
async def run_page(request: Request, run_id: str) -> Response:
    return _run_page(request, _workspace(request).run(run_id))


def _run_page(request: Request, run: Run, status: int = 200, **context: Any) -> Response:
    lang = _lang(request)
    workspace = _workspace(request)
    job, state = run.job, run.state
    info = _input_info(workspace, run)
    scenario = run.scenario()
    files = run.files()
    sweep_columns, sweep_rows = _sweep_rows(run) if job["kind"] == "sweep" else ([], [])
    base = {
        "run": run,
        "job": job,
        "state": state,
        "info": info,
        "name": scenario.get("name", ""),
        "scenario_text": (run.folder / "scenario.toml").read_text(encoding="utf-8"),
        "progress": _progress(run, lang),
        "summary": read_json(run.result / "summary.json"),
        "files": files,
        "report": "report.html" in files,
        "params": sweep_params(info, lang),
        "sweep": {
            "param": "budget.scale",
            "start": "80",
            "stop": "120",
            "step": "10",
            "time_limit": plain(scenario.get("solver", {}).get("time_limit", 60.0)),
        },
        "sweep_errors": [],
        "max_sweep": MAX_SWEEP_VALUES,
        "sweep_columns": sweep_columns,
        "sweep_rows": sweep_rows,
        "folder": f"runs/{run.id}/result",
    }
    return render(request, "run.html.j2", status, **(base | context))


@router.get("/runs/{run_id}/progress")
async def run_progress(request: Request, run_id: str) -> JSONResponse:
    return JSONResponse(_progress(_workspace(request).run(run_id), _lang(request)))


@router.post("/runs/{run_id}/cancel")
async def cancel_run(request: Request, run_id: str) -> Response:
    await _form(request)
    run = _workspace(request).run(run_id)
    await run_in_threadpool(request.app.state.runner.cancel, run)
    return _redirect(f"/runs/{run.id}")


@router.get("/runs/{run_id}/report", response_class=HTMLResponse)
async def run_report(request: Request, run_id: str) -> Response:
    run = _workspace(request).run(run_id)
    if "report.html" not in run.files():
        raise PageError(404, "error.not_found")
    html = (run.result / "report.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/runs/{run_id}/files/{name}")
async def run_file(request: Request, run_id: str, name: str) -> Response:
    run = _workspace(request).run(run_id)
    if name not in run.files():  # only names listed from the folder: no path from the client
        raise PageError(404, "error.not_found")
    return FileResponse(run.result / name, filename=f"{run.id}-{name}")


@router.post("/runs/{run_id}/sweeps")
async def start_sweep(request: Request, run_id: str) -> Response:
    form = await _form(request)
    workspace = _workspace(request)
    run = workspace.run(run_id)
    if run.current != State.DONE or run.job["kind"] != "solve":
        raise PageError(409, "error.busy")
    lang = _lang(request)
    job, time_limit, errors = parse_sweep_form(form, _input_info(workspace, run), lang)
    if errors:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        return _run_page(request, run, 422, sweep=values, sweep_errors=errors)
    doc = run.scenario()
    doc.pop("data", None)
    doc["solver"] = doc.get("solver", {}) | {"time_limit": time_limit, "explain": False}
    _room(request)
    new = await run_in_threadpool(workspace.new_run, run.job["input"], doc, job | {"base": run.id})
    request.app.state.runner.submit(new)
    return _redirect(f"/runs/{new.id}")


def _comparable(workspace: Workspace) -> list[dict[str, str]]:
    """Finished optimisation runs with a portfolio to compare."""
    return [
        {"id": run.id, "name": run.scenario().get("name", "")}
        for run in workspace.runs()
        if run.job["kind"] == "solve" and "ranked_projects.csv" in run.files()
    ]


@router.get("/compare", response_class=HTMLResponse)
async def compare_form(request: Request) -> Response:
    return render(
        request,
        "compare.html.j2",
        comparable=_comparable(_workspace(request)),
        chosen=("", ""),
        tables=[],
        error="",
    )


@router.post("/compare")
async def compare_choose(request: Request) -> Response:
    form = await _form(request)
    workspace = _workspace(request)
    a, b = (workspace.run(str(form.get(k, ""))) for k in ("base", "other"))
    if a.id == b.id:
        return render(
            request,
            "compare.html.j2",
            400,
            comparable=_comparable(workspace),
            chosen=(a.id, b.id),
            tables=[],
            error=label("web.compare.same", _lang(request)),
        )
    return _redirect(f"/compare/{a.id}/{b.id}")


def _label_or(key: str, fallback: str, lang: Lang) -> str:
    return label(key, lang) if key in LABELS else fallback


def _table(frame: pd.DataFrame, lang: Lang, percent: bool) -> dict[str, Any]:
    """A comparison table as labelled headers and rows of display strings."""

    def cell(value: Any, column: str) -> str:
        if column == "status":
            return _label_or(f"status.{value}", str(value), lang)
        if percent and isinstance(value, int | float) and not isinstance(value, bool):
            return format_percent(value)
        return format_number(value)

    def header(column: str) -> str:
        return _label_or(f"web.cmpcol.{column}", column, lang)

    rows = [
        [cell(v, c) for c, v in zip(frame.columns, row, strict=True)]
        for row in frame.itertuples(index=False)
    ]
    return {"columns": [header(str(c)) for c in frame.columns], "rows": rows}


@router.get("/compare/{base}/{other}", response_class=HTMLResponse)
async def compare_page(request: Request, base: str, other: str) -> Response:
    workspace = _workspace(request)
    runs = [workspace.run(base), workspace.run(other)]
    try:
        loaded = [await run_in_threadpool(load_result, run.result) for run in runs]
    except InputError:
        raise PageError(409, "compare.no_result") from None
    lang = _lang(request)
    frames = compare(loaded, lang)
    tables = [  # every table compare() makes, in its order
        {
            "key": key,
            "title": _label_or(f"web.cmp.{key}", key, lang),
            **_table(frame, lang, key == "attainment"),
        }
        for key, frame in frames.items()
    ]
    return render(
        request,
        "compare.html.j2",
        comparable=_comparable(workspace),
        chosen=(base, other),
        tables=tables,
        error="",
    )


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    return render(request, "login.html.j2", error="")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await _form(request)
    stored = request.app.state.settings.password_hash
    password = form.get("password")
    if stored is None:
        return _redirect("/")
    # scrypt takes a while on purpose: off the event loop
    if not isinstance(password, str) or not await run_in_threadpool(
        check_password, password, stored
    ):
        return render(request, "login.html.j2", 401, error=label("web.login.wrong", _lang(request)))
    sessions = request.app.state.sessions
    request.state.session = sessions.new_id()  # a new id at sign-in: no session fixation
    sessions.sign_in(request.state.session)
    return _redirect("/")
