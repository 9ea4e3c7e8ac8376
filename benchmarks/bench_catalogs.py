"""Catalog operations at scale: 20,000 messages x 4 locales, 1% of the source changed.
Times `silkpress extract` + `silkpress update` against `pybabel extract` + `pybabel update` on the
same input, side by side, and `silkpress check`. Prints a table and writes JSON.

    .venv/bin/python benchmarks/bench_catalogs.py [--runs 3] [--units 20000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path, check: bool = True) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=check, capture_output=True)
    return time.perf_counter() - started


def change_one_percent(project: Path, seed: int) -> None:
    source = next((project / "source").glob("*.yaml"))
    lines = source.read_text(encoding="utf-8").splitlines()
    paragraphs = [i for i, line in enumerate(lines) if line.startswith("      - p: ")]
    rng = random.Random(seed)
    for index in rng.sample(paragraphs, max(1, len(paragraphs) // 100)):
        prefix, text = lines[index][:11], lines[index][11:]
        lines[index] = prefix + text.replace(" ", " edited ", 1)  # a small edit: fuzzy matching applies
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(tmp: Path, units: int, runs: int, fuzzy: bool) -> dict[str, list[float]]:
    paragraphs = 9  # + one title per event
    events = max(1, units // (paragraphs + 1))
    results: dict[str, list[float]] = {"silkpress": [], "pybabel": [], "check": []}
    base = generate(tmp / f"base-{units}", events, 1, paragraphs, words=16)
    for run in range(runs):
        ours, theirs = tmp / f"ours-{units}-{run}", tmp / f"theirs-{units}-{run}"
        shutil.copytree(base, ours)
        shutil.copytree(base, theirs)
        change_one_percent(ours, run)
        change_one_percent(theirs, run)
        silkpress = [str(BIN / "silkpress"), "--project", "."]
        results["silkpress"].append(timed(silkpress + ["extract"], ours) + timed(silkpress + ["update"], ours))
        (theirs / "babel.cfg").write_text(
            "[silkpress: source/**.yaml]\n[jinja2: templates/**.html]\nextensions = jinja2.ext.i18n\n", encoding="utf-8"
        )
        update = [str(BIN / "pybabel"), "update", "-i", "locales/bulletin.pot", "-d", "locales", "-D", "bulletin"]
        results["pybabel"].append(
            timed([str(BIN / "pybabel"), "extract", "-F", "babel.cfg", "-k", "pgettext:1c,2", "-o", "locales/bulletin.pot", "."], theirs)
            + timed(update + ([] if fuzzy else ["--no-fuzzy-matching"]), theirs)
        )
        results["check"].append(timed(silkpress + ["check"], ours, check=False))
        print(
            f"{units} units, run {run + 1}: silkpress {results['silkpress'][-1]:.2f} s, "
            f"pybabel{'' if fuzzy else ' (no fuzzy)'} {results['pybabel'][-1]:.2f} s, check {results['check'][-1]:.2f} s",
            flush=True,
        )
        shutil.rmtree(ours)
        shutil.rmtree(theirs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--fuzzy-units", type=int, default=2000,
                        help="size at which pybabel runs with its fuzzy matching (quadratic: 20,000 would take hours)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-catalogs.json")
    args = parser.parse_args()
    report: dict[str, object] = {"machine": {"python": platform.python_version(), "platform": platform.platform()},
                                 "date": time.strftime("%Y-%m-%d"), "locales": 4}
    with tempfile.TemporaryDirectory() as tmp:
        for label, units, fuzzy, runs in (
            ("full", args.units, False, args.runs),
            ("fuzzy", args.fuzzy_units, True, 1),
        ):
            results = measure(Path(tmp), units, runs, fuzzy)
            median = {key: statistics.median(values) for key, values in results.items()}
            ratio = median["silkpress"] / median["pybabel"]
            report[label] = {"units": units, "pybabel_fuzzy": fuzzy, "seconds": results, "median": median, "ratio": ratio}
            print(f"\n{units} units x 4 locales, 1% changed (pybabel {'with' if fuzzy else 'without'} fuzzy matching)")
            print(f"  silkpress extract + update {median['silkpress']:8.2f} s")
            print(f"  pybabel extract + update   {median['pybabel']:8.2f} s")
            print(f"  silkpress check            {median['check']:8.2f} s")
            print(f"  ratio {ratio:.3f} (target <= 0.5): {'met' if ratio <= 0.5 else 'NOT met'}")
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.json}")


if __name__ == "__main__":
    main()
