"""Scale benchmark: cold builds of synthetic bulletins (five locales, HTML and PDF) at 100, 1000
and 2000 events, and a project of 20 bulletins of 10 events, in interleaved rounds
(benchmarks/harness.py). Reports each case's median and minimum time, the peak resident memory
of the build and its render workers together (sampled) and of its largest process, and the
ratios time(1000)/time(100) (target <= 10.5) and time(2000)/time(1000). Prints a table and
writes JSON.

    .venv/bin/python benchmarks/bench_scale.py [--case 1000] [--rounds N]

The large cases take minutes a build, so a run that includes one takes 3 rounds by default
(the harness's 7 otherwise); --rounds sets any count.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402
from harness import MIN_ROUNDS, Variant, interleaved, ratio, table, write  # noqa: E402

TARGET_RATIO = 10.5
TARGET_PEAK_MB = 1024
LARGE_ROUNDS = 3


@dataclass(frozen=True)
class Case:
    name: str
    events: int
    bulletins: int = 1
    large: bool = False


CASES = (Case("100", 100), Case("1000", 1000, large=True), Case("2000", 2000, large=True), Case("20x10", 10, 20))


@dataclass
class Peaks:
    tree_mb: list[float] = field(default_factory=list)
    """The build and all its children together, sampled every 50 ms."""
    largest_mb: list[float] = field(default_factory=list)
    """The largest single process (getrusage's ru_maxrss over the children)."""


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, read from /proc (parents from each process's stat)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], sum(_rss_kib(pid) for pid in _tree(process.pid)))
        time.sleep(0.05)


def cold_build(project: Path, peaks: Peaks) -> float:
    """Seconds of one cold build (no dist/, no build state; the web-font subset cache is kept, as
    on any machine that built before); records its peak memory."""
    for leftover in [project / "dist", project / ".silkpress" / "dist"]:
        subprocess.run(["rm", "-rf", str(leftover)], check=True)
    before = _children_maxrss()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "silkpress", "--project", str(project), "build"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(process, peak), daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    peaks.tree_mb.append(peak[0] / 1024)
    # ru_maxrss of the children is a running maximum: it tells this build's largest process
    # only when it grew, so the first and largest cases read right, the others as "at most".
    peaks.largest_mb.append(max(before, _children_maxrss()) / 1024)
    return seconds


def _children_maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", choices=[case.name for case in CASES],
                        help="run only this case (repeatable); default: all")
    parser.add_argument("--rounds", type=int, default=None,
                        help=f"interleaved rounds (default {MIN_ROUNDS}, or {LARGE_ROUNDS} with a large case)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the results (default benchmarks/results-scale.json for a full run)")
    args = parser.parse_args()
    chosen = [case for case in CASES if not args.case or case.name in args.case]
    rounds = args.rounds or (LARGE_ROUNDS if any(case.large for case in chosen) else MIN_ROUNDS)
    if args.rounds is None and rounds < MIN_ROUNDS:
        print(f"{rounds} rounds, not {MIN_ROUNDS}: a large case ({', '.join(c.name for c in chosen if c.large)} events)"
              " takes minutes a build; --rounds 7 for the full count")
    peaks = {case.name: Peaks() for case in chosen}
    with tempfile.TemporaryDirectory(prefix="silkpress-scale-") as tmp:
        variants = []
        for case in chosen:
            project = generate(Path(tmp) / case.name, case.events, case.bulletins)
            variants.append(Variant(case.name, lambda project=project, case=case: cold_build(project, peaks[case.name])))
        measurement = interleaved(variants, rounds=rounds)
    print(table(measurement))
    report: dict[str, object] = {**measurement.to_dict(), "peaks": {}, "ratios": {}}
    for case in chosen:
        tree, largest = max(peaks[case.name].tree_mb), max(peaks[case.name].largest_mb)
        report["peaks"][case.name] = {"tree_mb": tree, "largest_process_mb": largest}  # type: ignore[index]
        print(f"{case.name:>6}: peak RSS {tree:.0f} MB build + workers together, {largest:.0f} MB the largest process")
    names = {case.name for case in chosen}
    for top, bottom, target in (("1000", "100", TARGET_RATIO), ("2000", "1000", None)):
        if {top, bottom} <= names:
            value = ratio(measurement, top, bottom)
            report["ratios"][f"{top}/{bottom}"] = value  # type: ignore[index]
            verdict = "" if target is None else f" (target <= {target}: {'met' if value['median'] <= target else 'NOT met'})"
            print(f"time({top}) / time({bottom}) = {value['median']:.2f} median, {value['min']:.2f} min{verdict}")
    if "1000" in names:
        peak = report["peaks"]["1000"]["tree_mb"]  # type: ignore[index]
        print(f"peak RSS at 1000 events, build + workers = {peak:.0f} MB (target <= {TARGET_PEAK_MB}):"
              f" {'met' if peak <= TARGET_PEAK_MB else 'NOT met'}")
    out = args.json or (ROOT / "benchmarks" / "results-scale.json" if not args.case else None)
    if out:
        write(out, report)
    else:
        print("(one case: no JSON written; --json PATH to keep it)")


if __name__ == "__main__":
    main()
