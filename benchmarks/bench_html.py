"""The HTML-only build against Sphinx + sphinx-intl on the same text, and the rebuild after one
``.po`` edit, in interleaved rounds (benchmarks/harness.py): median and minimum, load average.

Cases (each a subprocess, as a user runs it, in a copy of the project):
- ``html_cold``: ``silkpress build --edition-format html`` into an empty ``dist/`` with no build
  state (``.silkpress/dist`` removed); the font-subset cache (``.silkpress/fonts``) is kept, as on
  any machine that has built once (``--first`` adds ``html_first``, with no state at all);
- ``html_one_po``: the same build after one ``msgstr`` of the ru catalog was edited (the edit
  alternates between two texts, so each round's build has a change to make);
- ``sphinx``: a minimal Sphinx project made from the bulletin source (one ``index.rst``: the
  title, the intro and the events) with a catalog per language whose translations come from
  ours by msgid, built as a Sphinx user builds five languages: ``sphinx-build -b html -D
  language=<x>`` five times, into an empty output folder.

Ratios: html_cold / sphinx (target <= 0.05) and html_one_po / html_cold (target <= 0.30).
Sphinx and sphinx-intl come with the ``bench`` extra (``make bench`` installs it).

    .venv/bin/python benchmarks/bench_html.py [--rounds 7] [--case html_cold ...] [--first]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

import yaml
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Variant, interleaved, ratio, table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = ("html_cold", "html_one_po", "sphinx", "html_first")
SPHINX_LANGUAGE = {"zh_Hans": "zh_CN"}
"""Sphinx's names where they differ from our locale ids."""


def project_copy(base: Path) -> Path:
    target = base / "project"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", ".git", "dist", ".silkpress", "tests", "*.pyc"))
    (target / "dist").mkdir()
    return target


def silkpress(project: Path, clear: tuple[str, ...]) -> float:
    for name in clear:
        shutil.rmtree(project / name, ignore_errors=True)
    (project / "dist").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return timed([sys.executable, "-m", "silkpress", "build", "--edition-format", "html"], project, env)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    import time

    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def with_cpu(name: str, run: Callable[[], float], cpu: dict[str, list[float]]) -> Variant:
    """A variant that also records the CPU seconds its subprocesses used: on a machine shared with
    other work, CPU time moves less than wall-clock time (both are reported)."""

    def timed_run() -> float:
        before = children_cpu()
        wall = run()
        cpu.setdefault(name, []).append(children_cpu() - before)
        return wall

    return Variant(name, timed_run)


class PoEdit:
    """One msgstr of a catalog, switched between its text and the text with a word added."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_text(encoding="utf-8")
        match = re.search(r'^msgstr "([^"\n]{20,})"$', self.original, re.MULTILINE)
        assert match, f"no one-line msgstr in {path}"
        self.edited = self.original[: match.end(1)] + " (ред.)" + self.original[match.end(1) :]
        self.flip = False

    def __call__(self) -> None:
        self.flip = not self.flip
        self.path.write_text(self.edited if self.flip else self.original, encoding="utf-8")


def text(value: object) -> str:
    return str(value["text"] if isinstance(value, dict) else value)


def rst_page(source: dict) -> tuple[str, list[str]]:
    """index.rst for the bulletin (title, intro, events), and its texts in order."""
    texts: list[str] = []

    def heading(value: str, mark: str) -> str:
        texts.append(value)
        return f"{value}\n{mark * len(value) * 2}\n\n"

    def paragraphs(items: list) -> str:
        out = ""
        for item in items:
            if "p" in item:
                texts.append(text(item["p"]))
                out += text(item["p"]) + "\n\n"
            for entry in item.get("list", []):
                texts.append(text(entry))
                out += f"- {text(entry)}\n"
            out += "\n" if "list" in item else ""
        return out

    page = heading(text(source["title"]), "=") + paragraphs(source["intro"])
    for event in source["events"]:
        page += heading(text(event["title"]), "-") + paragraphs(event.get("body", []))
    return page, texts


def sphinx_project(project: Path, base: Path, sphinx: str) -> tuple[Path, list[str]]:
    """A Sphinx project of the bulletin, with a catalog per language, made as sphinx-intl makes them
    and filled in from our catalogs by msgid."""
    config = {"locales": ["zh_Hans", "en", "ru", "kk", "uz"], "source": "source/china-central-asia-2025.yaml"}
    folder = base / "sphinx"
    folder.mkdir()
    source = yaml.safe_load((project / config["source"]).read_text(encoding="utf-8"))
    page, _ = rst_page(source)
    (folder / "index.rst").write_text(page, encoding="utf-8")
    (folder / "conf.py").write_text(
        f"project = {text(source['title'])!r}\nlocale_dirs = ['locale/']\ngettext_compact = False\n", encoding="utf-8")
    subprocess.run([sphinx, "-m", "sphinx", "-q", "-b", "gettext", ".", "_build/gettext"], cwd=folder, check=True)
    languages = [SPHINX_LANGUAGE.get(locale, locale) for locale in config["locales"]]
    intl = [sphinx, "-m", "sphinx_intl", "update", "-p", "_build/gettext"] + [arg for lang in languages for arg in ("-l", lang)]
    subprocess.run(intl, cwd=folder, check=True, capture_output=True)
    for locale, language in zip(config["locales"], languages):
        ours = project / "locales" / locale / "LC_MESSAGES" / "bulletin.po"
        if not ours.exists():
            continue
        with ours.open("rb") as handle:
            found = {message.id: message.string for message in read_po(handle) if message.id and message.string}
        path = folder / "locale" / language / "LC_MESSAGES" / "index.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id in found:
                message.string = found[message.id]
        with path.open("wb") as handle:
            write_po(handle, catalog)
    return folder, languages


def sphinx_build(folder: Path, languages: list[str], sphinx: str) -> float:
    shutil.rmtree(folder / "_build" / "html", ignore_errors=True)
    return sum(timed([sphinx, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={language}", ".",
                      f"_build/html/{language}"], folder) for language in languages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--case", action="append", choices=CASES, help="run only these cases (repeatable)")
    parser.add_argument("--first", action="store_true", help="also html_first: no build state at all (the font subsets cut)")
    parser.add_argument("--sphinx-python", default=sys.executable, help="the Python that has Sphinx and sphinx-intl")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-html.json")
    args = parser.parse_args()
    cases = args.case or [case for case in CASES if case != "html_first" or args.first]
    with tempfile.TemporaryDirectory(prefix="silkpress-bench-html-") as temp:
        project = project_copy(Path(temp))
        silkpress(project, ())  # the font-subset cache a machine that has built once has
        edit = PoEdit(project / "locales" / "ru" / "LC_MESSAGES" / "bulletin.po")
        runs = {
            "html_cold": lambda: silkpress(project, ("dist", ".silkpress/dist")),
            "html_first": lambda: silkpress(project, ("dist", ".silkpress")),
            "html_one_po": lambda: (edit(), silkpress(project, ()))[1],
        }
        if "sphinx" in cases:
            folder, languages = sphinx_project(project, Path(temp), args.sphinx_python)
            runs["sphinx"] = lambda: sphinx_build(folder, languages, args.sphinx_python)
        cpu: dict[str, list[float]] = {}
        measurement = interleaved([with_cpu(case, runs[case], cpu) for case in cases], rounds=args.rounds)
    print(table(measurement))
    print("CPU seconds (user + system, median): " + ", ".join(f"{name} {statistics.median(v):.3f}" for name, v in cpu.items()))
    ratios = {}
    for name, top, bottom, target in (("html_cold / sphinx", "html_cold", "sphinx", 0.05),
                                      ("html_one_po / html_cold", "html_one_po", "html_cold", 0.30)):
        if top in measurement.variants and bottom in measurement.variants:
            ratios[name] = ratio(measurement, top, bottom) | {"target": target}
            ratios[name]["cpu_median"] = statistics.median(cpu[top]) / statistics.median(cpu[bottom])
            print(f"{name}: median {ratios[name]['median']:.3f}, min {ratios[name]['min']:.3f},"
                  f" CPU {ratios[name]['cpu_median']:.3f} (target <= {target})")
    if not args.case:
        write(args.json, {**measurement.to_dict(), "cpu_seconds": cpu, "ratios": ratios})


if __name__ == "__main__":
    main()
