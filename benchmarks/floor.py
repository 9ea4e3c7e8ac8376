"""The floor: WeasyPrint alone renders the build's print documents in one process, with nothing
of silkpress but the two layout patches the build's renders run under (Chinese inter-character
justification, silkpress.cjk, and per-element /Lang, silkpress.pdftags), so that it makes the
very same PDFs.

Like for like with a ``--jobs 1`` build's worker: the same documents (the font placeholder
resolved to the bundled fonts), one FontConfiguration per font stack, the same write_pdf
options. ``--out`` keeps the PDFs, so a test can compare them with the build's.

    python benchmarks/floor.py --prepare PROJECT DIR   # write the documents and jobs.json
    python benchmarks/floor.py DIR [--out PDF_DIR]     # render them; prints the seconds
"""

from __future__ import annotations

import time

started = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

JOBS = "jobs.json"


def prepare(project_dir: Path, folder: Path) -> None:
    """The print documents of every edition exactly as the build hands them to its workers."""
    from silkpress import BuildOptions, load_project
    from silkpress.editions import load_edition, provenance
    from silkpress.fonts import FONTS_DIR
    from silkpress.formats import FORMATS, BulletinRun
    from silkpress.i18n.stats import catalog_stats
    from silkpress.pdf import FONTS_PLACEHOLDER

    project = load_project(project_dir)
    bulletin = project.bulletins[0]
    source = bulletin.load()
    editions = [load_edition(bulletin, source, locale) for locale in project.locales]
    stats = {locale: catalog_stats(bulletin, locale) for locale in project.locales}
    options = BuildOptions().resolved(project)
    run = BulletinRun(project, bulletin, source, options, options.out_dir, editions, editions, stats,
                      provenance(bulletin, stats), lambda line: None)
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for job in (job for edition in editions for job in FORMATS["pdf"].jobs(run, edition)):
        payload = job.payload
        stem = job.name.replace("/", "--")
        # the worker resolves the placeholder to its own copy of the bundled fonts: so does the floor
        html = payload.html.replace(FONTS_PLACEHOLDER, FONTS_DIR.as_uri())
        (folder / f"{stem}.html").write_text(html, encoding="utf-8")
        jobs.append({"name": job.name, "file": f"{stem}.html", "base_url": str(payload.base_url) + "/",
                     "families": list(payload.families), "variant": payload.variant,
                     "inter_character": list(payload.inter_character)})
    (folder / JOBS).write_text(json.dumps(jobs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def render(folder: Path, out: Path | None) -> float:
    from weasyprint import HTML  # the import is part of the cost
    from weasyprint.text.fonts import FontConfiguration

    from silkpress import cjk, ellipsis, pdftags

    configs: dict[tuple[str, ...], FontConfiguration] = {}  # one per font stack, as a worker keeps them
    for job in json.loads((folder / JOBS).read_text(encoding="utf-8")):
        config = configs.setdefault(tuple(job["families"]), FontConfiguration())
        html = (folder / job["file"]).read_text(encoding="utf-8")
        with cjk.enabled(tuple(job["inter_character"])):
            document = HTML(string=html, base_url=job["base_url"]).render(font_config=config)
        with cjk.enabled(tuple(job["inter_character"])), pdftags.languages_tagged(), ellipsis.whole_word_ellipsis():
            data = document.write_pdf(pdf_variant=job["variant"], pdf_tags=True, custom_metadata=True)
        if out is not None:
            target = out / job["name"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    if argv[:1] == ["--prepare"] and len(argv) == 3:
        prepare(Path(argv[1]), Path(argv[2]))
    elif len(argv) in (1, 3) and (len(argv) == 1 or argv[1] == "--out"):
        print(f"{render(Path(argv[0]), Path(argv[2]) if len(argv) == 3 else None):.3f}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
