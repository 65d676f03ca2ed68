"""Run independent tasks serially, in worker processes (`jobs`), or on a Dask cluster
(`scheduler`). Results come back in input order; `on_done` sees each as it finishes, so a
caller can save finished work before the rest is done."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from optimizer.errors import InputError, Issue

CONNECT_TIMEOUT = 10  # seconds to reach a Dask scheduler


def connect(address: str) -> Any:
    """A Dask client for `address`, or a one-line error (missing extra, unreachable)."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            [Issue("--scheduler", "needs Dask: pip install 'urbanization-optimizer[dask]'")]
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Issue("--scheduler", f"cannot reach {address}: {message}")]) from None


def run_tasks(
    fn: Callable[..., Any],
    tasks: Sequence[tuple],
    jobs: int = 1,
    scheduler: str | None = None,
    on_done: Callable[[int, Any], None] | None = None,
) -> list[Any]:
    """fn(*task) for every task; the list of results in task order."""
    results: list[Any] = [None] * len(tasks)

    def done(index: int, value: Any) -> None:
        results[index] = value
        if on_done:
            on_done(index, value)

    if scheduler:
        from distributed import as_completed as dask_completed

        client = connect(scheduler)
        try:
            futures = {client.submit(fn, *task, pure=False): i for i, task in enumerate(tasks)}
            for future in dask_completed(futures):
                done(futures[future], future.result())
        finally:
            client.close()
    elif jobs > 1 and len(tasks) > 1:
        # spawn, not fork: HiGHS keeps threads, and forking a threaded process can hang
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            pending = {pool.submit(fn, *task): i for i, task in enumerate(tasks)}
            for future in as_completed(pending):
                done(pending[future], future.result())
    else:
        for i, task in enumerate(tasks):
            done(i, fn(*task))
    return results


def chunks(items: list, parts: int) -> list[list]:
    """Split into at most `parts` contiguous, nearly equal chunks (none empty)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(items[start:end])
        start = end
    return out
