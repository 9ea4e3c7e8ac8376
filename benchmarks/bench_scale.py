"""Scale benchmark: cold builds of synthetic bulletins with 10, 100 and 1000 events (five locales,
HTML and PDF), and a project of 20 bulletins of 10 events. Reports the median time and the peak
resident memory of the build and its render workers. Prints a table and writes JSON.

    .venv/bin/python benchmarks/bench_scale.py [--runs 3] [--runs-large 1]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def cold_build(project: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one cold build, workers included."""
    for leftover in [project / "dist", project / ".silkpress" / "dist"]:  # the output and its build state
        subprocess.run(["rm", "-rf", str(leftover)], check=True)
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "silkpress", "--project", str(project), "build"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    return float(output[0]), int(output[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-large", type=int, default=1, help="runs for 1000 events")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-scale.json")
    args = parser.parse_args()
    cases = [("10 events", 10, 1, args.runs), ("100 events", 100, 1, args.runs),
             ("1000 events", 1000, 1, args.runs_large), ("20 bulletins x 10 events", 10, 20, args.runs)]
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, events, bulletins, runs in cases:
            project = generate(Path(tmp) / name.replace(" ", "-"), events, bulletins)
            measures = [cold_build(project) for _ in range(runs)]
            rows[name] = {
                "seconds": statistics.median(m[0] for m in measures),
                "peak_rss_mb": max(m[1] for m in measures) / 1024,
                "runs": [list(m) for m in measures],
            }
            print(f"{name:<26} {rows[name]['seconds']:>8.2f} s {rows[name]['peak_rss_mb']:>8.0f} MB", flush=True)
    ratio = rows["1000 events"]["seconds"] / rows["100 events"]["seconds"]
    print(f"\ntime(1000) / time(100) = {ratio:.2f} (target <= 11): {'met' if ratio <= 11 else 'NOT met'}")
    peak = rows["1000 events"]["peak_rss_mb"]
    print(f"peak RSS at 1000 events = {peak:.0f} MB (target <= 1024): {'met' if peak <= 1024 else 'NOT met'}")
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d"), "rows": rows, "ratio_1000_100": ratio,
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.json}")


if __name__ == "__main__":
    main()
