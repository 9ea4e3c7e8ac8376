"""The pipeline: source -> catalogs -> localize -> HTML -> PDF -> output.

Everything is rendered in memory first and written only when every edition
succeeded, so a failed build never leaves a half-updated ``dist/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Literal

import jinja2
from markupsafe import Markup

from . import __version__
from .cache import JobCache, file_digest, job_key
from .catalogs import Translations, load_translations, translations_from_po
from .diagnostics import Diagnostic
from .errors import CatalogError, CheckError, ConfigError, RenderError, SilkpressError
from .fonts import FONTS_DIR, FontFace, faces_for, font_face_css, font_stack
from .glyphs import EditionInputs, missing_glyphs, shown_texts
from .html import make_environment, read_template_file, render_template
from .i18n.checks import check_project
from .i18n.extract import extract_messages
from .i18n.pofile import PoFile
from .i18n.stats import CatalogStats, catalog_stats, read_catalog
from .localization import LocalizedBulletin, language_tag, localize
from .model import Bulletin
from .output import ManifestEntry, OutputLock, Publication
from .pdf import (
    FONTS_PLACEHOLDER,
    AttachedFile,
    DaskRenderer,
    PdfJob,
    PdfRenderer,
    hyphenation_language,
)
from .project import Config
from .source import load_bulletin
from .web import Links, file_size, json_ld, og_locale

logger = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Edition:
    """One locale's localized bulletin with the links every page needs."""

    locale: str
    tag: str
    name: str
    direction: str
    title: str
    href: str
    pdf_name: str
    localized: LocalizedBulletin
    translations: Translations
    env: jinja2.Environment


@dataclass(frozen=True)
class EditionReport:
    locale: str
    tag: str
    fallbacks: tuple[str, ...]
    seconds: dict[str, float]


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    written: tuple[str, ...]
    manifest: tuple[ManifestEntry, ...]
    editions: tuple[EditionReport, ...]
    seconds: float
    excluded: tuple[str, ...] = ()
    """Locales left out by ``min_complete``."""
    failures: tuple[SilkpressError, ...] = ()
    """What could not be built in a draft build (the rest was); empty in a release."""
    title: str = ""
    """The bulletin's title in the source language."""


def load_edition(config: Config, bulletin: Bulletin, locale: str, catalog: PoFile | None | Literal["read"] = "read") -> Edition:
    """One locale's catalog, localized bulletin and template environment (pass ``catalog`` if already parsed)."""
    path = config.catalog_path(locale)
    if catalog == "read":
        translations = load_translations(path, locale, config.relative(path), required=locale != config.source_locale)
    elif catalog is None:
        if locale != config.source_locale:
            raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", config.relative(path))
        translations = Translations(locale)
    else:
        translations = translations_from_po(catalog, locale, path, config.relative(path))
    localized = localize(bulletin, translations, config.source_locale, dict(config.tags))
    env = make_environment(config.templates_dir, translations)
    name = render_template(env, "_language.html", config.root).strip()
    return Edition(
        locale=locale,
        tag=localized.tag,
        name=name,
        direction=localized.direction,
        title=localized.title.text,
        href=f"{localized.tag}/index.html",
        pdf_name=f"{bulletin.id}-{localized.tag}.pdf",
        localized=localized,
        translations=translations,
        env=env,
    )


def load_editions(config: Config, bulletin: Bulletin) -> list[Edition]:
    return [load_edition(config, bulletin, locale) for locale in config.locales]


def _font_css(locale: str, url_for: Callable[[FontFace], str]) -> Markup:
    # Built by our code with every string CSS-escaped, so it is safe inside <style>.
    return Markup(font_face_css(locale, url_for))


def _switcher(editions: list[Edition], prefix: str) -> list[dict[str, str]]:
    return [
        {"locale": e.locale, "tag": e.tag, "name": e.name, "href": prefix + e.href, "title": e.title, "direction": e.direction}
        for e in editions
    ]


def release_problems(config: Config, locales: Iterable[str]) -> list[Diagnostic]:
    """What stops a release: every check error, and every fuzzy or untranslated message."""
    return [
        replace(d, severity="error") if d.check in ("fuzzy", "untranslated") else d
        for d in check_project(config, locales)
        if d.severity == "error" or d.check in ("fuzzy", "untranslated")
    ]


def build(
    config: Config,
    locales: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    release: bool = False,
    min_complete: float | None = None,
    pdf_variant: str | None | Literal["default"] = "default",
    base_url: str | None = None,
    archive: bool = False,
    force: bool = False,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> BuildResult:
    """Build the requested editions into ``out_dir`` (default: the project's ``dist/``).

    Draft builds (the default) show untranslated and fuzzy units in the source
    language, marked. ``release`` refuses (CheckError, nothing written) when a
    requested edition has any such unit or any check error. ``min_complete``
    publishes only the locales whose catalogs are at least that many percent
    translated; the others are left out of the chooser and the manifest, and
    their old editions are removed from the output folder. ``pdf_variant`` is
    ``pdf/ua-1``, ``pdf/a-3b`` (with the source and catalog attached) or None;
    by default the project's setting (``pdf/ua-1`` unless configured).
    ``base_url`` (default: the project's ``base-url``) makes canonical,
    alternate, OpenGraph and sitemap URLs absolute. ``archive`` also writes
    reproducible zips: one per edition and one of everything, in ``archives/``.
    A PDF whose inputs did not change since the last build is not rendered again
    unless ``force``; ``jobs`` PDFs render at a time (default: one per CPU).
    ``executor="dask"`` renders them on the Dask cluster at ``scheduler`` instead.
    """
    started = time.perf_counter()
    say = progress or (lambda message: None)
    wanted_formats = tuple(formats or FORMATS)
    for fmt in wanted_formats:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    wanted = tuple(locales or config.locales)
    for locale in wanted:
        if locale not in config.locales:
            raise ConfigError(f"locale {locale!r} is not configured (configured: {', '.join(config.locales)})")
    out = Path(out_dir or config.dist_dir).resolve()

    with OutputLock(out) as lock:
        if lock.stale_pid:
            say(f"cleared a stale build lock left by pid {lock.stale_pid}")
        results = []
        for view in config.views():
            if config.several:
                say(f"{view.subfolder}:")
            results.append(
                _build_locked(
                    view, wanted, wanted_formats, out / view.subfolder if config.several else out, say, started, release,
                    min_complete, pdf_variant, base_url, archive, force, jobs, executor, scheduler, out,
                )
            )
        if not config.several:
            return results[0]
        return _publish_bulletins(config, out, results, started)


def _publish_bulletins(config: Config, out: Path, results: list[BuildResult], started: float) -> BuildResult:
    """With several bulletins: a page listing them, and one manifest for the whole of dist/."""
    env = make_environment(config.templates_dir, load_translations(
        config.catalog_path(config.source_locale), config.source_locale, required=False
    ))
    page = render_template(
        env,
        "bulletins.html",
        config.root,
        bulletins=[{"href": f"{r.out_dir.name}/index.html", "title": r.title} for r in results],
        source_tag=language_tag(config.source_locale, dict(config.tags)),
    )
    prefixes = {f"{r.out_dir.name}/{e.tag}": e.locale for r in results for e in r.editions}
    with Publication(out, prefixes, "all", {"bulletins": [r.out_dir.name for r in results]}, tmp_root=out) as publication:
        written = publication.write({"index.html": page.encode("utf-8")})
    return BuildResult(
        out_dir=out,
        written=tuple(f"{r.out_dir.name}/{path}" for r in results for path in r.written) + tuple(written),
        manifest=publication.manifest,
        editions=tuple(e for r in results for e in r.editions),
        seconds=time.perf_counter() - started,
        excluded=tuple(locale for r in results for locale in r.excluded),
        failures=tuple(f for r in results for f in r.failures),
        title="",
    )


def _build_locked(
    config: Config,
    wanted: tuple[str, ...],
    wanted_formats: tuple[str, ...],
    out: Path,
    say: Progress,
    started: float,
    release: bool,
    min_complete: float | None,
    pdf_variant: str | None | Literal["default"],
    base_url: str | None,
    archive: bool,
    force: bool,
    jobs_count: int | None,
    executor: str,
    scheduler: str | None,
    state: Path,
) -> BuildResult:
    bulletin = load_bulletin(config.source, config.relative(config.source))
    variant = config.pdf_variant if pdf_variant == "default" else pdf_variant
    if variant not in (None, "pdf/ua-1", "pdf/a-3b"):
        raise ConfigError(f"unknown PDF variant {variant!r} (choose pdf/ua-1, pdf/a-3b or none)")
    # Draft builds go on without a locale whose files are broken: it is reported, and its
    # previous edition stays in place. A release stops at the first error.
    failures: list[SilkpressError] = []
    editions: list[Edition] = []
    stats: dict[str, CatalogStats] = {}
    for locale in config.locales:
        try:
            catalog = read_catalog(config, locale)  # parsed once, for the progress and the edition
            stats[locale] = catalog_stats(config, locale, catalog)
            editions.append(load_edition(config, bulletin, locale, catalog))
        except SilkpressError as error:
            if release:
                raise
            failures.append(error)
            stats.pop(locale, None)
            say(f"{locale}: not built: {error}")
    excluded = tuple(
        e.locale
        for e in editions
        if min_complete is not None and e.locale != config.source_locale and stats[e.locale].percent < min_complete
    )
    for locale in excluded:
        say(f"{locale}: left out, {stats[locale].percent:.0f}% translated (below {min_complete:g}%)")
    editions = [e for e in editions if e.locale not in excluded]
    if release:
        problems = release_problems(config, [locale for locale in wanted if locale not in excluded])
        if problems:
            raise CheckError(f"release refused: {len(problems)} problem(s); nothing was written", problems)
    if not any(e.locale == config.source_locale for e in editions):
        raise failures[0] if failures else ConfigError("the source locale could not be built")
    building = [e for e in editions if e.locale in wanted]
    cache = JobCache(out, state)
    provenance = _provenance(config, stats)
    files: dict[str, bytes] = {}
    seconds: dict[str, dict[str, float]] = {e.locale: {} for e in building}

    if "pdf" in wanted_formats:
        jobs = _pdf_jobs(config, bulletin, building, provenance, variant)
        keys = {job.name: job_key(job, [face.path for face in faces_for(locale)]) for locale, job in jobs.items()}
        stale = {locale for locale, job in jobs.items() if force or not cache.fresh(job.name, keys[job.name])}
        # A fresh job passed the glyph gate when it was rendered: its inputs have not changed since.
        broken = _glyph_gate(config, bulletin, [e for e in building if e.locale in stale])
        failures.extend(broken.values())
        if broken and release:
            raise CheckError(
                "release refused: characters missing from the fonts", [d for e in broken.values() for d in e.diagnostics]
            )
        todo = [job for locale, job in jobs.items() if locale in stale and locale not in broken]
        results: dict[str, bytes | RenderError] = {}
        renderer = None
        if todo and executor == "dask":
            if not scheduler:
                raise ConfigError("the Dask executor needs --scheduler tcp://HOST:PORT")
            renderer = DaskRenderer(scheduler, config.render_timeout)
        elif todo:  # WeasyPrint is imported only when something must be rendered
            renderer = PdfRenderer((FONTS_DIR, config.templates_dir), config.render_timeout, config.render_memory, jobs_count)
        if todo:
            counter = iter(range(1, len(todo) + 1))
            results = renderer.render_many(
                todo, progress=lambda name, result: say(f"[{next(counter)}/{len(todo)}] {name}")
            )
        for edition in building:
            job = jobs.get(edition.locale)
            if job is None:
                continue
            if job.name not in results:
                seconds[edition.locale]["pdf (unchanged)"] = 0.0
                continue
            result = results[job.name]
            if isinstance(result, SilkpressError):
                if release:
                    raise result
                failures.append(result)
                say(f"{edition.tag}: PDF not built: {result}")
            else:
                files[job.name] = result
                cache.record(job.name, keys[job.name], result)
            seconds[edition.locale]["pdf"] = renderer.durations.get(job.name, 0.0) if renderer else 0.0

    links = Links(base_url or config.base_url)
    reports = []
    for edition in building:
        if "html" in wanted_formats:
            tick = time.perf_counter()
            pdf_path = f"{edition.tag}/{edition.pdf_name}"
            files.update(
                _web_edition(config, edition, editions, links, _pdf_size(files, out, pdf_path), dict(edition=edition.localized))
            )
            seconds[edition.locale]["html"] = time.perf_counter() - tick
        reports.append(EditionReport(edition.locale, edition.tag, edition.localized.fallbacks, seconds[edition.locale]))
        timing = ", ".join(f"{kind} {value:.1f}s" for kind, value in seconds[edition.locale].items())
        missing = f", {len(edition.localized.fallbacks)} untranslated" if edition.localized.fallbacks else ""
        say(f"{edition.tag}: {timing}{missing}")
    if "html" in wanted_formats:
        files.update(_shared_web_files(config, editions, bulletin, links))
        files["status.html"] = _status_page(config, editions, list(stats.values()))

    tags = dict(config.tags)
    locales_by_dir = {e.tag: e.locale for e in editions} | {
        language_tag(locale, tags): locale for locale in config.locales if locale not in excluded
    }
    with Publication(out, locales_by_dir, bulletin.id, provenance.to_dict(), tmp_root=state) as publication:
        written = publication.write(files)
        publication.remove([language_tag(locale, tags) for locale in excluded])
        if archive:
            written += publication.write_archives(bulletin.published)
    cache.save()
    return BuildResult(
        out, tuple(written), publication.manifest, tuple(reports), time.perf_counter() - started, excluded,
        tuple(failures), bulletin.title.text,
    )


def _pdf_jobs(
    config: Config, bulletin: Bulletin, editions: list[Edition], provenance: Provenance, variant: str | None
) -> dict[str, PdfJob]:
    """The print document of each edition."""
    return {
        edition.locale: PdfJob(
            name=f"{edition.tag}/{edition.pdf_name}",
            html=render_template(
                edition.env,
                "print.html",
                config.root,
                # Where a worker finds the bundled fonts is its own business: see pdf.FONTS_PLACEHOLDER.
                font_css=_font_css(edition.locale, lambda face: f"{FONTS_PLACEHOLDER}/{face.filename}"),
                hyphenate=hyphenation_language(edition.locale),
                event_break=config.event_break,
                provenance=provenance.pdf_metadata(edition.locale),
                edition=edition.localized,
            ),
            base_url=config.templates_dir,
            families=font_stack(edition.locale),
            variant=variant,
            attachments=tuple(_attachments(config, bulletin, edition.locale)) if variant == "pdf/a-3b" else (),
        )
        for edition in editions
    }


def _glyph_gate(config: Config, bulletin: Bulletin, editions: list[Edition]) -> dict[str, CheckError]:
    """Editions (by locale) with characters their fonts lack: their PDFs are not rendered."""
    if not editions:
        return {}
    template = extract_messages(config, bulletin)
    broken = {}
    for edition in editions:
        inputs = EditionInputs(config, edition.locale, bulletin, edition.translations, edition.localized, template)
        missing = missing_glyphs(shown_texts(inputs), edition.locale)
        if missing:
            broken[edition.locale] = CheckError(
                f"{edition.tag}: {len(missing)} character(s) missing from the fonts; no PDF written", missing
            )
    return broken


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


def _sha256(path: Path) -> str:
    return file_digest(path) if path.exists() else ""


def _provenance(config: Config, stats: dict[str, CatalogStats]) -> Provenance:
    return Provenance(
        source_path=config.relative(config.source),
        source_sha256=_sha256(config.source),
        catalogs={
            locale: {
                "path": config.relative(config.catalog_path(locale)),
                "sha256": _sha256(config.catalog_path(locale)),
                "percent": round(stats[locale].percent, 1),
            }
            for locale in config.locales
            if locale in stats
        },
    )


def _attachments(config: Config, bulletin: Bulletin, locale: str) -> list[AttachedFile]:
    """The source and the edition's catalog, for archival (PDF/A-3b), dated by the publication date."""
    date = dt.datetime.combine(bulletin.published, dt.time(), tzinfo=dt.timezone.utc)
    files = [AttachedFile(config.source.name, config.source.read_bytes(), "Bulletin source (YAML)", date)]
    catalog = config.catalog_path(locale)
    if catalog.exists():
        files.append(AttachedFile(f"{locale}.po", catalog.read_bytes(), f"Translation catalog ({locale})", date))
    return files


def _status_page(config: Config, editions: list[Edition], stats: list[CatalogStats]) -> bytes:
    """Translation progress per locale, with a bar each, for translators and editors."""
    source = next(e for e in editions if e.locale == config.source_locale)
    names = {e.locale: e.name for e in editions}
    rows = [
        {"locale": s.locale, "name": names.get(s.locale, s.locale), "stats": s, "published": s.locale in names}
        for s in stats
    ]
    page = render_template(
        source.env,
        "status.html",
        config.root,
        rows=rows,
        source_tag=source.tag,
        font_css=_font_css("zh_Hans" if any(s.locale.startswith("zh") for s in stats) else config.source_locale,
                           lambda face: f"assets/fonts/{face.filename}"),
    )
    return page.encode("utf-8")


def _pdf_size(files: dict[str, bytes], out: Path, pdf_path: str) -> int | None:
    """The PDF's size: just rendered, or already published by an earlier build."""
    if pdf_path in files:
        return len(files[pdf_path])
    existing = out / pdf_path
    return existing.stat().st_size if existing.is_file() else None


def _alternates(editions: list[Edition], links: Links, prefix: str) -> list[dict[str, str]]:
    """hreflang alternates for every edition, plus x-default (the chooser)."""
    alternates = [{"hreflang": e.tag, "href": links.absolute(e.href) or prefix + e.href} for e in editions]
    alternates.append({"hreflang": "x-default", "href": links.absolute("index.html") or prefix + "index.html"})
    return alternates


def _web_edition(
    config: Config, edition: Edition, editions: list[Edition], links: Links, pdf_size: int | None, common: dict
) -> dict[str, bytes]:
    """One locale's web page and Atom feed."""
    localized = edition.localized
    page_url = links.absolute(edition.href)
    pdf_path = f"{edition.tag}/{edition.pdf_name}"
    opengraph = {
        "og:type": "article",
        "og:title": localized.title.text,
        "og:description": localized.subtitle.text if localized.subtitle else localized.title.text,
        "og:site_name": localized.publisher_name,
        "og:locale": og_locale(edition.locale),
        "article:published_time": localized.published.iso,
    }
    if page_url:
        opengraph["og:url"] = page_url
    page = render_template(
        edition.env,
        "edition.html",
        config.root,
        editions=_switcher(editions, "../"),
        alternates=_alternates(editions, links, "../"),
        canonical=page_url,
        opengraph=opengraph,
        og_alternates=[og_locale(e.locale) for e in editions if e.locale != edition.locale],
        json_ld=json_ld(localized, page_url, links.absolute(pdf_path) or edition.pdf_name, pdf_size),
        assets="../assets",
        chooser_href="../index.html",
        feed_href="feed.xml",
        pdf_href=edition.pdf_name,
        pdf_size=file_size(pdf_size, edition.locale) if pdf_size is not None else None,
        font_css=_font_css(edition.locale, lambda face: f"../assets/fonts/{face.filename}"),
        **common,
    )
    feed = render_template(
        edition.env,
        "feed.xml",
        config.root,
        feed_id=links.absolute(f"{edition.tag}/feed.xml") or f"urn:silkpress:{localized.bulletin_id}:{edition.tag}",
        page_url=page_url or "index.html",
        **common,
    )
    return {f"{edition.tag}/index.html": page.encode("utf-8"), f"{edition.tag}/feed.xml": feed.encode("utf-8")}


def _shared_web_files(config: Config, editions: list[Edition], bulletin: Bulletin, links: Links) -> dict[str, bytes]:
    """The chooser, the sitemap, the stylesheet and the web fonts that the pages link to."""
    source = next(e for e in editions if e.locale == config.source_locale)
    chooser_locale = next((e.locale for e in editions if e.locale.startswith("zh")), config.source_locale)
    chooser = render_template(
        source.env,
        "index.html",
        config.root,
        editions=[dict(entry, pdf_href=f"{e.tag}/{e.pdf_name}") for entry, e in zip(_switcher(editions, ""), editions)],
        alternates=_alternates(editions, links, ""),
        canonical=links.absolute("index.html"),
        source_tag=source.tag,
        publisher_name=bulletin.publisher_name,
        font_css=_font_css(chooser_locale, lambda face: f"assets/fonts/{face.filename}"),
    )
    files = {"index.html": chooser.encode("utf-8"), "assets/web.css": read_template_file(config.templates_dir, "web.css")}
    if links.base_url:
        sitemap = render_template(
            source.env,
            "sitemap.xml",
            config.root,
            pages=[links.absolute(e.href) for e in editions] + [links.absolute("index.html")],
            alternates=_alternates(editions, links, ""),
            lastmod=bulletin.published.isoformat(),
        )
        files["sitemap.xml"] = sitemap.encode("utf-8")
    faces = {face for e in editions for face in faces_for(e.locale)}
    for face in sorted(faces, key=lambda f: f.filename):
        files[f"assets/fonts/{face.filename}"] = face.path.read_bytes()
    files["assets/fonts/OFL.txt"] = (FONTS_DIR / "OFL.txt").read_bytes()
    return files
