"""Stage 5: HTML -> PDF bytes. The only module that imports WeasyPrint.

Each edition renders in a child process of its own, with a wall-clock timeout
and an address-space limit, so a hostile or runaway document can neither hang
the build nor exhaust the machine, and the other editions are unaffected.
Renders run in parallel, one per core.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import multiprocessing
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from . import cjk, ellipsis, pdftags, stopping
from .collector import collect_between_stages, full_collections_deferred
from .errors import RenderError, SilkpressError
from .limits import RENDER_MEMORY_BYTES, RENDER_TIMEOUT_SECONDS, usable_cpus

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class AttachedFile:
    """A file embedded in a PDF/A-3b edition, dated from the source so output stays reproducible."""

    name: str
    data: bytes
    description: str
    date: dt.datetime


@dataclass(frozen=True)
class PdfJob:
    """One edition to render; ``name`` (its output path) identifies it in errors."""

    name: str
    html: str
    base_url: Path
    families: tuple[str, ...]
    variant: str | None = "pdf/ua-1"
    attachments: tuple[AttachedFile, ...] = field(default=())
    inter_character: tuple[str, ...] = ()
    """Language tags whose text is justified between characters (see :mod:`silkpress.cjk`)."""


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class RestrictedFetcher(URLFetcher):
        """Only data: URLs and files whose real path lies in the allowed folders: no network,
        no redirects, no symlink out. Refusals are recorded, since WeasyPrint only logs them."""

        def __init__(self, allowed: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.allowed = tuple(path.resolve() for path in allowed)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):  # type: ignore[override]
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()  # follows symlinks to their real target
                if path.is_file() and any(path.is_relative_to(root) for root in self.allowed):
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refusing to fetch {url!r}: only bundled files and data: URLs are allowed")

    return RestrictedFetcher


# Print documents name the bundled fonts through this placeholder, which each worker replaces
# with its own installed copy: jobs then carry no machine-specific path and can run anywhere.
FONTS_PLACEHOLDER = "silkpress-fonts:"


def render_now(job: PdfJob, allowed_dirs: tuple[Path, ...] = (), font_config: object | None = None) -> bytes:
    """Render ``job`` in this process (a worker calls this); ``font_config`` may be shared between jobs.

    The bundled fonts are always allowed, found where this process has them installed.
    """
    from .fonts import FONTS_DIR

    allowed_dirs = (FONTS_DIR, *allowed_dirs)
    html = job.html.replace(FONTS_PLACEHOLDER, FONTS_DIR.as_uri())
    try:
        from weasyprint import HTML, Attachment
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:
        raise RenderError(f"WeasyPrint cannot be loaded: {error}") from error
    fetcher = _fetcher_class()(allowed_dirs)
    try:
        with full_collections_deferred(), cjk.enabled(job.inter_character):
            document = HTML(string=html, base_url=str(job.base_url) + "/", url_fetcher=fetcher).render(
                font_config=font_config or FontConfiguration()
            )
        files = [
            Attachment(
                file_obj=io.BytesIO(item.data), name=item.name, description=item.description,
                created=item.date, modified=item.date, relationship="Source",
            )
            for item in job.attachments
        ]
        collect_between_stages()
        # drawing re-creates the justified lines; a header cut short ends with a real "…"
        with full_collections_deferred(), cjk.enabled(job.inter_character), pdftags.languages_tagged(), \
                pdftags.page_references_cached(), ellipsis.whole_word_ellipsis():
            data = document.write_pdf(
                pdf_variant=job.variant, pdf_tags=True, custom_metadata=True, attachments=files or None
            )
    except MemoryError as error:
        raise RenderError("PDF rendering ran out of memory", job.name) from error
    except Exception as error:  # WeasyPrint raises many kinds; none may escape as a traceback
        raise RenderError(f"PDF rendering failed: {type(error).__name__}: {error}", job.name) from error
    if fetcher.refused:
        raise RenderError(f"the document asked for {', '.join(fetcher.refused)}, which is not allowed", job.name)
    strangers = sorted({font.family for font in document.fonts.values()} - set(job.families))
    if strangers:
        raise RenderError(
            f"text fell back to system font(s) {', '.join(strangers)}: a character is missing from the bundled fonts"
            " (run 'silkpress check --glyphs')",
            job.name,
        )
    return data


def _die_with_parent() -> None:
    """Ask Linux to kill this renderer if the build that started it dies (prctl PR_SET_PDEATHSIG),
    and let SIGTERM end it at once (the CLI's handler, inherited by fork, would unwind it instead)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _worker(connection: Connection, allowed_dirs: tuple[Path, ...], memory: int | None, scratch: str) -> None:
    """A render worker: imports WeasyPrint once and keeps one FontConfiguration per font set.

    WeasyPrint writes the fonts of a FontConfiguration to a temporary folder that only the
    garbage collector removes; ``scratch`` is the render's own, removed by the coordinator
    however the worker ends (a timeout kills it)."""
    import tempfile

    tempfile.tempdir = scratch
    _die_with_parent()
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    font_configs: dict[tuple[str, ...], object] = {}
    with contextlib.suppress(ImportError, OSError):  # render_now reports it, job by job
        import weasyprint.text.fonts  # noqa: F401  (at once: a warm worker imports while the build prepares)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            if job.families not in font_configs:
                from weasyprint.text.fonts import FontConfiguration

                font_configs[job.families] = FontConfiguration()
            connection.send(("ok", render_now(job, allowed_dirs, font_configs[job.families])))
        except SilkpressError as error:
            connection.send(("error", error.message))
        except MemoryError:
            connection.send(("error", "PDF rendering ran out of memory"))
        except BaseException as error:  # report everything; the coordinator turns it into a RenderError
            connection.send(("error", f"PDF rendering failed: {type(error).__name__}: {error}"))


class PdfRenderer:
    """Renders editions in child processes with a timeout and a memory limit, several at a time."""

    def __init__(
        self,
        allowed_dirs: tuple[Path, ...],
        timeout: float = RENDER_TIMEOUT_SECONDS,
        memory: int | None = RENDER_MEMORY_BYTES,
        workers: int | None = None,
    ) -> None:
        self.allowed_dirs = tuple(allowed_dirs)
        self.timeout = timeout
        self.memory = memory
        self.workers = max(1, workers or usable_cpus())  # one per CPU, as --jobs says
        self.context = multiprocessing.get_context("fork")
        self.durations: dict[str, float] = {}
        """Seconds each job of the last ``render_many`` took, by name."""
        self._warm: _Pool | None = None

    def start(self, count: int | None = None) -> PdfRenderer:
        """Start ``count`` workers (default: ``workers``) now, so that they import WeasyPrint while
        the build still loads and typesets; ``render_many`` uses them, ``close`` ends them."""
        if self._warm is None:
            self._warm = _Pool(self, [], lambda name, result: None)
            self._warm.scratch = tempfile.mkdtemp(prefix="silkpress-render-")
            for _ in range(max(1, min(count or self.workers, self.workers))):
                self._warm.idle.append(self._warm.start_worker())
        return self

    def close(self) -> None:
        if self._warm is not None:
            self._warm.shutdown()
            self._warm = None


    def render(
        self,
        html: str,
        base_url: Path,
        name: str,
        families: Iterable[str],
        variant: str | None = "pdf/ua-1",
        attachments: Iterable[AttachedFile] = (),
    ) -> bytes:
        """Render one document; raise RenderError on failure."""
        result = self.render_many([PdfJob(name, html, base_url, tuple(families), variant, tuple(attachments))])[name]
        if isinstance(result, RenderError):
            raise result
        return result

    def render_many(
        self, jobs: list[PdfJob], progress: Callable[[str, bytes | RenderError], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> dict[str, bytes | RenderError]:
        """Render every job on ``workers`` worker processes; a failure is returned, never raised.

        A job past its deadline has its worker killed (and replaced); the others go on.
        ``meanwhile`` runs once the workers have their first jobs (the coordinator's own work).
        """
        warm = self._warm
        pool = warm or _Pool(self, [], lambda name, result: None)
        pool.pending, pool.done, pool.results = list(jobs), progress or (lambda name, result: None), {}
        try:
            if warm is None:
                pool.scratch = tempfile.mkdtemp(prefix="silkpress-render-")
            for _ in range(min(self.workers, len(jobs)) - len(pool.idle)):
                pool.idle.append(pool.start_worker())
            pool.run(meanwhile)
        finally:
            if warm is None or pool.busy:  # a started pool outlives a render_many that finished
                pool.shutdown()
                self._warm = None
        return pool.results


Worker = tuple[Connection, multiprocessing.process.BaseProcess]


class _Pool:
    """The state of one ``render_many``: jobs waiting, workers idle and busy, results."""

    def __init__(self, renderer: PdfRenderer, jobs: list[PdfJob], done: Callable[[str, bytes | RenderError], None]) -> None:
        self.renderer = renderer
        self.pending = jobs
        self.done = done
        self.results: dict[str, bytes | RenderError] = {}
        self.idle: list[Worker] = []
        self.busy: dict[Connection, tuple[PdfJob, multiprocessing.process.BaseProcess, float, float]] = {}
        self.served: set[int | None] = set()
        """The workers (pids) that were given a job."""
        self.scratch = ""
        """The workers' temporary folder (WeasyPrint's font files), removed at shutdown."""

    def run(self, meanwhile: Callable[[], None] | None = None) -> None:
        """Until every job has its result; ``meanwhile`` once the workers have their first jobs."""
        while self.pending or self.busy:
            stopping.check()
            self.dispatch()
            if meanwhile is not None:
                meanwhile, later = None, meanwhile
                later()
            self.collect()
            self.expire()

    def start_worker(self) -> Worker:
        renderer = self.renderer
        ours, theirs = renderer.context.Pipe(duplex=True)
        process = renderer.context.Process(
            target=_worker, args=(theirs, renderer.allowed_dirs, renderer.memory, self.scratch), daemon=True
        )
        process.start()
        theirs.close()
        return ours, process

    def finish(self, job: PdfJob, result: bytes | RenderError, began: float) -> None:
        self.results[job.name] = result
        self.renderer.durations[job.name] = time.monotonic() - began
        self.done(job.name, result)

    def dispatch(self) -> None:
        while self.pending and self.idle:
            connection, process = self.idle.pop()
            job = self.pending.pop(0)
            connection.send(job)
            self.served.add(process.pid)
            now = time.monotonic()
            self.busy[connection] = (job, process, now + self.renderer.timeout, now)

    def collect(self) -> None:
        """Wait for the next result (or the next deadline) and take every result that came."""
        soonest = min(deadline for _, _, deadline, _ in self.busy.values())
        for connection in wait(list(self.busy), timeout=max(0.0, soonest - time.monotonic())):
            job, process, _, began = self.busy.pop(connection)
            try:
                status, payload = connection.recv()
            except (EOFError, OSError):
                process.join(5)
                connection.close()
                message = f"the renderer died (exit status {process.exitcode}): out of memory?"
                self.finish(job, RenderError(message, job.name), began)
                if self.pending:
                    self.idle.append(self.start_worker())
                continue
            self.idle.append((connection, process))
            self.dispatch()  # the next job first: the progress callback must not keep a worker waiting
            self.finish(job, payload if status == "ok" else RenderError(payload, job.name), began)

    def expire(self) -> None:
        """Kill the workers whose job is past its deadline, and replace them."""
        now = time.monotonic()
        for connection, (job, process, deadline, began) in list(self.busy.items()):
            if now >= deadline:
                process.kill()
                process.join(5)
                connection.close()
                del self.busy[connection]
                message = f"rendering took longer than {self.renderer.timeout:g} s and was stopped"
                self.finish(job, RenderError(message, job.name), began)
                if self.pending:
                    self.idle.append(self.start_worker())

    def shutdown(self) -> None:
        workers = self.idle + [(c, p) for c, (_, p, _, _) in self.busy.items()]
        for connection, process in workers:
            if process.pid not in self.served:  # started early and never needed: no need to wait for its import
                process.kill()
            with contextlib.suppress(OSError, ValueError):
                connection.send(None)
            connection.close()
        deadline = time.monotonic() + 2  # they end side by side
        for _, process in workers:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(2)
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
