"""The translator's loop in ``silkpress serve``: from a catalog's save to the preview's update.

It copies the real bulletin's project to a temporary folder, starts ``silkpress serve --port 0``
on it (this tree's code), and waits for the first build. Then, in interleaved rounds (the order
alternating, benchmarks/harness.py), each case saves a new ``msgstr`` (a marker appended to the
introduction's first paragraph) in its locale's catalog and polls the version endpoint
(``/__silkpress__/version``) every 5 ms:
- web latency: from the save to the change of ``formats.html`` (the web page is published);
- PDF latency: from the save to the change of ``formats.pdf`` (the PDF is published).
The clock starts just before the file is written (wall clock, as the poll's). After each
measurement the served page and PDF are checked to show the marker (pdftotext), untimed.

Cases: ``ru`` (Russian) and ``kk`` (Kazakh), one edit each per round.

    .venv/bin/python benchmarks/bench_preview.py [--rounds 7] [--case ru ...] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import MIN_ROUNDS, Measurement, Variant, interleaved, table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = {"ru": "правка", "kk": "түзету"}
"""Locale: the word of the marker, in letters its page already shows."""
POLL = 0.005
TIMEOUT = 60.0


class Server:
    """``silkpress serve`` on a copy of the project, in a process of its own."""

    def __init__(self, project: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "silkpress", "--project", str(project), "serve", "--port", "0"]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""  # printed after the first build
        found = re.search(r"at (http://\S+/)", line)
        if not found:
            self.stop()
            raise SystemExit(f"silkpress serve did not start: {line!r}")
        self.url = found.group(1)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.read()

    def state(self) -> dict[str, object]:
        return json.loads(self.get("__silkpress__/version"))

    def settle(self) -> dict[str, object]:
        """The state once no rebuild runs (the page made again with the PDF's size, say)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            state = self.state()
            if not state["busy"]:
                time.sleep(0.3)  # and no save is still on its way to the watcher
                again = self.state()
                if not again["busy"] and again["version"] == state["version"]:
                    return again
            time.sleep(0.05)
        raise SystemExit("the preview kept rebuilding")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def copy_project(base: Path) -> Path:
    target = base / "project"
    target.mkdir()
    for name in ("pyproject.toml", "source", "locales", "templates", "images"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target / name)
    return target


def edit(catalog: Path, marker: str) -> str:
    """The catalog with ``marker`` appended to the first paragraph's translation (before its full stop)."""
    text = catalog.read_text(encoding="utf-8")
    start = text.index("msgstr", text.index('msgctxt "intro/p1"'))
    end = text.index('."\n', start)
    line_start = text.rindex("\n", 0, end) + 1
    line = re.sub(r" \(\w+ \d+\)$", "", text[line_start:end])  # the last round's marker goes
    return text[:line_start] + f"{line} ({marker})" + text[end:]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("&nbsp;", " "))


class Case:
    """One locale's edit, timed to the web page's and to the PDF's publication."""

    def __init__(self, server: Server, project: Path, locale: str, word: str) -> None:
        self.server, self.locale, self.word = server, locale, word
        self.catalog = project / "locales" / locale / "LC_MESSAGES" / "bulletin.po"
        tags = re.search(r"\[tool\.silkpress\.language-tags\](.*?)(\n\[|\Z)", (project / "pyproject.toml").read_text(), re.S)
        found = re.search(rf'^{locale}\s*=\s*"([^"]+)"', tags.group(1), re.M) if tags else None
        self.tag = found.group(1) if found else locale
        self.count = 100
        self.pdf = Variant(f"{locale} pdf", lambda: 0.0)

    def run(self) -> float:
        before = self.server.settle()
        self.count += 1
        marker = f"{self.word} {self.count}"
        text = edit(self.catalog, marker)
        started = time.time()
        self.catalog.write_text(text, encoding="utf-8")
        web = pdf = None
        while pdf is None:
            if time.time() - started > TIMEOUT:
                raise SystemExit(f"{self.locale}: no new PDF within {TIMEOUT:g} s")
            state = self.server.state()
            now = time.time()
            if state["error"]:
                raise SystemExit(f"{self.locale}: the preview shows an error")
            if web is None and state["formats"]["html"] != before["formats"]["html"]:
                web = now - started
            if state["formats"].get("pdf") != before["formats"].get("pdf"):
                pdf = now - started
                web = pdf if web is None else web
            time.sleep(POLL)
        self.check(marker)
        self.pdf.seconds.append(pdf)
        return web

    def check(self, marker: str) -> None:
        """The served page and PDF show the marker (untimed)."""
        page = self.server.get(f"{self.tag}/index.html").decode("utf-8")
        if f"({marker})" not in flat(page):
            raise SystemExit(f"{self.locale}: the served page does not show ({marker})")
        pdf_name = re.search(r'href="([^"]+\.pdf)"', page)
        data = self.server.get(f"{self.tag}/{pdf_name.group(1)}") if pdf_name else b""
        shown = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode("utf-8", "replace")
        if marker.split()[-1] not in flat(shown) or self.word not in flat(shown).replace("- ", ""):
            raise SystemExit(f"{self.locale}: the served PDF does not show ({marker})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these locales (repeatable)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-preview.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="silkpress-bench-preview-") as temp:
        project = copy_project(Path(temp))
        started = time.perf_counter()
        server = Server(project)
        first = time.perf_counter() - started
        print(f"first build (web and PDF, every locale): {first:.1f} s")
        try:
            cases = [Case(server, project, locale, CASES[locale]) for locale in args.case or CASES]
            measured = interleaved([Variant(f"{case.locale} web", case.run) for case in cases], rounds=args.rounds)
        finally:
            server.stop()
    variants = {}
    for case in cases:
        variants[f"{case.locale} web"] = measured[f"{case.locale} web"]
        variants[case.pdf.name] = case.pdf
    result = Measurement(variants, measured.rounds, measured.load_before, measured.load_after)
    print(table(result))
    write(args.json, {"first_build_seconds": first, **result.to_dict(), "targets": {"web": 0.3, "pdf": 1.5}})


if __name__ == "__main__":
    main()
