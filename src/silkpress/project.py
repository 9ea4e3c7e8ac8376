"""Find a silkpress project and read its configuration (``[tool.silkpress]`` in pyproject.toml).

A :class:`Project` holds what is shared (locales, folders, print and limit settings); each of
its :class:`Bulletin` s is one source file with its own catalog domain and output folder.
Commands take the project and iterate over ``project.bulletins``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .configuration import Table, language_tags, logo, read_table, settings, sources
from .errors import ConfigError
from .limits import LOCALE_ID, RENDER_MEMORY_BYTES, RENDER_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from .html import TemplateFolder
    from .model import BulletinSource
    from .profiles import LocaleProfile

logger = logging.getLogger(__name__)

STATE_DIR = ".silkpress"
"""The one folder of build state (caches, the build lock): ignored by git, never published."""
INPUT_FOLDERS = ("source", "locales", "templates", "releases")


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
    contents: str = "auto"
    """Whether PDFs get a contents page: ``auto`` (from ``contents_min_events`` events on), ``always``, ``never``."""
    contents_min_events: int = 4
    logo: Path | None = None
    """The publisher's logo on the PDF cover: an SVG file inside the project (``[tool.silkpress.print] logo``)."""
    maps: bool = True
    """Whether each event gets a locator map (``[tool.silkpress] maps``; an event may say ``map: false``)."""
    timeline: bool = True
    """Whether the contents get the year's timeline (``[tool.silkpress] timeline``)."""

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def template_folders(self) -> tuple[TemplateFolder, ...]:
        """Where templates are found, file by file: the project's own templates/, then the theme's."""
        from .html import TemplateFolder
        from .theme import SHOWN, TEMPLATES

        return (TemplateFolder(self.templates_dir, "templates"), TemplateFolder(TEMPLATES, f"{SHOWN}/templates"))

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

    def require_locales(self, locales: Iterable[str]) -> None:
        """Refuse any of ``locales`` that is not configured (a command's LOCALE arguments)."""
        for locale in locales:
            if locale not in self.locales:
                raise ConfigError(f"locale {locale!r} is not configured (configured: {', '.join(self.locales)})")

    def profile(self, locale: str) -> LocaleProfile:
        from .profiles import profile_for

        return profile_for(locale)

    def _pictures(self) -> Iterator[Path]:
        """The cover pictures the sources name (``image:``), wherever they live: a cheap scan, not a
        parse, so the no-op check stays fast; a name that is no file is the loader's error to report."""
        for source in self.sources:
            try:
                text = source.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for name in re.findall(r"^\s*image:\s*[\"']?([^\"'\n#]+?)[\"']?\s*(?:#.*)?$", text, re.M):
                picture = Path(os.path.normpath(source.parent / name.strip()))
                if picture.is_file():
                    yield picture

    def input_files(self) -> Iterator[Path]:
        """Every file a build reads, wherever it lives: the configuration, the sources (also
        outside source/), and everything under source/, locales/, templates/ and releases/ (the
        records a release compares with)."""
        yield self.root / "pyproject.toml"
        yield from self.sources
        if self.logo is not None:
            yield self.logo
        yield from self._pictures()
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


def _locales(table: Table, validate: bool) -> tuple[tuple[str, ...], str]:
    source_locale = table.string("source-locale", "en", what="a locale id such as 'en'")
    locales = table.values.get("locales", [source_locale])
    if not isinstance(locales, list) or not locales or not all(isinstance(x, str) for x in locales):
        raise table.fail("locales must be a non-empty list of locale ids", "locales")
    for locale in locales:
        try:
            check_locale(locale, known=validate)
        except ConfigError as error:
            raise table.fail(f"locales: {error.message}", "locales") from error
    if len(set(locales)) != len(locales):
        raise table.fail("locales lists a locale twice", "locales")
    if source_locale not in locales:
        raise table.fail(f"source-locale {source_locale!r} is not among the locales", "source-locale")
    return tuple(locales), source_locale


def load_project(root: str | Path = ".", validate: bool = True) -> Project:
    """Read the project at ``root``; raise :class:`ConfigError` if it is not one.

    ``validate=False`` skips what needs CLDR (each locale id and its profile): for the build's
    no-op fast path, which only asks whether any input changed since a build that succeeded.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError("project directory not found", root)
    table = read_table(root)
    if not table.values and not (root / "source").is_dir():
        raise ConfigError("not a silkpress project (no [tool.silkpress] in pyproject.toml and no source/)", root)
    locales, source_locale = _locales(table, validate)
    project = Project(root, sources(root, table), locales=locales, source_locale=source_locale,
                      tags=language_tags(table, locales), logo=logo(root, table), **settings(table))
    for locale in locales if validate else ():  # every locale needs a profile: its script's fonts above all
        try:
            project.profile(locale)
        except ConfigError as error:
            raise table.fail(f"locales: {error.message}", "locales") from error
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
