"""``[tool.silkpress]`` in pyproject.toml: read, and every value checked for its type and range,
with ``pyproject.toml:line`` in every complaint."""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError, SilkpressError
from .inputs import exists, read_text
from .limits import LANGUAGE_TAG, MAX_NAME, RENDER_MEMORY_BYTES, RENDER_TIMEOUT_SECONDS

EVENT_BREAKS = ("continuous", "page")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "none")
CONTENTS = ("auto", "always", "never")
CONTENTS_MIN_EVENTS = 4
"""With ``contents = "auto"`` (the default), a PDF gets a contents page from this many events on."""
CONTENTS_MIN_RANGE = (1, 100_000)
KEYS = {
    "tool.silkpress": ("source", "sources", "domain", "locales", "source-locale", "base-url", "language-tags", "print",
                       "limits", "maps", "timeline"),
    "tool.silkpress.print": ("event-break", "pdf-variant", "contents", "contents-min-events", "logo"),
    "tool.silkpress.limits": ("render-timeout", "render-memory-mb"),
}
TIMEOUT_RANGE = (1.0, 86_400.0)
MEMORY_MB_RANGE = (64, 1_048_576)  # 64 MiB to 1 TiB of address space per render worker
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


@dataclass(frozen=True)
class Table:
    """One table of the configuration, with the text it came from, for line numbers."""

    name: str
    values: dict[str, Any]
    text: str
    path: Path

    def line(self, key: str | None = None) -> int | None:
        """The line of ``key`` in this table (or of the table's header), as written."""
        current, header_line = "", None
        for number, line in enumerate(self.text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                current = header.group(1).replace(" ", "")
                # the table's own header, or else the first of its subtables (it has no header of its own)
                if current == self.name or (header_line is None and current.startswith(self.name + ".")):
                    header_line = number
                continue
            found = _KEY.match(line)
            if key is not None and current == self.name and found and found.group(1).strip("\"'") == key:
                return number
        return header_line if header_line is not None or not self.text else 1

    def fail(self, message: str, key: str | None = None) -> ConfigError:
        return ConfigError(f"[{self.name}] {message}", self.path, self.line(key))

    def sub(self, key: str) -> Table:
        value = self.values.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a table", key)
        table = Table(f"{self.name}.{key}", value, self.text, self.path)
        table.known()
        return table

    def known(self) -> None:
        """Refuse keys this table does not have: a typo would otherwise be silently ignored."""
        allowed = KEYS.get(self.name, ())
        for key in self.values:
            if allowed and key not in allowed:
                raise self.fail(f"unknown setting {key!r} (known: {', '.join(allowed)})", key)

    def string(self, key: str, default: str, pattern: re.Pattern[str] | None = None, what: str = "text") -> str:
        value = self.values.get(key, default)
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise self.fail(f"{key} must be {what}", key)
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, not {value!r}", key)
        return value

    def number(self, key: str, default: float, bounds: tuple[float, float], integer: bool = False) -> float:
        value = self.values.get(key, default)
        kinds = (int,) if integer else (int, float)
        # TOML's true is a bool, and bool is an int to Python: refuse it explicitly.
        if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
            raise self.fail(f"{key} must be a {'whole ' if integer else ''}number, not {value!r}", key)
        low, high = bounds
        if not low <= value <= high:
            shown = [str(int(bound)) if float(bound).is_integer() else str(bound) for bound in bounds]
            raise self.fail(f"{key} must be between {shown[0]} and {shown[1]}, not {value!r}", key)
        return value


def read_table(root: Path) -> Table:
    """``[tool.silkpress]`` of the project at ``root`` (empty when there is none)."""
    pyproject = root / "pyproject.toml"
    shown = Path("pyproject.toml")  # messages give paths relative to the project, as everywhere
    if not exists(pyproject):
        return Table("tool.silkpress", {}, "", shown)
    text = read_text(pyproject, "config", "pyproject.toml", root)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's error carries its position only in the message.
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else text.count("\n") + 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise ConfigError(f"invalid TOML: {message}", shown, line) from error
    tool = data.get("tool", {})
    value = tool.get("silkpress", {}) if isinstance(tool, dict) else {}
    table = Table("tool.silkpress", value if isinstance(value, dict) else {}, text, shown)
    if not isinstance(value, dict):
        raise table.fail("must be a table")
    table.known()
    return table


def sources(root: Path, table: Table) -> tuple[Path, ...]:
    """The bulletin sources: configured (inside the project only), or every source/*.yaml."""
    key = "source" if "source" in table.values else "sources"
    source = table.values.get(key)
    if source is None:
        paths = sorted((root / "source").glob("*.yaml")) + sorted((root / "source").glob("*.yml"))
        if not paths:
            if not table.text:
                raise ConfigError("no bulletin source: add source/<name>.yaml or set [tool.silkpress] source", table.path)
            raise table.fail("no bulletin source: add source/<name>.yaml or set source here")
        return tuple(paths)
    names = [source] if isinstance(source, str) else source
    if not isinstance(names, list) or not names or not all(isinstance(item, str) and item for item in names):
        raise table.fail(f"{key} must be a path or a list of paths", key)
    paths = []
    for name in names:
        path = Path(os.path.normpath(root / name))
        # A source outside the project would be published (PDF/A-3b attaches it): refuse it.
        if not path.is_relative_to(root):
            raise table.fail(f"{key} {name!r} is outside the project folder", key)
        paths.append(path)
    stems = [path.stem for path in paths]
    if len(paths) > 1 and (len(set(stems)) != len(stems) or not all(re.match(r"^[a-z0-9][a-z0-9-]*$", s) for s in stems)):
        raise table.fail(
            "with several bulletins, source file names become folder and catalog names: "
            "they must be unique and use lowercase letters, digits and '-'", key,
        )
    if any(len(stem) > MAX_NAME for stem in stems):
        raise table.fail(f"a source file name is longer than {MAX_NAME} characters", key)
    return tuple(paths)


def base_url(table: Table) -> str:
    value = table.string("base-url", "")
    parts = urlsplit(value)
    if value and (parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"[\s\x00-\x1f\x7f]", value)):
        raise table.fail(f"base-url must be an https: or http: URL, not {value!r}", "base-url")
    return value


def language_tags(table: Table, locales: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The configured tags, and a check that no two locales share a tag (a folder of dist/)."""
    tags = table.values.get("language-tags", {})
    if not isinstance(tags, dict) or not all(isinstance(v, str) and LANGUAGE_TAG.match(v) for v in tags.values()):
        raise table.fail("language-tags must map locale ids to BCP 47 tags such as 'uz-Latn'", "language-tags")
    folders: dict[str, str] = {}
    for locale in locales:
        tag = tags.get(locale, locale.replace("_", "-"))
        if tag.casefold() in folders:
            raise table.fail(f"locales {folders[tag.casefold()]!r} and {locale!r} would share the tag (and folder) {tag!r}",
                             "language-tags")
        folders[tag.casefold()] = locale
    return tuple(sorted(tags.items()))


def settings(table: Table) -> dict[str, Any]:
    """The optional settings, checked: domain, base URL, print and limits."""
    domain = table.string("domain", "bulletin", re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_NAME - 1}}}$"),
                          f"a plain name such as 'bulletin' (letters, digits, '-' and '_', at most {MAX_NAME})")
    printing, limits = table.sub("print"), table.sub("limits")
    event_break = printing.values.get("event-break", "continuous")
    if event_break not in EVENT_BREAKS:
        raise printing.fail(f"event-break must be one of {', '.join(EVENT_BREAKS)}", "event-break")
    variant = printing.values.get("pdf-variant", "pdf/ua-1")
    if variant not in PDF_VARIANTS:
        raise printing.fail(f"pdf-variant must be one of {', '.join(PDF_VARIANTS)}", "pdf-variant")
    contents = printing.values.get("contents", "auto")
    if contents not in CONTENTS:
        raise printing.fail(f"contents must be one of {', '.join(CONTENTS)}, not {contents!r}", "contents")
    min_events = printing.number("contents-min-events", CONTENTS_MIN_EVENTS, CONTENTS_MIN_RANGE, integer=True)
    timeout = limits.number("render-timeout", RENDER_TIMEOUT_SECONDS, TIMEOUT_RANGE)
    memory_mb = limits.number("render-memory-mb", RENDER_MEMORY_BYTES // 2**20, MEMORY_MB_RANGE, integer=True)
    return {
        "domain": domain, "base_url": base_url(table), "event_break": event_break,
        "pdf_variant": None if variant == "none" else variant, "render_timeout": float(timeout),
        "render_memory": int(memory_mb) * 2**20, "contents": contents, "contents_min_events": int(min_events),
        "maps": table.boolean("maps", True), "timeline": table.boolean("timeline", True),
    }


def logo(root: Path, table: Table) -> Path | None:
    """``[tool.silkpress.print] logo``: the publisher's logo for the PDF cover, an SVG file inside
    the project, read and checked now so that a bad one is a ``pyproject.toml:line`` error."""
    from .images import checked, path_problem

    printing = table.sub("print")
    if "logo" not in printing.values:
        return None
    name = printing.string("logo", "", re.compile(r"\S"), "the path of an SVG file")
    path = Path(os.path.normpath(root / name))
    problem = path_problem(name) or (None if path.is_relative_to(root) else "is outside the project folder")
    if problem:
        raise printing.fail(f"logo {name!r} {problem}", "logo")
    try:
        checked(path, "logo", name, root, svg_only=True)
    except SilkpressError as error:
        raise printing.fail(f"logo {name!r}: {error.message}", "logo") from error
    return path


def contents_page(mode: str, min_events: int, events: int) -> bool:
    """Whether a PDF with ``events`` events gets a contents page: ``always``, ``never``, or (``auto``)
    from ``min_events`` events on. Below that, the contents would be a page of a few lines, and
    the PDF's outline (its bookmarks) already leads to every event."""
    return mode == "always" or (mode == "auto" and events >= min_events)
