"""The PDF edition: print.html laid out by WeasyPrint, one A4 document per locale."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Callable, ClassVar, Iterator

from ..cache import file_digest
from ..configuration import contents_page
from ..editions import Edition
from ..errors import CheckError, SilkpressError
from ..fonts import FONTS_DIR, LATIN_CYRILLIC, SIMPLIFIED_CHINESE
from ..html import render_template
from ..images import SVG, data_url
from ..inputs import exists, read_input
from ..pdf import FONTS_PLACEHOLDER, AttachedFile, PdfJob, PdfRenderer
from .base import BulletinRun, Job

if TYPE_CHECKING:
    from ..options import BuildOptions
    from ..project import Project
    from ..warm import Loader

BUNDLED = LATIN_CYRILLIC + SIMPLIFIED_CHINESE


class PdfFormat:
    name: ClassVar[str] = "pdf"
    manifest_kind: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    templates: ClassVar[tuple[str, ...]] = ("print.html", "print.css")
    key_options: ClassVar[tuple[str, ...]] = ("pdf_variant",)
    offered: ClassVar[bool] = True

    def output_name(self, run: BulletinRun, edition: Edition) -> str:
        return f"{edition.tag}/{run.source.id}-{edition.tag}.pdf"

    def jobs(self, run: BulletinRun, edition: Edition) -> list[Job]:
        return [self._job(run, edition)]

    def _job(self, run: BulletinRun, edition: Edition) -> Job:
        variant = run.options.pdf_variant
        document = edition.typeset(render_template(
            edition.env,
            "print.html",
            run.project.root,
            # Where a worker finds the bundled fonts is its own business: see pdf.FONTS_PLACEHOLDER.
            font_css=edition.font_css(lambda face: f"{FONTS_PLACEHOLDER}/{face.filename}"),
            hyphenate=edition.profile.hyphenation,
            event_break=run.project.event_break,
            contents=contents_page(run.project.contents, run.project.contents_min_events, len(edition.localized.events)),
            provenance=run.provenance.pdf_metadata(edition.locale),
            edition=edition.localized,
            logo=_logo(run),
            cover_picture=edition.localized.cover,
        ))
        attachments = tuple(_attachments(run, edition.locale)) if variant == "pdf/a-3b" else ()
        justified = (edition.tag,) if edition.profile.script.justification == "inter-character" else ()
        name = self.output_name(run, edition)
        payload = PdfJob(
            name=name, html=document, base_url=run.project.templates_dir, families=edition.profile.font_stack,
            variant=variant, attachments=attachments, inter_character=justified,
        )
        parts = tuple(file_digest(face.path) for face in edition.profile.faces) + tuple(
            f"{item.name}:{hashlib.sha256(item.data).hexdigest()}:{item.date.isoformat()}" for item in attachments
        ) + justified
        return Job(self.name, edition.locale, name, document, parts, payload)

    def gate(self, run: BulletinRun, jobs: list[Job]) -> dict[str, SilkpressError]:
        """The glyph gate: an edition with a character its fonts lack is not rendered, since
        WeasyPrint would draw it with whatever font the machine happens to have."""
        from ..glyphs import EditionInputs, missing_glyphs, shown_texts
        from ..i18n.extract import extract_messages

        if not jobs:
            return {}
        template = extract_messages(run.bulletin, run.source)
        editions = {edition.locale: edition for edition in run.building}
        refused: dict[str, SilkpressError] = {}
        for job in jobs:
            edition = editions[job.locale]
            inputs = EditionInputs(run.bulletin, edition.locale, run.source, edition.translations, edition.localized, template)
            missing = missing_glyphs(shown_texts(inputs), edition.locale)
            if missing:
                refused[job.name] = CheckError(
                    f"{edition.tag}: {len(missing)} character(s) missing from the fonts; no PDF written", missing
                )
        return refused

    @contextlib.contextmanager
    def warm(self, project: Project, options: BuildOptions) -> Iterator[PdfRenderer | None]:
        """Workers started as the build begins: each imports WeasyPrint while the coordinator
        still loads, checks and typesets (a remote executor has its own)."""
        if options.executor == "dask":
            yield None
            return
        editions = len(options.locales or project.locales) * len(project.bulletins)
        with contextlib.closing(_local_renderer(project, options).start(editions)) as renderer:
            yield renderer

    def render(self, run: BulletinRun, jobs: list[Job], done: Callable[[Job], None]) -> dict[str, bytes | SilkpressError]:
        project, options = run.project, run.options
        renderer = run.renderers.get(self.name)
        if renderer is None and options.executor == "dask":
            from ..cluster import DaskRenderer

            renderer = DaskRenderer(str(options.scheduler), project.render_timeout)
        elif renderer is None:  # WeasyPrint is imported only when something must be rendered
            renderer = _local_renderer(project, options, run.loader)
        by_name = {job.name: job for job in jobs}
        # The longest first, so that with several workers none is left with a long job at the end.
        ordered = sorted(jobs, key=_cost, reverse=True)
        results = renderer.render_many([job.payload for job in ordered], progress=lambda name, result: done(by_name[name]),
                                       meanwhile=run.idle)
        for job in jobs:
            run.seconds.setdefault(job.locale or "", {})[self.name] = renderer.durations.get(job.name, 0.0)
        return dict(results)

    def shared(self, run: BulletinRun) -> dict[str, bytes]:
        return {}


def _local_renderer(project: Project, options: BuildOptions, loader: Loader | None = None) -> PdfRenderer:
    """Render workers on this machine; a loader's (the live preview's keeps its workers, WeasyPrint
    imported and fonts loaded, between builds), or new ones."""
    allowed = (FONTS_DIR, *(folder.path for folder in project.template_folders))
    make = loader.pdf_renderer if loader is not None else PdfRenderer
    return make(allowed, project.render_timeout, project.render_memory, options.jobs)


def _cost(job: Job) -> tuple[int, int]:
    """A job's expected render time, for ordering: its fonts weigh most (a Chinese edition's
    subsetting of a large CJK font outlasts a longer Latin one), then its document's length."""
    payload = job.payload
    assert isinstance(payload, PdfJob)
    fonts = sum(_font_size(family) for family in payload.families)
    return fonts, len(payload.html)


def _font_size(family: str) -> int:
    return sum(face.path.stat().st_size for face in BUNDLED if face.family == family)


def _logo(run: BulletinRun) -> str:
    """The publisher's logo as a data: URL (the renderer reads no project file), or ''."""
    path = run.project.logo
    if path is None:
        return ""
    return data_url(read_input(path, "logo", run.project.relative(path), run.project.root), SVG)


def _attachments(run: BulletinRun, locale: str) -> list[AttachedFile]:
    """The source and the edition's catalog, for archival (PDF/A-3b), dated by the publication date."""
    project, bulletin = run.project, run.bulletin
    date = dt.datetime.combine(run.source.published, dt.time(), tzinfo=dt.timezone.utc)
    source = read_input(bulletin.source, "source", bulletin.shown, project.root)
    files = [AttachedFile(bulletin.source.name, source, "Bulletin source (YAML)", date)]
    catalog = bulletin.catalog_path(locale)
    if exists(catalog):
        data = read_input(catalog, "catalog", project.relative(catalog), project.locales_dir)
        files.append(AttachedFile(f"{locale}.po", data, f"Translation catalog ({locale})", date))
    return files
