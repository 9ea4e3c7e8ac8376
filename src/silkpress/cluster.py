"""PDF rendering on a Dask distributed cluster (``--executor dask``): the same jobs as the local
workers of :mod:`silkpress.pdf`, rendered remotely; the coordinator still writes every file."""

from __future__ import annotations

import time
from typing import Callable

from .errors import RenderError, SilkpressError
from .limits import RENDER_TIMEOUT_SECONDS
from .pdf import PdfJob, render_now


def render_remote(job: PdfJob) -> tuple[str, bytes | str]:
    """Entry point for a remote worker (Dask): render with the worker's own silkpress and fonts.

    Returns ("ok", pdf) or ("error", message), so that nothing but plain data crosses the wire.
    """
    try:
        return "ok", render_now(job)
    except SilkpressError as error:
        return "error", error.message
    except Exception as error:  # report everything; the coordinator turns it into a RenderError
        return "error", f"PDF rendering failed: {type(error).__name__}: {error}"
    finally:
        # The render's FontConfiguration removes its temporary font folder only when collected.
        import gc

        gc.collect()


class DaskRenderer:
    """Renders the same jobs on a Dask distributed cluster; the coordinator still writes every file.

    Workers need silkpress installed (``pip install 'silkpress[cluster]'``); each job carries its
    whole print document, and fonts are the workers' bundled copies.
    """

    def __init__(self, scheduler: str, timeout: float = RENDER_TIMEOUT_SECONDS) -> None:
        try:
            from distributed import Client
        except ImportError as error:
            raise RenderError("the Dask executor needs the cluster extra: pip install 'silkpress[cluster]'") from error
        try:
            self.client = Client(scheduler, timeout=30, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise RenderError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        self.timeout = timeout
        self.durations: dict[str, float] = {}

    def render_many(
        self, jobs: list[PdfJob], progress: Callable[[str, bytes | RenderError], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> dict[str, bytes | RenderError]:
        done = progress or (lambda name, result: None)
        started = time.monotonic()
        futures = [(self.client.submit(render_remote, job, pure=False), job) for job in jobs]
        if meanwhile is not None:
            meanwhile()
        results: dict[str, bytes | RenderError] = {}
        deadline = started + self.timeout * max(1, len(jobs))
        try:
            for future, job in futures:
                try:
                    status, payload = future.result(timeout=max(1.0, deadline - time.monotonic()))
                except TimeoutError:
                    future.cancel()
                    status, payload = "error", f"the cluster did not render it within {self.timeout:g} s"
                except Exception as error:  # a worker died, or the task could not run
                    status, payload = "error", f"the Dask worker failed: {type(error).__name__}: {error}"
                results[job.name] = payload if status == "ok" else RenderError(str(payload), job.name)
                self.durations[job.name] = time.monotonic() - started
                done(job.name, results[job.name])
        finally:
            self.client.close()
        return results
