"""``silkpress proof``: per locale, a parallel-text proof of a bulletin's catalog, as an HTML page
and an A4 PDF (dist/proof/<tag>/ by default).

Loads the data (:mod:`silkpress.proof`), renders ``proof.html`` twice (for the screen and for
print), holds the PDF to the glyph gate, renders it with the build's PDF renderer and hands
every file to :mod:`silkpress.output`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from babel.numbers import format_percent
from markupsafe import Markup

from .editions import Edition, load_edition, provenance
from .errors import CheckError, ConfigError, RenderError
from .fonts import FONTS_DIR, css_string, font_face_css
from .glyphs import ShownText, missing_glyphs
from .html import render_template
from .i18n.stats import catalog_stats, read_catalog
from .pdf import FONTS_PLACEHOLDER, PdfJob, PdfRenderer
from .profiles import faces_for, profile_for, stack_for
from .project import Bulletin, Project
from .proof import STATES, ProofData, fact_pairs, interface_pairs, proof_units

ASSETS = "assets"
PROOF_FOLDER = "proof"
PROOF_KINDS = {".pdf": "proof-pdf", ".html": "proof-html"}
"""What the proof folder's manifest calls its files."""


@dataclass(frozen=True)
class ProofOptions:
    locales: tuple[str, ...] = ()
    """The locales to proof (default: every configured one but the source locale)."""
    only: tuple[str, ...] = ()
    """Just the units (and interface strings) in these states."""
    out_dir: Path | None = None
    """Where to write (default: the project's dist/proof/)."""
    since: str | None = None
    """A release id: just the units added or changed since it (source or translation)."""


@dataclass(frozen=True)
class ProofResult:
    out: Path
    files: tuple[str, ...]
    """Every file of the proofs, relative to ``out``."""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per locale, the units shown per state."""

    def to_dict(self) -> dict[str, object]:
        return {"out": str(self.out), "files": list(self.files), "locales": self.counts}

    def lines(self) -> list[str]:
        """The report for people: each proof written, then the units per state of each locale."""
        written = [str(self.out / name) for name in self.files if name.endswith((".pdf", ".html"))]
        return written + [f"{locale}: " + ", ".join(f"{n} {state}" for state, n in counts.items())
                          for locale, counts in self.counts.items()]


def proof_locales(project: Project, requested: tuple[str, ...]) -> tuple[str, ...]:
    project.require_locales(requested)
    if project.source_locale in requested:
        raise ConfigError(f"{project.source_locale!r} is the source locale: there is no translation to proof")
    return requested or tuple(locale for locale in project.locales if locale != project.source_locale)


def make_proofs(project: Project, options: ProofOptions, say: Callable[[str], None] = lambda line: None) -> ProofResult:
    """Write the proofs of ``options.locales`` for every bulletin of ``project``."""
    from .output import publish_proofs

    unknown = sorted(set(options.only) - set(STATES))
    if unknown:
        raise ConfigError(f"--only takes {', '.join(STATES)}, not {', '.join(unknown)}")
    locales = proof_locales(project, options.locales)
    changed = changed_units(project, options.since) if options.since is not None else None
    top = options.out_dir or project.dist_dir / PROOF_FOLDER
    written: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for bulletin in project.bulletins:
        files, found = bulletin_proofs(bulletin, locales, options.only, say, changed)
        out = bulletin.out_dir(top)
        publish_proofs(out, files, bulletin.source.stem, {project.tag(locale): locale for locale in locales}, PROOF_KINDS)
        prefix = f"{bulletin.subfolder}/" if bulletin.subfolder else ""
        written += [prefix + name for name in sorted(files)]
        counts.update({(prefix + locale): value for locale, value in found.items()})
    return ProofResult(top, tuple(written), counts)


@dataclass(frozen=True)
class ProofDocument:
    """One locale's proof before its PDF is rendered."""

    locale: str
    name: str
    """Its files' path without the suffix: ``<tag>/<bulletin>-proof-<tag>``."""
    data: ProofData
    page: str
    """The HTML page."""
    job: PdfJob


def changed_units(project: Project, since: str) -> dict[str, dict[str, frozenset[str]]]:
    """By bulletin id and locale, the units added or changed (source or translation) since a
    release (a ReleaseError for an unknown one)."""
    from .changes import changes_report

    report = changes_report(project, since)
    return {
        bulletin["bulletin"]: {
            entry["locale"]: frozenset(item["unit"] for item in [*entry["added"], *entry["changed"]])
            for entry in bulletin["locales"]
        }
        for bulletin in report["bulletins"]
    }


def proof_documents(
    bulletin: Bulletin, locales: tuple[str, ...], only: tuple[str, ...] = (),
    changed: Mapping[str, Mapping[str, frozenset[str]]] | None = None,
) -> list[ProofDocument]:
    """The proofs of one bulletin, each held to the glyph gate (a CheckError when it fails); with
    ``changed`` (:func:`changed_units`), just the units its entry for this bulletin names per locale."""
    project = bulletin.project
    source = bulletin.load()
    keep = changed.get(source.id, {}) if changed is not None else None
    stats = {locale: catalog_stats(bulletin, locale) for locale in locales}
    made = provenance(bulletin, stats)
    original = load_edition(bulletin, source, project.source_locale)
    documents = []
    for locale in locales:
        catalog = read_catalog(bulletin, locale)
        edition = load_edition(bulletin, source, locale, catalog)
        data = proof_data(bulletin, source, original, edition, catalog, only, keep.get(locale, frozenset()) if keep is not None else None)
        context = _context(bulletin, original, edition, data, made.catalogs[locale], made.source_sha256, stats[locale].percent)
        name = f"{edition.tag}/{source.id}-proof-{edition.tag}"
        every = _every(project, locale)
        _gate(data, every, name)
        job = PdfJob(f"{name}.pdf", _page(project, edition, context, True), project.templates_dir, stack_for(list(every)), "pdf/ua-1")
        documents.append(ProofDocument(locale, name, data, _page(project, edition, context, False), job))
    return documents


def bulletin_proofs(
    bulletin: Bulletin, locales: tuple[str, ...], only: tuple[str, ...], say: Callable[[str], None],
    changed: Mapping[str, Mapping[str, frozenset[str]]] | None = None,
) -> tuple[dict[str, bytes], dict[str, dict[str, int]]]:
    """The proofs' files of one bulletin, by path, and the units each shows per state."""
    project = bulletin.project
    documents = proof_documents(bulletin, locales, only, changed)
    files = {f"{document.name}.html": document.page.encode("utf-8") for document in documents}
    say(f"rendering {len(documents)} proof PDF(s)")
    allowed = (FONTS_DIR, *(folder.path for folder in project.template_folders))
    renderer = PdfRenderer(allowed, project.render_timeout, project.render_memory)
    for job_name, result in renderer.render_many([document.job for document in documents]).items():
        if isinstance(result, RenderError):
            raise result
        files[job_name] = result
    for face in faces_for(list(project.locales)):
        files[f"{ASSETS}/fonts/{face.filename}"] = face.path.read_bytes()
    files[f"{ASSETS}/fonts/OFL.txt"] = (FONTS_DIR / "OFL.txt").read_bytes()
    return files, {document.locale: document.data.counts for document in documents}


def proof_data(  # noqa: ANN001
    bulletin: Bulletin, source, original: Edition, edition: Edition, catalog, only: tuple[str, ...],
    keep: frozenset[str] | None = None,
) -> ProofData:
    """One locale's units (with ``keep``, just those) and appendix."""
    from .i18n.extract import extract_messages
    from .theme import SHOWN, THEME_DIR, catalog_path
    from .theme.messages import theme_template_entries, theme_translations

    project, locale = bulletin.project, edition.locale
    shown = project.relative(bulletin.catalog_path(locale))
    by_character = profile_for(project.source_locale).script.justification == "inter-character"
    units = tuple(unit for unit in proof_units(source, catalog, shown, only, by_character) if keep is None or unit.id in keep)
    theme = theme_translations(locale)
    ours = [entry for entry in extract_messages(bulletin, source).messages if any(
        path.startswith("templates/") for path, _ in entry.references)]
    entries = {entry.key: entry for entry in [*theme_template_entries(), *ours]}
    used = edition.translations.over(theme)
    theme_shown = f"{SHOWN}/{catalog_path(locale).relative_to(THEME_DIR).as_posix()}"
    lines = {key: f"{theme_shown}:{line}" for key, line in theme.lines.items()}
    lines |= {key: f"{shown}:{line}" for key, line in edition.translations.lines.items() if key in entries}
    interface = interface_pairs(entries.values(), used, lines, only)
    facts = fact_pairs(source, original.localized, edition.localized, edition.translations)
    return ProofData(locale, units, interface, facts["places"], facts["countries"], facts["dates"])


def _context(bulletin: Bulletin, original: Edition, edition: Edition, data: ProofData, catalog: dict, source_sha: str, percent: float) -> dict:  # noqa: ANN001
    project, localized = bulletin.project, edition.localized
    return {
        "tag": edition.tag, "direction": edition.direction, "source_tag": original.tag,
        "title": localized.title.text, "source_title": original.localized.title.text,
        "language": edition.name, "source_language": original.name,
        "publisher": localized.publisher_name, "published": localized.published.iso,
        "percent": format_percent(percent / 100, "#,##0.#%", locale=edition.locale),
        "source_hash": source_sha[:12], "catalog_hash": str(catalog.get("sha256", ""))[:12] or "—",
        "source_path": bulletin.shown, "catalog_path": catalog.get("path", ""),
        "counts": data.counts, "units": data.units, "interface": data.interface, "places": data.places,
        "countries": data.countries, "dates": data.dates,
        "font_css": _font_css(_every(project, edition.locale), original.tag, edition.tag),
    }


def _every(project: Project, locale: str) -> tuple[str, ...]:
    """The source locale, the proof's locale, then the project's others: every language whose
    fonts the proof loads (notes and comments may quote any of them)."""
    return tuple(dict.fromkeys([project.source_locale, locale, *project.locales]))


def _font_css(every: tuple[str, ...], source_tag: str, tag: str) -> Markup:
    """The fonts of every language; each column's text uses its own language's stack first."""
    url = (lambda face: f"../{ASSETS}/fonts/{face.filename}")
    source_locale, locale = every[0], every[1]
    rules = [font_face_css(faces_for(list(every)), stack_for([locale, *every]), url)]
    for each, each_tag in ((source_locale, source_tag), (locale, tag)):
        families = ", ".join(css_string(family) for family in stack_for([each, *every]))
        rules.append(f"[lang={css_string(each_tag)}] {{ font-family: {families}; }}")
    return Markup("\n".join(rules))


def _page(project: Project, edition: Edition, context: dict, for_print: bool) -> str:
    html = render_template(edition.env, "proof.html", project.root, for_print=for_print, **context)
    # The PDF worker finds the bundled fonts itself (see pdf.FONTS_PLACEHOLDER).
    return html.replace(f"../{ASSETS}/fonts", FONTS_PLACEHOLDER) if for_print else html


def _gate(data: ProofData, locales: tuple[str, ...], name: str) -> None:
    """The glyph gate: the English in the source language's fonts, the translation in its own, and
    notes and comments (which quote any language) in the fonts the proof loads: every language's."""
    source_locale, locale = locales[0], data.locale
    pairs = (*data.interface, *data.places, *data.countries, *data.dates)
    source_side = [ShownText(unit.source, unit.id, unit.where, None) for unit in data.units]
    source_side += [ShownText(pair.source, pair.id, pair.where, None) for pair in pairs]
    side = [ShownText(unit.translation, unit.id, unit.where, None) for unit in data.units]
    side += [ShownText(pair.text, pair.id, pair.where, None) for pair in pairs]
    notes = [ShownText(note, unit.id, unit.where, None) for unit in data.units for note in (*unit.notes, *unit.comments)]
    every = ", ".join(stack_for(list(locales)))
    missing = (missing_glyphs(source_side, source_locale) + missing_glyphs(side, locale)
               + missing_glyphs(notes, locale, faces_for(list(locales)), every))
    if missing:
        raise CheckError(f"{name}.pdf: {len(missing)} character(s) missing from the fonts; no proof written", missing)
