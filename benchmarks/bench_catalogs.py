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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-catalogs.json")
    args = parser.parse_args()
    paragraphs = 9  # + one title per event
    events = max(1, args.units // (paragraphs + 1))
    results: dict[str, list[float]] = {"silkpress": [], "pybabel": [], "check": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = generate(Path(tmp) / "base", events, 1, paragraphs)
        for run in range(args.runs):
            ours, theirs = Path(tmp) / f"ours-{run}", Path(tmp) / f"theirs-{run}"
            shutil.copytree(base, ours)
            shutil.copytree(base, theirs)
            change_one_percent(ours, run)
            change_one_percent(theirs, run)
            silkpress = [str(BIN / "silkpress"), "--project", "."]
            results["silkpress"].append(timed(silkpress + ["extract"], ours) + timed(silkpress + ["update"], ours))
            (theirs / "babel.cfg").write_text(
                "[silkpress: source/**.yaml]\n[jinja2: templates/**.html]\nextensions = jinja2.ext.i18n\n", encoding="utf-8"
            )
            results["pybabel"].append(
                timed([str(BIN / "pybabel"), "extract", "-F", "babel.cfg", "-k", "pgettext:1c,2", "-o", "locales/bulletin.pot", "."], theirs)
                + timed([str(BIN / "pybabel"), "update", "-i", "locales/bulletin.pot", "-d", "locales", "-D", "bulletin"], theirs)
            )
            results["check"].append(timed(silkpress + ["check"], ours, check=False))
            print(f"run {run + 1}: silkpress {results['silkpress'][-1]:.2f} s, pybabel {results['pybabel'][-1]:.2f} s, check {results['check'][-1]:.2f} s", flush=True)
    median = {key: statistics.median(values) for key, values in results.items()}
    ratio = median["silkpress"] / median["pybabel"]
    print(f"\n{'measure':<40} {'median s':>9}")
    print(f"{'silkpress extract + update':<40} {median['silkpress']:>9.2f}")
    print(f"{'pybabel extract + update':<40} {median['pybabel']:>9.2f}")
    print(f"{'silkpress check':<40} {median['check']:>9.2f}")
    print(f"ratio silkpress / pybabel = {ratio:.2f} (target <= 0.5): {'met' if ratio <= 0.5 else 'NOT met'}")
    report = {"machine": {"python": platform.python_version(), "platform": platform.platform()}, "date": time.strftime("%Y-%m-%d"),
              "units": events * (paragraphs + 1), "locales": 4, "seconds": results, "median": median, "ratio": ratio}
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.json}")


if __name__ == "__main__":
    main()
