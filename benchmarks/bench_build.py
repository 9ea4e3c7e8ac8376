"""Build benchmarks, in interleaved rounds (benchmarks/harness.py): the real bulletin's cold build
against the WeasyPrint floor (benchmarks/floor.py: the same print documents, fonts and CJK
justification, in one process), --jobs 2 against --jobs 1, a no-op rebuild and a rebuild after
one .po edit. Every case is timed from the outside, as a user waits for it (the interpreter's
start included, the floor's too). Prints median and minimum of each case and the ratios
against their targets, with the load average; writes JSON.

    .venv/bin/python benchmarks/bench_build.py [--rounds 7] [--case floor --case cold_jobs1 ...]
                                               [--src BASELINE/src] [--json benchmarks/results-build.json]

Cases: floor, cold_jobs1, cold_jobs2, noop, one_po. With --case, only those run (a ratio needs
both of its cases), and the JSON is written only where --json says.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import MIN_ROUNDS, Variant, interleaved, ratio, table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = ("floor", "cold_jobs1", "cold_jobs2", "noop", "one_po")
RATIOS = (  # name, numerator, denominator, target
    ("cold --jobs 1 / floor", "cold_jobs1", "floor", 1.10),
    ("cold --jobs 2 / --jobs 1", "cold_jobs2", "cold_jobs1", 0.60),
    ("no-op / cold --jobs 1", "noop", "cold_jobs1", 0.05),
    ("one .po changed / cold --jobs 1", "one_po", "cold_jobs1", 0.25),
)
PO = Path("locales/kk/LC_MESSAGES/bulletin.po")
EDIT = ('msgstr "Астана"', 'msgstr "Астана {}"')  # a place name: shown on the web page and in the PDF


SRC = [ROOT / "src"]  # the silkpress timed: this tree's, or --src (a baseline's)


def environment() -> dict[str, str]:
    # reproducible output, as a release gets it
    return {**os.environ, "PYTHONPATH": str(SRC[0]), "SOURCE_DATE_EPOCH": "1766707200"}


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=environment(), check=True, capture_output=True)
    return time.perf_counter() - started


def silkpress(project: Path, *args: str) -> float:
    return timed([sys.executable, "-m", "silkpress", "build", *args], project)


def project_copy(target: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", ".git", "dist", ".silkpress", "tests", "benchmarks", "*.pyc", "__pycache__")
    shutil.copytree(ROOT, target, ignore=ignore)
    (target / "dist").mkdir(exist_ok=True)
    return target


def clear_output(project: Path) -> None:
    """A cold build: no output and no build state (the web-font subset cache stays, as on a
    machine that built once before)."""
    shutil.rmtree(project / "dist", ignore_errors=True)
    shutil.rmtree(project / ".silkpress" / "dist", ignore_errors=True)
    (project / "dist").mkdir()


def cases(base: Path) -> dict[str, Callable[[], float]]:
    """Each case's run; the set-up each needs is done here, once, untimed."""
    cold, warm, documents = project_copy(base / "cold"), project_copy(base / "warm"), base / "documents"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--prepare", str(cold), str(documents)],
                   env=environment(), check=True, capture_output=True)
    silkpress(cold)  # the subset cache
    silkpress(warm)
    original = (warm / PO).read_text(encoding="utf-8")
    if EDIT[0] not in original:
        sys.exit(f"{PO} has no {EDIT[0]} to edit: update EDIT in {Path(__file__).name}")
    edits = iter(range(1, 10**6))

    def cold_build(jobs: str) -> float:
        clear_output(cold)
        return silkpress(cold, "--jobs", jobs)

    def one_po() -> float:
        (warm / PO).write_text(original.replace(EDIT[0], EDIT[1].format(next(edits))), encoding="utf-8")
        seconds = silkpress(warm)
        (warm / PO).write_text(original, encoding="utf-8")
        silkpress(warm)  # back to the state the no-op case expects
        return seconds

    return {
        "floor": lambda: timed([sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(documents)], base),
        "cold_jobs1": lambda: cold_build("1"),
        "cold_jobs2": lambda: cold_build("2"),
        "noop": lambda: silkpress(warm),
        "one_po": one_po,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument("--case", action="append", choices=CASES, help="run only this case (repeatable)")
    parser.add_argument("--src", type=Path, default=None, help="time the silkpress in this folder (a baseline's src/)")
    parser.add_argument("--json", type=Path, default=None, help="default: benchmarks/results-build.json when every case runs")
    args = parser.parse_args()
    chosen = [case for case in CASES if case in (args.case or CASES)]
    if args.src is not None:
        SRC[0] = args.src.resolve()
    with tempfile.TemporaryDirectory(prefix="silkpress-bench-") as tmp:
        runs = cases(Path(tmp))
        measurement = interleaved([Variant(name, runs[name]) for name in chosen], rounds=args.rounds)
    print(table(measurement))
    ratios = {}
    print(f"\n{'ratio':<34} {'median':>7} {'min':>7} {'target':>7}  met (median)")
    for name, top, bottom, target in RATIOS:
        if top in chosen and bottom in chosen:
            value = ratio(measurement, top, bottom)
            ratios[name] = {**value, "target": target, "met": value["median"] <= target}
            print(f"{name:<34} {value['median']:>7.3f} {value['min']:>7.3f} {target:>7.2f}  {'yes' if value['median'] <= target else 'NO'}")
    path = args.json or (ROOT / "benchmarks" / "results-build.json" if args.case is None and args.src is None else None)
    if path is not None:
        write(path, {**measurement.to_dict(), "ratios": ratios})


if __name__ == "__main__":
    main()
