"""Catalog operations at scale: 20,000 messages x 4 locales, 1% of the source units edited.

Times `silkpress extract` + `silkpress update` against `pybabel extract` + `pybabel update`
(fuzzy matching off) on copies of the same generated project, in interleaved rounds: each
round runs every variant once, in alternating order, so that a drift of the machine's speed
hits all of them alike. Reports the median and the minimum of each, the ratios, and the load
average. Variants:

- silkpress: the usual loop, on catalogs silkpress itself wrote before (it copies their
  unchanged entries and reads the POT instead of extracting again);
- silkpress-cold: the same with .silkpress/catalogs.json removed, as on a fresh clone;
- pybabel.

A smaller run with pybabel's default fuzzy matching is reported apart (it is quadratic).

    .venv/bin/python benchmarks/bench_catalogs.py [--rounds 5] [--units 20000]
"""

from __future__ import annotations

import argparse
import json
import os
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
BABEL_CFG = "[silkpress: source/**.yaml]\n[jinja2: templates/**.html]\nextensions = jinja2.ext.i18n\n"


def timed(commands: list[list[str]], cwd: Path) -> float:
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def change_one_percent(project: Path, seed: int) -> None:
    source = next((project / "source").glob("*.yaml"))
    lines = source.read_text(encoding="utf-8").splitlines()
    paragraphs = [i for i, line in enumerate(lines) if line.startswith("      - p: ")]
    rng = random.Random(seed)
    for index in rng.sample(paragraphs, max(1, len(paragraphs) // 100)):
        prefix, text = lines[index][:11], lines[index][11:]
        lines[index] = prefix + text.replace(" ", " edited ", 1)  # a small edit: the unit becomes fuzzy
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_variant(variant: str, base: Path, work: Path, seed: int, fuzzy: bool) -> float:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(base, work)
    change_one_percent(work, seed)
    if variant == "silkpress-cold":
        (work / ".silkpress" / "catalogs.json").unlink(missing_ok=True)
    if variant.startswith("silkpress"):
        silkpress = [str(BIN / "silkpress"), "--project", "."]
        seconds = timed([silkpress + ["extract"], silkpress + ["update"]], work)
    else:
        (work / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")
        update = [str(BIN / "pybabel"), "update", "-i", "locales/bulletin.pot", "-d", "locales", "-D", "bulletin"]
        seconds = timed([
            [str(BIN / "pybabel"), "extract", "-F", "babel.cfg", "-k", "pgettext:1c,2", "-o", "locales/bulletin.pot", "."],
            update + ([] if fuzzy else ["--no-fuzzy-matching"]),
        ], work)
    shutil.rmtree(work)
    return seconds


def measure(tmp: Path, units: int, rounds: int, variants: list[str], fuzzy: bool) -> dict[str, object]:
    paragraphs = 9  # + one title per event
    events = max(1, units // (paragraphs + 1))
    base = generate(tmp / f"base-{units}", events, 1, paragraphs, words=16)
    seconds: dict[str, list[float]] = {v: [] for v in variants}
    load_before = os.getloadavg()
    for number in range(rounds):
        order = variants if number % 2 == 0 else list(reversed(variants))
        for variant in order:
            seconds[variant].append(run_variant(variant, base, tmp / "work", number, fuzzy))
        print(f"{units} units, round {number + 1}: " + ", ".join(f"{v} {seconds[v][-1]:.2f} s" for v in variants), flush=True)
    load_after = os.getloadavg()
    shutil.rmtree(base)
    summary = {v: {"median": statistics.median(s), "min": min(s), "runs": s} for v, s in seconds.items()}
    babel = summary["pybabel"]
    ratios = {
        v: {"median": summary[v]["median"] / babel["median"], "min": summary[v]["min"] / babel["min"]}
        for v in variants if v != "pybabel"
    }
    return {"units": units, "rounds": rounds, "pybabel_fuzzy": fuzzy, "seconds": summary, "ratio": ratios,
            "loadavg": {"before": load_before, "after": load_after}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--case", choices=("full", "fuzzy"), action="append",
                        help="full: 20,000 messages, fuzzy matching off; fuzzy: pybabel with its fuzzy matching (repeatable)")
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--fuzzy-units", type=int, default=1000,
                        help="size at which pybabel runs with its fuzzy matching (quadratic: 20,000 would take hours)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-catalogs.json")
    args = parser.parse_args()
    report: dict[str, object] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "date": time.strftime("%Y-%m-%d"), "locales": 4,
    }
    with tempfile.TemporaryDirectory() as tmp:
        cases = args.case or ["full", "fuzzy"]
        if "full" in cases:
            report["full"] = measure(Path(tmp), args.units, args.rounds, ["silkpress", "pybabel", "silkpress-cold"], fuzzy=False)
        if "fuzzy" in cases:
            report["fuzzy"] = measure(Path(tmp), args.fuzzy_units, 1, ["silkpress", "pybabel"], fuzzy=True)
    for label in cases:
        result = report[label]
        print(f"\n{result['units']} messages x 4 locales, 1% edited, {result['rounds']} interleaved round(s); "
              f"pybabel {'with' if result['pybabel_fuzzy'] else 'without'} fuzzy matching")
        for variant, figures in result["seconds"].items():
            print(f"  {variant:16} median {figures['median']:6.2f} s   min {figures['min']:6.2f} s")
        for variant, ratio in result["ratio"].items():
            met = "met" if ratio["median"] <= 0.5 else "NOT met"
            print(f"  {variant} / pybabel: median {ratio['median']:.3f}, min {ratio['min']:.3f} (target <= 0.5: {met})")
        print(f"  load average before {result['loadavg']['before']}, after {result['loadavg']['after']}")
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.json}")


if __name__ == "__main__":
    main()
