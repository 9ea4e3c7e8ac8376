"""Build benchmarks: cold build against the WeasyPrint floor, --jobs 2 against --jobs 1, a no-op
rebuild and a one-catalog rebuild. Each figure is the median of several runs; ratios are taken
side by side in the same run. Prints a table and writes JSON.

    .venv/bin/python benchmarks/bench_build.py [--runs 5] [--json benchmarks/results.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "silkpress", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def project_copy(base: Path) -> Path:
    target = base / "project"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", ".git", "dist", ".silkpress", "tests", "benchmarks", "*.pyc"))
    (target / "dist").mkdir(exist_ok=True)
    return target


def print_documents(project: Path, folder: Path) -> None:
    """The five print documents exactly as silkpress hands them to WeasyPrint."""
    sys.path.insert(0, str(ROOT / "src"))
    from silkpress import BuildOptions, load_project
    from silkpress.editions import load_edition, provenance
    from silkpress.formats import FORMATS, BulletinRun
    from silkpress.i18n.stats import catalog_stats

    config = load_project(project)
    bulletin = config.bulletins[0]
    source = bulletin.load()
    editions = [load_edition(bulletin, source, locale) for locale in config.locales]
    stats = {locale: catalog_stats(bulletin, locale) for locale in config.locales}
    options = BuildOptions(pdf_variant="pdf/ua-1").resolved(config)
    run = BulletinRun(config, bulletin, source, options, config.dist_dir, editions, editions, stats,
                      provenance(bulletin, stats), lambda line: None)
    for job in (job for edition in editions for job in FORMATS["pdf"].jobs(run, edition)):
        # same document; file: URLs resolve against the templates folder
        html = job.document.replace("<head>", f'<head><base href="{config.templates_dir.as_uri()}/">', 1)
        (folder / f"{job.locale}.html").write_text(html, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results-build.json")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"floor": [], "cold_jobs1": [], "cold_jobs2": [], "noop": [], "one_po": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        project = project_copy(base)
        documents = base / "documents"
        documents.mkdir()
        print_documents(project, documents)
        kk = project / "locales" / "kk" / "LC_MESSAGES" / "bulletin.po"
        original = kk.read_text(encoding="utf-8")
        for index in range(args.runs):
            floor = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(documents)], check=True, capture_output=True, text=True)
            results["floor"].append(float(floor.stdout.strip()))
            for jobs, key in (("1", "cold_jobs1"), ("2", "cold_jobs2")):
                shutil.rmtree(project / "dist")
                shutil.rmtree(project / ".silkpress" / "dist", ignore_errors=True)  # the build state: a cold build
                results[key].append(run("build", "--jobs", jobs, cwd=project))
            results["noop"].append(run("build", cwd=project))
            kk.write_text(original.replace('msgstr "Мазмұны"', f'msgstr "Мазмұны {index}"'), encoding="utf-8")
            results["one_po"].append(run("build", cwd=project))
            kk.write_text(original, encoding="utf-8")
            run("build", cwd=project)
    median = {key: statistics.median(values) for key, values in results.items()}
    figures = [
        ("cold build --jobs 1 / floor", median["cold_jobs1"] / median["floor"], 1.10),
        ("cold build --jobs 2 / --jobs 1", median["cold_jobs2"] / median["cold_jobs1"], 0.65),
        ("no-op rebuild / cold build", median["noop"] / median["cold_jobs1"], 0.05),
        ("one .po changed / cold build", median["one_po"] / median["cold_jobs1"], 0.30),
    ]
    print(f"{'measure':<34} {'median s':>9}")
    for key in results:
        print(f"{key:<34} {median[key]:>9.3f}")
    print()
    print(f"{'ratio':<34} {'value':>9} {'target':>8}  met")
    for name, value, target in figures:
        print(f"{name:<34} {value:>9.3f} {target:>8.2f}  {'yes' if value <= target else 'NO'}")
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": len(__import__("os").sched_getaffinity(0))},
        "date": time.strftime("%Y-%m-%d"),
        "runs": args.runs,
        "seconds": results,
        "median": median,
        "ratios": {name: {"value": value, "target": target, "met": value <= target} for name, value, target in figures},
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.json}")


if __name__ == "__main__":
    main()
