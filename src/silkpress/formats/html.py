"""The web edition: a page and an Atom feed per locale, and the files the pages share
(the language chooser, the status page, the sitemap, the stylesheet and the web fonts)."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import ClassVar

from markupsafe import Markup

from ..editions import Edition
from ..errors import CheckError, SilkpressError
from ..fonts import FONTS_DIR
from ..cache import locale_inputs
from ..changes import EditionChanges
from ..html import read_template_file, render_template
from ..options import code_fingerprint
from ..profiles import stack_for
from ..webfonts import PLACEHOLDER, PageFonts, SubsetCache, cache_folder, page_characters, page_fonts
from ..web import Links, file_size, json_ld, og_locale
from . import FORMATS
from .base import BulletinRun, Job, SimpleFormat

ASSETS = "assets"
FONT_CSS = Markup(PLACEHOLDER)
"""What a page's template gets as ``font_css`` until its characters are known (:meth:`HtmlFormat.fit_fonts`)."""


@lru_cache(maxsize=None)
def subset_cache(folder: Path) -> SubsetCache:
    """One cache per state folder, kept for the process (the live preview builds again and again)."""
    return SubsetCache(folder)


def downloads(run: BulletinRun, edition: Edition, prefix: str = "") -> dict[str, dict[str, object]]:
    """The files of the formats offered for download, for one edition, by format name:
    href (relative to the page, after ``prefix``), size in bytes and as words, media type."""
    offered = {}
    for fmt in FORMATS.values():
        if not fmt.offered:
            continue
        name = fmt.output_name(run, edition)
        size = run.size(fmt.name, name)
        offered[fmt.name] = {
            "href": prefix + name, "bytes": size, "size": file_size(size, edition.locale) if size is not None else None,
            "media_type": fmt.media_type,
        }
    return offered


def language_groups(editions: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """The chooser's editions grouped by language (the tag's primary subtag), in the order each
    language first appears: uz-Latn and uz-Cyrl are one language in two scripts."""
    groups: dict[str, list[dict[str, object]]] = {}
    for edition in editions:
        groups.setdefault(str(edition["tag"]).split("-")[0].lower(), []).append(edition)
    return list(groups.values())


def changes_name(edition: Edition) -> str:
    return f"{edition.tag}/changes.html"


def correction(run: BulletinRun, edition: Edition, changes: EditionChanges, links: Links) -> dict[str, object]:
    """The feed's entry for a corrected edition: when, where, and the changed events by number and title."""
    events = {event.id: event for event in edition.localized.events}
    named = [f"{events[g.event].number_text}. {events[g.event].title}" for g in changes.groups if g.event in events]
    style = edition.localized.style
    name = changes_name(edition)
    return {
        # one entry per release, never reused: a later correction is a new entry
        "id": f"urn:silkpress:{edition.localized.bulletin_id}:{edition.tag}:release:{changes.release}",
        "release": changes.release,
        "href": links.absolute(name) or name.split("/")[-1],
        "updated": max(changes.date.isoformat(), edition.localized.published.iso),
        "events": (style.join(named) if style else ", ".join(named)) if named else "",
    }


class HtmlFormat(SimpleFormat):
    name: ClassVar[str] = "html"
    manifest_kind: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    media_type: ClassVar[str] = "text/html"
    templates: ClassVar[tuple[str, ...]] = ("edition.html", "changes.html", "feed.xml", "index.html", "status.html", "sitemap.xml", "web.css")
    key_options: ClassVar[tuple[str, ...]] = ("base_url", "release")
    referenced_only: ClassVar[str] = f"{ASSETS}/fonts/*.woff2"
    """Published files that stay only while a page names them (font subsets of earlier builds go)."""

    def output_name(self, run: BulletinRun, edition: Edition) -> str:
        return f"{edition.tag}/index.html"

    def jobs(self, run: BulletinRun, edition: Edition) -> list[Job]:
        """An edition's page and feed, planned from their inputs: rendered only when these changed."""
        links = Links(run.options.base_url or "")
        rendered = cache(lambda: self._edition(run, edition, links))
        page, feed = self.output_name(run, edition), f"{edition.tag}/feed.xml"
        parts, code = self.inputs(run, edition), code_fingerprint(edition.locale)
        jobs = [
            Job(self.name, edition.locale, page, "", parts + ("page",), code=code,
                make=lambda: self._page(run, edition, page, rendered()[0])),
            Job(self.name, edition.locale, feed, "", parts + ("feed",), code=code,
                make=lambda: Job(self.name, edition.locale, feed, rendered()[1])),
        ]
        if edition.locale in run.changes:  # a release's: rare, so keyed by what it renders
            jobs.append(self._page(run, edition, changes_name(edition), self._changes(run, edition, links)))
        return jobs

    def inputs(self, run: BulletinRun, edition: Edition) -> tuple[str, ...]:
        """What an edition's page and feed show besides silkpress's code (:func:`code_fingerprint`
        with its locale): the locale's inputs (:func:`~silkpress.cache.locale_inputs`), what the
        switcher shows of every edition (names, titles, download sizes), the release's changes."""
        shown = json.dumps(self._switcher(run, ""), sort_keys=True, default=str)
        return locale_inputs(run.project, edition.locale), shown, repr(run.changes.get(edition.locale))

    def _page(self, run: BulletinRun, edition: Edition, name: str, page: str) -> Job:
        profile = edition.profile
        page, fonts = self.fit_fonts(run, page, profile.font_stack, profile.typography_css(), f"../{ASSETS}/fonts/")
        needs = tuple(f"{ASSETS}/fonts/{subset.name}" for subset in fonts.subsets)
        return Job(self.name, edition.locale, name, page, payload=fonts, needs=needs)

    def fit_fonts(self, run: BulletinRun, page: str, stack: tuple[str, ...], root_css: str, prefix: str) -> tuple[str, PageFonts]:
        """``page`` with the @font-face rules of subsets cut to its characters (recorded in
        ``run.assets``), and the fonts it loads."""
        web_css = read_template_file(run.project.template_folders, "web.css").decode("utf-8", "replace")
        chars = page_characters(page, (web_css, root_css))
        fonts = page_fonts(chars, stack, subset_cache(cache_folder(run.project.state_dir)))
        for subset in fonts.subsets:
            run.assets[f"{ASSETS}/fonts/{subset.name}"] = subset.data
        return page.replace(PLACEHOLDER, fonts.css(lambda subset: prefix + subset.name, root_css), 1), fonts

    def gate(self, run: BulletinRun, jobs: list[Job]) -> dict[str, SilkpressError]:
        """The glyph gate of the web: a page with a character no bundled font has is not written,
        since the reader's browser would draw it with whatever font the machine has, or a box."""
        from ..glyphs import EditionInputs, missing_glyphs, shown_texts
        from ..i18n.extract import extract_messages
        from ..webfonts import BUNDLED, unlocated

        pages = [job for job in jobs if isinstance(job.payload, PageFonts) and job.payload.missing]
        if not pages:
            return {}
        template = extract_messages(run.bulletin, run.source)
        editions = {edition.locale: edition for edition in run.building}
        families = ", ".join(dict.fromkeys(face.family for face in BUNDLED))
        refused: dict[str, SilkpressError] = {}
        for job in pages:
            edition, missing = editions[job.locale], job.payload.missing
            inputs = EditionInputs(run.bulletin, edition.locale, run.source, edition.translations, edition.localized, template)
            # where the catalog or the source shows the character, by path:line; else the page
            texts = [shown for shown in shown_texts(inputs) if missing.intersection(map(ord, shown.text))]
            found = missing_glyphs(texts, edition.locale, BUNDLED, families)
            found += unlocated(missing - {ord(c) for shown in texts for c in shown.text}, job.name, families)
            refused[job.name] = CheckError(f"{job.name}: {len(found)} character(s) missing from the fonts; page not written", found)
        return refused

    def retired(self, run: BulletinRun) -> list[str]:
        """A changes page of an earlier release, for an edition this build gives none."""
        return [changes_name(e) for e in run.building if e.locale not in run.changes]

    def _changes(self, run: BulletinRun, edition: Edition, links: Links) -> str:
        """The "Changes in this edition" page: what the release changed, in the edition's language."""
        changes = run.changes[edition.locale]
        localized = edition.localized
        return edition.typeset(render_template(
            edition.env, "changes.html", run.project.root,
            edition=localized,
            changes=changes,
            events={event.id: event for event in localized.events},
            previous_date=localized.style.single(changes.previous_date) if localized.style else changes.previous_date.isoformat(),
            canonical=links.absolute(changes_name(edition)),
            assets=f"../{ASSETS}",
            edition_href="index.html",
            font_css=FONT_CSS,
        ))

    def _switcher(self, run: BulletinRun, prefix: str) -> list[dict[str, object]]:
        return [
            {"locale": e.locale, "tag": e.tag, "name": e.name, "href": prefix + self.output_name(run, e), "title": e.title,
             "direction": e.direction, "downloads": downloads(run, e, prefix), "script": e.script_name}
            for e in run.editions
        ]

    def _alternates(self, run: BulletinRun, links: Links, prefix: str) -> list[dict[str, str]]:
        """hreflang alternates for every edition, plus x-default (the chooser)."""
        alternates = []
        for e in run.editions:
            href = self.output_name(run, e)
            alternates.append({"hreflang": e.tag, "href": links.absolute(href) or prefix + href})
        alternates.append({"hreflang": "x-default", "href": links.absolute("index.html") or prefix + "index.html"})
        return alternates

    def _edition(self, run: BulletinRun, edition: Edition, links: Links) -> tuple[str, str]:
        """One locale's web page and Atom feed."""
        localized = edition.localized
        page_url = links.absolute(self.output_name(run, edition))
        offered = downloads(run, edition)
        media = [
            {"url": links.absolute(str(item["href"])) or str(item["href"]).split("/")[-1], "bytes": item["bytes"],
             "media_type": item["media_type"]}
            for item in offered.values()
        ]
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
        # The page is typeset; the feed's text stays as the catalog wrote it.
        page = edition.typeset(render_template(
            edition.env, "edition.html", run.project.root,
            editions=self._switcher(run, "../"),
            alternates=self._alternates(run, links, "../"),
            canonical=page_url,
            opengraph=opengraph,
            og_alternates=[og_locale(e.locale) for e in run.editions if e.locale != edition.locale],
            json_ld=json_ld(localized, page_url, media),
            assets=f"../{ASSETS}",
            chooser_href="../index.html",
            feed_href="feed.xml",
            downloads={name: dict(item, href=str(item["href"]).split("/")[-1]) for name, item in offered.items()},
            font_css=FONT_CSS,
            edition=localized,
            changes_href=changes_name(edition).split("/")[-1] if edition.locale in run.changes else None,
        ))
        changes = run.changes.get(edition.locale)
        feed = render_template(
            edition.env, "feed.xml", run.project.root,
            feed_id=links.absolute(f"{edition.tag}/feed.xml") or f"urn:silkpress:{localized.bulletin_id}:{edition.tag}",
            page_url=page_url or "index.html",
            edition=localized,
            correction=changes and correction(run, edition, changes, links),
        )
        return page, feed

    def shared(self, run: BulletinRun) -> dict[str, bytes]:
        """The chooser, the status page, the sitemap, the stylesheet and the web fonts."""
        links = Links(run.options.base_url or "")
        source = next(e for e in run.editions if e.locale == run.project.source_locale)
        locales = [e.locale for e in run.editions]
        editions = self._switcher(run, "")
        chooser = render_template(
            source.env, "index.html", run.project.root,
            editions=editions,
            languages=language_groups(editions),
            alternates=self._alternates(run, links, ""),
            canonical=links.absolute("index.html"),
            source_tag=source.tag,
            publisher_name=run.source.publisher_name,
            font_css=FONT_CSS,
        )
        chooser, _ = self.fit_fonts(run, chooser, stack_for(locales), "", f"{ASSETS}/fonts/")
        files = {
            "index.html": chooser.encode("utf-8"),
            "status.html": self._status(run, source),
            f"{ASSETS}/web.css": read_template_file(run.project.template_folders, "web.css"),
        }
        if links.base_url:
            sitemap = render_template(
                source.env, "sitemap.xml", run.project.root,
                pages=[links.absolute(self.output_name(run, e)) for e in run.editions] + [links.absolute("index.html")],
                alternates=self._alternates(run, links, ""),
                lastmod=run.source.published.isoformat(),
            )
            files["sitemap.xml"] = sitemap.encode("utf-8")
        files.update(sorted(run.assets.items()))
        files[f"{ASSETS}/fonts/OFL.txt"] = (FONTS_DIR / "OFL.txt").read_bytes()
        return files

    def _status(self, run: BulletinRun, source: Edition) -> bytes:
        """Translation progress per locale, with a bar each, for translators and editors."""
        names = {e.locale: e.name for e in run.editions}
        rows = [
            {"locale": s.locale, "tag": run.project.tag(s.locale), "name": names.get(s.locale, s.locale), "stats": s,
             "published": s.locale in names}
            for s in run.stats.values()
        ]
        page = render_template(
            source.env, "status.html", run.project.root,
            rows=rows,
            source_tag=source.tag,
            font_css=FONT_CSS,
        )
        page, _ = self.fit_fonts(run, page, stack_for(list(run.stats)), "", f"{ASSETS}/fonts/")
        return page.encode("utf-8")
