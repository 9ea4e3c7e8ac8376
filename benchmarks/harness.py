"""What every benchmark here shares: interleaved rounds, median and minimum, the load average.

Our machines are noisy. A variant measured in a block of its own runs catches one phase of the
noise; so each round runs every variant once, and the order alternates from one round to the
next (A B C, then C B A, ...). Each variant reports its median and its minimum; the load
average is taken before the first round and after the last.

    from harness import Variant, interleaved, report
    rows = interleaved([Variant("cold", cold), Variant("noop", noop)], rounds=7)
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MIN_ROUNDS = 7


@dataclass
class Variant:
    """One thing to time. ``run`` returns seconds (it may time only part of what it does)."""

    name: str
    run: Callable[[], float]
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    def to_dict(self) -> dict[str, object]:
        return {"median": self.median, "min": self.minimum, "seconds": self.seconds}


@dataclass
class Measurement:
    variants: dict[str, Variant]
    rounds: int
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    def __getitem__(self, name: str) -> Variant:
        return self.variants[name]

    def to_dict(self) -> dict[str, object]:
        return {
            "rounds": self.rounds,
            "loadavg": {"before": self.load_before, "after": self.load_after},
            "variants": {name: variant.to_dict() for name, variant in self.variants.items()},
        }


def interleaved(variants: list[Variant], rounds: int = MIN_ROUNDS, say: Callable[[str], None] = print) -> Measurement:
    """Run every variant once per round, the order reversed every other round."""
    load_before = os.getloadavg()
    say(f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; {rounds} interleaved round(s)")
    for index in range(rounds):
        order = variants if index % 2 == 0 else list(reversed(variants))
        for variant in order:
            variant.seconds.append(variant.run())
        say(f"  round {index + 1}: " + ", ".join(f"{v.name} {v.seconds[-1]:.3f}s" for v in variants))
    return Measurement({v.name: v for v in variants}, rounds, load_before, os.getloadavg())


def table(measurement: Measurement) -> str:
    """Median and minimum of each variant."""
    width = max(len(name) for name in measurement.variants) + 2
    lines = [f"{'variant':<{width}} {'median s':>9} {'min s':>9}"]
    for name, variant in measurement.variants.items():
        lines.append(f"{name:<{width}} {variant.median:>9.3f} {variant.minimum:>9.3f}")
    before, after = measurement.load_before, measurement.load_after
    lines.append(f"load average before {before[0]:.2f}, after {after[0]:.2f}; {measurement.rounds} rounds")
    return "\n".join(lines)


def ratio(measurement: Measurement, numerator: str, denominator: str) -> dict[str, float]:
    """A ratio of medians and of minimums, both taken from the same rounds."""
    top, bottom = measurement[numerator], measurement[denominator]
    return {"median": top.median / bottom.median, "min": top.minimum / bottom.minimum}


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": len(os.sched_getaffinity(0)),
        "date": time.strftime("%Y-%m-%d"),
    }


def write(path: Path, report: dict[str, object]) -> None:
    path.write_text(json.dumps({"machine": machine(), **report}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path}")
