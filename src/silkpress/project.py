"""Find a silkpress project and read its configuration (``[tool.silkpress]`` in pyproject.toml)."""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .errors import ConfigError
from .limits import LANGUAGE_TAG, LOCALE_ID, RENDER_MEMORY_BYTES, RENDER_TIMEOUT_SECONDS

logger = logging.getLogger(__name__)

DEFAULT_LOCALES = ("zh_Hans", "en", "ru", "kk", "uz")
EVENT_BREAKS = ("continuous", "page")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "none")


@dataclass(frozen=True)
class Config:
    """A project's settings, with every path absolute."""

    root: Path
    source: Path
    domain: str
    locales: tuple[str, ...]
    source_locale: str
    base_url: str = ""
    event_break: str = "continuous"
    """``continuous`` (default) or ``page``: whether each event starts a new PDF page."""
    pdf_variant: str | None = "pdf/ua-1"
    """The default PDF variant: ``pdf/ua-1`` (tagged, accessible), ``pdf/a-3b`` or None."""
    render_timeout: float = RENDER_TIMEOUT_SECONDS
    render_memory: int = RENDER_MEMORY_BYTES
    tags: tuple[tuple[str, str], ...] = ()
    sources: tuple[Path, ...] = ()
    """Every bulletin of the project; ``source`` is the one this config is about."""
    subfolder: str = ""
    """For one bulletin of several: its folder under dist/ (and its catalog domain)."""
    """BCP 47 tags for locales whose tag is not the Babel id with '-' (``[tool.silkpress.language-tags]``)."""

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist" / self.subfolder if self.subfolder else self.root / "dist"

    @property
    def several(self) -> bool:
        return len(self.sources) > 1

    def views(self) -> list[Config]:
        """One config per bulletin. With several bulletins, each has its own catalog domain and
        dist/ folder, both named after its source file (``source/<name>.yaml``)."""
        if not self.several:
            return [self]
        return [
            replace(self, source=path, sources=(path,), domain=path.stem, subfolder=path.stem)
            for path in self.sources
        ]

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, for messages and references."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def catalog_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{self.domain}.po"

    @property
    def template_path(self) -> Path:
        return self.locales_dir / f"{self.domain}.pot"


def _fail(message: str, path: Path, line: int | None = None) -> ConfigError:
    return ConfigError(message, path, line)


def load_project(root: str | Path = ".") -> Config:
    """Read the project at ``root``; raise :class:`ConfigError` if it is not one."""
    root = Path(root).resolve()
    pyproject = root / "pyproject.toml"
    if not root.is_dir():
        raise ConfigError("project directory not found", root)
    table: dict[str, object] = {}
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            # Python 3.11's error carries its position only in the message.
            found = re.search(r"\(at line (\d+), column \d+\)", str(error))
            line = int(found.group(1)) if found else text.count("\n") + 1
            message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
            raise _fail(f"invalid TOML: {message}", pyproject, line) from error
        table = data.get("tool", {}).get("silkpress", {})
    if not table and not (root / "source").is_dir():
        raise ConfigError("not a silkpress project (no [tool.silkpress] in pyproject.toml and no source/)", root)

    source = table.get("source", table.get("sources"))
    if source is None:
        paths = sorted((root / "source").glob("*.yaml")) + sorted((root / "source").glob("*.yml"))
        if not paths:
            raise _fail("no bulletin source: add source/<name>.yaml or set [tool.silkpress] source", pyproject)
    elif isinstance(source, str):
        paths = [root / source]
    elif isinstance(source, list) and source and all(isinstance(item, str) for item in source):
        paths = [root / item for item in source]
    else:
        raise _fail("[tool.silkpress] source must be a path or a list of paths", pyproject)
    if len(paths) > 1:
        stems = [path.stem for path in paths]
        bad = [stem for stem in stems if not re.match(r"^[a-z0-9][a-z0-9-]*$", stem)]
        if bad or len(set(stems)) != len(stems):
            raise _fail(
                "with several bulletins, source file names become folder and catalog names: "
                "they must be unique and use lowercase letters, digits and '-'",
                pyproject,
            )
    source_path = paths[0]

    domain = table.get("domain", "bulletin")
    if not isinstance(domain, str) or not domain.replace("-", "").replace("_", "").isalnum():
        raise _fail("[tool.silkpress] domain must be a plain name such as 'bulletin'", pyproject)

    locales = table.get("locales", list(DEFAULT_LOCALES))
    if not isinstance(locales, list) or not locales or not all(isinstance(x, str) for x in locales):
        raise _fail("[tool.silkpress] locales must be a non-empty list of locale ids", pyproject)
    for locale in locales:
        check_locale(locale, pyproject)
    if len(set(locales)) != len(locales):
        raise _fail("[tool.silkpress] locales lists a locale twice", pyproject)

    source_locale = table.get("source-locale", "en")
    if source_locale not in locales:
        raise _fail(f"[tool.silkpress] source-locale {source_locale!r} is not among the locales", pyproject)
    base_url = table.get("base-url", "")
    if not isinstance(base_url, str):
        raise _fail("[tool.silkpress] base-url must be a string", pyproject)

    tags = table.get("language-tags", {})
    if not isinstance(tags, dict) or not all(isinstance(v, str) and LANGUAGE_TAG.match(v) for v in tags.values()):
        raise _fail("[tool.silkpress.language-tags] must map locale ids to BCP 47 tags such as 'uz-Latn'", pyproject)

    print_table = table.get("print", {})
    if not isinstance(print_table, dict):
        raise _fail("[tool.silkpress.print] must be a table", pyproject)
    event_break = print_table.get("event-break", "continuous")
    if event_break not in EVENT_BREAKS:
        raise _fail(f"[tool.silkpress.print] event-break must be one of {', '.join(EVENT_BREAKS)}", pyproject)
    variant = print_table.get("pdf-variant", "pdf/ua-1")
    if variant not in PDF_VARIANTS:
        raise _fail(f"[tool.silkpress.print] pdf-variant must be one of {', '.join(PDF_VARIANTS)}", pyproject)

    limits = table.get("limits", {})
    timeout = limits.get("render-timeout", RENDER_TIMEOUT_SECONDS) if isinstance(limits, dict) else None
    memory_mb = limits.get("render-memory-mb", RENDER_MEMORY_BYTES // 2**20) if isinstance(limits, dict) else None
    if not isinstance(timeout, (int, float)) or timeout <= 0 or not isinstance(memory_mb, int) or memory_mb < 64:
        raise _fail("[tool.silkpress.limits] needs render-timeout > 0 (seconds) and render-memory-mb >= 64", pyproject)

    return Config(
        root=root,
        sources=tuple(paths),
        render_timeout=float(timeout),
        render_memory=memory_mb * 2**20,
        event_break=event_break,
        pdf_variant=None if variant == "none" else variant,
        tags=tuple(sorted(tags.items())),
        source=source_path,
        domain=domain,
        locales=tuple(locales),
        source_locale=source_locale,
        base_url=base_url,
    )


def check_locale(locale: str, where: Path | str | None = None) -> Locale:
    """Parse a locale id as CLDR knows it (``zh_Hans``, ``uz``), or raise ConfigError.

    The id is checked against a strict pattern before Babel sees it, since ids
    become file paths (Babel's own CVE-2021-42771 was a traversal there).
    """
    if not isinstance(locale, str) or not LOCALE_ID.match(locale):
        raise ConfigError(f"malformed locale id {locale!r} (expected ll, ll_Script or ll_RR, such as kk or zh_Hans)", where)
    try:
        return Locale.parse(locale)
    except (ValueError, UnknownLocaleError) as error:
        raise ConfigError(f"unknown locale {locale!r}", where) from error
