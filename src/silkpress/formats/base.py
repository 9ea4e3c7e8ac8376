"""What a format is: the interface every entry of the :data:`silkpress.formats.FORMATS` registry
implements, and the data the pipeline hands it.

A format turns editions into jobs (one output file each, with its document and what else its
key depends on), refuses the jobs that must not be rendered (its gate), renders the rest, and
may add files that several editions share. The pipeline does the rest for every format alike:
job keys, the cache, progress, release rules and publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ClassVar, Protocol

from ..errors import SilkpressError

if TYPE_CHECKING:
    from ..changes import EditionChanges
    from ..editions import Edition, Provenance
    from ..i18n.stats import CatalogStats
    from ..model import BulletinSource
    from ..options import BuildOptions
    from ..project import Bulletin, Project
    from ..warm import Loader

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Job:
    """One output file of one format: ``name`` is its path in the bulletin's output folder."""

    format: str
    locale: str | None
    name: str
    document: str
    """What the renderer turns into the file (for HTML, the file itself)."""
    key_parts: tuple[str, ...] = ()
    """What else the output depends on (font digests, attachments), for the job key."""
    payload: object = None
    """The renderer's own description of the job (a PdfJob, say)."""
    make: Callable[[], Job] | None = None
    """A job planned from its inputs alone (``document`` empty, ``key_parts`` and ``code`` say
    everything it depends on): ``make`` renders it, and is called only when its key is stale."""
    code: str | None = None
    """The digest of silkpress's own files the job depends on (default: all of them)."""
    needs: tuple[str, ...] = ()
    """Other output files it needs in place (a page's font subsets): while one is missing, it is stale."""


@dataclass
class BulletinRun:
    """One bulletin's build as the formats see it; ``outputs`` fills in as formats finish."""

    project: Project
    bulletin: Bulletin
    source: BulletinSource
    options: BuildOptions
    out: Path
    editions: list[Edition]
    """Every edition that could be loaded (the chooser and switchers list them all)."""
    building: list[Edition]
    """The editions this build makes (``--locale``)."""
    stats: dict[str, CatalogStats]
    provenance: Provenance
    say: Progress
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per format, the size of each output file by its name: rendered now, or still in place."""
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per locale, seconds per format."""
    failed: dict[str, SilkpressError] = field(default_factory=dict)
    """Editions (by locale) a format could not make in this draft, and why."""
    changes: dict[str, EditionChanges] = field(default_factory=dict)
    """In a release, per locale, what changed since the previous release (locales with changes only)."""
    assets: dict[str, bytes] = field(default_factory=dict)
    """Files a format's pages need beside them (web-font subsets, named by their content), by path;
    they fill in as the pages are made, and the format publishes them with its shared files."""
    loader: Loader | None = None
    """Where the build's inputs and renderers come from (:mod:`silkpress.warm`); None: afresh."""
    renderers: dict[str, object] = field(default_factory=dict)
    """What a format started as the build began (its ``warm``: PDF workers importing WeasyPrint), by name."""
    meanwhile: list[Callable[[], None]] = field(default_factory=list)
    """Work of the coordinator's that no format waits for (a draft's checks): a format that waits
    on its workers calls :meth:`idle` once they have work; the pipeline runs what is left."""

    def idle(self) -> None:
        while self.meanwhile:
            self.meanwhile.pop(0)()

    def size(self, format_name: str, name: str) -> int | None:
        """The size of an output of ``format_name``: made by this build or an earlier one."""
        known = self.outputs.get(format_name, {}).get(name)
        if known is not None:
            return known
        existing = self.out / name
        return existing.stat().st_size if existing.is_file() else None


class Format(Protocol):
    """An entry of the format registry."""

    name: ClassVar[str]
    """What ``--edition-format`` calls it."""
    manifest_kind: ClassVar[str]
    suffix: ClassVar[str]
    """The suffix of its edition files; the manifest gives such files ``manifest_kind``."""
    media_type: ClassVar[str]
    templates: ClassVar[tuple[str, ...]]
    """The templates it renders (besides those they include)."""
    key_options: ClassVar[tuple[str, ...]]
    """The BuildOptions fields that go into its job keys."""
    offered: ClassVar[bool]
    """Whether the web pages offer its files for download, with their size."""

    def output_name(self, run: BulletinRun, edition: Edition) -> str:
        """The path of an edition's file in the bulletin's output folder."""
        ...

    def jobs(self, run: BulletinRun, edition: Edition) -> list[Job]:
        """The jobs of one edition being built (one per output file). A SilkpressError here
        fails that edition only (in a draft; a release stops)."""
        ...

    def gate(self, run: BulletinRun, jobs: list[Job]) -> dict[str, SilkpressError]:
        """Jobs (by name) that must not be rendered, and why. A release refuses them all."""
        ...

    def render(self, run: BulletinRun, jobs: list[Job], done: Callable[[Job], None]) -> dict[str, bytes | SilkpressError]:
        """Every job's file, or its error; ``done`` is called as each finishes."""
        ...

    def shared(self, run: BulletinRun) -> dict[str, bytes]:
        """Files the editions share (chooser, stylesheet, fonts ...), by path."""
        ...

    # Optional: ``warm(project, options)``, a context manager the pipeline enters as the build
    # begins (before anything is loaded); what it yields is ``run.renderers[name]`` for ``render``.
    # Optional: ``retired(run)``, the files of earlier builds this build no longer makes for the
    # editions it builds (the pipeline removes them); a format without it retires nothing.


class SimpleFormat:
    """Defaults for a format: no gate, nothing shared, and jobs whose document is the file."""

    key_options: ClassVar[tuple[str, ...]] = ()
    offered: ClassVar[bool] = False
    templates: ClassVar[tuple[str, ...]] = ()

    def gate(self, run: BulletinRun, jobs: list[Job]) -> dict[str, SilkpressError]:
        return {}

    def render(self, run: BulletinRun, jobs: list[Job], done: Callable[[Job], None]) -> dict[str, bytes | SilkpressError]:
        # Quick work: no progress line per file.
        return {job.name: job.document.encode("utf-8") for job in jobs}

    def shared(self, run: BulletinRun) -> dict[str, bytes]:
        return {}
