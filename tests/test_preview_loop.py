"""The translator's loop in ``silkpress serve``: what stays warm between rebuilds (the source,
catalogs, editions and the PDF workers), and the pages published before the PDF.

Speed is the benchmark's business (benchmarks/bench_preview.py); these tests assert behaviour."""

from __future__ import annotations

import io
import json
import os
import signal
import time
import urllib.error
import urllib.request

import pytest
from pypdf import PdfReader

from silkpress.serve import Preview
from silkpress.warm import WarmLoader

from .helpers import build_with
from .test_serve import preview  # noqa: F401 - the web-only preview fixture, shared

SUMMIT = 'msgstr "Саммит состоялся"'


def save(po, old, new):
    po.write_text(po.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def get(preview, path):
    try:
        with urllib.request.urlopen(preview.url.rstrip("/") + path, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def state(preview):
    return json.loads(get(preview, "/__silkpress__/version")[1])


def wait_until(predicate, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


def settled(preview, before, formats):
    """Every format in ``formats`` published since ``before``, and no rebuild running."""
    now = state(preview)
    return not now["busy"] and all(now["formats"][name] > before["formats"][name] for name in formats)


def gone(pid):
    """Whether a process has ended (a zombie not yet reaped by its parent, the forkserver, counts)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def pdf_text(preview, tag="ru", name="mini"):
    status, data = get(preview, f"/{tag}/{name}-{tag}.pdf")
    assert status == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- the warm loader, in process -------------------------------------------------------------


def test_a_saved_catalog_is_read_again_and_only_its_edition_made_again(mini, tmp_path):
    loader = WarmLoader()
    bulletin = mini.bulletins[0]
    source = loader.source(bulletin)
    catalogs = {locale: loader.catalog(bulletin, locale) for locale in mini.locales}
    editions = {locale: loader.edition(bulletin, source, locale, catalogs[locale], True) for locale in mini.locales}
    reads = loader.reads
    assert reads == 1 + len(mini.locales)
    # nothing saved: the very same objects, nothing read
    assert loader.source(bulletin) is source and loader.catalog(bulletin, "kk") is catalogs["kk"]
    assert loader.edition(bulletin, source, "kk", catalogs["kk"], True) is editions["kk"]
    assert loader.reads == reads

    po = bulletin.catalog_path("ru")
    save(po, SUMMIT, 'msgstr "Саммит прошёл"')
    loader.changed([po])
    ru = loader.catalog(bulletin, "ru")
    assert loader.reads == reads + 1 and ru is not catalogs["ru"]
    edition = loader.edition(bulletin, loader.source(bulletin), "ru", ru, True)
    assert edition is not editions["ru"] and edition.localized.events[0].title.text == "Саммит прошёл"
    assert loader.edition(bulletin, source, "kk", loader.catalog(bulletin, "kk"), True) is editions["kk"]
    assert loader.reads == reads + 1  # the source and the other catalogs were not read again


def test_a_save_the_watcher_did_not_report_is_seen_by_its_stamp(mini):
    loader = WarmLoader()
    bulletin = mini.bulletins[0]
    first = loader.catalog(bulletin, "ru")
    po = bulletin.catalog_path("ru")
    save(po, SUMMIT, 'msgstr "Саммит прошёл успешно"')  # a different size: a different stamp
    assert loader.catalog(bulletin, "ru") is not first


def test_a_template_save_makes_every_edition_again(mini):
    loader = WarmLoader()
    bulletin = mini.bulletins[0]
    source = loader.source(bulletin)
    catalog = loader.catalog(bulletin, "kk")
    edition = loader.edition(bulletin, source, "kk", catalog, True)
    loader.changed([mini.templates_dir / "edition.html"])
    assert loader.edition(bulletin, source, "kk", catalog, True) is not edition
    assert loader.catalog(bulletin, "kk") is catalog  # the catalogs stay: their files did not change


def test_a_build_through_the_warm_loader_makes_the_same_files(mini, tmp_path):
    cold = build_with(mini, out_dir=tmp_path / "cold", formats=["html"])
    loader = WarmLoader()
    from silkpress.options import BuildOptions
    from silkpress.pipeline import build

    build(mini, BuildOptions((), ("html",), tmp_path / "warm"), loader=loader)
    again = build(mini, BuildOptions((), ("html",), tmp_path / "warm"), loader=loader)  # all of it from the loader
    assert again.written == ()
    for entry in cold.manifest:
        assert (tmp_path / "warm" / entry.path).read_bytes() == (tmp_path / "cold" / entry.path).read_bytes(), entry.path


# --- the preview, web pages only (fast) ------------------------------------------------------


def test_a_catalog_save_bumps_the_web_version_and_serves_the_new_text(preview, mini):
    before = state(preview)
    assert set(before["formats"]) == {"html"} and before["busy"] is False and before["error"] is False
    reads = preview.loader.reads
    save(mini.bulletins[0].catalog_path("ru"), SUMMIT, 'msgstr "Саммит прошёл отлично"')
    wait_until(lambda: settled(preview, before, ["html"]))
    after = state(preview)
    assert after["version"] > before["version"] and after["error"] is False
    assert "Саммит прошёл отлично" in get(preview, "/ru/index.html")[1].decode("utf-8")
    assert preview.loader.reads == reads + 1  # only the saved catalog was read


def test_a_broken_save_is_the_error_page_and_the_next_good_one_recovers(preview, mini):
    po = mini.bulletins[0].catalog_path("ru")
    good = po.read_text(encoding="utf-8")
    before = state(preview)
    po.write_text(good.replace(SUMMIT, 'msgstr "Саммит'), encoding="utf-8")
    wait_until(lambda: state(preview)["error"])
    status, body = get(preview, "/ru/index.html")
    assert status == 500 and "locales/ru/LC_MESSAGES/bulletin.po:" in body.decode("utf-8")
    assert state(preview)["formats"]["html"] > before["formats"]["html"]
    po.write_text(good.replace(SUMMIT, 'msgstr "Саммит снова"'), encoding="utf-8")
    wait_until(lambda: not state(preview)["error"])
    status, body = get(preview, "/ru/index.html")
    assert status == 200 and "Саммит снова" in body.decode("utf-8")


# --- the preview with PDFs: warm workers (slow) ----------------------------------------------


@pytest.fixture
def full_preview(mini, tmp_path):
    messages: list[str] = []
    server = Preview(mini, port=0, out_dir=tmp_path / "preview", on_build=messages.append)
    server.messages = messages
    server.start()
    yield server
    server.stop()


@pytest.mark.slow
def test_the_page_is_published_before_the_pdf_and_both_show_the_save(full_preview, mini):
    assert list(full_preview.published) == ["html", "pdf"]  # the pages first
    workers = full_preview.loader.renderer.pids
    assert workers and not any(gone(pid) for pid in workers)
    before = state(full_preview)
    del full_preview.messages[:]
    save(mini.bulletins[0].catalog_path("ru"), SUMMIT, 'msgstr "Саммит завершился"')
    wait_until(lambda: settled(full_preview, before, ["html", "pdf"]))
    built = [m for m in full_preview.messages if m.startswith("built ru")]
    assert built[:2] == ["built ru (html)", "built ru (pdf)"], full_preview.messages
    assert "Саммит завершился" in get(full_preview, "/ru/index.html")[1].decode("utf-8")
    assert "Саммит завершился" in pdf_text(full_preview)
    assert full_preview.loader.renderer.pids == workers  # the same warm workers rendered it


@pytest.mark.slow
def test_the_workers_survive_a_bad_save_and_a_dead_one_is_replaced(full_preview, mini):
    po = mini.bulletins[0].catalog_path("ru")
    good = po.read_text(encoding="utf-8")
    workers = full_preview.loader.renderer.pids
    po.write_text(good.replace(SUMMIT, 'msgstr "Саммит'), encoding="utf-8")
    wait_until(lambda: state(full_preview)["error"] and not state(full_preview)["busy"])
    assert get(full_preview, "/ru/index.html")[0] == 500
    assert full_preview.loader.renderer.pids == workers

    before = state(full_preview)
    po.write_text(good.replace(SUMMIT, 'msgstr "Саммит исправлен"'), encoding="utf-8")
    wait_until(lambda: settled(full_preview, before, ["html", "pdf"]) and not state(full_preview)["error"])
    assert "Саммит исправлен" in pdf_text(full_preview)
    assert full_preview.loader.renderer.pids == workers

    os.kill(workers[0], signal.SIGKILL)  # a worker dies between two saves
    wait_until(lambda: gone(workers[0]))
    before = state(full_preview)
    po.write_text(good.replace(SUMMIT, 'msgstr "Саммит продолжился"'), encoding="utf-8")
    wait_until(lambda: settled(full_preview, before, ["html", "pdf"]))
    assert not state(full_preview)["error"]
    assert "Саммит продолжился" in pdf_text(full_preview)
    assert workers[0] not in full_preview.loader.renderer.pids


@pytest.mark.slow
def test_stopping_the_preview_stops_its_workers(mini, tmp_path):
    server = Preview(mini, port=0, out_dir=tmp_path / "preview", formats=("pdf",))
    server.start()
    workers = server.loader.renderer.pids
    assert workers
    server.stop()
    for pid in workers:
        wait_until(lambda: gone(pid), 10)


@pytest.mark.slow
def test_a_warm_worker_renders_the_same_bytes_as_a_fresh_build(mini, tmp_path):
    from silkpress.options import BuildOptions
    from silkpress.pipeline import build

    name = "ru/mini-ru.pdf"
    build_with(mini, out_dir=tmp_path / "cold", locales=["ru"], formats=["pdf"])
    loader = WarmLoader()
    try:
        for out in ("first", "again"):  # the second render reuses the worker and its FontConfiguration
            build(mini, BuildOptions(("ru",), ("pdf",), tmp_path / out), loader=loader)
        assert len(loader.renderer.pids) == 1
    finally:
        loader.close()
    cold = (tmp_path / "cold" / name).read_bytes()
    assert (tmp_path / "first" / name).read_bytes() == cold
    assert (tmp_path / "again" / name).read_bytes() == cold


def test_the_warnings_are_made_once_for_the_same_inputs_or_not_at_all(mini, monkeypatch):
    import silkpress.warm

    calls = []
    monkeypatch.setattr(silkpress.warm, "draft_warnings", lambda *args: calls.append(args) or ["w"])
    bulletin = mini.bulletins[0]
    for loader, expected in ((WarmLoader(), 1), (WarmLoader(warnings=False), 0)):
        source = loader.source(bulletin)
        catalogs = {locale: loader.catalog(bulletin, locale) for locale in mini.locales}
        editions = [loader.edition(bulletin, source, "ru", catalogs["ru"], True)]
        first = loader.warnings(bulletin, source, editions, ["ru"], catalogs)
        assert loader.warnings(bulletin, source, editions, ["ru"], catalogs) == first == (["w"] if expected else [])
        assert len(calls) == expected
        calls.clear()
