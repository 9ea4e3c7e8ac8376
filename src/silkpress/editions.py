"""Editions: one locale's catalog, localized bulletin and template environment, and what a
build records of where they came from (provenance)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterable, Literal

import jinja2
from markupsafe import Markup

from . import __version__
from .cache import file_digest
from .catalogs import Translations, load_translations, translations_from_po
from .diagnostics import Diagnostic
from .errors import CatalogError
from .fonts import FontFace, font_face_css
from .html import make_environment, render_template
from .i18n.pofile import PoFile
from .localization import LocalizedBulletin, localize
from .profiles import LocaleProfile, faces_for, stack_for
from .theme.messages import theme_translations
from .typography import Typesetter, typesetter

if TYPE_CHECKING:
    from .i18n.stats import CatalogStats
    from .model import BulletinSource
    from .project import Bulletin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Edition:
    """One locale's localized bulletin, with what every format needs to render it."""

    locale: str
    tag: str
    name: str
    """The language's own name for itself (from the catalog), for choosers and switchers: plain
    text, which templates escape like any other."""
    profile: LocaleProfile
    localized: LocalizedBulletin
    translations: Translations
    env: jinja2.Environment
    typeset: Typesetter = Typesetter()
    """The typography pass for this edition's pages: its language's rules, and the source
    language's for the units a draft shows untranslated."""

    @property
    def direction(self) -> str:
        return self.localized.direction

    @property
    def title(self) -> str:
        return self.localized.title.text

    def font_css(self, url_for: Callable[[FontFace], str]) -> Markup:
        """@font-face rules, font stack and typography for this edition's own pages."""
        # Built by our code with every string CSS-escaped, so it is safe inside <style>.
        return Markup(font_face_css(self.profile.faces, self.profile.font_stack, url_for, self.profile.typography_css()))


def shared_font_css(locales: Iterable[str], url_for: Callable[[FontFace], str]) -> Markup:
    """Fonts for a page that shows text of several locales (the chooser, the status page)."""
    locales = list(locales)
    return Markup(font_face_css(faces_for(locales), stack_for(locales), url_for))


def load_edition(
    bulletin: Bulletin, source: BulletinSource, locale: str, catalog: PoFile | None | Literal["read"] = "read",
    draft: bool = False,
) -> Edition:
    """One locale's edition; pass ``catalog`` when it is already parsed (None: there is none). A
    ``draft`` edition marks the interface strings its catalogs do not translate, as it marks
    bulletin text (never in the source locale's edition, which is the original)."""
    project = bulletin.project
    path = bulletin.catalog_path(locale)
    shown = project.relative(path)
    required = locale != project.source_locale
    if catalog == "read":
        translations = load_translations(path, locale, shown, required=required, root=project.locales_dir)
    elif catalog is None:
        if required:
            raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", shown)
        translations = Translations(locale)
    else:
        translations = translations_from_po(catalog, locale, path, shown)
    profile = project.profile(locale)
    localized = localize(source, translations, project.source_locale, dict(project.tags))
    # Interface strings: the project's catalog, then the theme's, then CLDR for the language's name.
    interface = translations.over(theme_translations(locale), {AUTONYM: autonym(locale)})
    marks = draft and locale != project.source_locale
    env = make_environment(project.template_folders, interface, shown, localized.source_tag if marks else None, localized.style)
    # The fragment is HTML (the msgstr escaped); the name is its text, which every page escapes once.
    name = Markup(render_template(env, "_language.html", project.root)).striptags()
    rules = {localized.source_tag: project.profile(project.source_locale).text_rules, localized.tag: profile.text_rules}
    return Edition(locale, localized.tag, name, profile, localized, translations, env, typesetter(rules))


AUTONYM = ("language name", "English")
"""The message that names a language in its own language (templates/_language.html)."""


def autonym(locale: str) -> str:
    """The language's name in itself, from CLDR ("Deutsch", "Беларуская"), capitalized as a label."""
    from babel import Locale

    parsed = Locale.parse(locale)
    name = parsed.languages.get(parsed.language) or parsed.get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def release_problems(bulletin: Bulletin, locales: Iterable[str]) -> list[Diagnostic]:
    """What stops a release: every check error, and every fuzzy or untranslated message, a
    message whose current source text the catalog lacks included (the checks measure each
    catalog against the current extraction)."""
    from .i18n.checks import check_project

    return [
        replace(d, severity="error") if d.check in ("fuzzy", "untranslated") else d
        for d in check_project(bulletin, locales)
        if d.severity == "error" or d.check in ("fuzzy", "untranslated")
    ]


@dataclass(frozen=True)
class Provenance:
    """What the editions were made from, for the PDFs' metadata and the manifest."""

    source_path: str
    source_sha256: str
    catalogs: dict[str, dict[str, object]]

    def pdf_metadata(self, locale: str) -> dict[str, str]:
        catalog = self.catalogs.get(locale, {})
        return {
            "SilkpressVersion": __version__,
            "SourceSHA256": self.source_sha256,
            "CatalogSHA256": str(catalog.get("sha256", "")),
            "CatalogCompleteness": f"{catalog.get('percent', 100.0)}%",
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "silkpress": __version__,
            "source": {"path": self.source_path, "sha256": self.source_sha256},
            "catalogs": self.catalogs,
        }


def provenance(bulletin: Bulletin, stats: dict[str, CatalogStats]) -> Provenance:
    project = bulletin.project

    def sha256(path) -> str:  # noqa: ANN001
        return file_digest(path) if path.exists() else ""

    return Provenance(
        source_path=bulletin.shown,
        source_sha256=sha256(bulletin.source),
        catalogs={
            locale: {
                "path": project.relative(bulletin.catalog_path(locale)),
                "sha256": sha256(bulletin.catalog_path(locale)),
                "percent": round(stats[locale].percent, 1),
            }
            for locale in project.locales
            if locale in stats
        },
    )
