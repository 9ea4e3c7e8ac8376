"""Find a silkpress project and read its configuration (``[tool.silkpress]`` in pyproject.toml).

A :class:`Project` holds what is shared (locales, folders, print and limit settings); each of
its :class:`Bulletin` s is one source file with its own catalog domain and output folder.
Commands take the project and iterate over ``project.bulletins``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .errors import ConfigError
from .inputs import exists, read_text
from .limits import LANGUAGE_TAG, LOCALE_ID, RENDER_MEMORY_BYTES, RENDER_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from .model import BulletinSource
    from .profiles import LocaleProfile

logger = logging.getLogger(__name__)

EVENT_BREAKS = ("continuous", "page")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "none")
STATE_DIR = ".silkpress"
"""The one folder of build state (caches, the build lock): ignored by git, never published."""
INPUT_FOLDERS = ("source", "locales", "templates")


def state_dir(out_dir: Path) -> Path:
    """The one folder of build state for an output folder (its lock, caches and temporary files):
    ``<parent>/.silkpress/<name>``, beside the output and never inside it, so it is never published."""
    return out_dir.parent / STATE_DIR / out_dir.name


@dataclass(frozen=True)
class Project:
    """A project's settings, with every path absolute."""

    root: Path
    sources: tuple[Path, ...]
    domain: str = "bulletin"
    """The catalog domain of a project with one bulletin (with several, each is named by its file)."""
    locales: tuple[str, ...] = ("en",)
    source_locale: str = "en"
    base_url: str = ""
    tags: tuple[tuple[str, str], ...] = ()
    """BCP 47 tags for locales whose tag is not the CLDR id with '-' (``[tool.silkpress.language-tags]``)."""
    event_break: str = "continuous"
    """``continuous`` (default) or ``page``: whether each event starts a new PDF page."""
    pdf_variant: str | None = "pdf/ua-1"
    """The default PDF variant: ``pdf/ua-1`` (tagged, accessible), ``pdf/a-3b`` or None."""
    render_timeout: float = RENDER_TIMEOUT_SECONDS
    render_memory: int = RENDER_MEMORY_BYTES

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def termbase_path(self) -> Path:
        return self.locales_dir / "termbase.tsv"

    @property
    def several(self) -> bool:
        return len(self.sources) > 1

    @cached_property
    def bulletins(self) -> tuple[Bulletin, ...]:
        """Each bulletin of the project. With several, each has its own catalog domain and
        dist/ folder, both named after its source file (``source/<name>.yaml``)."""
        if not self.several:
            return (Bulletin(self, self.sources[0], self.domain, ""),)
        return tuple(Bulletin(self, path, path.stem, path.stem) for path in self.sources)

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, for messages and references."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def tag(self, locale: str) -> str:
        """The BCP 47 tag of a locale: ``zh_Hans`` -> ``zh-Hans`` unless configured otherwise."""
        return dict(self.tags).get(locale, locale.replace("_", "-"))

    def profile(self, locale: str) -> LocaleProfile:
        from .profiles import profile_for

        return profile_for(locale)

    def input_files(self) -> Iterator[Path]:
        """Every file a build reads, wherever it lives: the configuration, the sources (also
        outside source/), and everything under source/, locales/ and templates/."""
        yield self.root / "pyproject.toml"
        yield from self.sources
        for folder in INPUT_FOLDERS:
            yield from sorted(p for p in (self.root / folder).rglob("*") if p.is_file() and p.suffix != ".mo")


@dataclass(frozen=True)
class Bulletin:
    """One bulletin of a project: its source, its catalogs and its output folder."""

    project: Project
    source: Path
    domain: str
    subfolder: str
    """Its folder under the output folder: empty when it is the project's only bulletin."""

    @property
    def name(self) -> str:
        return self.source.stem

    @property
    def shown(self) -> str:
        """The source path as messages and catalog references give it."""
        return self.project.relative(self.source)

    def catalog_path(self, locale: str) -> Path:
        return self.project.locales_dir / locale / "LC_MESSAGES" / f"{self.domain}.po"

    @property
    def template_path(self) -> Path:
        return self.project.locales_dir / f"{self.domain}.pot"

    def out_dir(self, top: Path) -> Path:
        return top / self.subfolder if self.subfolder else top

    def load(self) -> BulletinSource:
        """The bulletin's source, read and validated."""
        from .source import load_bulletin

        return load_bulletin(self.source, self.shown, self.project.root)


def _fail(message: str, path: Path, line: int | None = None) -> ConfigError:
    return ConfigError(message, path, line)


def _read_table(root: Path) -> dict[str, Any]:
    pyproject = root / "pyproject.toml"
    if not exists(pyproject):
        return {}
    text = read_text(pyproject, "config", "pyproject.toml", root)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's error carries its position only in the message.
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else text.count("\n") + 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise _fail(f"invalid TOML: {message}", pyproject, line) from error
    table = data.get("tool", {}).get("silkpress", {})
    if not isinstance(table, dict):
        raise _fail("[tool.silkpress] must be a table", pyproject)
    return table


def _sources(root: Path, table: dict[str, Any], pyproject: Path) -> tuple[Path, ...]:
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
    return tuple(paths)


def _locales(table: dict[str, Any], pyproject: Path, validate: bool) -> tuple[tuple[str, ...], str]:
    source_locale = table.get("source-locale", "en")
    if not isinstance(source_locale, str):
        raise _fail("[tool.silkpress] source-locale must be a locale id such as 'en'", pyproject)
    locales = table.get("locales", [source_locale])
    if not isinstance(locales, list) or not locales or not all(isinstance(x, str) for x in locales):
        raise _fail("[tool.silkpress] locales must be a non-empty list of locale ids", pyproject)
    for locale in locales:
        check_locale(locale, pyproject, known=validate)
    if len(set(locales)) != len(locales):
        raise _fail("[tool.silkpress] locales lists a locale twice", pyproject)
    if source_locale not in locales:
        raise _fail(f"[tool.silkpress] source-locale {source_locale!r} is not among the locales", pyproject)
    return tuple(locales), source_locale


def _settings(table: dict[str, Any], pyproject: Path) -> dict[str, Any]:
    """The optional settings, checked: base URL, language tags, print and limits."""
    domain = table.get("domain", "bulletin")
    if not isinstance(domain, str) or not domain.replace("-", "").replace("_", "").isalnum():
        raise _fail("[tool.silkpress] domain must be a plain name such as 'bulletin'", pyproject)
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
    return {
        "domain": domain, "base_url": base_url, "tags": tuple(sorted(tags.items())), "event_break": event_break,
        "pdf_variant": None if variant == "none" else variant, "render_timeout": float(timeout),
        "render_memory": memory_mb * 2**20,
    }


def load_project(root: str | Path = ".", validate: bool = True) -> Project:
    """Read the project at ``root``; raise :class:`ConfigError` if it is not one.

    ``validate=False`` skips what needs CLDR (each locale id and its profile): for the build's
    no-op fast path, which only asks whether any input changed since a build that succeeded.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError("project directory not found", root)
    pyproject = root / "pyproject.toml"
    table = _read_table(root)
    if not table and not (root / "source").is_dir():
        raise ConfigError("not a silkpress project (no [tool.silkpress] in pyproject.toml and no source/)", root)
    locales, source_locale = _locales(table, pyproject, validate)
    project = Project(root, _sources(root, table, pyproject), locales=locales, source_locale=source_locale,
                      **_settings(table, pyproject))
    for locale in locales if validate else ():  # every locale needs a profile: its script's fonts above all
        try:
            project.profile(locale)
        except ConfigError as error:
            raise _fail(f"[tool.silkpress] locales: {error.message}", pyproject) from error
    return project


def check_locale(locale: str, where: Path | str | None = None, known: bool = True) -> None:
    """Check a locale id as CLDR knows it (``zh_Hans``, ``uz``), or raise ConfigError.

    The id is checked against a strict pattern before Babel sees it, since ids
    become file paths (Babel's own CVE-2021-42771 was a traversal there). With
    ``known=False``, only the pattern is checked.
    """
    if not isinstance(locale, str) or not LOCALE_ID.match(locale):
        raise ConfigError(f"malformed locale id {locale!r} (expected ll, ll_Script or ll_RR, such as kk or zh_Hans)", where)
    if not known:
        return
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError) as error:
        raise ConfigError(f"unknown locale {locale!r}", where) from error
