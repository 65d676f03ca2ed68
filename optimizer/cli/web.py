"""`urbopt serve`: the browser workbench on this machine (or, with a password, the network)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from optimizer.cli.common import EXIT_INPUT, app, new_console
from optimizer.labels import LANGS

PASSWORD_ENV = "URBOPT_PASSWORD"


@app.command()
def serve(
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0: any free)")] = 8765,
    host: Annotated[
        str, typer.Option(help="interface; anything but loopback needs a password")
    ] = "127.0.0.1",
    workspace: Annotated[Path, typer.Option(help="folder for uploaded workbooks and runs")] = Path(
        "urbopt-workspace"
    ),
    password: Annotated[
        str | None,
        typer.Option(envvar=PASSWORD_ENV, help=f"sign-in password (or ${PASSWORD_ENV})"),
    ] = None,
    lang: Annotated[str, typer.Option(help="zh | en (pages can switch)")] = "zh",
    max_upload_mb: Annotated[float, typer.Option(min=0.1, help="largest workbook")] = 20.0,
    max_runs: Annotated[
        int, typer.Option(min=1, help="runs solving at once (worker processes)")
    ] = max(2, min(4, os.cpu_count() or 1)),
    max_memory_mb: Annotated[
        float,
        typer.Option(min=64, help="a run, or an upload's check, holding more memory is stopped"),
    ] = 4096.0,
) -> None:
    """Start the workbench: upload a workbook, set budgets and rules, run, compare, download."""
    import uvicorn

    from optimizer.web.app import Settings, create_app  # FastAPI only when serving
    from optimizer.web.security import hash_password, is_loopback

    console = new_console()
    if lang not in LANGS:
        console.print(f"[red]error:[/] --lang must be one of {', '.join(LANGS)}")
        raise typer.Exit(EXIT_INPUT)
    if not is_loopback(host) and not password:
        console.print(
            f"[red]error:[/] serving on {host} needs a password: --password or ${PASSWORD_ENV}"
        )
        raise typer.Exit(EXIT_INPUT)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        console.print(f"[red]error:[/] cannot listen on {host}:{port}: {exc.strerror}")
        raise typer.Exit(EXIT_INPUT) from None
    port = sock.getsockname()[1]
    settings = Settings(
        workspace=workspace,
        host=host,
        port=port,
        lang=lang,  # checked against LANGS above
        password_hash=hash_password(password) if password else None,
        max_upload_mb=max_upload_mb,
        max_runs=max_runs,
        max_memory_mb=max_memory_mb,
    )
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"workbench: http://{shown}:{port}/  (workspace {workspace.resolve()})")
    console.print("press Ctrl-C to stop")
    server.run(sockets=[sock])
