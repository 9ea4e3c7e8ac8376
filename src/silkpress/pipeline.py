"""The pipeline: source -> catalogs -> localize -> formats (HTML, PDF, ...) -> output.

Everything is rendered in memory first and written only when every edition
succeeded, so a failed build never leaves a half-updated ``dist/``. The formats
are entries of a registry (:mod:`silkpress.formats`); this module treats them all alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import stopping
from .cache import JobCache, Memo
from .changes import release_changes
from .catalogs import load_translations
from .diagnostics import Diagnostic
from .editions import Edition, provenance, release_problems
from .errors import CheckError, ConfigError, SilkpressError, TemplateError
from .formats import FORMATS, BulletinRun, Format, Job, manifest_kinds
from .html import make_environment, render_template
from .i18n.checks.validate import not_reported
from .i18n.pofile import PoFile
from .i18n.stats import CatalogStats, catalog_stats
from .options import DEFAULT_OPTIONS, BuildOptions, code_fingerprint
from .output import MANIFEST, ManifestEntry, OutputLock, Publication
from .model import BulletinSource
from .project import Bulletin, Project, state_dir
from .releases import Record, ReleasePlan, plan_release, snapshot, write_record
from .reports import BuildResult, EditionReport
from .warm import COLD, Loader

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class _Loaded:
    """A bulletin's editions as loaded, before any format runs."""

    editions: list[Edition] = field(default_factory=list)
    stats: dict[str, CatalogStats] = field(default_factory=dict)
    failures: list[SilkpressError] = field(default_factory=list)
    excluded: tuple[str, ...] = ()
    catalogs: dict[str, PoFile | None] = field(default_factory=dict)
    """Each catalog as read (None: there is none), for the draft's checks to reuse."""


def build(
    project: Project, options: BuildOptions = DEFAULT_OPTIONS, progress: Progress | None = None, loader: Loader = COLD,
) -> BuildResult:
    """Build the editions ``options`` ask for (by default: every locale and format, into dist/).

    Draft builds (the default) show untranslated and fuzzy units in the source language,
    marked. A release refuses (CheckError, nothing written) when a requested edition has
    any such unit or any check error. See :class:`~silkpress.options.BuildOptions`. ``loader``
    loads the inputs and the PDF renderer (the live preview's keeps them warm between builds).
    """
    started = time.perf_counter()
    say = progress or (lambda message: None)
    options = options.resolved(project)
    out = options.out_dir
    assert out is not None
    with OutputLock(out) as lock:
        if lock.stale_pid:
            say(f"cleared a stale build lock left by pid {lock.stale_pid}")
        cache = JobCache(out)
        with contextlib.ExitStack() as stack:
            # Formats' workers start now, and get ready (import their renderer) while the rest loads.
            # (The live preview's loader keeps its own workers from build to build.)
            renderers = {} if loader.keeps_workers else {
                name: stack.enter_context(warm(project, options))
                for name in options.formats if (warm := getattr(FORMATS[name], "warm", None))}
            if options.release and project.several:
                _release_gate(project, options)  # every bulletin's, before the first is published
            memo = Memo(state_dir(out) / "warnings.json")  # the draft's checks of locales that did not change
            prepared = [_prepare(bulletin, options, say, loader, memo) for bulletin in project.bulletins]
            # A release's id and the record it is compared with, known before anything is rendered.
            plan = plan_release(project, {p.source.id: p.snapshot for p in prepared}) if options.release else None
            results = []
            for item in prepared:
                if project.several:
                    say(f"{item.bulletin.subfolder}:")
                results.append(_build_bulletin(item, options, cache, say, started, plan, renderers))
        memo.save()  # after the builds: a draft's checks run while the PDFs render
        cache.save()
        if plan is not None:  # only once every bulletin is published: a failed release records nothing
            path = write_record(project, plan, {
                p.source.id: {**p.snapshot, "files": {e.path: e.sha256 for e in r.manifest}} for p, r in zip(prepared, results)
            })
            say(f"release {plan.id}: " + (f"recorded in {project.relative(path)}" if path else "the texts are those it recorded"))
        if not project.several:
            return results[0]
        return _publish_bulletins(project, out, results, started)


def _release_gate(project: Project, options: BuildOptions) -> None:
    """Refuse a release if any bulletin has a check error or an untranslated or fuzzy unit."""
    problems = [d for bulletin in project.bulletins for d in release_problems(bulletin, options.locales)]
    if problems:
        raise CheckError(f"release refused: {len(problems)} problem(s); nothing was written", problems)


def _load(bulletin: Bulletin, source, options: BuildOptions, say: Progress, loader: Loader) -> _Loaded:  # noqa: ANN001
    """Every locale's edition. A draft goes on without a locale whose files are broken (it is
    reported, and its edition is removed everywhere); a release stops at the first error."""
    project = bulletin.project
    loaded = _Loaded()
    for locale in project.locales:
        try:
            # parsed once, for the progress, the edition and the draft's checks
            catalog = loaded.catalogs[locale] = loader.catalog(bulletin, locale)
            loaded.stats[locale] = catalog_stats(bulletin, locale, catalog)
            loaded.editions.append(loader.edition(bulletin, source, locale, catalog, not options.release))
        except SilkpressError as error:
            if options.release:
                raise
            loaded.failures.append(error)
            loaded.stats.pop(locale, None)
            say(f"{locale}: not built: {error}")
    floor = options.min_complete
    loaded.excluded = tuple(
        e.locale for e in loaded.editions
        if floor is not None and e.locale != project.source_locale and loaded.stats[e.locale].percent < floor
    )
    for locale in loaded.excluded:
        say(f"{locale}: left out, {loaded.stats[locale].percent:.0f}% translated (below {floor:g}%)")
    loaded.editions = [e for e in loaded.editions if e.locale not in loaded.excluded]
    if not any(e.locale == project.source_locale for e in loaded.editions):
        raise loaded.failures[0] if loaded.failures else ConfigError("the source locale could not be built")
    return loaded


@dataclass(frozen=True)
class _Prepared:
    """A bulletin loaded and checked, before any format runs."""

    bulletin: Bulletin
    source: BulletinSource
    loaded: _Loaded
    warnings: list[Diagnostic]
    snapshot: Record
    """Its texts as a release records them (a draft's: empty)."""
    loader: Loader = COLD
    check: Callable[[], None] | None = None
    """A draft's checks, which fill in ``warnings`` when run."""


def _prepare(bulletin: Bulletin, options: BuildOptions, say: Progress, loader: Loader, memo: Memo) -> _Prepared:
    source = loader.source(bulletin)
    loaded = _load(bulletin, source, options, say, loader)
    locales = [locale for locale in options.locales if locale not in loaded.excluded]
    if options.release:
        problems = release_problems(bulletin, locales)
        if problems:
            raise CheckError(f"release refused: {len(problems)} problem(s); nothing was written", problems)
    warnings: list[Diagnostic] = []
    # A draft shows what the release would refuse (the checks' errors) as warnings, and builds on:
    # nothing waits for them, so they are found while the workers render (BulletinRun.meanwhile).
    check = None if options.release else lambda: warnings.extend(loader.warnings(
        bulletin, source, [e for e in loaded.editions if e.locale in locales], locales, loaded.catalogs, memo))
    texts = snapshot(source, loaded.editions, bulletin.project.source_locale) if options.release else {}
    return _Prepared(bulletin, source, loaded, warnings, texts, loader, check)


def _build_bulletin(
    prepared: _Prepared, options: BuildOptions, cache: JobCache, say: Progress, started: float, plan: ReleasePlan | None,
    renderers: dict[str, object],
) -> BuildResult:
    bulletin, source, loaded, warnings = prepared.bulletin, prepared.source, prepared.loaded, prepared.warnings
    project = bulletin.project
    assert options.out_dir is not None
    run = BulletinRun(
        project, bulletin, source, options, bulletin.out_dir(options.out_dir), loaded.editions,
        [e for e in loaded.editions if e.locale in options.locales], loaded.stats, provenance(bulletin, loaded.stats), say,
        changes=release_changes(plan, source.id, prepared.snapshot), renderers=renderers, loader=prepared.loader,
        meanwhile=[prepared.check] if prepared.check else [],
    )
    release = {"release": {"id": plan.id, "previous": plan.previous}} if plan else {}
    files: dict[str, bytes] = {}
    failures = list(loaded.failures)
    for name in options.formats:
        stopping.check()
        made, failed = _run_format(FORMATS[name], run, cache)
        files.update(made)
        failures.extend(failed)
    failures.extend(run.failed.values())
    for name in options.formats:
        files.update(FORMATS[name].shared(run))
    run.idle()  # what no format found the time for
    reports = [_report(run, edition) for edition in run.building]
    # Every configured locale's folder, so that the files of one not published now are known as its own.
    locales_by_dir = {project.tag(locale): locale for locale in project.locales} | {e.tag: e.locale for e in loaded.editions}
    tmp = state_dir(options.out_dir) / "tmp"
    stopping.check()  # the last moment a stop leaves the output as it was
    with Publication(run.out, locales_by_dir, source.id, run.provenance.to_dict() | release, tmp, manifest_kinds()) as publication:
        # One rule for an edition this build does not publish (left out by --min-complete, its files
        # broken in a draft, its locale no longer configured): it is removed everywhere, its files and
        # archive with it, as the chooser, the switchers, hreflang and the sitemap no longer list it.
        written = publication.publish(
            files, keep_locales=[e.locale for e in loaded.editions],
            archive_date=source.published if options.archive else None, say=say, retired=_retired(run, files),
            referenced_only=[p for name in options.formats if (p := getattr(FORMATS[name], "referenced_only", ""))],
        )
    return BuildResult(
        run.out, tuple(written), publication.manifest, tuple(reports), time.perf_counter() - started, loaded.excluded,
        tuple(failures), source.title.text, tuple(not_reported(warnings, failures)),
    )


def _retired(run: BulletinRun, files: dict[str, bytes]) -> list[str]:
    """Files of earlier builds that this build's formats no longer make (a changes page, say)."""
    return [name for fmt in run.options.formats for name in getattr(FORMATS[fmt], "retired", lambda run: ())(run)
            if name not in files]


def job_key(fmt: Format, job: Job, options: BuildOptions) -> str:
    """Everything a job's output depends on: its document, the options its format declares,
    what else the format lists (fonts ...), and silkpress's code (or the part the job names)."""
    digest = hashlib.sha256((job.code or code_fingerprint()).encode())
    # a job that names its code (and so its SOURCE_DATE_EPOCH) takes the options alone
    wanted = json.dumps(options.output_options(fmt.key_options), sort_keys=True) if job.code else options.fingerprint(names=fmt.key_options)
    digest.update(wanted.encode())
    digest.update(job.document.encode("utf-8"))
    for part in job.key_parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def _jobs(fmt: Format, run: BulletinRun) -> list[Job]:
    """Every edition's jobs of one format; in a draft, an edition that fails is reported and left out."""
    jobs: list[Job] = []
    for edition in run.building:
        if edition.locale in run.failed:
            continue
        try:
            jobs += fmt.jobs(run, edition)
        except SilkpressError as error:
            _failed(fmt, run, edition.locale, error)
    return jobs


def _failed(fmt: Format, run: BulletinRun, locale: str, error: SilkpressError) -> None:
    # A template's own error is every edition's: it stops the build. Anything else
    # (a translation that does not render, say) is this edition's.
    if run.options.release or isinstance(error, TemplateError):
        raise error
    run.failed[locale] = error
    run.say(f"{run.project.tag(locale)}: {fmt.name} not built: {error}")


def _made(fmt: Format, run: BulletinRun, stale: list[Job]) -> list[Job]:
    """The stale jobs rendered, those planned from their inputs alone included (fresh ones never are)."""
    made = []
    for job in stale:
        if job.make is None or job.locale in run.failed:
            made.append(job)
            continue
        try:
            made.append(job.make())
        except SilkpressError as error:
            _failed(fmt, run, job.locale or "", error)
    return [job for job in made if job.locale not in run.failed]


def _run_format(fmt: Format, run: BulletinRun, cache: JobCache) -> tuple[dict[str, bytes], list[SilkpressError]]:
    """One format's jobs: skip the fresh ones, gate, render the rest; the files and the failures."""
    options, release = run.options, run.options.release
    jobs = _jobs(fmt, run)
    prefix = run.bulletin.subfolder + "/" if run.bulletin.subfolder else ""
    keys = {job.name: job_key(fmt, job, options) for job in jobs}
    stale = _made(fmt, run, [job for job in jobs if options.force or not cache.fresh(prefix + job.name, keys[job.name])])
    jobs = [job for job in jobs if job.locale not in run.failed]
    sizes = run.outputs.setdefault(fmt.name, {})
    refused = fmt.gate(run, stale)  # a fresh job passed the gate when it was made: its inputs have not changed
    if refused and release:
        raise CheckError(
            f"release refused: {len(refused)} {fmt.name} edition(s) cannot be made",
            [d for error in refused.values() for d in getattr(error, "diagnostics", [])] or list(refused.values()),
        )
    todo = [job for job in stale if job.name not in refused]
    made = {job.name: job for job in stale}
    counter = iter(range(1, len(todo) + 1))
    tick = time.perf_counter()
    results = fmt.render(run, todo, lambda job: run.say(f"[{next(counter)}/{len(todo)}] {job.name}") if len(todo) > 1 else None)
    elapsed = time.perf_counter() - tick
    files: dict[str, bytes] = {}
    failures: list[SilkpressError] = list(refused.values())
    for job in jobs:
        seconds = run.seconds.setdefault(job.locale or "", {})
        result = results.get(job.name)
        if result is None and job.name not in refused:  # fresh: still in place from an earlier build
            seconds.setdefault(f"{fmt.name} (unchanged)", 0.0)
            continue
        if isinstance(result, SilkpressError):
            if release:
                raise result
            failures.append(result)
            run.say(f"{job.name}: not built: {result}")
        elif result is not None:
            files[job.name] = result
            sizes[job.name] = len(result)
            cache.record(prefix + job.name, keys[job.name], result, tuple(prefix + path for path in made[job.name].needs))
            seconds.setdefault(fmt.name, elapsed / max(1, len(todo)))
    return files, failures


def _report(run: BulletinRun, edition: Edition) -> EditionReport:
    seconds = run.seconds.get(edition.locale, {})
    localized = edition.localized
    fuzzy = tuple(unit for unit in localized.fallbacks if unit in localized.fuzzy)
    timing = ", ".join(f"{kind} {value:.1f}s" for kind, value in seconds.items())
    untranslated = len(localized.fallbacks) - len(fuzzy)
    missing = "".join(
        f", {count} {what}" for count, what in ((untranslated, "untranslated"), (len(fuzzy), "fuzzy")) if count
    )
    run.say(f"{edition.tag}: {timing}{missing}")
    return EditionReport(edition.locale, edition.tag, localized.fallbacks, dict(seconds), fuzzy)


def _publish_bulletins(project: Project, out: Path, results: list[BuildResult], started: float) -> BuildResult:
    """With several bulletins: a page listing them, and one manifest for the whole of dist/."""
    translations = load_translations(
        project.bulletins[0].catalog_path(project.source_locale), project.source_locale, required=False,
        root=project.locales_dir,
    )
    page = render_template(
        make_environment(project.template_folders, translations),
        "bulletins.html",
        project.root,
        bulletins=[{"href": f"{r.out_dir.name}/index.html", "title": r.title} for r in results],
        source_tag=project.tag(project.source_locale),
    )
    prefixes = {f"{r.out_dir.name}/{e.tag}": e.locale for r in results for e in r.editions}
    tmp = state_dir(out) / "tmp"
    # The bulletins' own files are known from the manifests they just wrote; nothing else is listed.
    owned = [f"{r.out_dir.name}/{path}" for r in results for path in (MANIFEST, *(e.path for e in r.manifest))]
    with Publication(out, prefixes, "all", {"bulletins": [r.out_dir.name for r in results]}, tmp, manifest_kinds()) as publication:
        written = publication.publish({"index.html": page.encode("utf-8")}, owned=owned)
    return BuildResult(
        out_dir=out,
        written=tuple(f"{r.out_dir.name}/{path}" for r in results for path in r.written) + tuple(written),
        manifest=publication.manifest,
        editions=tuple(e for r in results for e in r.editions),
        seconds=time.perf_counter() - started,
        excluded=tuple(locale for r in results for locale in r.excluded),
        failures=tuple(f for r in results for f in r.failures),
        title="",
        warnings=tuple(w for r in results for w in r.warnings),
    )
