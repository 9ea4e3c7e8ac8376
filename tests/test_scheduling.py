"""How a build schedules its renders: formats' workers start as the build begins (``warm``), the
longest PDF job goes first, and a started renderer's workers serve every render until closed."""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path
from typing import ClassVar, Iterator

import pytest

from silkpress.editions import Edition
from silkpress.errors import SilkpressError
from silkpress.fonts import FONTS_DIR, SERIF, SERIF_SC
from silkpress.formats import BulletinRun, Job, SimpleFormat, register, unregister
from silkpress.formats.pdf import _cost
from silkpress.pdf import PdfJob, PdfRenderer

from .helpers import DATA, build_with, copy_project


class WarmFormat(SimpleFormat):
    """A toy format whose ``warm`` records when it is entered and left, and what render sees."""

    name: ClassVar[str] = "warmed"
    manifest_kind: ClassVar[str] = "warmed"
    suffix: ClassVar[str] = ".warm"
    media_type: ClassVar[str] = "text/plain"

    def __init__(self) -> None:
        self.events: list[str] = []

    @contextlib.contextmanager
    def warm(self, project, options) -> Iterator[str]:  # noqa: ANN001
        self.events.append("warm")
        try:
            yield "the warm renderer"
        finally:
            self.events.append("closed")

    def output_name(self, run: BulletinRun, edition: Edition) -> str:
        return f"{edition.tag}/edition.warm"

    def jobs(self, run: BulletinRun, edition: Edition) -> list[Job]:
        self.events.append(f"jobs {edition.locale}")
        return [Job(self.name, edition.locale, self.output_name(run, edition), edition.locale)]

    def render(self, run: BulletinRun, jobs: list[Job], done) -> dict[str, bytes]:  # noqa: ANN001
        self.events.append(f"render with {run.renderers[self.name]}")
        pending = len(run.meanwhile)
        run.idle()  # as a format does once its workers have work
        self.events.append(f"ran {pending} while rendering, {len(run.meanwhile)} left")
        return {job.name: job.document.encode() for job in jobs}


@pytest.fixture
def warmed():
    fmt = register(WarmFormat())
    yield fmt
    unregister("warmed")


def test_a_format_is_warmed_before_anything_loads_and_closed_after(mini, warmed, tmp_path: Path) -> None:
    result = build_with(mini, out_dir=tmp_path / "dist", formats=["html", "warmed"], locales=["en"])
    assert result.failures == ()
    events = warmed.events
    assert events[0] == "warm" and events[-1] == "closed"
    assert events[1:-1] == ["jobs en", "render with the warm renderer", "ran 1 while rendering, 0 left"]


def test_a_draft_finds_its_check_warnings_while_a_format_renders(warmed, tmp_path: Path) -> None:
    valid = copy_project(DATA / "valid", tmp_path / "valid")
    po = valid.root / "locales" / "ru" / "LC_MESSAGES" / "bulletin.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Contents"\nmsgstr "Содержание<script>x</script>"\n',
                  encoding="utf-8")
    result = build_with(valid, out_dir=tmp_path / "dist", formats=["html", "warmed"])
    assert "ran 1 while rendering, 0 left" in warmed.events
    assert any("<script>" in warning.message or "script" in warning.message for warning in result.warnings), result.warnings
    assert all(warning.severity == "warning" for warning in result.warnings)


def test_a_failed_build_closes_what_it_warmed(mini, warmed, tmp_path: Path) -> None:
    (mini.root / "source" / "mini.yaml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(SilkpressError):
        build_with(mini, out_dir=tmp_path / "dist", formats=["html", "warmed"])
    assert warmed.events == ["warm", "closed"]


def job(name: str, families: tuple[str, ...], length: int) -> Job:
    payload = PdfJob(name, "x" * length, FONTS_DIR, families)
    return Job("pdf", None, name, payload.html, (), payload)


def test_the_longest_job_goes_first() -> None:
    jobs = [job("en", (SERIF,), 30_000), job("zh", (SERIF_SC, SERIF), 20_000), job("ru", (SERIF,), 40_000)]
    assert [j.name for j in sorted(jobs, key=_cost, reverse=True)] == ["zh", "ru", "en"]


@pytest.mark.slow
def test_a_started_renderer_keeps_its_workers_until_closed(tmp_path: Path) -> None:
    page = f"""<html lang="en"><head><style>
    @font-face {{ font-family: "{SERIF}"; src: url({FONTS_DIR.as_uri()}/NotoSerif-Regular.woff2); }}
    html {{ font-family: "{SERIF}"; }}</style></head><body><p>%s</p></body></html>"""
    renderer = PdfRenderer((), timeout=120, memory=None, workers=1).start()
    try:
        pool = renderer._warm
        assert pool is not None and len(pool.idle) == 1
        worker = pool.idle[0][1]
        first = renderer.render_many([PdfJob("a.pdf", page % "first", tmp_path, (SERIF,))])
        second = renderer.render_many([PdfJob("b.pdf", page % "second", tmp_path, (SERIF,))])
        assert isinstance(first["a.pdf"], bytes) and first["a.pdf"].startswith(b"%PDF")
        assert isinstance(second["b.pdf"], bytes)
        assert worker.is_alive() and [p for _, p in pool.idle] == [worker]  # the same process served both
    finally:
        renderer.close()
    assert renderer._warm is None and not worker.is_alive()


@pytest.mark.slow
def test_a_worker_started_early_but_never_needed_is_not_waited_for(tmp_path: Path) -> None:
    page = f"""<html lang="en"><head><style>
    @font-face {{ font-family: "{SERIF}"; src: url({FONTS_DIR.as_uri()}/NotoSerif-Regular.woff2); }}
    html {{ font-family: "{SERIF}"; }}</style></head><body><p>one job</p></body></html>"""
    renderer = PdfRenderer((), timeout=120, memory=None, workers=2).start()
    assert renderer._warm is not None
    processes = [process for _, process in renderer._warm.idle]
    result = renderer.render_many([PdfJob("a.pdf", page, tmp_path, (SERIF,))])
    assert isinstance(result["a.pdf"], bytes)
    renderer.close()
    # the one that rendered was asked to stop and ended on its own; the other was killed outright
    assert sorted(process.exitcode for process in processes) == [-signal.SIGKILL, 0]
