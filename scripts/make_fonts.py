#!/usr/bin/env python3
"""Build the subset web fonts bundled with silkpress.

Why this script exists
----------------------
silkpress renders Latin, Cyrillic (including Kazakh) and Simplified Chinese
text with WeasyPrint and must not depend on the fonts installed on the
machine that renders the document.  We therefore bundle fonts in the package,
but only *subsets* of them: the full Noto Serif CJK collection is about 26 MB
per weight and the full Noto Serif about 0.6 MB per weight, which is far too
large to ship in a Python wheel.  The subsets are stored as WOFF2.

Sources (Debian packages):

* ``fonts-noto-core``: ``NotoSerif-{Regular,Bold}.ttf`` -- subset to Latin,
  Latin Extended, Cyrillic (incl. Kazakh letters), combining marks and common
  punctuation/symbols.
* ``fonts-noto-cjk``: ``NotoSerifCJK-{Regular,Bold}.ttc`` -- a TrueType
  *Collection* holding one face per region (JP, KR, SC, TC, HK).  Face 0 is
  the Japanese face, whose glyph shapes differ from the Chinese norm, so we
  look up the face whose family name contains "SC" instead of hard-coding a
  face index (the order is not guaranteed between releases).
* ``unicode-data``: ``Unihan_OtherMappings.txt.bz2`` -- the ``kTGH`` field
  lists the 8,105 characters of the 2013 *Table of General Standard Chinese
  Characters* (通用规范汉字表), which is the CJK ideograph repertoire we keep.

The build is reproducible: the ``head.modified`` timestamp of each output is
the one of its source font and timestamps are never recalculated on save, so
running the script twice yields byte-identical files (for the same fontTools
and brotli versions).

After building, the outputs are re-loaded and their cmaps are checked for a
list of characters silkpress relies on (``--verify``); the script exits with
a non-zero status if anything is missing.

Rebuild with::

    apt-get install fonts-noto-cjk fonts-noto-core unicode-data
    python scripts/make_fonts.py
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont
except ImportError:  # pragma: no cover - environment problem
    sys.exit("error: fontTools is required: pip install fonttools brotli")

try:
    import brotli  # noqa: F401  (needed by fontTools to write WOFF2)
except ImportError:  # pragma: no cover - environment problem
    sys.exit("error: brotli is required to write WOFF2: pip install brotli")

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))  # this tree's silkpress: the table's format is its fonts.py's
DEFAULT_OUT = Path("src/silkpress/theme/fonts")

NOTO_CORE_DIR = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")
UNIHAN_OTHER_MAPPINGS = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")

KTGH_EXPECTED_COUNT = 8105
CJK_FAMILY = "Noto Serif CJK SC"

Range = tuple[int, int]

SERIF_RANGES: list[Range] = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x024F),  # Latin Extended-A/B
    (0x0259, 0x0259),  # schwa
    (0x02BB, 0x02BC),  # modifier letter turned comma / apostrophe
    (0x02C6, 0x02DD),  # spacing modifier letters (accents)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0400, 0x04FF),  # Cyrillic (incl. Kazakh letters)
    (0x0500, 0x052F),  # Cyrillic Supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols (№)
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0xFEFF, 0xFEFF),  # zero width no-break space / BOM
]

CJK_EXTRA_RANGES: list[Range] = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2190, 0x2193),  # arrows
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

SERIF_REQUIRED = "әғқңөұүһіӘ\u02bb\u02bc«»—“”„№"
CJK_REQUIRED = "中国亚峰会《》，。、“”—"


@dataclass(frozen=True)
class Source:
    path: Path
    package: str


@dataclass(frozen=True)
class Target:
    name: str  # output file name
    source: Source
    cjk: bool  # True: pick the SC face of a .ttc; subset to kTGH + extras
    bold: bool


SERIF_REGULAR = Source(NOTO_CORE_DIR / "NotoSerif-Regular.ttf", "fonts-noto-core")
SERIF_BOLD = Source(NOTO_CORE_DIR / "NotoSerif-Bold.ttf", "fonts-noto-core")
CJK_REGULAR = Source(NOTO_CJK_DIR / "NotoSerifCJK-Regular.ttc", "fonts-noto-cjk")
CJK_BOLD = Source(NOTO_CJK_DIR / "NotoSerifCJK-Bold.ttc", "fonts-noto-cjk")
UNIHAN = Source(UNIHAN_OTHER_MAPPINGS, "unicode-data")

TARGETS: list[Target] = [
    Target("NotoSerif-Regular.woff2", SERIF_REGULAR, cjk=False, bold=False),
    Target("NotoSerif-Bold.woff2", SERIF_BOLD, cjk=False, bold=True),
    Target("NotoSerifSC-Regular.woff2", CJK_REGULAR, cjk=True, bold=False),
    Target("NotoSerifSC-Bold.woff2", CJK_BOLD, cjk=True, bold=True),
]


class BuildError(Exception):
    """An expected failure, reported as a one-line message without traceback."""


def expand(ranges: Iterable[Range]) -> set[int]:
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def check_sources(sources: Iterable[Source]) -> None:
    missing = [s for s in sources if not s.path.is_file()]
    if missing:
        lines = [f"error: source file not found: {s.path}" for s in missing]
        pkgs = " ".join(sorted({s.package for s in missing}))
        lines.append(f"hint: install the Debian package(s): apt-get install {pkgs}")
        raise BuildError("\n".join(lines))


def read_ktgh(path: Path) -> set[int]:
    """Code points that have a kTGH value (Table of General Standard Chinese Characters)."""
    line_re = re.compile(r"^U\+([0-9A-F]{4,6})\tkTGH\t")
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        cps = {int(m.group(1), 16) for line in fh if (m := line_re.match(line))}
    if len(cps) != KTGH_EXPECTED_COUNT:
        raise BuildError(
            f"error: expected {KTGH_EXPECTED_COUNT} kTGH characters in {path}, "
            f"found {len(cps)}"
        )
    return cps


def family_names(font: TTFont) -> list[str]:
    name = font["name"]
    return [
        rec.toUnicode() for rec in name.names if rec.nameID in (1, 16)
    ]


def find_sc_face(path: Path) -> int:
    """Index of the Simplified Chinese face in a Noto CJK .ttc."""
    collection = TTCollection(str(path), lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            if any(re.search(r"\bSC\b", n) for n in family_names(face)):
                return index
    finally:
        collection.close()
    raise BuildError(f"error: no face with 'SC' in its family name in {path}")


def feature_tags(font: TTFont) -> set[str]:
    tags: set[str] = set()
    for table in ("GSUB", "GPOS"):
        if table in font and font[table].table.FeatureList:
            tags |= {record.FeatureTag for record in font[table].table.FeatureList.FeatureRecord}
    return tags


def subset_options(features: list[str] | None = None) -> subset.Options:
    options = subset.Options()
    options.layout_features = features or ["*"]
    options.glyph_names = False
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    return options


def build_one(target: Target, out_dir: Path, ktgh: set[int]) -> Path:
    font_number = find_sc_face(target.source.path) if target.cjk else -1
    if target.cjk:
        print(f"  {target.source.path.name}: SC face index {font_number}")
    font = TTFont(
        str(target.source.path),
        fontNumber=font_number,
        recalcTimestamp=False,
        lazy=False,
    )
    try:
        modified = font["head"].modified  # keep the source timestamp
        weight = font["OS/2"].usWeightClass
        expected_weight = 700 if target.bold else 400
        if weight != expected_weight:
            raise BuildError(
                f"error: {target.source.path} has usWeightClass {weight}, "
                f"expected {expected_weight}"
            )
        if target.cjk:
            unicodes = ktgh | expand(CJK_EXTRA_RANGES)
            families = family_names(font)
            if CJK_FAMILY not in families:
                raise BuildError(
                    f"error: face {font_number} of {target.source.path} has "
                    f"family names {families}, expected {CJK_FAMILY!r}"
                )
        else:
            unicodes = expand(SERIF_RANGES)

        # The SC face's default glyphs are already Simplified Chinese; 'locl' would
        # only pull in Japanese, Korean and Traditional forms (about 1.4 MB a face).
        features = sorted(feature_tags(font) - {"locl"}) if target.cjk else None
        options = subset_options(features)
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)

        font["head"].modified = modified
        font.recalcTimestamp = False
        font.flavor = "woff2"

        out_path = out_dir / target.name
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=out_dir)
        os.close(fd)
        try:
            font.save(tmp_name, reorderTables=True)
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, out_path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    finally:
        font.close()
    return out_path


def build(out_dir: Path) -> None:
    check_sources([t.source for t in TARGETS] + [UNIHAN])
    out_dir.mkdir(parents=True, exist_ok=True)
    ktgh = read_ktgh(UNIHAN.path)
    print(f"kTGH characters: {len(ktgh)}")
    for target in TARGETS:
        path = build_one(target, out_dir, ktgh)
        print(f"{path.name}: {path.stat().st_size} bytes")


def verify(out_dir: Path) -> list[str]:
    """Re-load every output and check it; return a list of problems."""
    problems: list[str] = []
    for target in TARGETS:
        path = out_dir / target.name
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        before = len(problems)
        font = TTFont(str(path))
        try:
            if font.flavor != "woff2":
                problems.append(f"{path}: not WOFF2 (flavor {font.flavor!r})")
            cmap = font.getBestCmap()
            required = CJK_REQUIRED if target.cjk else SERIF_REQUIRED
            absent = [ch for ch in required if ord(ch) not in cmap]
            if absent:
                listed = " ".join(f"U+{ord(ch):04X} {ch}" for ch in absent)
                problems.append(f"{path}: cmap lacks {listed}")
            weight = font["OS/2"].usWeightClass
            if weight != (700 if target.bold else 400):
                problems.append(f"{path}: unexpected usWeightClass {weight}")
            if target.cjk and CJK_FAMILY not in family_names(font):
                problems.append(
                    f"{path}: family name is {family_names(font)}, "
                    f"expected {CJK_FAMILY!r}"
                )
            status = "ok" if len(problems) == before else "FAILED"
            print(f"verify {path.name}: {len(cmap)} code points, {status}")
        finally:
            font.close()
    return problems


def table_bytes(out_dir: Path) -> bytes:
    """The coverage table of the outputs in ``out_dir``: one line per range list, stable bytes."""
    import json

    from silkpress.fonts import coverage_table

    table = coverage_table(out_dir, [target.name for target in TARGETS])
    return (json.dumps(table, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")


def write_table(out_dir: Path) -> None:
    """Write the coverage table beside the fonts (the build reads it instead of their cmaps)."""
    from silkpress.atomic import write_atomic
    from silkpress.fonts import COVERAGE_TABLE

    data = table_bytes(out_dir)
    write_atomic(out_dir / COVERAGE_TABLE, data)
    print(f"{COVERAGE_TABLE}: {len(data)} bytes")


def check_table(out_dir: Path) -> list[str]:
    """Problems of the coverage table: missing, or not what the fonts in ``out_dir`` give."""
    from silkpress.fonts import COVERAGE_TABLE

    path = out_dir / COVERAGE_TABLE
    if not path.is_file():
        return [f"{path}: missing (run scripts/make_fonts.py --table)"]
    if path.read_bytes() != table_bytes(out_dir):
        return [f"{path}: does not match the fonts' digests or cmaps (run scripts/make_fonts.py --table)"]
    print(f"check {COVERAGE_TABLE}: ok")
    return []


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Build the WOFF2 font subsets bundled with silkpress (Noto Serif "
            "Latin/Cyrillic and Noto Serif CJK SC) from Debian's font "
            "packages, then verify them."
        ),
        epilog=(
            "Requires the Debian packages fonts-noto-core, fonts-noto-cjk and "
            "unicode-data, and the Python packages fonttools and brotli."
        ),
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=None,
        help=f"output directory (default: {DEFAULT_OUT}, relative to the repository root)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--verify",
        action="store_true",
        help="only verify the existing outputs in DIR, do not rebuild "
        "(verification also runs by default after building)",
    )
    mode.add_argument(
        "--table",
        action="store_true",
        help="only (re)write the coverage table of the existing outputs in DIR (coverage.json: each "
        "font's SHA-256 and the code points it covers, as ranges), do not rebuild "
        "(building writes it too)",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="only check that the coverage table matches the fonts in DIR (exit status 1 if not)",
    )
    mode.add_argument(
        "--no-verify",
        action="store_true",
        help="build without the verification step",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out_dir: Path = args.out if args.out is not None else REPO_ROOT / DEFAULT_OUT
    try:
        if args.check:
            problems = check_table(out_dir)
        elif args.table:
            write_table(out_dir)
            return 0
        else:
            if not args.verify:
                build(out_dir)
                write_table(out_dir)
            if args.no_verify:
                return 0
            problems = verify(out_dir)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 2
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
