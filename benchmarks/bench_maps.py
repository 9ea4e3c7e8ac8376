"""What the locator maps and the year timeline cost: the real 10-event bulletin built cold (five
web and five PDF editions) with them and without them ([tool.silkpress] maps = false,
timeline = false), in interleaved rounds (benchmarks/harness.py); and the drawing alone (the
50 maps and 5 timelines of the five editions, the caches emptied). Target: at most 10 % more
build time. Prints a table and writes JSON.

    .venv/bin/python benchmarks/bench_maps.py [--rounds 7] [--case build|draw] [--json PATH]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import MIN_ROUNDS, Variant, interleaved, ratio, table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = ("build", "draw")


def project_copy(target: Path, maps: bool) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".venv", ".git", "dist", ".silkpress", "tests", "benchmarks", "*.pyc", "node_modules"))
    if not maps:
        pyproject = target / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(text.replace("[tool.silkpress]\n", "[tool.silkpress]\nmaps = false\ntimeline = false\n", 1),
                             encoding="utf-8")
    return target


def cold_build(project: Path) -> float:
    shutil.rmtree(project / "dist", ignore_errors=True)
    shutil.rmtree(project / ".silkpress", ignore_errors=True)  # the build state: nothing to reuse
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "silkpress", "build", "--jobs", "1"], cwd=project, check=True,
                   capture_output=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - started


def draw_all() -> float:
    """Every map and timeline of the five editions, as the templates ask for them."""
    sys.path.insert(0, str(ROOT / "src"))
    from silkpress import load_project
    from silkpress.editions import load_edition
    from silkpress.maps import _geometry, load_map_data

    project = load_project(ROOT)
    bulletin = project.bulletins[0]
    source = bulletin.load()
    editions = [load_edition(bulletin, source, locale) for locale in project.locales]
    _geometry.cache_clear()
    load_map_data.cache_clear()
    started = time.perf_counter()
    for edition in editions:
        figures = edition.env.globals["figures"]
        for event in edition.localized.events:
            figures.map(event, "name")
        figures.timeline("name")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument("--case", choices=CASES, action="append", help="one case (default: all)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-maps.json")
    args = parser.parse_args()
    cases = args.case or list(CASES)
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if "build" in cases:
            on, off = project_copy(Path(tmp) / "on", True), project_copy(Path(tmp) / "off", False)
            measured = interleaved([Variant("maps-on", lambda: cold_build(on)), Variant("maps-off", lambda: cold_build(off))],
                                   rounds=args.rounds)
            print(table(measured))
            share = ratio(measured, "maps-on", "maps-off")
            print(f"with maps / without: median {share['median']:.3f}, min {share['min']:.3f} (target <= 1.10)")
            report["build"] = {**measured.to_dict(), "ratio": share}
    if "draw" in cases:
        measured = interleaved([Variant("draw", draw_all)], rounds=args.rounds)
        print(table(measured))
        report["draw"] = measured.to_dict()
    write(args.json, report)


if __name__ == "__main__":
    main()
