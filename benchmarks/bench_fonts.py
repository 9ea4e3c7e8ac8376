"""What cutting the web fonts to each page costs the build: this tree's silkpress against a baseline
(a git ref, default the commit before the subsets), in interleaved rounds (the order of the two
alternates from round to round), median and minimum, with the load average at the start.

Cases, each a full build of the real bulletin (five web and five PDF editions):
- ``first``: no build state at all (a fresh clone: the font-subset cache is empty too);
- ``cold``: the output's build state removed (every page and PDF made again), the project's
  font-subset cache (``.silkpress/fonts``) kept;
- ``warm``: nothing changed since the last build.

    .venv/bin/python benchmarks/bench_fonts.py [--baseline REF] [--rounds 7] [--case cold ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ("first", "cold", "warm")


def tree(base: Path, ref: str | None) -> Path:
    """A copy of the project at ``ref`` (None: this working tree), without its build output."""
    target = base / (ref or "current").replace("/", "_")
    if ref is None:
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", ".git", "dist", ".silkpress", "tests", "*.pyc"))
    else:
        target.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / "dist").mkdir(exist_ok=True)
    return target


def build(project: Path, case: str) -> float:
    if case == "first":
        shutil.rmtree(project / ".silkpress", ignore_errors=True)
    elif case == "cold":
        shutil.rmtree(project / ".silkpress" / "dist", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "silkpress", "build"], cwd=project, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="caf83b3^", help="git ref of the code before (default: before the subsets)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--case", action="append", choices=CASES, help="run only these cases (repeatable)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-fonts.json")
    args = parser.parse_args()
    load = os.getloadavg()
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="silkpress-bench-fonts-") as temp:
        variants = {"before": tree(Path(temp), args.baseline), "after": tree(Path(temp), None)}
        for case in args.case or CASES:
            times: dict[str, list[float]] = {name: [] for name in variants}
            for project in variants.values():
                build(project, "cold")  # the state a warm case starts from
            for round_ in range(args.rounds):
                order = list(variants) if round_ % 2 == 0 else list(reversed(variants))
                for name in order:
                    times[name].append(build(variants[name], case))
            results[case] = times
    print(f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} rounds")
    print(f"{'case':<6} {'before median':>14} {'after median':>13} {'before min':>11} {'after min':>10} {'after/before':>13}")
    summary = {}
    for case, times in results.items():
        before, after = statistics.median(times["before"]), statistics.median(times["after"])
        summary[case] = {"before_median": before, "after_median": after, "before_min": min(times["before"]),
                         "after_min": min(times["after"]), "ratio": after / before, "runs": times}
        print(f"{case:<6} {before:>13.2f}s {after:>12.2f}s {min(times['before']):>10.2f}s {min(times['after']):>9.2f}s"
              f" {after / before:>13.2f}")
    args.json.write_text(json.dumps({"load_average": load, "rounds": args.rounds, "cases": summary}, indent=1) + "\n",
                         encoding="utf-8")


if __name__ == "__main__":
    main()
