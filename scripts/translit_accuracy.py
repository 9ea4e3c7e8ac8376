"""Print how accurately the transliteration schemes write references no one here wrote.

    python scripts/translit_accuracy.py                  # both schemes, every miss listed
    python scripts/translit_accuracy.py --scheme uz-Latn-Cyrl --set-aside   # and the pairs set aside
    python scripts/translit_accuracy.py --format json

uz-Latn-Cyrl is measured on CLDR's uz_Latn/uz_Cyrl names (Babel), kk-Cyrl-Latn on
tests/data/translit/kk_reference.tsv. docs/transliteration.md has the latest figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from silkpress.transliteration import rules_without
from silkpress.transliteration_accuracy import (
    Accuracy, cldr_reason, cldr_uz_pairs, measure, read_notes, read_pairs,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "translit"


def results() -> dict[str, Accuracy]:
    uz_pairs = cldr_uz_pairs(read_notes(DATA / "cldr_uz_notes.tsv"))
    return {
        "uz-Latn-Cyrl": measure(uz_pairs, "uz-Latn-Cyrl", cldr_reason),
        "uz-Latn-Cyrl without the exceptions taken from CLDR misses": measure(
            uz_pairs, "uz-Latn-Cyrl", cldr_reason, rules_without("uz-Latn-Cyrl", "cldr-misses")),
        "kk-Cyrl-Latn": measure(read_pairs(DATA / "kk_reference.tsv"), "kk-Cyrl-Latn"),
    }


def as_json(label: str, a: Accuracy) -> dict:
    miss = lambda m: {"source": m.pair.source, "reference": m.pair.target, "got": m.got,
                      "origin": m.pair.origin, **({"reason": m.reason} if m.reason else {})}
    return {"label": label, "scheme": a.scheme, "pairs": a.pairs, "compared": a.compared,
            "exact": a.exact, "accuracy": round(a.ratio, 4), "raw_accuracy": round(a.raw_ratio, 4),
            "misses": [miss(m) for m in a.misses], "set_aside": [miss(m) for m in a.set_aside]}


def print_text(label: str, a: Accuracy, set_aside: bool) -> None:
    print(f"{label}: {a.exact}/{a.compared} exact = {a.ratio:.1%}"
          f" ({a.pairs} pairs, {len(a.set_aside)} set aside; {a.exact}/{a.pairs} = {a.raw_ratio:.1%} of all)")
    for m in a.misses:
        print(f"  miss: {m.pair.source} -> {m.got}  (reference: {m.pair.target}; {m.pair.origin})")
    if set_aside:
        for m in a.set_aside:
            print(f"  set aside: {m.pair.source} -> {m.got}  (reference: {m.pair.target}; {m.reason})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", help="only this scheme (uz-Latn-Cyrl or kk-Cyrl-Latn)")
    parser.add_argument("--set-aside", action="store_true", help="also list the pairs set aside and why")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    chosen = {k: v for k, v in results().items() if not args.scheme or v.scheme == args.scheme}
    if not chosen:
        print(f"error: unknown scheme {args.scheme!r}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump([as_json(k, v) for k, v in chosen.items()], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for label, accuracy in chosen.items():
            print_text(label, accuracy, args.set_aside)
    return 0


if __name__ == "__main__":
    sys.exit(main())
