"""Page weight as a reader gets it: serve a built dist/ on 127.0.0.1, load each web page in headless
Chromium with a fresh profile (a first visit, nothing cached), and sum the bytes of every request
(Resource Timing: the navigation entry plus every resource, transferSize or else encodedBodySize).
Prints a table and writes JSON.

    .venv/bin/python benchmarks/bench_pages.py [--dist DIR] [--json benchmarks/results-pages.json]

Without --dist, the real bulletin is built (HTML and PDF) into a temporary folder first.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]

ENTRIES = """
const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return entries.map(e => ({name: e.name, transfer: e.transferSize, body: e.encodedBodySize}));
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def make_driver(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver",
                      env={**os.environ, "TMPDIR": profile})
    return webdriver.Chrome(options=options, service=service)


def page_weight(url: str) -> dict[str, object]:
    """One first visit of ``url`` in a fresh browser: every request and the bytes it cost."""
    profile = tempfile.mkdtemp(prefix="silkpress-bench-")
    driver = make_driver(profile)
    try:
        driver.get(url)
        driver.execute_async_script("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(1));")
        entries = driver.execute_script(ENTRIES)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    requests = [{"url": e["name"], "bytes": int(e["transfer"] or e["body"] or 0)} for e in entries]
    return {"bytes": sum(r["bytes"] for r in requests), "requests": requests}


def pages(dist: Path) -> Iterator[str]:
    """The web pages of a built dist/: the chooser, status, bulletins and every edition's pages."""
    for path in sorted(dist.rglob("*.html")):
        relative = path.relative_to(dist).as_posix()
        if not relative.startswith(("archives/", "proof/")):
            yield relative


def build(folder: Path) -> Path:
    project = folder / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "dist", ".silkpress", "tests", "benchmarks", "*.pyc"))
    subprocess.run([sys.executable, "-m", "silkpress", "build", "--out", str(project / "dist")], cwd=project, check=True,
                   capture_output=True)
    return project / "dist"


def measure(dist: Path, only: list[str] | None = None) -> dict[str, dict[str, object]]:
    server, base = serve(dist)
    try:
        return {page: page_weight(base + page) for page in pages(dist) if not only or page in only}
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, help="a built output folder (default: build the real bulletin)")
    parser.add_argument("--case", action="append", metavar="PAGE", help="measure only this page (zh-Hans/index.html); repeatable")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-pages.json")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="silkpress-pages-") as temp:
        dist = args.dist or build(Path(temp))
        results = measure(dist, args.case)
    print(f"{'page':<28} {'requests':>8} {'bytes':>12}")
    for page, result in results.items():
        print(f"{page:<28} {len(result['requests']):>8} {result['bytes']:>12,}")
    print(f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (bytes do not depend on it)")
    args.json.write_text(json.dumps({"load_average": load, "pages": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
