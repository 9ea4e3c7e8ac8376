from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import zipfile

import pytest

from silkpress import (
    CatalogError,
    ConfigError,
    OutputError,
    SilkpressError,
    atomic,
    load_project,
)
from silkpress.output import make_zip, safe_join, zip_time

from .helpers import build_with, real_tags


def test_manifest_lists_every_artifact_with_checksums(real_build):
    out = real_build.out_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    artifacts = {entry["path"]: entry for entry in manifest["artifacts"]}
    on_disk = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert set(artifacts) == on_disk
    for path, entry in artifacts.items():
        data = (out / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    editions = [(e["locale"], e["kind"]) for e in manifest["artifacts"] if e["kind"] in ("html", "pdf") and e["locale"]]
    assert sorted(editions) == sorted((loc, kind) for loc in real_tags() for kind in ("html", "pdf"))
    assert artifacts["index.html"]["locale"] is None and artifacts["index.html"]["kind"] == "html"
    for locale, tag in real_tags().items():
        assert artifacts[f"{tag}/china-central-asia-2025-{tag}.pdf"]["locale"] == locale
    assert any(path.endswith(".woff2") for path in artifacts)
    assert "assets/fonts/OFL.txt" in artifacts


def test_builds_are_reproducible(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766707200")
    first, second = tmp_path / "a", tmp_path / "b"
    build_with(mini, locales=["ru", "zh_Hans"], out_dir=first)
    build_with(mini, locales=["ru", "zh_Hans"], out_dir=second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_unchanged_files_are_not_rewritten(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out)
    again = build_with(mini, formats=["html"], out_dir=out)
    assert again.written == ()


def manifest_is_true(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["artifacts"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    return {entry["path"]: entry for entry in manifest["artifacts"]}


def test_a_broken_catalog_stops_only_its_own_edition_in_a_draft_which_removes_it_everywhere(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out, archive=True)
    assert (out / "zh-Hans" / "index.html").is_file() and (out / "archives" / "mini-zh-Hans.zip").is_file()
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("First paragraph.", "Changed."), encoding="utf-8")
    po = mini.bulletins[0].catalog_path("zh_Hans")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = build_with(mini, formats=["html"], out_dir=out, archive=True)
    (failure,) = result.failures
    assert isinstance(failure, CatalogError) and failure.path == "locales/zh_Hans/LC_MESSAGES/bulletin.po"
    assert "Changed." in (out / "ru" / "index.html").read_text(encoding="utf-8")  # the others moved on
    # the rule: an edition this build does not publish is gone everywhere, not orphaned
    assert not (out / "zh-Hans").exists() and not (out / "archives" / "mini-zh-Hans.zip").exists()
    artifacts = manifest_is_true(out)
    assert not [path for path, entry in artifacts.items() if "zh-Hans" in path or entry["locale"] == "zh_Hans"]
    for page in ("index.html", "ru/index.html", "en/index.html"):
        assert "zh-Hans" not in (out / page).read_text(encoding="utf-8"), page  # chooser, switchers, hreflang
    with zipfile.ZipFile(out / "archives" / "mini-all.zip") as archive:
        assert not [name for name in archive.namelist() if "zh-Hans" in name]
    po.write_text(po.read_text(encoding="utf-8").replace('\nmsgid "broken\n', ""), encoding="utf-8")
    again = build_with(mini, formats=["html"], out_dir=out, archive=True)  # fixed: it is back everywhere
    assert again.failures == () and (out / "zh-Hans" / "index.html").is_file()
    assert 'hreflang="zh-Hans"' in (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert "zh-Hans/index.html" in manifest_is_true(out)


def test_an_edition_no_longer_configured_is_removed_but_foreign_files_beside_it_stay(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out)
    (out / "kk" / "notes.txt").write_text("mine\n", encoding="utf-8")  # not silkpress's
    config = mini.root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(', "kk"', ""), encoding="utf-8")
    build_with(load_project(mini.root), formats=["html"], out_dir=out)
    assert sorted(p.name for p in (out / "kk").iterdir()) == ["notes.txt"]
    artifacts = manifest_is_true(out)
    assert not [path for path in artifacts if path.startswith("kk/")]


def test_a_release_with_any_error_changes_nothing(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, locales=["en"], formats=["html"], out_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("First paragraph.", "Changed."), encoding="utf-8")
    po = mini.bulletins[0].catalog_path("zh_Hans")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    with pytest.raises(SilkpressError):
        build_with(mini, locales=["en", "zh_Hans"], formats=["html"], out_dir=out, release=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(out.parent.rglob("*.tmp"))


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_safe_join_refuses_paths_outside(tmp_path, bad):
    with pytest.raises(OutputError):
        safe_join(tmp_path, bad)


def test_safe_join_accepts_nested(tmp_path):
    assert safe_join(tmp_path, "en/index.html") == tmp_path / "en" / "index.html"


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_source(project, old, new):
    project.sources[0].write_text(project.sources[0].read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.slow  # twenty builds
def test_a_full_disk_at_any_write_replaces_nothing_archives_included(mini, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out, archive=True)
    before = snapshot(out)
    edit_source(mini, "First paragraph.", "Changed.")  # every edition, the manifest and every archive change
    real = atomic._write_synced
    for fail_after in range(100):  # the disk fills up after 0, 1, 2 ... files: each try finds dist/ as it was
        calls = []

        def full_disk(data, folder, name, calls=calls, fail_after=fail_after):
            calls.append(name)
            if len(calls) > fail_after:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(data, folder, name)

        monkeypatch.setattr(atomic, "_write_synced", full_disk)
        try:
            build_with(mini, formats=["html"], out_dir=out, archive=True)
        except OutputError as error:
            assert "No space left on device" in str(error)
            assert snapshot(out) == before, fail_after
            assert not (tmp_path / ".silkpress" / "out" / "tmp").exists()
        else:
            break
    # 5 pages, 5 feeds, the status page (its percentages follow the current source), 6 archives,
    # the manifest, the journal, the interim manifest
    assert fail_after == 20
    assert "Changed." in (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert {path for path in manifest_is_true(out)} == {path for path in snapshot(out) if path != "manifest.json"}


@pytest.mark.parametrize("fail_after", [0, 2, 6, 11])
def test_a_failure_while_renaming_leaves_a_true_manifest_and_the_next_build_lists_everything(mini, tmp_path, monkeypatch, fail_after):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out, archive=True)
    edit_source(mini, "First paragraph.", "Changed.")
    real, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) > fail_after and str(target).startswith(str(out)):
            raise OSError(errno.EIO, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError):
        build_with(mini, formats=["html"], out_dir=out, archive=True)
    monkeypatch.undo()
    manifest_is_true(out)
    # a build of one edition: the files the failed build replaced are still known as silkpress's
    build_with(mini, locales=["en"], formats=["html"], out_dir=out, archive=True)
    assert set(manifest_is_true(out)) == {path for path in snapshot(out) if path != "manifest.json"}


def test_archives_and_the_manifest_hold_only_what_builds_wrote(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out, archive=True)
    foreign = {"private/config.php": b"<?php $password = 'secret';", "en/extra.html": b"<p>not ours</p>"}
    for relative, data in foreign.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(data)
    edit_source(mini, "First paragraph.", "Changed.")
    build_with(mini, formats=["html"], out_dir=out, archive=True)
    artifacts = manifest_is_true(out)
    assert not set(foreign) & set(artifacts)
    assert "en/index.html" in artifacts and "archives/mini-all.zip" in artifacts
    for archive in (out / "archives").iterdir():
        with zipfile.ZipFile(archive) as opened:
            assert not set(foreign) & set(opened.namelist()), archive.name
    assert all((out / relative).read_bytes() == data for relative, data in foreign.items())  # left alone


def test_an_output_folder_that_is_not_ours_is_refused_before_anything_is_written(mini, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match="neither empty nor a silkpress output") as caught:
        build_with(mini, formats=["html"], out_dir=docs)
    assert caught.value.path == str(docs)
    assert [p.name for p in docs.iterdir()] == ["notes.txt"] and not (tmp_path / ".silkpress").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    build_with(mini, formats=["html"], out_dir=empty)
    build_with(mini, formats=["html"], out_dir=empty)  # now a silkpress output
    (empty / "manifest.json").write_text("[]", encoding="utf-8")  # a manifest, but not ours
    with pytest.raises(OutputError, match="neither empty nor a silkpress output"):
        build_with(mini, formats=["html"], out_dir=empty)


@pytest.mark.parametrize(
    ("epoch", "published", "expected", "said"),
    [
        ("", dt.date(2025, 12, 26), (2025, 12, 26, 0, 0, 0), None),
        ("", dt.date(2108, 1, 1), (2107, 12, 31, 23, 59, 58), "the publication date (2108-01-01)"),
        ("", dt.date(1970, 6, 1), (1980, 1, 1, 0, 0, 0), "the publication date (1970-06-01)"),
        ("1766707201", dt.date(2000, 1, 1), (2025, 12, 26, 0, 0, 0), None),
        ("-86400", dt.date(2025, 1, 1), (1980, 1, 1, 0, 0, 0), "SOURCE_DATE_EPOCH (1969-12-31)"),
        ("4354819200", dt.date(2025, 1, 1), (2107, 12, 31, 23, 59, 58), "SOURCE_DATE_EPOCH (2108-01-01)"),
    ],
)
def test_zip_dates_are_clamped_to_what_zip_can_store_and_said_so(monkeypatch, epoch, published, expected, said):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    lines = []
    assert zip_time(published, lines.append) == expected
    assert (said is None) == (lines == []) and all(said in line and "1980 to 2107" in line for line in lines)
    make_zip({"a": b"x"}, ["a"], expected)  # ZIP takes it


@pytest.mark.parametrize("epoch", ["yesterday", "1.5", "99999999999999", "9" * 30, "-99999999999999"])
def test_an_unusable_source_date_epoch_is_refused_by_name(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(ConfigError) as caught:
        zip_time(dt.date(2025, 1, 1), print)
    assert str(caught.value).startswith("SOURCE_DATE_EPOCH: ")


def test_an_output_folder_with_only_an_empty_placeholder_is_ours_to_use(mini, tmp_path):
    """A fresh clone's dist/ holds .gitkeep: make build must work there."""
    out = tmp_path / "dist"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    assert build_with(mini, formats=["html"], out_dir=out).failures == ()
    assert (out / ".gitkeep").exists() and (out / "manifest.json").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitkeep").write_text("not empty: someone's file\n", encoding="utf-8")
    with pytest.raises(OutputError, match="neither empty nor a silkpress output"):
        build_with(mini, formats=["html"], out_dir=other)


def test_the_repository_builds_into_its_own_dist(tmp_path):
    """What `make build` does on a fresh clone: build into the repository's dist/, which holds .gitkeep."""
    import shutil

    from .helpers import REPO, run

    root = tmp_path / "clone"
    root.mkdir()
    for name in ("source", "locales", "templates", "dist"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    for built in (root / "dist").iterdir():  # a clone has only what git tracks there
        if built.name != ".gitkeep":
            shutil.rmtree(built) if built.is_dir() else built.unlink()
    result = run(root, "build", "--edition-format", "html")
    assert result.exit_code == 0, result.output
    assert (root / "dist" / "index.html").is_file() and (root / "dist" / ".gitkeep").is_file()
