"""What a build loads, kept warm between builds for the live preview (``silkpress serve``).

The pipeline asks a :class:`Loader` for a bulletin's source, its catalogs, its editions and its
PDF renderer. The plain one reads and makes everything afresh, as a one-off build must. The
:class:`WarmLoader` of a long-lived preview keeps them: a source or a catalog is read again only
when its file changed (or the preview says it did), an edition (its localized bulletin and its
Jinja environment) is made again only when its source, catalog or templates changed, and the PDF
workers outlive each build, WeasyPrint imported and each font set's FontConfiguration loaded.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from .editions import Edition, load_edition
from .i18n.checks.validate import draft_warnings
from .i18n.stats import read_catalog
from .pdf import PdfJob, PdfRenderer, Worker, _Pool
from .errors import RenderError

if TYPE_CHECKING:
    from .cache import Memo
    from .diagnostics import Diagnostic
    from .i18n.pofile import PoFile
    from .model import BulletinSource
    from .project import Bulletin

Stamp = tuple[int, int, int, int] | None
"""What says a file changed: its inode, size, and change and modification times (None: no file)."""


def stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


class Loader:
    """Loads everything afresh: what a one-off build does."""

    keeps_workers = False
    """Whether :meth:`pdf_renderer` keeps its workers from build to build (else the PDF format
    starts its own as each build begins)."""

    def source(self, bulletin: Bulletin) -> BulletinSource:
        return bulletin.load()

    def catalog(self, bulletin: Bulletin, locale: str) -> PoFile | None:
        return read_catalog(bulletin, locale)

    def edition(self, bulletin: Bulletin, source: BulletinSource, locale: str, catalog: PoFile | None, draft: bool) -> Edition:
        return load_edition(bulletin, source, locale, catalog, draft=draft)

    def warnings(
        self, bulletin: Bulletin, source: BulletinSource, editions: Sequence[Edition], locales: Sequence[str],
        catalogs: Mapping[str, PoFile | None], memo: Memo | None = None,
    ) -> list[Diagnostic]:
        """A draft's check warnings (:func:`~silkpress.i18n.checks.validate.draft_warnings`)."""
        return draft_warnings(bulletin, source, editions, locales, catalogs, memo)

    def pdf_renderer(self, allowed: tuple[Path, ...], timeout: float, memory: int | None, workers: int | None) -> PdfRenderer:
        return PdfRenderer(allowed, timeout, memory, workers)


COLD = Loader()


class WarmLoader(Loader):
    """Keeps what the last builds loaded, for the next; ``close()`` stops its PDF workers.

    Used by one thread at a time (the preview builds under its lock). With ``warnings=False``
    a draft's check warnings are not made at all (the preview shows errors, not warnings)."""

    keeps_workers = True

    def __init__(self, warnings: bool = True) -> None:
        self.checks = warnings
        self._sources: dict[Path, tuple[Stamp, BulletinSource]] = {}
        self._catalogs: dict[Path, tuple[Stamp, PoFile | None]] = {}
        self._editions: dict[tuple[Path, str, bool], tuple[object, object, Edition]] = {}
        self._warnings: dict[tuple[Path, tuple[str, ...]], tuple[tuple[object, ...], list[Diagnostic]]] = {}
        self._renderer: WarmRenderer | None = None
        self._renderer_key: tuple[object, ...] = ()
        self.reads = 0
        """Files read (sources and catalogs) since the start: what the tests count."""

    def changed(self, paths: Iterable[str | Path]) -> None:
        """Files the watcher saw change: a source or catalog is read again; anything else (a
        template, the termbase ...) may change every edition, so they are all made again."""
        for path in (Path(p).resolve() for p in paths):
            if path in self._sources or path in self._catalogs:
                self._sources.pop(path, None)
                self._catalogs.pop(path, None)
            else:
                self._editions.clear()
                self._warnings.clear()  # the termbase, say

    def forget(self) -> None:
        """Everything but the PDF workers: after changes nobody saw (the watcher restarted)."""
        self._sources.clear()
        self._catalogs.clear()
        self._editions.clear()
        self._warnings.clear()

    def source(self, bulletin: Bulletin) -> BulletinSource:
        path = bulletin.source.resolve()
        now = stamp(path)  # taken before reading: a save during the read shows as a change next time
        known = self._sources.get(path)
        if known is None or known[0] != now or now is None:
            known = self._sources[path] = (now, super().source(bulletin))
            self.reads += 1
        return known[1]

    def catalog(self, bulletin: Bulletin, locale: str) -> PoFile | None:
        path = bulletin.catalog_path(locale).resolve()
        now = stamp(path)
        known = self._catalogs.get(path)
        if known is None or known[0] != now:
            known = self._catalogs[path] = (now, super().catalog(bulletin, locale))  # an error is not kept
            self.reads += 1
        return known[1]

    def edition(self, bulletin: Bulletin, source: BulletinSource, locale: str, catalog: PoFile | None, draft: bool) -> Edition:
        key = (bulletin.source.resolve(), locale, draft)
        known = self._editions.get(key)
        # The very objects this loader handed out: the same source and catalog, unchanged.
        if known is None or known[0] is not source or known[1] is not catalog:
            known = self._editions[key] = (source, catalog, super().edition(bulletin, source, locale, catalog, draft))
        return known[2]

    def warnings(
        self, bulletin: Bulletin, source: BulletinSource, editions: Sequence[Edition], locales: Sequence[str],
        catalogs: Mapping[str, PoFile | None], memo: Memo | None = None,
    ) -> list[Diagnostic]:
        if not self.checks:
            return []
        # The web pages' build checked the very same objects a moment ago; the PDF's need not again.
        key = (bulletin.source.resolve(), tuple(locales))
        inputs = (source, *editions, *sorted(catalogs.items(), key=lambda item: item[0]))
        known = self._warnings.get(key)
        if known is None or len(known[0]) != len(inputs) or any(a is not b and a != b for a, b in zip(known[0], inputs)):
            known = self._warnings[key] = (inputs, super().warnings(bulletin, source, editions, locales, catalogs, memo))
        return list(known[1])

    def pdf_renderer(self, allowed: tuple[Path, ...], timeout: float, memory: int | None, workers: int | None) -> PdfRenderer:
        key = (allowed, timeout, memory, workers)
        if self._renderer is None or self._renderer_key != key:
            self.close()
            self._renderer, self._renderer_key = WarmRenderer(allowed, timeout, memory, workers), key
        return self._renderer

    @property
    def renderer(self) -> WarmRenderer | None:
        return self._renderer

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None


class WarmRenderer(PdfRenderer):
    """A :class:`PdfRenderer` whose workers outlive ``render_many``. A job goes to a worker that
    rendered its font set before, if one is idle: a new FontConfiguration costs half a second."""

    def __init__(
        self, allowed_dirs: tuple[Path, ...], timeout: float, memory: int | None = None, workers: int | None = None,
    ) -> None:
        super().__init__(allowed_dirs, timeout, memory, workers)
        # Not forked from this process: a long-lived worker would inherit what it holds at that
        # moment (the build lock's socket, the preview's), and its threads' locks.
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["silkpress.pdf", "weasyprint"])  # each worker starts with them imported
        self.scratch = tempfile.mkdtemp(prefix="silkpress-render-")
        self.idle: list[Worker] = []
        self.font_sets: dict[Connection, set[tuple[str, ...]]] = {}

    @property
    def pids(self) -> list[int]:
        """The idle workers' process ids."""
        return sorted(process.pid for _, process in self.idle if process.pid is not None)

    def render_many(
        self, jobs: list[PdfJob], progress: Callable[[str, bytes | RenderError], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> dict[str, bytes | RenderError]:
        pool = _WarmPool(self, list(jobs), progress or (lambda name, result: None))
        pool.scratch = self.scratch
        # A worker that died while idle (killed, say) is replaced rather than written to.
        pool.idle = [worker for worker in self.idle if worker[1].is_alive()]
        while len(pool.idle) < min(self.workers, len(jobs)):
            pool.idle.append(pool.start_worker())
        try:
            pool.run(meanwhile)
        except BaseException:  # stopped halfway: the busy workers' jobs are abandoned with them
            for connection, (_, process, _, _) in pool.busy.items():
                process.kill()
                process.join(5)
                connection.close()
            raise
        finally:
            self.idle = pool.idle
            self.font_sets = {c: sets for c, sets in self.font_sets.items() if any(c is w[0] for w in self.idle)}
        return pool.results

    def close(self) -> None:
        """Stop the workers and remove their scratch folder."""
        pool = _Pool(self, [], lambda name, result: None)
        pool.idle, pool.scratch = self.idle, self.scratch
        self.idle, self.font_sets = [], {}
        pool.shutdown()


class _WarmPool(_Pool):
    renderer: WarmRenderer

    def dispatch(self) -> None:
        font_sets = self.renderer.font_sets
        while self.pending and self.idle:
            job = self.pending.pop(0)
            # pop() takes the last: a worker that knows this font set sorts last
            self.idle.sort(key=lambda worker: job.families in font_sets.get(worker[0], ()))
            connection, process = self.idle.pop()
            font_sets.setdefault(connection, set()).add(job.families)
            connection.send(job)
            now = time.monotonic()
            self.busy[connection] = (job, process, now + self.renderer.timeout, now)
