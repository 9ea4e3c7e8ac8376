"""``silkpress serve``: a live preview of the draft build for translators.

It builds into a private folder, serves it on 127.0.0.1, rebuilds the
affected edition when a file in source/, locales/ or templates/ is saved
(watchfiles, not a polling loop of ours), and makes open pages reload. A build
error (any error, even one of ours) becomes an error page with ``path:line: message``; the
next good save recovers. Requests whose Host is not this preview's are refused (DNS rebinding).

A translator's save must show within a fraction of a second, so the process stays warm (a
:class:`~silkpress.warm.WarmLoader`: the source, catalogs, editions and Jinja environments, and
the PDF workers with WeasyPrint imported), and a rebuild publishes format by format: the pages
first, the files they offer after (the web pages, then the PDF). Each publication bumps
``version`` (open pages reload) and that format's counter in ``formats``, at
``/__silkpress__/version``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import ipaddress
import json
import logging
import mimetypes
import shutil
import signal
import tempfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from .errors import CheckError, SilkpressError
from .formats import FORMATS
from .options import BuildOptions
from .pipeline import build
from .reports import BuildResult
from .project import Project
from .warm import WarmLoader

logger = logging.getLogger(__name__)

VERSION_PATH = "/__silkpress__/version"
RELOAD_SCRIPT = """<script>
/* silkpress serve: reload when the preview is rebuilt. */
(function () {
  var seen = null;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version; setTimeout(poll, 700);
    }).catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
</script>""" % VERSION_PATH


def _describe(error: SilkpressError) -> str:
    lines = [str(error)]
    if isinstance(error, CheckError):
        lines += [str(d) for d in error.diagnostics]
    return "\n".join(lines)


_LIVE: list[Preview] = []
"""Previews created and not yet stopped: the CLI stops them all on its way out."""


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (on this thread) until the block is done."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stop_all() -> None:
    """Stop every live preview (removing their folders)."""
    while _LIVE:
        _LIVE.pop().stop()


class Preview:
    """The preview server and its watcher; ``start()`` runs both in background threads."""

    def __init__(
        self,
        project: Project,
        host: str = "127.0.0.1",
        port: int = 8000,
        out_dir: Path | None = None,
        formats: Iterable[str] = (),
        on_build: Callable[[str], None] | None = None,
    ) -> None:
        self.project = project
        self.formats = tuple(formats)
        self.on_build = on_build or (lambda message: None)
        self.version = 0
        """Bumped at every publication (of any format) and every error: what open pages poll."""
        # The pages first (what a translator looks at), the files they offer for download after:
        # the reverse of the build's order, so the pages are made again when those files change.
        self.published = {name: 0 for name in sorted(self.formats or FORMATS, key=lambda name: FORMATS[name].offered)}
        """Per format, bumped when a rebuild has published (or failed to make) its files."""
        self.error: str | None = None
        self._errors: list[str] = []
        self.busy = False
        """Whether a rebuild runs (the version endpoint says so, for the preview benchmark)."""
        # Its check warnings would be shown nowhere (the page shows errors; 'silkpress check' the rest),
        # and they are half the time of a web page's rebuild.
        self.loader = WarmLoader(warnings=False)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._threads: list[threading.Thread] = []
        self._own_dir: Path | None = None
        # Listen first: a port in use (OSError) leaves no folder behind.
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.server.daemon_threads = True
        try:
            # A preview folder of our own (with its build state inside) is removed by stop(). Signals
            # wait while it is made and recorded: one in between would leave a folder nobody knows of.
            with _signals_held():
                if out_dir is None:
                    self._own_dir = Path(tempfile.mkdtemp(prefix="silkpress-preview-"))
                _LIVE.append(self)
            self.out_dir = (out_dir or self._own_dir / "dist").resolve()  # type: ignore[operator]
        except BaseException:  # a signal (Ctrl+C, SIGTERM) or an error before the caller holds the preview
            self.server.server_close()
            self._remove_own_dir()
            raise

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self, locales: list[str] | None = None) -> None:
        """Build the draft (all editions, or the ones named), one format after the other, each
        published before the next starts; remember an error instead of raising it (and stop there)."""
        with self._lock:
            self.busy = True
            try:
                self._rebuild(locales)
            finally:
                self.busy = False

    def _rebuild(self, locales: list[str] | None) -> None:
        done: list[str] = []
        self._errors = []  # this rebuild's; the last one's stay shown until its first publication
        for name in self.published:
            if self._stop.is_set():  # stopping: its folder is about to go
                return
            result, error = self._attempt(locales, (name,))
            self._published((name,), error)
            if result is None or error is not None:
                return  # the next format would fail alike; a good save starts again
            # Pages that list this format's files (the PDF's size) are made again if that changed them.
            if done and result.written and FORMATS[name].offered:
                refreshed, error = self._attempt(locales, tuple(done))
                if error is not None or (refreshed is not None and refreshed.written):
                    self._published(tuple(done), error)
            done.append(name)

    def _published(self, formats: tuple[str, ...], error: str | None) -> None:
        """What open pages and the version endpoint see: the error page, or the new files."""
        if error is not None:
            self._errors.append(error)
        self.error = "\n".join(self._errors) or None
        for name in formats:
            self.published[name] += 1
        self.version += 1

    def _attempt(self, locales: list[str] | None, formats: tuple[str, ...]) -> tuple[BuildResult | None, str | None]:
        """One build of ``formats``: its result, and its error as the error page shows it (or None)."""
        what = f"{', '.join(locales) if locales else 'all editions'} ({', '.join(formats)})"
        try:
            result = build(self.project, BuildOptions(tuple(locales or ()), formats, self.out_dir), loader=self.loader)
        except CheckError as error:
            result, message = None, _describe(error)
        except SilkpressError as error:
            result, message = None, str(error)
        except Exception as error:  # a bug of ours, say: the error page too, and watching goes on
            logger.debug("the preview build failed", exc_info=True)
            result, message = None, f"the build failed unexpectedly: {type(error).__name__}: {error}"
        else:
            message = "\n".join(_describe(failure) for failure in result.failures) or None
        self.on_build(message or f"built {what}")
        return result, message

    def affected(self, paths: Iterable[str]) -> list[str] | None:
        """The locales a change touches: one catalog's locale, or None (all) for anything else."""
        locales: set[str] = set()
        for changed in paths:
            try:
                parts = Path(changed).resolve().relative_to(self.project.locales_dir).parts
            except ValueError:
                return None
            if len(parts) < 2 or parts[0] not in self.project.locales:
                return None
            locales.add(parts[0])
        return sorted(locales) or None

    def _watch(self) -> None:
        """Watch until stopped: an error, whatever it is, becomes the error page, and watching starts again."""
        restarted = False
        while not self._stop.is_set():
            try:
                self._watch_once(catch_up=restarted)
            except Exception as error:
                logger.debug("the preview's watcher failed", exc_info=True)
                with self._lock:
                    self.error = f"the preview's file watcher failed: {type(error).__name__}: {error}; watching again"
                    self.on_build(self.error)
                    self.version += 1
                self._stop.wait(1)
                restarted = True

    def _watch_once(self, catch_up: bool = False) -> None:
        """Rebuild on every change; with ``catch_up``, first rebuild everything (saves made while
        no watcher ran would go unnoticed)."""
        import watchfiles

        project = self.project
        folders = {*(path.parent for path in project.sources), project.locales_dir, project.templates_dir}
        roots = sorted(p for p in folders if p.exists())
        watcher = watchfiles.watch(
            *roots, stop_event=self._stop, debounce=300, raise_interrupt=False, yield_on_timeout=True, rust_timeout=200,
            step=20,  # a save is yielded after 20 ms of quiet (watchfiles' default is 50)
        )
        for changes in watcher:
            self._watching.set()  # the first (empty) yield comes once the watches are in place
            if catch_up:
                catch_up = False
                self.loader.forget()  # saves made while no watcher ran
                self.rebuild()
            paths = [path for _, path in changes if not Path(path).name.startswith(".") and not path.endswith((".mo", ".tmp"))]
            if paths:
                self.loader.changed(paths)
                self.rebuild(self.affected(paths))

    def start(self) -> None:
        self.rebuild()
        # Listed before they start, so that stop() knows of each one whatever moment it is called at.
        # serve_forever checks for shutdown every poll_interval: a tenth of a second makes stop() quick.
        serving = functools.partial(self.server.serve_forever, poll_interval=0.1)
        self._threads = [threading.Thread(target=target, daemon=True) for target in (serving, self._watch)]
        for thread in self._threads:
            thread.start()
        # Saves made before the watcher is in place would go unnoticed.
        self._watching.wait(timeout=10)

    def stop(self) -> None:
        """Stop serving and watching, and remove the preview folder of our own.

        Safe at any moment, as the CLI's ``finally`` calls it on Ctrl+C and SIGTERM: before
        ``start()`` or during its first build (when nothing serves yet, ``server.shutdown()``
        would wait forever), twice, or when interrupted itself (the folder is still removed).
        """
        try:
            self._stop.set()
            started = [thread for thread in self._threads if thread.ident is not None]
            if self._threads and self._threads[0] in started:  # serve_forever runs, or is about to
                self.server.shutdown()
            self.server.server_close()
            for thread in started:
                thread.join(timeout=5)
        finally:
            self._remove_own_dir()
            self._close_loader()
            if self in _LIVE:
                _LIVE.remove(self)

    def _close_loader(self) -> None:
        """Stop the PDF workers, once a rebuild the watcher started is done with them."""
        finished = self._lock.acquire(timeout=10)
        try:
            self.loader.close()
        finally:
            if finished:
                self._lock.release()

    def _remove_own_dir(self) -> None:
        if self._own_dir is None:
            return
        # A rebuild the watcher started may still be writing there: give it a moment to finish.
        finished = self._lock.acquire(timeout=10)
        try:
            shutil.rmtree(self._own_dir, ignore_errors=True)
        finally:
            if finished:
                self._lock.release()

    def host_allowed(self, header: str | None) -> bool:
        """Whether a request's Host names this preview: its own address, ``localhost`` or ``127.0.0.1``,
        with its port (any IP address when it listens on all of them). Another name is what a DNS
        rebinding attack sends: a page of another site, its name now pointing at this machine."""
        host, port = self.server.server_address[:2]
        try:
            split = urlsplit("//" + (header or "").strip())
            name, given = split.hostname, split.port or 80
        except ValueError:
            return False
        if not name or given != port:
            return False
        if name in ("localhost", "127.0.0.1", str(host).lower()):
            return True
        try:
            return ipaddress.ip_address(host).is_unspecified and bool(ipaddress.ip_address(name))
        except ValueError:
            return False

    def resolve(self, url_path: str) -> Path | None:
        """The file for a request path, or None; never anything outside the build folder."""
        path = unquote(urlsplit(url_path).path)
        if "\x00" in path or "\\" in path:
            return None
        parts = [part for part in path.split("/") if part not in ("", ".")]
        if any(part == ".." for part in parts):
            return None
        candidate = self.out_dir.joinpath(*parts).resolve()
        if not candidate.is_relative_to(self.out_dir):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        preview = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "silkpress"

            def log_message(self, format: str, *args: object) -> None:
                logger.debug("%s " + format, self.address_string(), *args)

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                if not preview.host_allowed(self.headers.get("Host")):
                    message = f"refused: this preview answers only at {preview.url} (or localhost)\n"
                    self._send(HTTPStatus.BAD_REQUEST, message.encode(), "text/plain; charset=utf-8")
                    return
                if urlsplit(self.path).path == VERSION_PATH:
                    state = {"version": preview.version, "formats": preview.published, "busy": preview.busy,
                             "error": preview.error is not None}
                    self._send(HTTPStatus.OK, json.dumps(state).encode(), "application/json")
                    return
                wants_page = self.path.split("?")[0].endswith(("/", ".html"))
                if preview.error is not None and wants_page:
                    page = (
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title></head>"
                        "<body><h1>The preview could not be built</h1><pre>"
                        + html.escape(preview.error)
                        + "</pre><p>Fix the file and save it; this page reloads by itself.</p>"
                        + RELOAD_SCRIPT
                        + "</body></html>"
                    )
                    self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode("utf-8"), "text/html; charset=utf-8")
                    return
                target = preview.resolve(self.path)
                if target is None:
                    self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
                    return
                body = target.read_bytes()
                content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if target.suffix == ".html":
                    body = body.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
                    content_type = "text/html; charset=utf-8"
                elif content_type.startswith("text/") or content_type.endswith(("xml", "json")):
                    content_type += "; charset=utf-8"
                self._send(HTTPStatus.OK, body, content_type)

        return Handler
